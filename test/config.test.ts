import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, DEFAULT_CONFIG, isPrime, LIVE_KEYS, type LiveKey, SCHEMA } from '../src/config/schema';
import { checkConfig, parseValue, validateConfig } from '../src/config/validate';
import { configToQuery, parseShareLink, sweepToQuery } from '../src/config/url';
import { EVERY_KEY_CHANGED, PAPER_SETUP } from './fixtures';

describe('schema', () => {
  it("defaults to the Grokfast paper's EMA run, the setup docs/REFERENCE.md cites", () => {
    expect(DEFAULT_CONFIG).toMatchObject({ ...PAPER_SETUP, filter: 'ema', alpha: 0.98, lambda: 2, wd: 0.005 });
  });

  it('lets the optimizer rate and decay and the Grokfast settings change live, nothing that reshapes the run', () => {
    const live: LiveKey[] = ['lr', 'wd', 'filter', 'alpha', 'lambda', 'window'];
    // LiveKey is derived from the schema's live flags: a key that defines the run is not one.
    // @ts-expect-error p is not live
    const notLive: LiveKey = 'p';
    expect(LIVE_KEYS).not.toContain(notLive);
    expect([...LIVE_KEYS].sort()).toEqual([...live].sort());
    for (const key of CONFIG_KEYS) {
      if (SCHEMA[key].group === 'Task' || SCHEMA[key].group === 'Model') expect(SCHEMA[key].live, key).toBe(false);
    }
  });

  it('defaults are valid', () => {
    expect(validateConfig({ ...DEFAULT_CONFIG })).toEqual([]);
  });

  it('every key has a label and a one-line help', () => {
    for (const key of CONFIG_KEYS) {
      expect(SCHEMA[key].label.length).toBeGreaterThan(0);
      expect(SCHEMA[key].help).not.toContain('\n');
    }
  });

  it('knows primes', () => {
    const primes = [
      2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107,
      109, 113,
    ];
    for (let n = 0; n <= 113; n++) expect(isPrime(n)).toBe(primes.includes(n));
  });
});

describe('parseValue', () => {
  it('accepts valid strings and numbers', () => {
    expect(parseValue('lr', '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseValue('lr', 0.01)).toEqual({ ok: true, value: 0.01 });
    expect(parseValue('p', ' 113 ')).toEqual({ ok: true, value: 113 });
    expect(parseValue('op', 'x2xyy2')).toEqual({ ok: true, value: 'x2xyy2' });
    expect(parseValue('wd', '0')).toEqual({ ok: true, value: 0 });
    expect(parseValue('batch', '0')).toEqual({ ok: true, value: 0 });
  });

  const rejects: Array<[Parameters<typeof parseValue>[0], unknown, string]> = [
    ['p', '100', 'p: "100" is not valid; expected a prime from 3 to 113'],
    ['p', '2', 'p: "2" is out of range; expected a prime from 3 to 113'],
    ['p', '127', 'p: "127" is out of range; expected a prime from 3 to 113'],
    ['layers', '2.5', 'layers: "2.5" is not an integer; expected an integer from 1 to 4'],
    ['lr', 'abc', 'lr: "abc" is not a number; expected a number from 0.00001 to 0.1'],
    ['lr', '', 'lr: "" is not a number; expected a number from 0.00001 to 0.1'],
    ['lr', 'Infinity', 'lr: "Infinity" is not a number; expected a number from 0.00001 to 0.1'],
    ['lr', NaN, 'lr: NaN is not a number; expected a number from 0.00001 to 0.1'],
    ['frac', '0.99', 'frac: "0.99" is out of range; expected a number from 0.05 to 0.95'],
    [
      'op',
      'pow',
      'op: "pow" is not valid; expected one of add, sub, mul, div, divsub, x2y2, x2xyy2, x2xyy2x, x3xy, x3xy2y, s5, s5conj, s5aba',
    ],
    [
      'op',
      3,
      'op: 3 is not a name; expected one of add, sub, mul, div, divsub, x2y2, x2xyy2, x2xyy2x, x3xy, x3xy2y, s5, s5conj, s5aba',
    ],
    ['filter', 'EMA', 'filter: "EMA" is not valid; expected one of none, ema, ma'],
    ['alpha', '1', 'alpha: "1" is out of range; expected a number from 0 to 0.9999'],
    ['lambda', '-1', 'lambda: "-1" is out of range; expected a number from 0 to 20'],
    ['window', '0', 'window: "0" is out of range; expected an integer from 1 to 1000'],
    ['seed', '-1', 'seed: "-1" is out of range; expected an integer from 0 to 2147483647'],
    ['steps', '0', 'steps: "0" is out of range; expected an integer from 1 to 10000000'],
    ['eval', '10001', 'eval: "10001" is out of range; expected an integer from 1 to 10000'],
    ['dim', '8', 'dim: "8" is out of range; expected an integer from 16 to 256'],
    ['heads', '9', 'heads: "9" is out of range; expected an integer from 1 to 8'],
    ['opt', 'sgd', 'opt: "sgd" is not valid; expected one of adam, adamw'],
    ['beta1', '1', 'beta1: "1" is out of range; expected a number from 0 to 0.999'],
    ['beta2', '1', 'beta2: "1" is out of range; expected a number from 0 to 0.9999'],
    ['wd', '11', 'wd: "11" is out of range; expected a number from 0 to 10'],
    ['warmup', '-5', 'warmup: "-5" is out of range; expected an integer from 0 to 100000'],
  ];
  it.each(rejects)('rejects %s = %j with a message naming key, value and what is valid', (key, raw, message) => {
    expect(parseValue(key, raw)).toEqual({ ok: false, message });
  });
});

describe('checkConfig', () => {
  it('keeps defaults for bad keys, loads the rest and reports unknown keys', () => {
    const r = checkConfig({ p: '100', op: 'add', lr: 'fast', zz: '1' });
    expect(r.config).toEqual({ ...DEFAULT_CONFIG, op: 'add' });
    expect(r.errors.map((e) => e.key)).toEqual(['p', 'lr']);
    expect(r.unknown).toEqual(['zz']);
  });

  it('blames dim when it is not divisible by heads', () => {
    const r = checkConfig({ dim: '130' });
    expect(r.config.dim).toBe(128);
    expect(r.errors).toEqual([
      {
        key: 'dim',
        value: '130',
        message: 'dim: 130 is not divisible by heads (4); expected a width from 16 to 256 divisible by heads',
      },
    ]);
  });

  it('blames heads when the default dim cannot be split into that many heads', () => {
    const r = checkConfig({ heads: '3' });
    expect(r.config.heads).toBe(4);
    expect(r.errors[0]?.message).toBe(
      'heads: 3 does not divide dim (128); expected a head count from 1 to 8 that divides dim',
    );
  });

  it('accepts dim and heads that fit together', () => {
    const r = checkConfig({ dim: '48', heads: '3' });
    expect(r.errors).toEqual([]);
    expect(r.config).toMatchObject({ dim: 48, heads: 3 });
  });

  it('rejects a fraction that leaves a set empty', () => {
    const r = checkConfig({ p: '3', op: 'div', frac: '0.95' });
    expect(r.config).toMatchObject({ p: 3, op: 'div', frac: 0.5 });
    expect(r.errors[0]?.message).toMatch(/^frac: 0.95 gives 6 of 6 equations for training with div \(a · b⁻¹ mod 3\)/);
    expect(checkConfig({ p: '3', frac: '0.05' }).errors[0]?.key).toBe('frac');
  });

  it('always returns a valid config', () => {
    const nasty = [
      { dim: '17', heads: '8' },
      { heads: '7', p: '4' },
      { frac: '0.05', p: '3', dim: 'x' },
    ];
    for (const input of nasty) expect(validateConfig({ ...checkConfig(input).config })).toEqual([]);
  });
});

describe('validateConfig', () => {
  it('names missing and unknown keys', () => {
    const { p: _p, ...rest } = DEFAULT_CONFIG;
    const issues = validateConfig({ ...rest, extra: 1 });
    expect(issues.map((i) => i.message)).toEqual(['p: missing; expected a prime from 3 to 113', 'extra: unknown key']);
  });
});

describe('share link', () => {
  it('holds only non-default keys, in schema order', () => {
    expect(configToQuery({ ...DEFAULT_CONFIG, filter: 'none', p: 113, lr: 1e-5 })).toBe('p=113&lr=0.00001&filter=none');
  });

  it('names a setting even when every value is a default: a bare address is the small preset', () => {
    expect(configToQuery(DEFAULT_CONFIG)).toBe('p=97');
    expect(configToQuery(DEFAULT_CONFIG, { autoplay: true })).toBe('p=97&autoplay=1');
    const back = parseShareLink(`?${configToQuery(DEFAULT_CONFIG)}`);
    expect(back.named).toBe(true);
    expect(back.config).toEqual(DEFAULT_CONFIG);
    // Any config key names the experiment, default value or not; UI keys, the backend and unknown keys do not.
    expect(parseShareLink('?steps=100000').named).toBe(true);
    expect(parseShareLink('?p=abc').named).toBe(true);
    for (const link of ['', '?present=1', '?backend=wasm', '?foo=1', '?backend=tpu'])
      expect(parseShareLink(link).named, link).toBe(false);
  });

  it('round-trips a non-default value of every key', () => {
    const changed = EVERY_KEY_CHANGED;
    for (const key of CONFIG_KEYS) {
      const config = { ...DEFAULT_CONFIG, [key]: changed[key] };
      if (key === 'dim') config.heads = 3;
      if (key === 'heads') config.dim = 48;
      const back = parseShareLink(`https://lab.example/?${configToQuery(config)}`);
      expect(back.errors).toEqual([]);
      expect(back.config).toEqual(config);
    }
    const all = { ...DEFAULT_CONFIG, ...changed };
    expect(parseShareLink(`?${configToQuery(all, { present: true, race: true })}`)).toEqual({
      config: all,
      ui: { autoplay: false, present: true, race: true },
      backend: 'auto',
      errors: [],
      unknown: [],
      named: true,
      sweep: null,
    });
  });

  it('carries a sweep (its grid and stop) on top of the base config, and names a bad stop', () => {
    const base = { ...DEFAULT_CONFIG, op: 'add' as const, p: 23 };
    const query = sweepToQuery(base, { grid: 'wd=0,0.01 seed=0,1', stopAfterGrok: 200 });
    expect(query).toBe('op=add&p=23&sweep=wd%3D0%2C0.01+seed%3D0%2C1&sweepStop=200');
    const back = parseShareLink(`?${query}`);
    expect(back.config).toEqual(base);
    expect(back.sweep).toEqual({ grid: 'wd=0,0.01 seed=0,1', stopAfterGrok: 200 });
    expect(back.errors).toEqual([]);
    const bad = parseShareLink('?p=23&sweep=wd%3D0&sweepStop=soon');
    expect(bad.sweep).toEqual({ grid: 'wd=0', stopAfterGrok: null });
    expect(bad.errors.map((e) => e.message)).toEqual([
      'sweepStop: "soon" is not valid; expected a whole number of steps, 0 or more',
    ]);
  });

  it('carries a pinned backend, and names a bad one', () => {
    expect(configToQuery(DEFAULT_CONFIG, {}, 'auto')).toBe('p=97');
    expect(configToQuery({ ...DEFAULT_CONFIG, p: 23 }, {}, 'wasm')).toBe('p=23&backend=wasm');
    expect(parseShareLink('?p=23&backend=webgpu').backend).toBe('webgpu');
    const bad = parseShareLink('?p=23&backend=tpu');
    expect(bad.backend).toBe('auto');
    expect(bad.config.p).toBe(23);
    expect(bad.errors).toEqual([
      {
        key: 'backend',
        value: '"tpu"',
        message: 'backend: "tpu" is not valid; expected one of auto, webgpu, webgl, wasm, cpu',
      },
    ]);
  });

  it('reports bad and unknown keys and loads the rest', () => {
    const s = parseShareLink('http://127.0.0.1/?op=add&p=100&autoplay=yes&foo=1#x');
    expect(s.config).toEqual({ ...DEFAULT_CONFIG, op: 'add' });
    expect(s.errors.map((e) => e.key)).toEqual(['p', 'autoplay']);
    expect(s.unknown).toEqual(['foo']);
  });

  it('keeps a link made before the bzero and firstlr keys meaning what it meant, and writes neither for it', () => {
    // The paper-ema preset's link before issue 26: the whole table, the lab's warmup, the standard block.
    const before = parseShareLink('?steps=50000');
    expect(before.errors).toEqual([]);
    expect(before.config).toMatchObject({ bzero: 'include', firstlr: 'warmup', block: 'standard', steps: 50000 });
    expect(configToQuery(before.config)).toBe('steps=50000');
    const code = parseShareLink('?bzero=exclude&firstlr=zero');
    expect(code.config).toMatchObject({ bzero: 'exclude', firstlr: 'zero' });
    expect(parseShareLink('?bzero=no').errors.map((e) => e.message)).toEqual([
      'bzero: "no" is not valid; expected one of include, exclude',
    ]);
  });

  it('keeps a link made before the GPT-2 keys (tie, init, dropout, decay) meaning what it meant, and writes none for it', () => {
    const before = parseShareLink('?opt=adamw&wd=1&warmup=2000');
    expect(before.errors).toEqual([]);
    expect(before.config).toMatchObject({ tie: 'untied', init: 'pytorch', dropout: 0, decay: 'all' });
    expect(configToQuery(before.config)).toBe('opt=adamw&wd=1&warmup=2000');
    const gpt2 = parseShareLink('?tie=tied&init=gpt2&dropout=0.1&decay=matrices');
    expect(gpt2.errors).toEqual([]);
    expect(gpt2.config).toMatchObject({ tie: 'tied', init: 'gpt2', dropout: 0.1, decay: 'matrices' });
    expect(configToQuery(gpt2.config)).toBe('tie=tied&init=gpt2&dropout=0.1&decay=matrices');
    expect(parseShareLink('?dropout=1&tie=yes&init=xavier&decay=none').errors.map((e) => e.message)).toEqual([
      'dropout: "1" is out of range; expected a number from 0 to 0.9',
      'tie: "yes" is not valid; expected one of untied, tied',
      'init: "xavier" is not valid; expected one of pytorch, gpt2',
      'decay: "none" is not valid; expected one of all, matrices',
    ]);
  });

  it('accepts a bare query', () => {
    expect(parseShareLink('p=31&op=sub').config).toMatchObject({ p: 31, op: 'sub' });
    expect(parseShareLink('').config).toEqual(DEFAULT_CONFIG);
  });
});

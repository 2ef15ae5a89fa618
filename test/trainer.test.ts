import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/config/schema';
import { Adam } from '../src/engine/optimizer';
import { ConfigError, type MetricRecord, milestones, Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { TINY_CONFIG } from './fixtures';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

const TINY: Config = { ...TINY_CONFIG, filter: 'ema' };

async function runAll(config: Config): Promise<Trainer> {
  const t = new Trainer(config);
  while (!t.outcome) await t.advance(25);
  return t;
}

const withoutTime = (rs: MetricRecord[]) => rs.map(({ ms: _ms, ...r }) => r);

/** Every parameter, flat, after `steps` training steps of a fresh run (no evaluation). */
async function paramsAfter(config: Config, steps: number): Promise<Float32Array> {
  const t = new Trainer({ ...config, eval: 10000, steps: 10000 });
  for (let i = 0; i < steps; i++) t.stepOnce();
  const parts = await Promise.all(t.model.params.map((p) => p.data() as Promise<Float32Array>));
  t.dispose();
  const flat = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    flat.set(p, at);
    at += p.length;
  }
  return flat;
}

const norm = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));
const minus = (a: Float32Array, b: Float32Array) => a.map((v, i) => v - (b[i] as number));

describe('Trainer', () => {
  it('rejects an invalid config with the messages of the schema', () => {
    expect(() => new Trainer({ ...TINY, p: 12 })).toThrow(ConfigError);
    expect(() => new Trainer({ ...TINY, p: 12 })).toThrow('p: 12 is not valid; expected a prime from 3 to 113');
  });

  it('evaluates every `eval` steps and at the budget, then finishes', async () => {
    const t = await runAll({ ...TINY, steps: 35 });
    expect(t.records.map((r) => r.step)).toEqual([10, 20, 30, 35]);
    expect(t.outcome).toEqual({ kind: 'finished', step: 35 });
    expect(t.events.at(-1)).toEqual({ type: 'finished', step: 35 });
    for (const r of t.records) {
      const { keyFrequencies, ...numbers } = r; // the progress measures' key frequencies are a list
      for (const v of Object.values(numbers)) expect(Number.isFinite(v)).toBe(true);
      for (const k of keyFrequencies ?? []) expect(Number.isInteger(k)).toBe(true);
      expect(r.trainAcc).toBeGreaterThanOrEqual(0);
      expect(r.valAcc).toBeLessThanOrEqual(1);
      expect(r.weightNorm).toBeGreaterThan(0);
      expect(r.gradNorm).toBeGreaterThan(0);
    }
    expect(t.records.map((r) => r.ms)).toEqual([...t.records.map((r) => r.ms)].sort((a, b) => a - b));
    t.dispose();
  });

  it('is deterministic: one config run twice gives identical metrics', async () => {
    for (const filter of ['none', 'ema', 'ma'] as const) {
      const a = await runAll({ ...TINY, filter, window: 5 });
      const b = await runAll({ ...TINY, filter, window: 5 });
      expect(withoutTime(a.records)).toEqual(withoutTime(b.records));
      a.dispose();
      b.dispose();
    }
  });

  it('two runs trained in alternation (a race) each give the metrics they give alone', async () => {
    const alone = await runAll(TINY);
    const baselineAlone = await runAll({ ...TINY, filter: 'none' });
    const a = new Trainer(TINY);
    const b = new Trainer({ ...TINY, filter: 'none' });
    while (!a.outcome || !b.outcome) {
      await a.advance(7);
      await b.advance(7);
    }
    expect(withoutTime(a.records)).toEqual(withoutTime(alone.records));
    expect(withoutTime(b.records)).toEqual(withoutTime(baselineAlone.records));
    expect(withoutTime(a.records)).not.toEqual(withoutTime(b.records));
    for (const t of [alone, baselineAlone, a, b]) t.dispose();
  });

  it('gives the same metrics however the steps are chunked', async () => {
    const a = new Trainer(TINY);
    while (!a.outcome) await a.advance(1);
    const b = new Trainer(TINY);
    await b.advance(1000);
    expect(withoutTime(a.records)).toEqual(withoutTime(b.records));
    a.dispose();
    b.dispose();
  });

  it('trains the same however often it evaluates: evaluations only read the model', async () => {
    const often = await runAll({ ...TINY, eval: 5 });
    const rarely = await runAll({ ...TINY, eval: 10 });
    // The training metrics (the progress measures come at their own cadence, with the evaluations).
    const atTens = (t: Trainer) =>
      t.records
        .filter((r) => r.step % 10 === 0)
        .map(({ step, trainLoss, trainAcc, valLoss, valAcc, weightNorm, gradNorm }) => {
          return { step, trainLoss, trainAcc, valLoss, valAcc, weightNorm, gradNorm };
        });
    expect(atTens(rarely).length).toBeGreaterThan(0);
    expect(atTens(often)).toEqual(atTens(rarely));
    often.dispose();
    rarely.dispose();
  });

  it('changes with the seed', async () => {
    const a = await runAll(TINY);
    const b = await runAll({ ...TINY, seed: 1 });
    expect(withoutTime(a.records)).not.toEqual(withoutTime(b.records));
    a.dispose();
    b.dispose();
  });

  it('does not leak tensors: the count is flat from step to step and back to zero after dispose', async () => {
    const before = tf.memory().numTensors;
    const t = new Trainer({ ...TINY, filter: 'ma', window: 4, steps: 200, eval: 7 });
    await t.advance(20);
    const during = tf.memory().numTensors;
    for (let i = 0; i < 6; i++) {
      await t.advance(17);
      expect(tf.memory().numTensors).toBe(during);
    }
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies live changes from the next step, records them, and keeps the state', async () => {
    const t = new Trainer({ ...TINY, steps: 60 });
    await t.advance(20);
    expect(t.setLive('lambda', '5')).toBeNull();
    expect(t.setLive('alpha', 0.9)).toBeNull();
    expect(t.setLive('lr', 0.001)).toBeNull();
    expect(t.setLive('lr', 0.001)).toBeNull(); // unchanged: not recorded twice
    expect(t.setLive('alpha', 2)?.message).toBe('alpha: 2 is out of range; expected a number from 0 to 0.9999');
    expect(t.setLive('p' as never, 5)?.message).toMatch(/^p: /);
    expect(t.config).toMatchObject({ lambda: 5, alpha: 0.9, lr: 0.001 });
    await t.advance(10);
    expect(t.setLive('filter', 'ma')).toBeNull();
    await t.advance(30);
    expect(t.events.filter((e) => e.type === 'change')).toEqual([
      { type: 'change', step: 20, key: 'lambda', from: 2, to: 5 },
      { type: 'change', step: 20, key: 'alpha', from: 0.98, to: 0.9 },
      { type: 'change', step: 20, key: 'lr', from: 0.003, to: 0.001 },
      { type: 'change', step: 30, key: 'filter', from: 'ema', to: 'ma' },
    ]);
    expect(t.outcome?.kind).toBe('finished');

    // The same run without the changes is identical up to step 20 and differs after it: the changes
    // took effect from the next step, not before.
    const u = new Trainer({ ...TINY, steps: 60 });
    await u.advance(60);
    expect(withoutTime(u.records).slice(0, 2)).toEqual(withoutTime(t.records).slice(0, 2));
    expect(withoutTime(u.records)[2]).not.toEqual(withoutTime(t.records)[2]);
    t.dispose();
    u.dispose();
  });

  it('warms the learning rate up linearly: the first Adam step moves the weights warmup times less', async () => {
    const plain = { ...TINY, filter: 'none' as const, wd: 0 };
    const start = await paramsAfter(plain, 0);
    const full = norm(minus(await paramsAfter({ ...plain, warmup: 0 }, 1), start));
    const warm = norm(minus(await paramsAfter({ ...plain, warmup: 10 }, 1), start));
    expect(full).toBeGreaterThan(0);
    // Adam's first step moves each weight by about lr whatever its gradient, so the ratio is the rate's.
    expect(warm / full).toBeCloseTo(0.1, 2);
  });

  it("with firstlr zero, as the Grokfast code's LambdaLR, leaves the weights where they were on step 1 and moves them on step 2", async () => {
    const code = { ...TINY, filter: 'none' as const, wd: 0.01, firstlr: 'zero' as const };
    const start = await paramsAfter(code, 0);
    expect(Array.from(await paramsAfter(code, 1))).toEqual(Array.from(start));
    expect(norm(minus(await paramsAfter(code, 2), start))).toBeGreaterThan(0);
    // The lab's schedule (the default) moves them on step 1 already.
    expect(norm(minus(await paramsAfter({ ...code, firstlr: 'warmup' }, 1), start))).toBeGreaterThan(0);
  });

  it('AdamW decays the weights apart from the gradient step: wd·lr·θ, whatever Adam does', async () => {
    const adamw = { ...TINY, opt: 'adamw' as const, filter: 'none' as const, warmup: 0, lr: 0.003 };
    const start = await paramsAfter(adamw, 0);
    const noDecay = await paramsAfter({ ...adamw, wd: 0 }, 1);
    const decay = await paramsAfter({ ...adamw, wd: 1 }, 1);
    const expected = start.map((v) => -adamw.lr * 1 * v);
    const got = minus(decay, noDecay);
    expect(norm(minus(got, expected)) / norm(expected)).toBeLessThan(0.01);
    // Adam's coupled L2 decay (opt adam) goes through the gradient's normalisation instead: not that.
    const adam = { ...adamw, opt: 'adam' as const };
    const coupled = minus(await paramsAfter({ ...adam, wd: 1 }, 1), await paramsAfter({ ...adam, wd: 0 }, 1));
    expect(norm(minus(coupled, expected)) / norm(expected)).toBeGreaterThan(0.1);
  });

  it.each(['adam', 'adamw'] as const)(
    'with decay=matrices (%s), weight decay leaves biases and LayerNorm parameters alone and decays the rest',
    async (opt) => {
      const base = { ...TINY, opt, filter: 'none' as const, warmup: 0, decay: 'matrices' as const };
      const names = new Trainer(base);
      const exempt = names.model.names.map((n) => /(^|\.)ln|\.b(qkv|o|1|2)$/.test(n));
      const sizes = names.model.params.map((p) => p.size);
      names.dispose();
      // One step: after it the decayed weights differ, and so would every later gradient.
      const noDecay = await paramsAfter({ ...base, wd: 0 }, 1);
      const decay = await paramsAfter({ ...base, wd: 1 }, 1);
      const every = await paramsAfter({ ...base, wd: 1, decay: 'all' }, 1);
      const start = await paramsAfter(base, 0);
      let at = 0;
      sizes.forEach((size, i) => {
        const part = (x: Float32Array) => Array.from(x.subarray(at, at + size));
        if (exempt[i]) expect(part(decay), String(i)).toEqual(part(noDecay));
        else expect(part(decay), String(i)).not.toEqual(part(noDecay));
        // decay=all decays them too (the default, as before the key), where they are not 0.
        if (part(start).some((v) => v !== 0)) expect(part(every), String(i)).not.toEqual(part(noDecay));
        at += size;
      });
      expect(exempt.filter(Boolean).length).toBe(10); // 1 block: ln1 g, b, bqkv, bo, ln2 g, b, b1, b2; lnF g, b
    },
  );

  it('with dropout, training is deterministic, chunking-independent and not the run without it', async () => {
    const dropped = { ...TINY, dropout: 0.2 };
    const a = await runAll(dropped);
    const b = new Trainer(dropped);
    while (!b.outcome) await b.advance(3);
    const none = await runAll(TINY);
    expect(withoutTime(b.records)).toEqual(withoutTime(a.records));
    expect(withoutTime(a.records)).not.toEqual(withoutTime(none.records));
    for (const t of [a, b, none]) t.dispose();
  });

  it('dropout is training only: a step of learning rate 0 leaves every evaluated number and view as without it', async () => {
    // firstlr zero: step 1 has learning rate 0, so both runs evaluate the same weights at step 1.
    const start = { ...TINY, firstlr: 'zero' as const, eval: 1, steps: 1 };
    const [a, b] = [new Trainer(start), new Trainer({ ...start, dropout: 0.5 })];
    for (const t of [a, b]) await t.advance(1);
    const evaluated = (t: Trainer) => withoutTime(t.records).map(({ gradNorm: _g, ...r }) => r);
    expect(evaluated(b)).toEqual(evaluated(a));
    // The gradient was taken with dropout: that, and only that, differs.
    expect(b.records[0]?.gradNorm).not.toBe(a.records[0]?.gradNorm);
    expect(await b.inside({ a: 3, b: 4 })).toEqual(await a.inside({ a: 3, b: 4 }));
    a.dispose();
    b.dispose();
  });

  it('tied embeddings and GPT-2 initial weights train, and change the run', async () => {
    const tied = await runAll({ ...TINY, tie: 'tied', init: 'gpt2' });
    const untied = await runAll(TINY);
    expect(tied.model.names).not.toContain('head');
    expect(tied.outcome?.kind).toBe('finished');
    expect(withoutTime(tied.records)).not.toEqual(withoutTime(untied.records));
    tied.dispose();
    untied.dispose();
  });

  it('does not leak tensors with dropout and decay=matrices', async () => {
    const before = tf.memory().numTensors;
    const t = new Trainer({ ...TINY, dropout: 0.1, decay: 'matrices', tie: 'tied', steps: 100, eval: 7 });
    await t.advance(20);
    const during = tf.memory().numTensors;
    await t.advance(17);
    expect(tf.memory().numTensors).toBe(during);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('clips the gradient the optimizer gets, after the Grokfast filter, to the norm `clip`', async () => {
    // The filtered gradient g + λ·ĝ is larger than g: clipping before the filter would leave the
    // optimizer more than `clip`.
    const clip = 0.05;
    const t = new Trainer({ ...TINY, lambda: 5, clip, steps: 6, eval: 3 });
    const norms: tf.Tensor[] = [];
    const original = Object.getOwnPropertyDescriptor(Adam.prototype, 'update')?.value as (
      this: Adam,
      ...args: Parameters<Adam['update']>
    ) => tf.Tensor1D;
    const spy = vi.spyOn(Adam.prototype, 'update').mockImplementation(function (this: Adam, theta, g, ...rest) {
      norms.push(tf.keep(g.norm()));
      return original.call(this, theta, g, ...rest);
    });
    try {
      await t.advance(6);
    } finally {
      spy.mockRestore();
    }
    expect(norms).toHaveLength(6);
    for (const n of norms) expect((await n.data())[0]).toBeLessThanOrEqual(clip * (1 + 1e-5));
    tf.dispose(norms);
    for (const r of t.records) expect(r.gradNorm).toBeGreaterThan(clip);
    t.dispose();
  });

  it('with clipping above every norm trains bit for bit as without; a tight one changes the run', async () => {
    const off = await runAll(TINY);
    const loose = await runAll({ ...TINY, clip: 100 });
    const tight = await runAll({ ...TINY, clip: 0.01 });
    expect(Math.max(...off.records.map((r) => r.gradNorm))).toBeLessThan(100);
    expect(withoutTime(loose.records)).toEqual(withoutTime(off.records));
    expect(withoutTime(tight.records)).not.toEqual(withoutTime(off.records));
    for (const t of [off, loose, tight]) t.dispose();
  });

  it('trains full batch with batch = 0 and with a batch larger than the training set', async () => {
    const a = await runAll({ ...TINY, batch: 0 });
    const b = await runAll({ ...TINY, batch: 100000 });
    expect(a.batchSize).toBe(a.task.train.count);
    expect(withoutTime(a.records)).toEqual(withoutTime(b.records));
    a.dispose();
    b.dispose();
  });

  it('memorises a tiny training set: 100% training accuracy', async () => {
    const t = await runAll({
      ...TINY,
      p: 7,
      dim: 32,
      heads: 4,
      batch: 0,
      lr: 0.003,
      wd: 0,
      filter: 'none',
      steps: 300,
      eval: 10,
    });
    expect(t.records.at(-1)?.trainAcc).toBe(1);
    expect(milestones(t.events).memorised).toBeGreaterThan(0);
    t.dispose();
  });

  it('stops as "diverged at step N" when a weight goes non-finite, keeping the clean metrics before it', async () => {
    const t = new Trainer({ ...TINY, steps: 100 });
    await t.advance(23);
    const clean = withoutTime(t.records);
    expect(clean.map((r) => r.step)).toEqual([10, 20]);
    // Simulate a blow-up: one embedding weight becomes infinite after step 23.
    const emb = t.model.params[0] as tf.Variable;
    const values = Float32Array.from(await emb.data());
    values[0] = Infinity;
    emb.assign(tf.tensor(values, emb.shape));
    await t.advance(50);
    expect(t.outcome).toEqual({ kind: 'diverged', step: 24 });
    expect(t.events.at(-1)).toEqual({ type: 'diverged', step: 24 });
    expect(withoutTime(t.records)).toEqual(clean);
    expect(t.step).toBeLessThan(24 + 32);
    await t.advance(10);
    expect(t.step).toBeLessThan(24 + 32); // stays stopped
    t.dispose();
  });
});

// The checks of what the lab imports (issue 29): run files and sweep summaries are checked field by
// field against their declared shapes, the first wrong field named; what the lab itself writes (and
// wrote in earlier versions) always reads back; no file makes a check throw.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { DEFAULT_CONFIG } from '../src/config/schema';
import { brief, checkShape, int, list, object } from '../src/config/shape';
import { sparsity } from '../src/engine/inside/fourier';
import { parseRunFile, type RunData, toRunFile } from '../src/runs/run-file';
import { parseSummary } from '../src/sweep/summary';
import { metricRecord } from './fixtures';

const RUN: RunData = {
  name: 'imported',
  config: SMALL_GROKKING_CONFIG,
  records: [metricRecord(50), metricRecord(100, { trainAcc: 1 })],
  events: [{ type: 'memorised', step: 100 }],
  backend: 'wasm',
};
/** JSON text, with each `nested(n)` written out as n lists inside one another (too deep for JSON.stringify). */
const json = (x: unknown) =>
  JSON.stringify(x).replace(/"@@deep (\d+)@@"/g, (_, n: string) => `${'['.repeat(Number(n))}1${']'.repeat(Number(n))}`);
const nested = (levels: number) => `@@deep ${levels}@@`;
const file = (change: Record<string, unknown> = {}) => json({ ...toRunFile(RUN), ...change });
const refusal = (text: string) => {
  const parsed = parseRunFile(text);
  return parsed.ok ? 'accepted' : parsed.message;
};

describe('the shape checker', () => {
  it('names the first wrong field by its path, and clamps float excess within 1e-9', () => {
    const shape = object({ points: list(object({ step: int(0, 10) })) });
    expect(checkShape(shape, { points: [{ step: 1 }, { step: '2' }] })).toEqual({
      ok: false,
      message: 'points[1].step: "2" is not a whole number from 0 to 10',
    });
    expect(checkShape(shape, { points: [{}] })).toEqual({
      ok: false,
      message: 'points[0].step: missing; expected a whole number from 0 to 10',
    });
    expect(checkShape(object({ v: { kind: 'number', min: 0, max: 1 } }), { v: 1.0000000000000002 })).toEqual({
      ok: true,
      value: { v: 1 },
    });
    expect(checkShape(object({ v: { kind: 'number', min: 0, max: 1 } }), { v: 1.001 }).ok).toBe(false);
  });

  it('describes a value nested 100,000 deep without walking into it', () => {
    const deep: unknown = JSON.parse(json(nested(100_000)));
    expect(brief(deep)).toBe('a list (of 1)');
    expect(checkShape(list(int(0, 1)), deep)).toEqual({
      ok: false,
      message: '[0]: a list (of 1) is not a whole number from 0 to 1',
    });
  });
});

describe('run file import', () => {
  it('reads back a sparsity just over 1, as every exported run had (1.0000000000000002), as 1', () => {
    const parsed = parseRunFile(
      file({
        sparsity: [
          { step: 50, value: 0.5 },
          { step: 60, value: 1.0000000000000002 },
        ],
      }),
    );
    expect(parsed.ok && parsed.run.sparsity).toEqual([
      { step: 50, value: 0.5 },
      { step: 60, value: 1 },
    ]);
  });

  it('computes the sparsity of a spectrum held by 5 frequencies or fewer as at most 1', () => {
    // Summed in sorted order these energies come to more than their total in index order.
    const spectra = [
      [0, 0.1, 0.7, 0.3, 0.2, 0.9],
      [1, 0.3, 0.1, 0.2],
      [0, 1e-3, 0.77, 0.11, 0.99, 0.123],
    ];
    let over = 0;
    for (let seed = 1; seed < 2000; seed++) {
      const s = Array.from({ length: 6 }, (_, k) => ((seed * 7919 * (k + 3)) % 1009) / 1009);
      spectra.push(s);
    }
    for (const s of spectra) {
      const v = sparsity(s);
      expect(v).toBeLessThanOrEqual(1);
      const energies = s.slice(1).map((n) => n * n);
      const total = energies.reduce((a, e) => a + e, 0);
      const top = [...energies].sort((x, y) => y - x).reduce((a, e) => a + e, 0);
      if (top / total > 1) over++;
    }
    // The case the clamp is for does occur among these (else this test would prove nothing).
    expect(over).toBeGreaterThan(0);
  });

  it('refuses numbers given as text, naming the field', () => {
    const config = (change: Record<string, unknown>) => file({ config: { ...toRunFile(RUN).config, ...change } });
    expect(refusal(config({ p: '11' }))).toBe(
      'run file: config: p: "11" is not a number; expected a prime from 3 to 113',
    );
    expect(refusal(config({ dim: '16', lr: '0.003' }))).toBe(
      'run file: config: dim: "16" is not a number; expected an integer from 16 to 256',
    );
    // With the inside views present, the config is still what is named.
    expect(refusal(config({ p: '11' }).replace('"backend"', '"inside": {"step": 1}, "backend"'))).toContain(
      'config: p: "11"',
    );
    expect(refusal(file({ records: [{ ...metricRecord(50), step: '50' }] }))).toBe(
      'run file: records[0].step: "50" is not a whole number from 0 to 10000000',
    );
  });

  it('refuses accuracies outside 0 to 1 and losses beyond float32', () => {
    expect(refusal(file({ records: [metricRecord(50, { trainAcc: -1 })] }))).toBe(
      'run file: records[0].trainAcc: -1 is not a number from 0 to 1',
    );
    expect(refusal(file({ records: [metricRecord(50, { trainLoss: 1e308 })] }))).toBe(
      'run file: records[0].trainLoss: 1e+308 is not a number from 0 to 3.4e38 (float32)',
    );
    expect(refusal(file({ records: [metricRecord(50, { valAcc: 1.5 })] }))).toBe(
      'run file: records[0].valAcc: 1.5 is not a number from 0 to 1',
    );
  });

  it('never throws, whatever the nesting', () => {
    for (const text of [
      file({ name: nested(100_000) }),
      file({ records: nested(100_000) }),
      file({ config: nested(5_000) }),
      file({ events: [{ type: nested(5_000), step: 1 }] }),
      file({ version: nested(5_000) }),
    ]) {
      expect(refusal(text)).toMatch(/^(run file|not a Grok Lab run file)/);
    }
  });
});

const SUMMARY = readFileSync('docs/runs/sweeps/small-seeds/summary.json', 'utf8');
const summaryWith = (change: (s: { sweep: { axes: unknown[] }; runs: Record<string, unknown>[] }) => void) => {
  const s = JSON.parse(SUMMARY) as { sweep: { axes: unknown[] }; runs: Record<string, unknown>[] };
  change(s);
  return json(s);
};
const summaryRefusal = (text: string) => {
  const parsed = parseSummary(text, 'summary.json');
  return parsed.ok ? 'accepted' : parsed.message;
};

describe('sweep summary import', () => {
  it("reads the project's own summaries, written before the block key, with the standard block", () => {
    for (const name of ['small-seeds', 'small-blocks', 'alpha-lambda-wd', 'paper-ema-blocks', 'paper-ma-seeds']) {
      const parsed = parseSummary(readFileSync(`docs/runs/sweeps/${name}/summary.json`, 'utf8'), name);
      expect(parsed.ok ? '' : parsed.message).toBe('');
    }
    const parsed = parseSummary(SUMMARY, 'summary.json');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows).toHaveLength(10);
    expect(parsed.rows[0]?.config).toMatchObject({ block: 'standard', task: 'mod', filter: 'none', seed: 0 });
    expect(parsed.base).toMatchObject({ ...DEFAULT_CONFIG, ...parsed.base, block: 'standard' });
    expect(parsed.axes.map((a) => a.key)).toEqual(['filter', 'seed']);
  });

  it('refuses null axes and rows, saying where', () => {
    expect(summaryRefusal(summaryWith((s) => (s.sweep.axes = [null])))).toBe(
      'summary.json: not a sweep summary (sweep.axes[0]: null is not an object); choose the summary.json that npm run sweep writes',
    );
    expect(summaryRefusal(summaryWith((s) => (s.runs = [null as never])))).toContain('runs[0]: null is not an object');
  });

  it('refuses axis values and keys nested deep, without overflowing the stack', () => {
    expect(summaryRefusal(summaryWith((s) => (s.sweep.axes = [{ key: 'seed', values: nested(100_000) }])))).toContain(
      'sweep.axes[0].values[0]: a list (of 1) is not a number or a text',
    );
    expect(summaryRefusal(summaryWith((s) => (s.sweep.axes = [{ key: nested(5_000), values: [0, 1] }])))).toContain(
      'sweep.axes[0].key: a list (of 1) is not a config key',
    );
  });

  it('refuses more runs than a grid may hold', () => {
    const many = summaryWith(
      (s) => (s.runs = Array.from({ length: 10_001 }, () => s.runs[0] as Record<string, unknown>)),
    );
    expect(summaryRefusal(many)).toContain('runs: a list of 10001, more than the 10000 allowed');
  });

  it('refuses impossible results: a negative step, text for numbers, accuracies outside 0 to 1', () => {
    const row = (change: Record<string, unknown>) => summaryWith((s) => Object.assign(s.runs[0] as object, change));
    expect(summaryRefusal(row({ grokked: -1 }))).toContain(
      'runs[0].grokked: -1 is not a whole number from 0 to 10000000, or null',
    );
    expect(summaryRefusal(row({ grokked: 'abc' }))).toContain('runs[0].grokked: "abc" is not');
    expect(summaryRefusal(row({ stepsTaken: '1e308' }))).toContain('runs[0].stepsTaken: "1e308" is not');
    expect(summaryRefusal(row({ trainAcc: -1 }))).toContain('runs[0].trainAcc: -1 is not a number from 0 to 1');
    expect(summaryRefusal(row({ trainLoss: 1e308 }))).toContain('runs[0].trainLoss: 1e+308 is not');
    expect(summaryRefusal(row({ status: 'great' }))).toContain('runs[0].status: "great" is not one of finished');
    expect(
      summaryRefusal(
        row({ config: { ...(JSON.parse(SUMMARY) as { runs: { config: object }[] }).runs[0]?.config, p: '23' } }),
      ),
    ).toContain('runs[0].config: p: "23" is not a number');
  });
});

import { describe, expect, it } from 'vitest';
import type { MetricRecord } from '../src/engine/metrics';
import { downsample } from '../src/ui/chart/downsample';
import { downsampleGrowing } from '../src/ui/chart/incremental';

// A deterministic pseudo-random stream (mulberry32), so the noisy runs are the same every time.
function noise(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A grokking-shaped run, one record every `every` steps from `every`: validation jumps at `jumpAt`. */
function run(n: number, { every = 10, jumpAt = Infinity, seed = 1, jitter = 0.02 } = {}): MetricRecord[] {
  const rnd = noise(seed);
  return Array.from({ length: n }, (_, i) => {
    const step = (i + 1) * every;
    const grokked = step >= jumpAt;
    return {
      step,
      trainAcc: Math.min(1, step / 2000) * (1 - jitter * rnd()),
      valAcc: (grokked ? 1 : 0.05) * (1 - jitter * rnd()),
      trainLoss: 2 * Math.exp(-step / 3000) * (1 + jitter * rnd()) + 1e-5,
      valLoss: (grokked ? 1e-3 : 5) * (1 + jitter * rnd()),
      weightNorm: 30,
      gradNorm: 1,
      ms: step,
    };
  });
}

const steps = (rs: readonly MetricRecord[]): number[] => rs.map((r) => r.step);

function expectSortedUnique(rs: readonly MetricRecord[]): void {
  for (let i = 1; i < rs.length; i++)
    expect((rs[i] as MetricRecord).step).toBeGreaterThan((rs[i - 1] as MetricRecord).step);
}

describe('downsample', () => {
  it('returns the input itself when it is within the budget', () => {
    const rs = run(400);
    expect(downsample(rs, 400, 'linear')).toBe(rs);
    expect(downsample(rs, 1000, 'log')).toBe(rs);
    expect(downsample([], 400, 'linear')).toEqual([]);
  });

  it('never exceeds the budget, on smooth and on very noisy runs, linear and log', () => {
    for (const scale of ['linear', 'log'] as const) {
      for (const jitter of [0, 0.02, 1]) {
        for (const [n, budget] of [
          [10_000, 400],
          [10_000, 100],
          [1000, 401],
          [5000, 37],
          [50, 10],
          [50, 3],
        ] as const) {
          const out = downsample(run(n, { jitter, jumpAt: 3000 }), budget, scale);
          expect(out.length, `${scale} jitter ${jitter} n ${n} budget ${budget}`).toBeLessThanOrEqual(budget);
          expectSortedUnique(out);
        }
      }
    }
  });

  it('uses most of the budget on a typical run', () => {
    const out = downsample(run(10_000, { jumpAt: 30_000 }), 400, 'linear');
    expect(out.length).toBeGreaterThan(200);
  });

  it('keeps the first and last records, even with a budget under two', () => {
    const rs = run(10_000, { jumpAt: 30_000 });
    for (const scale of ['linear', 'log'] as const) {
      for (const budget of [400, 20, 1]) {
        const out = downsample(rs, budget, scale);
        expect(out[0]).toBe(rs[0]);
        expect(out[out.length - 1]).toBe(rs[rs.length - 1]);
      }
    }
    expect(steps(downsample(rs, 1, 'linear'))).toEqual([10, 100_000]);
  });

  it('keeps a one-record spike in validation loss', () => {
    const rs = run(10_000, { jumpAt: 30_000 });
    const spike = rs[6543] as MetricRecord;
    rs[6543] = { ...spike, valLoss: 1000 };
    for (const scale of ['linear', 'log'] as const) expect(downsample(rs, 400, scale)).toContain(rs[6543]);
  });

  it('keeps a sudden jump in validation accuracy sharp', () => {
    const rs = run(10_000, { jumpAt: 31_234 });
    for (const scale of ['linear', 'log'] as const) {
      const out = downsample(rs, 400, scale);
      const lastLow = Math.max(...out.filter((r) => r.valAcc < 0.5).map((r) => r.step));
      const firstHigh = Math.min(...out.filter((r) => r.valAcc > 0.9).map((r) => r.step));
      expect(firstHigh).toBeGreaterThan(lastLow);
      // The rise is drawn within one bucket: 100,000 steps over at least 49 buckets.
      expect(firstHigh - lastLow).toBeLessThan(100_000 / 49);
    }
  });

  it('gives the early steps more points with log buckets than with linear ones', () => {
    const rs = run(10_000, { jumpAt: 30_000 });
    const early = (out: readonly MetricRecord[]): number => out.filter((r) => r.step <= 10_000).length;
    const linear = early(downsample(rs, 400, 'linear'));
    const log = early(downsample(rs, 400, 'log'));
    expect(log).toBeGreaterThan(2 * linear);
  });

  it('puts a step-0 record into the first log bucket', () => {
    const rs = [{ ...(run(1)[0] as MetricRecord), step: 0 }, ...run(5000)];
    const out = downsample(rs, 100, 'log');
    expect(out[0]?.step).toBe(0);
    expect(out.length).toBeLessThanOrEqual(100);
    expectSortedUnique(out);
  });
});

describe('downsampleGrowing', () => {
  it('reuses the last pass while the run grows a little, and redoes it when it grows more or is a new run', () => {
    const all = run(3000, { jumpAt: 20000 });
    const first = downsampleGrowing(all.slice(0, 2000), 400, 'linear', null);
    expect(first.out).toEqual(downsample(all.slice(0, 2000), 400, 'linear'));

    const grown = downsampleGrowing(all.slice(0, 2010), 400, 'linear', first.cache);
    expect(grown.out).toEqual([...first.out, ...all.slice(2000, 2010)]);
    expect(grown.cache).toBe(first.cache);

    const more = downsampleGrowing(all.slice(0, 2500), 400, 'linear', grown.cache);
    expect(more.out).toEqual(downsample(all.slice(0, 2500), 400, 'linear'));
    expect(more.out.length).toBeLessThanOrEqual(400);

    const other = run(2010, { seed: 2 });
    expect(downsampleGrowing(other, 400, 'linear', first.cache).out).toEqual(downsample(other, 400, 'linear'));
    expect(downsampleGrowing(all.slice(0, 2010), 400, 'log', first.cache).out).toEqual(
      downsample(all.slice(0, 2010), 400, 'log'),
    );
  });
});

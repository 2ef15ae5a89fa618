// Nanda et al.'s progress measures (src/engine/inside/progress.ts), each on a case whose answer is known
// by construction, and their records in a real run.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../src/config/operations';
import { groupSpectrum, sparsity, topFrequencies } from '../src/engine/inside/fourier';
import { answerPosition, fourierGroup, type FourierGroup, primitiveRoot } from '../src/engine/inside/group';
import { progressLosses, progressMeasures, type ProgressRows } from '../src/engine/inside/progress';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { TINY_CONFIG } from './fixtures';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

const group = (op: 'add' | 'sub' | 'mul' | 'div', p: number) => fourierGroup(op, p) as FourierGroup;

/** p rows of width d: row a = Σ amp·cos(2πk·pos(a)/n + phase_j) over the waves, 0 where a has no position. */
function embedding(g: FourierGroup, d: number, waves: Array<{ k: number; amp: number }>): Float64Array {
  const E = new Float64Array(g.p * d);
  for (let a = 0; a < g.p; a++) {
    const j = g.position[a] as number;
    if (j < 0) continue;
    for (let i = 0; i < d; i++)
      for (const { k, amp } of waves)
        E[a * d + i] = (E[a * d + i] as number) + amp * Math.cos((2 * Math.PI * k * j) / g.n + 0.7 * i);
  }
  return E;
}

describe('the group a spectrum is taken over', () => {
  it('orders 1…p−1 by their discrete logarithm under · and ÷, and leaves 0 out', () => {
    expect(primitiveRoot(97)).toBe(5);
    expect(primitiveRoot(23)).toBe(5);
    expect(primitiveRoot(7)).toBe(3);
    const g = group('mul', 23);
    expect(g.n).toBe(22);
    expect(g.position[0]).toBe(-1);
    expect([...g.order].sort((x, y) => x - y)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    // The answer's position is where the operation's answer sits, for every pair of the group.
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      const h = group(op, 23);
      for (let a = 1; a < 23; a++)
        for (let b = 1; b < 23; b++) expect(h.order[answerPosition(h, a, b)]).toBe(OPERATIONS[op].compute(a, b, 23));
    }
    expect(answerPosition(g, 0, 5)).toBe(-1);
  });

  it('has none for operations that are not a group law on the numbers or their logarithms', () => {
    for (const op of ['divsub', 'x2y2', 'x3xy', 's5'] as const) expect(fourierGroup(op, 23)).toBeNull();
  });
});

describe('groupSpectrum', () => {
  it('finds exactly the frequencies {3, 7} an embedding is built from: key frequencies and a sparsity of 1', () => {
    const g = group('add', 31);
    const E = embedding(g, 8, [
      { k: 3, amp: 2 },
      { k: 7, amp: 1 },
    ]);
    const spectrum = groupSpectrum(g, E, 8);
    expect(spectrum).toHaveLength(16);
    spectrum.forEach((norm, k) =>
      k === 3 || k === 7 ? expect(norm).toBeGreaterThan(1) : expect(norm).toBeLessThan(1e-9),
    );
    // Each wave's energy: amp² · (p/2) per column (the cosine's mean square is ½), over 8 columns.
    expect(spectrum[3]).toBeCloseTo(Math.sqrt(4 * (31 / 2) * 8), 9);
    expect(spectrum[7]).toBeCloseTo(Math.sqrt(1 * (31 / 2) * 8), 9);
    expect(topFrequencies(spectrum, 5).slice(0, 2)).toEqual([3, 7]);
    expect(sparsity(spectrum)).toBeCloseTo(1, 12);
  });

  it('under ·, an embedding cos(2πk·log_g(a)/(p−1)) is one sharp peak at k; over 0…p−1 it is spread out', () => {
    const g = group('mul', 23);
    const E = embedding(g, 8, [{ k: 4, amp: 1 }]);
    const spectrum = groupSpectrum(g, E, 8);
    expect(spectrum).toHaveLength(12); // k = 0 … 11 over the 22 elements
    expect(topFrequencies(spectrum, 1)).toEqual([4]);
    spectrum.forEach((norm, k) => (k === 4 ? undefined : expect(norm).toBeLessThan(1e-9)));
    expect(sparsity(spectrum, 1)).toBeCloseTo(1, 12);
    // The same embedding read in the additive order 0…22 has no such peak.
    expect(sparsity(groupSpectrum(group('add', 23), E, 8), 1)).toBeLessThan(0.5);
  });

  it('keeps the Nyquist term of the even-order group once, with its energy (−1)^log a', () => {
    const g = group('div', 23);
    const E = embedding(g, 3, [{ k: 11, amp: 1 }]);
    const spectrum = groupSpectrum(g, E, 3);
    expect(topFrequencies(spectrum, 1)).toEqual([11]);
    // Parseval: the energies add up to the squared norm of the rows 1…22.
    const energy = spectrum.reduce((s, x) => s + x * x, 0);
    expect(energy).toBeCloseTo(
      E.reduce((s, x) => s + x * x, 0),
      9,
    );
  });
});

/** Every cell of the table of `op` mod p in a-major order: rows for the losses (train: a + b even). */
function table(g: FourierGroup, op: 'add' | 'sub' | 'mul' | 'div'): { rows: ProgressRows; pairs: number[][] } {
  const pairs: number[][] = [];
  for (let a = 0; a < g.p; a++) for (let b = op === 'div' ? 1 : 0; b < g.p; b++) pairs.push([a, b]);
  return {
    pairs,
    rows: {
      position: Int32Array.from(pairs, ([a, b]) => answerPosition(g, a as number, b as number)),
      label: Int32Array.from(pairs, ([a, b]) => OPERATIONS[op].compute(a as number, b as number, g.p)),
      train: Uint8Array.from(pairs, ([a, b]) => ((a as number) + (b as number)) % 2),
    },
  };
}

/** Logits cell × c: Σ amp·cos(2πk(s − pos(c))/n) over the waves: Nanda's circuit at frequencies k. */
function circuitLogits(g: FourierGroup, rows: ProgressRows, waves: Array<{ k: number; amp: number }>): Float64Array {
  const L = new Float64Array(rows.position.length * g.p);
  rows.position.forEach((s, r) => {
    if (s < 0) return;
    for (let c = 0; c < g.p; c++) {
      const pc = g.position[c] as number;
      if (pc < 0) continue;
      for (const { k, amp } of waves)
        L[r * g.p + c] = (L[r * g.p + c] as number) + amp * Math.cos((2 * Math.PI * k * (s - pc)) / g.n);
    }
  });
  return L;
}

/** Mean cross-entropy of the rows `which` picks (of those in the group). */
function loss(L: ArrayLike<number>, V: number, rows: ProgressRows, which: (r: number) => boolean): number {
  let sum = 0;
  let count = 0;
  rows.position.forEach((s, r) => {
    if (s < 0 || !which(r)) return;
    const row = Array.from({ length: V }, (_, c) => L[r * V + c] as number);
    const max = Math.max(...row);
    sum += max + Math.log(row.reduce((t, x) => t + Math.exp(x - max), 0)) - (row[rows.label[r] as number] as number);
    count++;
  });
  return sum / count;
}

describe('restricted and excluded loss', () => {
  for (const op of ['add', 'mul', 'div'] as const) {
    it(`${op}: logits made of the key frequencies alone keep their whole loss restricted, and are uniform excluded`, () => {
      const g = group(op, 23);
      const { rows } = table(g, op);
      const L = circuitLogits(g, rows, [
        { k: 2, amp: 6 },
        { k: 9, amp: 5 },
      ]);
      const full = loss(L, g.p, rows, () => true);
      expect(full).toBeLessThan(0.5); // the circuit does the task
      const got = progressLosses(g, L, g.p, rows, [2, 9]) ?? { restrictedLoss: NaN, excludedLoss: NaN };
      expect(got.restrictedLoss).toBeCloseTo(full, 9);
      expect(got.excludedLoss).toBeCloseTo(Math.log(g.p), 9); // nothing left: every answer equally likely
    });
  }

  it('restricted loss ignores a frequency outside the key set; excluded loss is what that frequency alone does', () => {
    const g = group('sub', 23);
    const { rows } = table(g, 'sub');
    const key = circuitLogits(g, rows, [{ k: 5, amp: 4 }]);
    const other = circuitLogits(g, rows, [{ k: 8, amp: 3 }]);
    const both = key.map((x, i) => x + (other[i] as number));
    const got = progressLosses(g, both, g.p, rows, [5]) ?? { restrictedLoss: NaN, excludedLoss: NaN };
    expect(got.restrictedLoss).toBeCloseTo(
      loss(key, g.p, rows, () => true),
      9,
    );
    expect(got.excludedLoss).toBeCloseTo(
      loss(other, g.p, rows, (r) => rows.train[r] === 1),
      9,
    );
  });

  it('keeps each column’s mean in the restricted logits and leaves the cells with a 0 under · out', () => {
    const g = group('mul', 23);
    const { rows } = table(g, 'mul');
    // A constant preference for answer 3 everywhere, and junk on the cells with a 0 that must not count.
    const L = new Float64Array(rows.position.length * g.p);
    rows.position.forEach((s, r) => {
      for (let c = 0; c < g.p; c++) L[r * g.p + c] = s < 0 ? 100 * ((r * 7 + c) % 5) : c === 3 ? 2 : 0;
    });
    const got = progressLosses(g, L, g.p, rows, [1, 2]) ?? { restrictedLoss: NaN, excludedLoss: NaN };
    expect(got.restrictedLoss).toBeCloseTo(
      loss(L, g.p, rows, () => true),
      9,
    );
    expect(got.excludedLoss).toBeCloseTo(
      loss(L, g.p, rows, (r) => rows.train[r] === 1),
      9,
    );
  });

  it('measures all at once: key frequencies from the embedding, the losses at them', () => {
    const g = group('add', 23);
    const { rows } = table(g, 'add');
    const E = embedding(g, 4, [
      { k: 6, amp: 3 },
      { k: 2, amp: 1 },
    ]);
    const L = circuitLogits(g, rows, [{ k: 6, amp: 5 }]);
    const m = progressMeasures(g, E, 4, L, g.p, rows);
    expect(m?.keyFrequencies.slice(0, 2)).toEqual([6, 2]);
    expect(m?.keyFrequencies).toHaveLength(5);
    expect(m?.sparsity).toBeCloseTo(1, 12);
    expect(m?.restrictedLoss).toBeCloseTo(
      loss(L, g.p, rows, () => true),
      9,
    );
    expect(m?.excludedLoss).toBeCloseTo(Math.log(23), 9);
  });
});

describe('progress measures in a run’s records', () => {
  // One test per operation: each trains 150 steps (three evaluations), slow on a loaded machine.
  for (const op of ['add', 'mul', 'x2y2'] as const) {
    it(`${op}: ${op === 'x2y2' ? 'never, with no group' : 'in a record every 100 steps or more, from the model'}`, async () => {
      const before = tf.memory().numTensors;
      // p = 23: 11 frequencies, so the 5 largest are not all of them and the sparsity says something.
      const t = new Trainer({ ...TINY_CONFIG, op, p: 23, steps: 150, eval: 50 });
      const { records } = await t.advance(150);
      expect(records.map((r) => r.step)).toEqual([50, 100, 150]);
      const measured = records.filter((r) => r.restrictedLoss !== undefined);
      if (op === 'x2y2') {
        expect(measured).toEqual([]);
        expect(records.some((r) => r.keyFrequencies !== undefined || r.sparsity !== undefined)).toBe(false);
      } else {
        // At least PROGRESS_EVERY steps apart: the first evaluation, then the first 100 steps after it.
        expect(measured.map((r) => r.step)).toEqual([50, 150]);
        for (const r of measured) {
          expect(r.keyFrequencies).toHaveLength(5);
          for (const k of r.keyFrequencies ?? []) expect(k).toBeGreaterThanOrEqual(1);
          expect(r.sparsity).toBeGreaterThan(0);
          expect(r.sparsity).toBeLessThanOrEqual(1);
          expect(r.restrictedLoss).toBeGreaterThan(0);
          expect(r.excludedLoss).toBeGreaterThan(0);
        }
      }
      t.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('takes the spectrum over the group the inside view shows: the same sparsity at the same step', async () => {
    const t = new Trainer({ ...TINY_CONFIG, op: 'mul', p: 23, steps: 10, eval: 10 });
    const { records } = await t.advance(10);
    const view = await t.inside({ a: 1, b: 2 });
    expect(records[0]?.sparsity).toBeCloseTo(view.sparsity, 6);
    expect(records[0]?.keyFrequencies?.[0]).toBe(view.plane.k);
    t.dispose();
  });
});

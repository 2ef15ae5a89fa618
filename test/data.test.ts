import { describe, expect, it } from 'vitest';
import { allPairs, equationCount, modInverse, type Op, OPERATIONS, OPS } from '../src/config/operations';
import { SCHEMA } from '../src/config/schema';
import { makeTask, SEQ_LEN } from '../src/engine/data';

/** The tables by brute force: c is the one value in 0..p-1 that satisfies the defining equation. */
function bruteForce(op: Op, a: number, b: number, p: number): number {
  for (let c = 0; c < p; c++) {
    const ok = {
      add: (a + b - c) % p === 0,
      sub: (c + b - a) % p === 0 || (a - b - c) % p === 0,
      mul: (a * b - c) % p === 0,
      div: (c * b - a) % p === 0,
      x2y2: (a ** 2 + b ** 2 - c) % p === 0,
      x2xyy2: (a ** 2 + a * b + b ** 2 - c) % p === 0,
      x3xy: (a ** 3 + a * b - c) % p === 0,
    }[op];
    if (ok) return c;
  }
  throw new Error('no answer');
}

describe('operations', () => {
  it.each(OPS)('%s matches a brute-force table for p = 7, 23 and 97', (op) => {
    for (const p of [7, 23, 97]) {
      for (const [a, b] of allPairs(op, p)) {
        const c = OPERATIONS[op].compute(a, b, p);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThan(p);
        expect(c).toBe(bruteForce(op, a, b, p));
      }
    }
  });

  it('inverts every non-zero number', () => {
    for (const p of [3, 5, 97, 113]) for (let b = 1; b < p; b++) expect((b * modInverse(b, p)) % p).toBe(1);
  });

  it('leaves b = 0 out of div only', () => {
    expect(allPairs('div', 5)).toHaveLength(20);
    expect(allPairs('div', 5).some(([, b]) => b === 0)).toBe(false);
    expect(allPairs('sub', 5)).toHaveLength(25);
    expect(OPS.filter((op) => OPERATIONS[op].firstB > 0)).toEqual(['div']);
  });

  it('are the values of the op key, each with its own table size', () => {
    expect(SCHEMA.op.values).toEqual(OPS);
    for (const op of OPS) for (const p of [3, 7, 97]) expect(equationCount(op, p)).toBe(allPairs(op, p).length);
    expect(SCHEMA.op.help).toContain('a · b⁻¹');
  });
});

describe('split', () => {
  it('encodes [a, OP, b, EQ] with OP = p and EQ = p + 1', () => {
    const t = makeTask('add', 5, 0.5, 0);
    expect(t.vocab).toBe(7);
    for (const set of [t.train, t.val]) {
      for (let i = 0; i < set.count; i++) {
        const [a, op, b, eq] = set.tokens.subarray(i * SEQ_LEN, (i + 1) * SEQ_LEN);
        expect([op, eq]).toEqual([5, 6]);
        expect(set.answers[i]).toBe(((a as number) + (b as number)) % 5);
      }
    }
  });

  it('uses round(frac · N) equations for training, the rest for validation, with no overlap', () => {
    for (const [op, p, frac] of [
      ['mul', 97, 0.5],
      ['div', 23, 0.3],
      ['add', 113, 0.05],
    ] as const) {
      const t = makeTask(op, p, frac, 3);
      const n = allPairs(op, p).length;
      expect(t.train.count).toBe(Math.round(frac * n));
      expect(t.train.count + t.val.count).toBe(n);
      const key = (s: typeof t.train, i: number) => `${s.tokens[i * 4]},${s.tokens[i * 4 + 2]}`;
      const train = new Set(Array.from({ length: t.train.count }, (_, i) => key(t.train, i)));
      const val = new Set(Array.from({ length: t.val.count }, (_, i) => key(t.val, i)));
      expect(train.size).toBe(t.train.count);
      expect(val.size).toBe(t.val.count);
      for (const k of val) expect(train.has(k)).toBe(false);
    }
  });

  it('is fixed by the seed and changes with it', () => {
    const a = makeTask('mul', 97, 0.5, 42);
    const b = makeTask('mul', 97, 0.5, 42);
    const c = makeTask('mul', 97, 0.5, 43);
    expect(Array.from(a.train.tokens)).toEqual(Array.from(b.train.tokens));
    expect(Array.from(a.train.tokens)).not.toEqual(Array.from(c.train.tokens));
  });

  it('is the same split on every platform (golden first rows for seed 0)', () => {
    // If this changes, every shared link's split changes: bump the app's major version.
    const t = makeTask('mul', 97, 0.5, 0);
    const firstPairs = Array.from({ length: 5 }, (_, i) => [t.train.tokens[i * 4], t.train.tokens[i * 4 + 2]]);
    expect(firstPairs).toMatchInlineSnapshot(`
      [
        [
          62,
          62,
        ],
        [
          54,
          19,
        ],
        [
          70,
          69,
        ],
        [
          37,
          12,
        ],
        [
          24,
          10,
        ],
      ]
    `);
  });
});

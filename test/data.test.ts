import { describe, expect, it } from 'vitest';
import {
  allPairs,
  equationCount,
  modInverse,
  type Op,
  operation,
  OPERATIONS,
  OPS,
  symbolCount,
  symbolLabel,
} from '../src/config/operations';
import { SCHEMA } from '../src/config/schema';
import { makeTask, SEQ_LEN } from '../src/engine/data';

const MODULAR = OPS.filter((op) => operation(op).domain === 'mod p');
const ON_S5 = OPS.filter((op) => operation(op).domain === 'S5');

/** The tables by brute force: c is the one value in 0..p-1 that satisfies the defining equation. */
function bruteForce(op: Op, a: number, b: number, p: number): number {
  for (let c = 0; c < p; c++) {
    const ok: Partial<Record<Op, boolean>> = {
      add: (a + b - c) % p === 0,
      sub: (c + b - a) % p === 0 || (a - b - c) % p === 0,
      mul: (a * b - c) % p === 0,
      div: (c * b - a) % p === 0,
      x2y2: (a ** 2 + b ** 2 - c) % p === 0,
      x2xyy2: (a ** 2 + a * b + b ** 2 - c) % p === 0,
      x3xy: (a ** 3 + a * b - c) % p === 0,
      divsub: b % 2 === 1 ? (c * b - a) % p === 0 : (a - b - c) % p === 0 || (c + b - a) % p === 0,
      x2xyy2x: (a ** 2 + a * b + b ** 2 + a - c) % p === 0,
      x3xy2y: (a ** 3 + a * b ** 2 + b - c) % p === 0,
    };
    if (ok[op] === undefined) throw new Error(`no brute force for ${op}`);
    if (ok[op]) return c;
  }
  throw new Error('no answer');
}

/** S5 written out again: the permutations of 0…4 sorted by their one-line notation, composed as arrays. */
const PERMS = (() => {
  const out: number[][] = [];
  for (let n = 0; n < 5 ** 5; n++) {
    const digits = Array.from({ length: 5 }, (_, i) => Math.floor(n / 5 ** (4 - i)) % 5);
    if (new Set(digits).size === 5) out.push(digits);
  }
  return out; // counting up in base 5 visits them in lexicographic order
})();
const find = (images: number[]) => PERMS.findIndex((q) => q.join() === images.join());
const after = (x: number[], y: number[]) => y.map((i) => x[i] as number); // x∘y: y first
const invert = (x: number[]) => x.map((_, i) => x.indexOf(i));
const S5_BRUTE: Record<string, (x: number[], y: number[]) => number[]> = {
  s5: (x, y) => after(x, y),
  s5conj: (x, y) => after(after(x, y), invert(x)),
  s5aba: (x, y) => after(after(x, y), x),
};

describe('operations', () => {
  it.each(ON_S5)('%s matches S5 written out as arrays, on all 120 × 120 pairs', (op) => {
    expect(PERMS).toHaveLength(120);
    expect(symbolCount(op, 97)).toBe(120);
    expect([symbolLabel(op, 0), symbolLabel(op, 119)]).toEqual(['01234', '43210']);
    const brute = S5_BRUTE[op] as (x: number[], y: number[]) => number[];
    for (let a = 0; a < 120; a++) {
      for (let b = 0; b < 120; b++) {
        expect(OPERATIONS[op].compute(a, b, 120)).toBe(find(brute(PERMS[a] as number[], PERMS[b] as number[])));
      }
    }
  });

  it('s5 is a group table (each answer once per row and column), not a commutative one', () => {
    const table = (a: number, b: number) => OPERATIONS.s5.compute(a, b, 120);
    for (let a = 0; a < 120; a++) {
      expect(new Set(Array.from({ length: 120 }, (_, b) => table(a, b))).size).toBe(120);
      expect(new Set(Array.from({ length: 120 }, (_, b) => table(b, a))).size).toBe(120);
    }
    expect(table(0, 37)).toBe(37);
    expect(Array.from({ length: 120 }, (_, a) => a).some((a) => table(a, 1) !== table(1, a))).toBe(true);
  });

  it.each(MODULAR)('%s matches a brute-force table for p = 7, 23 and 97', (op) => {
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
    expect(SCHEMA.op.help).toMatch(/x3xy2y mod p; s5, s5conj, s5aba on the permutations of five items/);
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

  it("leaves the b = 0 rows out with bzero exclude, as the Grokfast code's table (9,312 equations for p = 97)", () => {
    expect(equationCount('mul', 97)).toBe(9409);
    expect(equationCount('mul', 97, 'exclude')).toBe(9312);
    expect(equationCount('div', 97, 'exclude')).toBe(equationCount('div', 97));
    const t = makeTask('mul', 97, 0.5, 0, 'exclude');
    expect([t.train.count, t.val.count]).toEqual([4656, 4656]);
    for (const set of [t.train, t.val])
      for (let i = 0; i < set.count; i++) expect(set.tokens[i * SEQ_LEN + 2]).not.toBe(0);
    // Seeded and deterministic like the whole table's split, and a different split from it.
    const again = makeTask('mul', 97, 0.5, 0, 'exclude');
    expect(Array.from(again.train.tokens)).toEqual(Array.from(t.train.tokens));
    expect(Array.from(makeTask('mul', 97, 0.5, 1, 'exclude').train.tokens)).not.toEqual(Array.from(t.train.tokens));
    expect(makeTask('mul', 97, 0.5, 0).train.count).toBe(4705);
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

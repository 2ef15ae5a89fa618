// The operations of the modular-arithmetic task, one record each: how people write it, the token the
// inside views print between a and b, how the answer is computed, and which b have no equation. The
// schema's `op` key, the task data, the table sizes, the inside views and docs/CONFIG.md all read
// these records; a new operation is one new entry here.

export interface Operation {
  /** The formula as people write it; the network learns `formula mod p`. */
  formula: string;
  /** Shown between a and b where the views print an equation ("3 ÷ 5 ="). */
  token: string;
  /** The answer c for the pair (a, b), 0 ≤ c < p, for a prime p. */
  compute: (a: number, b: number, p: number) => number;
  /** The smallest b of the table: 1 where b = 0 has no answer. */
  firstB: 0 | 1;
  /** Why some b are left out of the table (docs/CONFIG.md); absent when every pair is in. */
  excluded?: string;
}

const mod = (x: number, p: number): number => ((x % p) + p) % p;

/** Modular inverse by Fermat's little theorem (p prime, b ≠ 0). */
export function modInverse(b: number, p: number): number {
  let result = 1;
  let base = b % p;
  let e = p - 2;
  while (e > 0) {
    if (e & 1) result = (result * base) % p;
    base = (base * base) % p;
    e >>= 1;
  }
  return result;
}

export const OPERATIONS = {
  add: { formula: 'a + b', token: '+', compute: (a, b, p) => mod(a + b, p), firstB: 0 },
  sub: { formula: 'a − b', token: '−', compute: (a, b, p) => mod(a - b, p), firstB: 0 },
  mul: { formula: 'a · b', token: '·', compute: (a, b, p) => mod(a * b, p), firstB: 0 },
  div: {
    formula: 'a · b⁻¹',
    token: '÷',
    compute: (a, b, p) => mod(a * modInverse(b, p), p),
    firstB: 1,
    excluded: 'b⁻¹ needs b ≠ 0',
  },
  x2y2: { formula: 'a² + b²', token: '∘', compute: (a, b, p) => mod(a * a + b * b, p), firstB: 0 },
  x2xyy2: { formula: 'a² + ab + b²', token: '∘', compute: (a, b, p) => mod(a * a + a * b + b * b, p), firstB: 0 },
  x3xy: { formula: 'a³ + ab', token: '∘', compute: (a, b, p) => mod(a * a * a + a * b, p), firstB: 0 },
} as const satisfies Record<string, Operation>;

export type Op = keyof typeof OPERATIONS;

/** Every operation's name, in the order of the records above. */
export const OPS = Object.keys(OPERATIONS) as Op[];

/** The record of `op`, typed as the general shape (optional fields included). */
export const operation = (op: Op): Operation => OPERATIONS[op];

/** Number of equations in the table of `op` mod p. */
export function equationCount(op: Op, p: number): number {
  return p * (p - operation(op).firstB);
}

/** Training-set size for a config: the first round(frac · N) equations of the shuffled table. */
export function trainCount(op: Op, p: number, frac: number): number {
  return Math.round(frac * equationCount(op, p));
}

/** Every pair (a, b) of the table, a-major. */
export function allPairs(op: Op, p: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < p; a++) for (let b = operation(op).firstB; b < p; b++) pairs.push([a, b]);
  return pairs;
}

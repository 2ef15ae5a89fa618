// The operations of the arithmetic task, one record each (./operation.ts says what a record holds):
// the schema's `op` key, the task data, the table sizes, the inside views and docs/CONFIG.md all read
// them. Those mod p are in ./modular.ts, those on the permutation group S5 in ./s5.ts; a new
// operation is one new record there.
import { MODULAR_OPERATIONS } from './modular';
import type { Operation } from './operation';
import { S5_OPERATIONS, S5_ORDER, s5Label } from './s5';

export type { Operation };
export { modInverse } from './modular';

export const OPERATIONS = { ...MODULAR_OPERATIONS, ...S5_OPERATIONS } as const satisfies Record<string, Operation>;

export type Op = keyof typeof OPERATIONS;

/** Every operation's name: those mod p, then those on S5. */
export const OPS = Object.keys(OPERATIONS) as Op[];

/** The record of `op`, typed as the general shape (optional fields included). */
export const operation = (op: Op): Operation => OPERATIONS[op];

/** How many symbols a, b and c range over: p, or the 120 elements of S5. */
export function symbolCount(op: Op, p: number): number {
  return operation(op).domain === 'S5' ? S5_ORDER : p;
}

/** How a symbol is written: the number itself mod p, a permutation's one-line notation in S5. */
export function symbolLabel(op: Op, x: number): string {
  return operation(op).domain === 'S5' ? s5Label(x) : String(x);
}

/** The operation as people read it: "a · b mod 97", "a ∘ b in S5". */
export function equationText(op: Op, p: number): string {
  const { formula, domain } = operation(op);
  return domain === 'S5' ? formula : `${formula} mod ${p}`;
}

/**
 * Whether the table keeps its b = 0 rows (the schema's `bzero` key): `include`, the lab's table;
 * `exclude`, the Grokfast code's (its `multiplication_mod_p_data` takes 0 < b < p). For an operation
 * whose table already starts at b = 1 (div) the two are the same; in S5, symbol 0 is the identity.
 */
export const ZERO_ROWS = ['include', 'exclude'] as const;
export type ZeroRows = (typeof ZERO_ROWS)[number];

/** The smallest b of the table of `op` with its b = 0 rows kept or left out. */
export function firstB(op: Op, bzero: ZeroRows = 'include'): number {
  return bzero === 'exclude' ? 1 : operation(op).firstB;
}

/** Number of equations in the table of `op` (mod p). */
export function equationCount(op: Op, p: number, bzero: ZeroRows = 'include'): number {
  const n = symbolCount(op, p);
  return n * (n - firstB(op, bzero));
}

/** Training-set size for a config: the first round(frac · N) equations of the shuffled table. */
export function trainCount(op: Op, p: number, frac: number, bzero: ZeroRows = 'include'): number {
  return Math.round(frac * equationCount(op, p, bzero));
}

/** Every pair (a, b) of the table, a-major. */
export function allPairs(op: Op, p: number, bzero: ZeroRows = 'include'): Array<[number, number]> {
  const n = symbolCount(op, p);
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < n; a++) for (let b = firstB(op, bzero); b < n; b++) pairs.push([a, b]);
  return pairs;
}

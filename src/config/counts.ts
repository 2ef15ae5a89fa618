import type { Op } from './schema';

/** Number of equations in the table of `op` mod p (div excludes b = 0). */
export function equationCount(op: Op, p: number): number {
  return op === 'div' ? p * (p - 1) : p * p;
}

/** Training-set size for a config: the first round(frac · N) equations of the shuffled table. */
export function trainCount(op: Op, p: number, frac: number): number {
  return Math.round(frac * equationCount(op, p));
}

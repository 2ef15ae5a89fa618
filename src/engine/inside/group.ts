// The cyclic group a Fourier view works over, per operation: the integers mod p under + and −, and the
// nonzero integers mod p under · and ÷ (the multiplicative group mod a prime is cyclic, of order p − 1,
// so listing its elements by their discrete logarithm g⁰, g¹, … turns · into + on the exponents and
// the same Fourier maths applies; Nanda et al. 2023 use a + b, this is its counterpart for a · b).
import { type Op, operation } from '../../config/operations';

export interface FourierGroup {
  /** 'additive': symbols 0…p−1 in their order; 'discrete-log': symbols 1…p−1 in the order g⁰, g¹, …. */
  kind: 'additive' | 'discrete-log';
  p: number;
  /** The group's order: p, or p − 1 (0 has no logarithm and is left out). */
  n: number;
  /** The generator g for 'discrete-log' (the smallest primitive root mod p); 1 for 'additive'. */
  generator: number;
  /** Position j of the group → the symbol there (j for 'additive', g^j mod p for 'discrete-log'). */
  order: Int32Array;
  /** Symbol → its position (its logarithm), −1 where it has none (0 under ·). Length p. */
  position: Int32Array;
  /** The answer's position is position(a) + sign · position(b) mod n: +1 for + and ·, −1 for − and ÷. */
  sign: 1 | -1;
  /** cos(2πm/n) and sin(2πm/n) for m = 0…n−1: every angle the transforms need, read as (k·j) mod n. */
  cos: Float64Array;
  sin: Float64Array;
}

/** Which ops have a group whose answer is position(a) ± position(b), and which sign. */
const GROUP_OPS: Partial<Record<Op, { kind: FourierGroup['kind']; sign: 1 | -1 }>> = {
  add: { kind: 'additive', sign: 1 },
  sub: { kind: 'additive', sign: -1 },
  mul: { kind: 'discrete-log', sign: 1 },
  div: { kind: 'discrete-log', sign: -1 },
};

/** Whether `op` has a group for the Fourier views and the progress measures (+, −, ·, ÷). */
export const hasFourierGroup = (op: Op): boolean => GROUP_OPS[op] !== undefined;

/** Why an op has no Fourier views (null when it has them). */
export function noFourierReason(op: Op): string | null {
  if (GROUP_OPS[op]) return null;
  if (operation(op).domain === 'S5')
    return 'the symbols are the permutations of S5, not numbers mod p, so they have no Fourier frequencies (a network that groks S5 uses its representations instead)';
  return `${operation(op).formula} is not a group operation on the numbers mod p (as a + b, or a · b on their logarithms), so a spectrum over them would not say what the network computes`;
}

/** The smallest primitive root mod the prime p: the g whose powers g⁰ … g^(p−2) are all of 1 … p−1. */
export function primitiveRoot(p: number): number {
  if (p === 2) return 1;
  const factors: number[] = [];
  let m = p - 1;
  for (let f = 2; f * f <= m; f++) {
    if (m % f === 0) factors.push(f);
    while (m % f === 0) m /= f;
  }
  if (m > 1) factors.push(m);
  for (let g = 2; g < p; g++) {
    if (factors.every((f) => powMod(g, (p - 1) / f, p) !== 1)) return g;
  }
  throw new Error(`no primitive root mod ${p}: p must be prime`);
}

function powMod(base: number, e: number, p: number): number {
  let result = 1;
  let b = base % p;
  while (e > 0) {
    if (e & 1) result = (result * b) % p;
    b = (b * b) % p;
    e = Math.floor(e / 2);
  }
  return result;
}

/** The group of `op` mod the prime p, or null when the op has none (noFourierReason says why). */
export function fourierGroup(op: Op, p: number): FourierGroup | null {
  const spec = GROUP_OPS[op];
  if (!spec) return null;
  const n = spec.kind === 'additive' ? p : p - 1;
  const generator = spec.kind === 'additive' ? 1 : primitiveRoot(p);
  const order = new Int32Array(n);
  const position = new Int32Array(p).fill(-1);
  let x = 1;
  for (let j = 0; j < n; j++) {
    const symbol = spec.kind === 'additive' ? j : x;
    order[j] = symbol;
    position[symbol] = j;
    x = (x * generator) % p;
  }
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    cos[m] = Math.cos((2 * Math.PI * m) / n);
    sin[m] = Math.sin((2 * Math.PI * m) / n);
  }
  return { kind: spec.kind, p, n, generator, order, position, sign: spec.sign, cos, sin };
}

/** The additive group of the integers mod p (any p ≥ 1), for the spectrum of embeddings in their order. */
export function additiveGroup(p: number): FourierGroup {
  return fourierGroup('add', p) as FourierGroup;
}

/** Position of the answer of (a, b) in the group, or −1 where a or b has no position (0 under ·). */
export function answerPosition(group: FourierGroup, a: number, b: number): number {
  const pa = group.position[a] as number;
  const pb = group.position[b] as number;
  if (pa < 0 || pb < 0) return -1;
  return (((pa + group.sign * pb) % group.n) + group.n) % group.n;
}

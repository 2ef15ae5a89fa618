// The task: every equation a ∘ b = c (mod p), as tokens [a, OP, b, EQ], split by a seeded shuffle.
import type { Op } from '../config/schema';
import { Random, STREAM } from './random';

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

const mod = (x: number, p: number): number => ((x % p) + p) % p;

export const OPERATIONS: Record<Op, (a: number, b: number, p: number) => number> = {
  add: (a, b, p) => mod(a + b, p),
  sub: (a, b, p) => mod(a - b, p),
  mul: (a, b, p) => mod(a * b, p),
  div: (a, b, p) => mod(a * modInverse(b, p), p),
  x2y2: (a, b, p) => mod(a * a + b * b, p),
  x2xyy2: (a, b, p) => mod(a * a + a * b + b * b, p),
  x3xy: (a, b, p) => mod(a * a * a + a * b, p),
};

export const SEQ_LEN = 4;

export interface Equations {
  /** Row-major [n, 4] tokens: a, OP (= p), b, EQ (= p + 1). */
  tokens: Int32Array;
  /** The answer c of each equation. */
  answers: Int32Array;
  count: number;
}

export interface TaskData {
  p: number;
  vocab: number;
  train: Equations;
  val: Equations;
}

/** Every pair (a, b), a-major, b ≠ 0 for div. */
export function allPairs(op: Op, p: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < p; a++) for (let b = op === 'div' ? 1 : 0; b < p; b++) pairs.push([a, b]);
  return pairs;
}

function encode(op: Op, p: number, pairs: Array<[number, number]>): Equations {
  const tokens = new Int32Array(pairs.length * SEQ_LEN);
  const answers = new Int32Array(pairs.length);
  const f = OPERATIONS[op];
  pairs.forEach(([a, b], i) => {
    tokens.set([a, p, b, p + 1], i * SEQ_LEN);
    answers[i] = f(a, b, p);
  });
  return { tokens, answers, count: pairs.length };
}

/** The seeded split: shuffle all equations; the first round(frac · N) train, the rest validate. */
export function makeTask(op: Op, p: number, frac: number, seed: number): TaskData {
  const pairs = allPairs(op, p);
  new Random(seed, STREAM.split).shuffle(pairs);
  const nTrain = Math.round(frac * pairs.length);
  return {
    p,
    vocab: p + 2,
    train: encode(op, p, pairs.slice(0, nTrain)),
    val: encode(op, p, pairs.slice(nTrain)),
  };
}

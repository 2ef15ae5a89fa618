// The task: every equation a ∘ b = c (mod p), as tokens [a, OP, b, EQ], split by a seeded shuffle.
import { allPairs, type Op, OPERATIONS } from '../config/operations';
import { Random, STREAM } from './random';

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

function encode(op: Op, p: number, pairs: Array<[number, number]>): Equations {
  const tokens = new Int32Array(pairs.length * SEQ_LEN);
  const answers = new Int32Array(pairs.length);
  const { compute } = OPERATIONS[op];
  pairs.forEach(([a, b], i) => {
    tokens.set([a, p, b, p + 1], i * SEQ_LEN);
    answers[i] = compute(a, b, p);
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

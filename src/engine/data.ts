// The task: every equation a ∘ b = c (mod p, or in S5), as tokens [a, OP, b, EQ], split by a seeded
// shuffle. The symbols 0…n−1 are their own tokens (n = p, or 120 for S5); OP is n and EQ n + 1.
import { allPairs, type Op, OPERATIONS, symbolCount, type ZeroRows } from '../config/operations';
import { Random, STREAM } from './random';

/** The arithmetic task's sequence length: [a, OP, b, EQ]. Other data says its own (Equations.seqLen). */
export const SEQ_LEN = 4;

export interface Equations {
  /** Row-major [count, seqLen] tokens; the arithmetic task's: a, OP (= n), b, EQ (= n + 1). */
  tokens: Int32Array;
  /** The answer c of each equation. */
  answers: Int32Array;
  count: number;
  /** Tokens per row: 4 (the arithmetic task, the reasoning tasks' lab format) or 6 (comparison, format=paper). */
  seqLen: number;
  /** Where each answer is read (a position 0…seqLen−1); absent: at the last position. */
  readAt?: Uint8Array;
  /**
   * The end token (the paper's `</a>`), a second target of every row, predicted at the position after
   * the answer's (the answer is in the input there: teacher forcing); needs `readAt`. The loss is then
   * the mean over both targets; absent: the loss is on the answer alone.
   */
  end?: number;
}

export interface TaskData {
  /** The number of symbols n: p, or 120 for S5 (the answer grid is n × n). */
  p: number;
  vocab: number;
  train: Equations;
  val: Equations;
}

function encode(op: Op, n: number, pairs: Array<[number, number]>): Equations {
  const tokens = new Int32Array(pairs.length * SEQ_LEN);
  const answers = new Int32Array(pairs.length);
  const { compute } = OPERATIONS[op];
  pairs.forEach(([a, b], i) => {
    tokens.set([a, n, b, n + 1], i * SEQ_LEN);
    answers[i] = compute(a, b, n);
  });
  return { tokens, answers, count: pairs.length, seqLen: SEQ_LEN };
}

/**
 * The seeded split: shuffle all equations (the b = 0 rows left out with `bzero` exclude); the first
 * round(frac · N) train, the rest validate.
 */
export function makeTask(op: Op, p: number, frac: number, seed: number, bzero: ZeroRows = 'include'): TaskData {
  const pairs = allPairs(op, p, bzero);
  new Random(seed, STREAM.split).shuffle(pairs);
  const nTrain = Math.round(frac * pairs.length);
  const n = symbolCount(op, p);
  return {
    p: n,
    vocab: n + 2,
    train: encode(op, n, pairs.slice(0, nTrain)),
    val: encode(op, n, pairs.slice(nTrain)),
  };
}

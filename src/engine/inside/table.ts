// The whole table of a task, kept on the device for the inside views: every equation a ∘ b, which
// split it is in and its answer, indexed by cell a·p + b.
import * as tf from '@tensorflow/tfjs-core';
import { allPairs, type Op } from '../../config/operations';
import { type Equations, SEQ_LEN, type TaskData } from '../data';

/** Rows per forward pass over the table (bounds the memory of one pass). */
export const TABLE_CHUNK = 4096;

export interface AnswerTable {
  p: number;
  /** Cell a·p + b of each equation, in the order of `chunks`. */
  cells: Int32Array;
  /** Per cell: 1 training, 2 validation, 0 no equation. */
  split: Uint8Array;
  /** Per cell: the true answer, −1 where there is no equation. */
  answer: Int16Array;
  /** The equations' tokens, TABLE_CHUNK rows at a time. */
  chunks: tf.Tensor2D[];
}

export function answerTable(op: Op, task: TaskData): AnswerTable {
  const { p } = task;
  const split = new Uint8Array(p * p);
  const answer = new Int16Array(p * p).fill(-1);
  const mark = (eq: Equations, kind: number) => {
    for (let i = 0; i < eq.count; i++) {
      const cell = (eq.tokens[i * SEQ_LEN] as number) * p + (eq.tokens[i * SEQ_LEN + 2] as number);
      split[cell] = kind;
      answer[cell] = eq.answers[i] as number;
    }
  };
  mark(task.train, 1);
  mark(task.val, 2);
  const pairs = allPairs(op, p);
  const tokens = new Int32Array(pairs.length * SEQ_LEN);
  pairs.forEach(([a, b], i) => tokens.set([a, p, b, p + 1], i * SEQ_LEN));
  const chunks: tf.Tensor2D[] = [];
  for (let i = 0; i < pairs.length; i += TABLE_CHUNK) {
    const to = Math.min(pairs.length, i + TABLE_CHUNK);
    chunks.push(tf.tensor2d(tokens.subarray(i * SEQ_LEN, to * SEQ_LEN), [to - i, SEQ_LEN], 'int32'));
  }
  return { p, cells: Int32Array.from(pairs, ([a, b]) => a * p + b), split, answer, chunks };
}

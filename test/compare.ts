// Comparing two tensors in tests of a fast path against the plain composition.
import type * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Largest |a − b| relative to the largest |b| (so values near zero do not inflate it). */
export async function maxRelDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = await Promise.all([a.data(), b.data()]);
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs((x[i] as number) - (y[i] as number)));
    scale = Math.max(scale, Math.abs(y[i] as number));
  }
  return diff / scale;
}

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

/**
 * Largest difference between two changes, a1 − a0 and b1 − b0, relative to the largest |b1 − b0|:
 * where the change is small beside the values (an optimizer step beside the parameters), an error
 * in it shows here long before it does in maxRelDiff(a1, b1). Differences are taken in float64.
 */
export async function maxRelDiffOfChange(a1: tf.Tensor, a0: tf.Tensor, b1: tf.Tensor, b0: tf.Tensor): Promise<number> {
  expect(a1.shape).toEqual(b1.shape);
  const [x1, x0, y1, y0] = await Promise.all([a1.data(), a0.data(), b1.data(), b0.data()]);
  let diff = 0;
  let scale = 1e-30;
  for (let i = 0; i < y1.length; i++) {
    const da = (x1[i] as number) - (x0[i] as number);
    const db = (y1[i] as number) - (y0[i] as number);
    diff = Math.max(diff, Math.abs(da - db));
    scale = Math.max(scale, Math.abs(db));
  }
  return diff / scale;
}

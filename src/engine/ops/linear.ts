// y = x·W (+ b), with its gradient written out so that every product in it is one the backend runs
// fast (see products.ts): dx = dy·Wᵀ, dW = xᵀ·dy, db = the sum of dy's rows.
import * as tf from '@tensorflow/tfjs-core';
import { withGradient } from './custom-grad';
import { mmNT, mmTN, sumRows } from './products';

const withBias = withGradient<tf.Tensor2D>(([x, w, b], save) => {
  save([x as tf.Tensor, w as tf.Tensor]);
  return {
    value: tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b }) as tf.Tensor2D,
    gradFunc: (dy, [xs, ws]) => [mmNT(dy, ws as tf.Tensor2D), mmTN(xs as tf.Tensor2D, dy), sumRows(dy)],
  };
});

const withoutBias = withGradient<tf.Tensor2D>(([x, w], save) => {
  save([x as tf.Tensor, w as tf.Tensor]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy, [xs, ws]) => [mmNT(dy, ws as tf.Tensor2D), mmTN(xs as tf.Tensor2D, dy)],
  };
});

/** x [M, K] · w [K, N] + b [N]. */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  return b ? withBias(x, w, b) : withoutBias(x, w);
}

// Token + learned position embeddings, x = E[token] + P[position], as [B·T, d]: one product of a
// two-hot matrix H [B·T, V+T] (a one at the token, another at V + position) with [E; P]. A gather
// would do the forward pass, but its gradient (UnsortedSegmentSum) is missing on wasm. The gradient
// is one product too: [dE; dP] = Hᵀ·dx. The products are exact apart from the one rounding of E + P.
import * as tf from '@tensorflow/tfjs-core';
import { withGradient } from './custom-grad';
import { mmTN } from './products';

/**
 * One-hot rows as float32. Built as int32 and cast: the wasm backend's OneHot kernel ignores the
 * dtype argument and writes int32 bits into a float32 tensor (tfjs 4.22).
 */
export function oneHotFloat(indices: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.oneHot(indices, depth).cast<tf.Tensor2D>('float32');
}

/** H [B·T, V+T] for int32 tokens [B, T]: row b·T + t has ones at tokens[b, t] and at V + t. */
function twoHot(tokens: tf.Tensor2D, vocab: number): tf.Tensor2D {
  const [B, T] = tokens.shape;
  const positions = tf.tensor1d(
    Int32Array.from({ length: B * T }, (_, i) => vocab + (i % T)),
    'int32',
  );
  const depth = vocab + T;
  return tf
    .oneHot(tokens.reshape([B * T]), depth)
    .add(tf.oneHot(positions, depth))
    .cast<tf.Tensor2D>('float32');
}

/** Embeddings [B·T, d] of int32 tokens [B, T]. */
export function embed(tokens: tf.Tensor2D, tokEmb: tf.Tensor2D, posEmb: tf.Tensor2D): tf.Tensor2D {
  const vocab = tokEmb.shape[0];
  const op = withGradient<tf.Tensor2D>(([e, p], save) => {
    const h = twoHot(tokens, vocab);
    save([h]);
    return {
      value: tf.matMul(h, tf.concat([e as tf.Tensor2D, p as tf.Tensor2D])),
      gradFunc: (dy, [hs]) => tf.split(mmTN(hs as tf.Tensor2D, dy), [vocab, posEmb.shape[0]]),
    };
  });
  return op(tokEmb, posEmb);
}

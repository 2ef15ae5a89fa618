// The operations the Transformer is built from. FAST_OPS writes out the gradient of each one (but the
// loss, which keeps tfjs's own) so that every product and reduction takes the backend's fast path;
// PLAIN_OPS is the same maths as plain tfjs compositions, the reference the fast ones are held to
// (test/ops.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { attention, attentionMaps, type AttentionShape } from './attention';
import { embed } from './embedding';
import { gelu } from './gelu';
import { layerNorm } from './layer-norm';
import { linear } from './linear';
import { crossEntropy, PLAIN_OPS } from './plain';

export type { AttentionShape } from './attention';
export { causalMask } from './attention';
export { oneHotFloat } from './embedding';
export { PLAIN_OPS } from './plain';

export interface ModelOps {
  /** Token + position embeddings [B·T, d] of int32 tokens [B, T]. */
  embed(tokens: tf.Tensor2D, tokEmb: tf.Tensor2D, posEmb: tf.Tensor2D): tf.Tensor2D;
  layerNorm(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor2D;
  /** x [M, K] · w [K, N] (+ b [N]). */
  linear(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D;
  gelu(x: tf.Tensor2D): tf.Tensor2D;
  /** Attended values [B·rows, d] from qkv [B·T, 3d]; rows = 1 (the last position) when lastOnly. */
  attention(qkv: tf.Tensor2D, s: AttentionShape, mask: tf.Tensor2D, lastOnly: boolean): tf.Tensor2D;
  /** Attention probabilities [B, H, T, T] (for the views; no gradient needed). */
  attentionMaps(qkv: tf.Tensor2D, s: AttentionShape, mask: tf.Tensor2D): tf.Tensor4D;
  /** Mean cross-entropy of logits [B, V] against one-hot targets [B, V]. */
  crossEntropy(logits: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar;
}

export const FAST_OPS: ModelOps = { embed, layerNorm, linear, gelu, attention, attentionMaps, crossEntropy };

/**
 * The operations for the active backend: the fast ones, but on tfjs's plain-JavaScript cpu backend,
 * where the plain compositions measured faster (small preset: 70 vs 91 ms per step).
 */
export function opsForBackend(): ModelOps {
  return tf.getBackend() === 'cpu' ? PLAIN_OPS : FAST_OPS;
}

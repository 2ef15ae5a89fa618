// The same operations as plain tfjs compositions, differentiated by tfjs's own gradients: the
// reference the fast operations are tested against (test/ops.test.ts), and a fallback to compare
// speeds with (npm run bench -- --ops plain).
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionShape } from './attention';
import { oneHotFloat } from './embedding';
import { LN_EPS } from './layer-norm';
import type { ModelOps } from './index';

function attend(
  qkv: tf.Tensor2D,
  { batch: B, seqLen: T, heads: H }: AttentionShape,
  mask: tf.Tensor2D,
  lastOnly: boolean,
) {
  const dh = qkv.shape[1] / (3 * H);
  const all = qkv.reshape([B, T, 3, H, dh]).transpose([2, 0, 3, 1, 4]); // [3, B, H, T, dh]
  const [qAll, k, v] = tf.unstack(all) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  const q = lastOnly ? qAll.slice([0, 0, T - 1, 0], [B, H, 1, dh]) : qAll;
  let scores = tf.matMul(q.mul(1 / Math.sqrt(dh)), k, false, true); // [B, H, rows, T]
  if (!lastOnly) scores = scores.add(mask);
  const probs = tf.softmax(scores) as tf.Tensor4D;
  return { probs, v };
}

/**
 * Mean cross-entropy with tfjs's own gradient, on every backend. A written-out gradient,
 * (softmax − target)/B, saved nothing measurable, and on WebGL it gave the output layer an infinite
 * weight gradient from the second step on (tfjs-webgl 4.22; the cause was not found).
 */
export function crossEntropy(logits: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  return tf.logSoftmax(logits).mul(target).sum().div(-logits.shape[0]);
}

export const PLAIN_OPS: ModelOps = {
  embed(tokens, tokEmb, posEmb) {
    const [B, T] = tokens.shape;
    const [vocab, d] = tokEmb.shape;
    const oneHot = oneHotFloat(tokens.reshape([B * T]), vocab);
    return tf
      .matMul(oneHot, tokEmb)
      .reshape([B, T, d])
      .add(posEmb)
      .reshape([B * T, d]);
  },
  layerNorm(x, g, b) {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).mul(variance.add(LN_EPS).rsqrt()).mul(g).add(b);
  },
  linear(x, w, b) {
    return tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D;
  },
  gelu(x) {
    return x.mul(tf.erf(x.mul(Math.SQRT1_2)).add(1)).mul(0.5);
  },
  attention(qkv, s, mask, lastOnly) {
    const { probs, v } = attend(qkv, s, mask, lastOnly);
    const rows = probs.shape[2];
    const d = qkv.shape[1] / 3;
    return tf
      .matMul(probs, v)
      .transpose([0, 2, 1, 3])
      .reshape([s.batch * rows, d]);
  },
  attentionMaps(qkv, s, mask) {
    return attend(qkv, s, mask, false).probs;
  },
  crossEntropy,
};

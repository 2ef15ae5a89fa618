// Causal multi-head self-attention on the joint q/k/v projection, with its gradient written out.
//
// Layout: qkv [B·T, 3·d] holds q, k and v side by side, each split into H heads of dh = d/H columns.
// One rank-4 transpose brings the heads forward ([B, 3H, T, dh]); tfjs-wasm's rank-5 transpose
// (which the plain composition needs) is dozens of times slower. The products inside are per
// (row, head) pairs of T × dh matrices: small at T = 4, whatever path they take.
import * as tf from '@tensorflow/tfjs-core';
import { fusedKernels, runFused } from '../kernels/fused';
import { withGradient } from './custom-grad';

export interface AttentionShape {
  batch: number;
  seqLen: number;
  heads: number;
}

/** qkv [B·T, 3d] → q, k, v, each [B·H, T, dh]. */
function splitHeads(qkv: tf.Tensor2D, { batch: B, seqLen: T, heads: H }: AttentionShape): tf.Tensor3D[] {
  const dh = qkv.shape[1] / (3 * H);
  const heads = qkv.reshape([B, T, 3 * H, dh]).transpose([0, 2, 1, 3]); // [B, 3H, T, dh]
  return tf.split(heads, 3, 1).map((t) => t.reshape<tf.Tensor3D>([B * H, T, dh]));
}

/** [B·H, rows, dh] → [B·rows, H·dh]. */
export function mergeHeads(o: tf.Tensor3D, B: number, H: number): tf.Tensor2D {
  const [, rows, dh] = o.shape;
  return o
    .reshape([B, H, rows, dh])
    .transpose([0, 2, 1, 3])
    .reshape<tf.Tensor2D>([B * rows, H * dh]);
}

/** [B·rows, H·dh] → [B·H, rows, dh]. */
function splitRows(y: tf.Tensor2D, B: number, H: number): tf.Tensor3D {
  const rows = y.shape[0] / B;
  const dh = y.shape[1] / H;
  return y
    .reshape([B, rows, H, dh])
    .transpose([0, 2, 1, 3])
    .reshape<tf.Tensor3D>([B * H, rows, dh]);
}

/** Additive causal mask [T, T]: 0 on and below the diagonal, −1e9 above. */
export function causalMask(T: number): tf.Tensor2D {
  const m = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[i * T + j] = -1e9;
  return tf.tensor2d(m, [T, T]);
}

/**
 * The attention probabilities [B·H, rows, T] and the value rows: rows = T, or only the last
 * position when `lastOnly` (it may see every position, so it needs no mask).
 */
export function attentionProbabilities(qkv: tf.Tensor2D, s: AttentionShape, mask: tf.Tensor2D, lastOnly: boolean) {
  const [qAll, k, v] = splitHeads(qkv, s) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const [BH, T, dh] = qAll.shape;
  // q is scaled before the product, as in the plain composition: the same bits.
  const q = (lastOnly ? qAll.slice([0, T - 1, 0], [BH, 1, dh]) : qAll).mul<tf.Tensor3D>(1 / Math.sqrt(dh));
  const scores = tf.matMul(q, k, false, true); // [B·H, rows, T]
  const probs = tf.softmax(lastOnly ? scores : scores.add(mask)) as tf.Tensor3D;
  return { q, k, v, probs };
}

/** Each head's attention probabilities [B, H, T, T] for every position (no gradient). */
export function attentionMaps(qkv: tf.Tensor2D, s: AttentionShape, mask: tf.Tensor2D): tf.Tensor4D {
  const { probs } = attentionProbabilities(qkv, s, mask, false);
  return probs.reshape<tf.Tensor4D>([s.batch, s.heads, s.seqLen, s.seqLen]);
}

/**
 * The attended values [B·rows, d] (before the output projection) for qkv [B·T, 3d]: every position,
 * or only the last one when `lastOnly`.
 */
export function attention(qkv: tf.Tensor2D, s: AttentionShape, mask: tf.Tensor2D, lastOnly: boolean): tf.Tensor2D {
  const op = withGradient<tf.Tensor2D>(([x], save) => {
    const { q, k, v, probs } = attentionProbabilities(x as tf.Tensor2D, s, mask, lastOnly);
    save([q, k, v, probs]);
    return {
      value: mergeHeads(tf.matMul(probs, v), s.batch, s.heads),
      gradFunc: (dy, saved) => {
        const [qs, ks, vs, p] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
        const [BH, rows, dh] = qs.shape;
        const dO = splitRows(dy, s.batch, s.heads); // [B·H, rows, dh]
        const dP = tf.matMul(dO, vs, false, true); // [B·H, rows, T]
        const dv = tf.matMul(p, dO, true, false); // [B·H, T, dh]
        // d scores: the softmax gradient, p·(dP − Σ dP·p) per row
        const dS = fusedKernels()
          ? runFused('GrokSoftmaxGrad', { probs: p, dp: dP })
          : p.mul(dP.sub(dP.mul(p).sum(-1, true)));
        let dq = tf.matMul(dS, ks).mul(1 / Math.sqrt(dh)); // [B·H, rows, dh]
        const dk = tf.matMul(dS, qs, true, false); // [B·H, T, dh] (qs is already scaled)
        const T = s.seqLen;
        if (rows < T) dq = tf.concat([tf.zeros([BH, T - rows, dh]), dq], 1);
        const heads = [dq, dk, dv].map((t) => t.reshape([s.batch, s.heads, T, dh]));
        const dqkv = tf
          .concat(heads, 1)
          .transpose([0, 2, 1, 3])
          .reshape([s.batch * T, 3 * s.heads * dh]);
        return [dqkv];
      },
    };
  });
  return op(qkv);
}

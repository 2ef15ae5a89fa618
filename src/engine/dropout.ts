// Dropout for training (the `dropout` key): inverted dropout, each kept value scaled by 1/(1 − rate),
// where GPT-2 has it (see Transformer.forward). The masks are drawn on the CPU from the run's seed and
// the step alone, so a run is the same on every backend, in whatever chunks it is trained, and after a
// checkpoint is restored (the step is in the checkpoint; no generator state to carry).
import * as tf from '@tensorflow/tfjs-core';
import { type AttentionShape, attentionProbabilities, mergeHeads } from './ops/attention';
import { Random, STREAM } from './random';

export class Dropout {
  private readonly rng: Random;
  private readonly scale: number;

  /** The masks of optimizer step `step` (from 1) of the run with `seed`. */
  constructor(
    readonly rate: number,
    seed: number,
    step: number,
  ) {
    if (!(rate > 0 && rate < 1)) throw new Error(`dropout: ${rate} is not a rate above 0 and below 1`);
    // One generator per step: the seed and the step mixed (Random mixes its seed again).
    this.rng = new Random((seed ^ Math.imul(step, 0x9e3779b1)) | 0, STREAM.dropout);
    this.scale = 1 / (1 - rate);
  }

  /** A mask of x's shape: 0 where a value is dropped, 1/(1 − rate) where it is kept. */
  mask(shape: readonly number[]): tf.Tensor {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = this.rng.uniform() < this.rate ? 0 : this.scale;
    return tf.tensor(values, [...shape]);
  }

  /** x with this step's next mask applied. */
  apply<X extends tf.Tensor>(x: X): X {
    return x.mul(this.mask(x.shape));
  }

  /**
   * Causal attention as ops.attention computes it, with dropout on the attention probabilities (GPT-2's
   * attn_dropout), written as plain tfjs operations and differentiated by tfjs: a path for training with
   * dropout only, so the fused kernels of dropout 0 stay as they are.
   */
  attention(qkv: tf.Tensor2D, s: AttentionShape, causal: tf.Tensor2D, lastOnly: boolean): tf.Tensor2D {
    const { probs, v } = attentionProbabilities(qkv, s, causal, lastOnly);
    return mergeHeads(tf.matMul(this.apply(probs), v), s.batch, s.heads);
  }
}

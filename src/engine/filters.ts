// Grokfast gradient filters (Lee et al. 2024): after backward, before the optimizer step, the
// gradient g becomes g + λ·ĝ, where ĝ is a low-pass filter of past gradients. They work on the flat
// gradient vector and keep their own copies of what they hold.
import * as tf from '@tensorflow/tfjs-core';
import type { FilterName } from '../config/schema';

export interface FilterSettings {
  alpha: number;
  lambda: number;
  window: number;
}

export interface GradFilter {
  readonly name: FilterName;
  /** The filtered gradient; `grad` itself is left alone (the caller owns it). */
  apply(grad: tf.Tensor1D, s: FilterSettings): tf.Tensor1D;
  /** Number of past gradients this filter holds (EMA: 0 or 1; MA: up to the window). */
  readonly held: number;
  /** What it holds, read back from the backend, to resume it elsewhere (see setState). */
  getState(): Promise<FilterState>;
  setState(state: FilterState): void;
  dispose(): void;
}

export interface FilterState {
  name: FilterName;
  /** EMA: the slow gradient (if any); MA: the held gradients, oldest first. */
  held: Float32Array[];
  /** MA: its running sum and the steps since it was last recomputed exactly. */
  sum?: { value: Float32Array; sinceExact: number };
}

async function readAll(tensors: readonly tf.Tensor1D[]): Promise<Float32Array[]> {
  return (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
}

function checkName(state: FilterState, name: FilterName): void {
  if (state.name !== name) throw new Error(`filter state is for ${state.name}, not ${name}`);
}

export class NoFilter implements GradFilter {
  readonly name = 'none';
  readonly held = 0;
  apply(grad: tf.Tensor1D): tf.Tensor1D {
    return grad;
  }
  getState(): Promise<FilterState> {
    return Promise.resolve({ name: 'none', held: [] });
  }
  setState(state: FilterState): void {
    checkName(state, 'none');
  }
  dispose(): void {}
}

/** EMA: ĝ ← α·ĝ + (1−α)·g, with ĝ starting as the first gradient, so the first output is (1+λ)·g₀. */
export class EmaFilter implements GradFilter {
  readonly name = 'ema';
  private avg: tf.Tensor1D | null = null;

  get held(): number {
    return this.avg ? 1 : 0;
  }

  apply(grad: tf.Tensor1D, s: FilterSettings): tf.Tensor1D {
    const avg = tf.keep(
      this.avg === null
        ? grad.clone()
        : tf.tidy(() => (this.avg as tf.Tensor1D).mul(s.alpha).add<tf.Tensor1D>(grad.mul(1 - s.alpha))),
    );
    this.avg?.dispose();
    this.avg = avg;
    return s.lambda === 0 ? grad : tf.tidy(() => grad.add<tf.Tensor1D>(avg.mul(s.lambda)));
  }

  async getState(): Promise<FilterState> {
    return { name: 'ema', held: await readAll(this.avg ? [this.avg] : []) };
  }
  setState(state: FilterState): void {
    checkName(state, 'ema');
    this.dispose();
    const avg = state.held[0];
    this.avg = avg ? tf.keep(tf.tensor1d(avg)) : null;
  }
  /** The current slow gradient ĝ, for tests and inspection. */
  get slow(): tf.Tensor1D | null {
    return this.avg;
  }

  /** Takes `avg` as ĝ (kept): the fused WebGPU step (Adam.updateFused) computes it there. */
  replaceSlow(avg: tf.Tensor1D): void {
    this.avg?.dispose();
    this.avg = tf.keep(avg);
  }

  dispose(): void {
    this.avg?.dispose();
    this.avg = null;
  }
}

/**
 * MA: the mean of the last `window` raw gradients, the current one included; the gradient is only
 * changed once `window` of them are held. A running sum keeps the cost at a few kernels a step; it
 * is recomputed from the held gradients every `window` steps so float error cannot build up.
 */
export class MaFilter implements GradFilter {
  readonly name = 'ma';
  private queue: tf.Tensor1D[] = [];
  private sum: tf.Tensor1D | null = null;
  private sinceExact = 0;

  get held(): number {
    return this.queue.length;
  }

  apply(grad: tf.Tensor1D, s: FilterSettings): tf.Tensor1D {
    this.queue.push(tf.keep(grad.clone()));
    const dropped: tf.Tensor1D[] = [];
    while (this.queue.length > s.window) dropped.push(this.queue.shift() as tf.Tensor1D);
    this.sinceExact += 1;
    let sum: tf.Tensor1D;
    if (this.sum === null || this.sinceExact >= s.window || dropped.length > 1) {
      // Starting from a clone: the sum must never be one of the held tensors themselves.
      sum = tf.tidy(() =>
        this.queue.slice(1).reduce<tf.Tensor1D>((acc, g) => acc.add(g), (this.queue[0] as tf.Tensor1D).clone()),
      );
      this.sinceExact = 0;
    } else {
      sum = tf.tidy(() => {
        let next = (this.sum as tf.Tensor1D).add<tf.Tensor1D>(grad);
        for (const d of dropped) next = next.sub(d);
        return next;
      });
    }
    tf.keep(sum);
    this.sum?.dispose();
    this.sum = sum;
    for (const d of dropped) d.dispose();
    if (this.queue.length < s.window || s.lambda === 0) return grad;
    return tf.tidy(() => grad.add<tf.Tensor1D>(sum.mul(s.lambda / s.window)));
  }

  async getState(): Promise<FilterState> {
    const held = await readAll(this.queue);
    if (!this.sum) return { name: 'ma', held };
    return { name: 'ma', held, sum: { value: (await this.sum.data()) as Float32Array, sinceExact: this.sinceExact } };
  }
  setState(state: FilterState): void {
    checkName(state, 'ma');
    this.dispose();
    this.queue = state.held.map((g) => tf.keep(tf.tensor1d(g)));
    this.sum = state.sum ? tf.keep(tf.tensor1d(state.sum.value)) : null;
    this.sinceExact = state.sum?.sinceExact ?? 0;
  }
  dispose(): void {
    for (const g of this.queue) g.dispose();
    this.queue = [];
    this.sum?.dispose();
    this.sum = null;
  }
}

export function createFilter(name: FilterName): GradFilter {
  switch (name) {
    case 'none':
      return new NoFilter();
    case 'ema':
      return new EmaFilter();
    case 'ma':
      return new MaFilter();
  }
}

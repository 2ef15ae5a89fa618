// Adam with coupled L2 weight decay (PyTorch's Adam(weight_decay=wd), the Grokfast paper's code) or
// decoupled weight decay (AdamW, Power et al.), on all parameters flattened into one vector: one
// set of kernels per step instead of one per parameter tensor. tfjs has no AdamW, hence this file.
import * as tf from '@tensorflow/tfjs-core';
import type { DecayName, FirstLr, OptimizerName } from '../config/schema';
import { ADAM_HYPER, runFused } from './kernels/fused';

export const ADAM_EPS = 1e-8;

export interface AdamSettings {
  kind: OptimizerName;
  beta1: number;
  beta2: number;
}

/**
 * Learning rate at 1-based step t: linear warmup to lr over `warmup` steps. `firstLr` warmup (the lab's)
 * gives step 1 lr/warmup; zero (the Grokfast code's LambdaLR, `update / 10` with the update count
 * starting at 0) gives step 1 learning rate 0 and step 2 lr/warmup, reaching lr one step later.
 */
export function warmupLr(lr: number, warmup: number, t: number, firstLr: FirstLr = 'warmup'): number {
  const counted = firstLr === 'zero' ? t - 1 : t;
  return warmup > 0 ? lr * Math.min(1, counted / warmup) : lr;
}

/**
 * Whether a parameter (by its name in src/engine/model.ts) is exempt from weight decay under
 * `decay=matrices`: biases and LayerNorm gains and biases, as the Wang et al. code groups GPT-2's
 * parameters (simpletransformers, `no_decay = ["bias", "LayerNorm.weight", "ln"]` matched in the names:
 * every bias and every parameter of ln_1, ln_2, ln_f). Embeddings, the attention and MLP weights and
 * the output layer are decayed.
 */
export function exemptFromDecay(name: string): boolean {
  const parts = name.split('.');
  const module = parts.at(-2) ?? ''; // ln1, ln2, lnF, attn, mlp; none for the embeddings and head
  const param = parts.at(-1) ?? ''; // a bias's name starts with b: b, bqkv, bo, b1, b2
  return module.startsWith('ln') || param.startsWith('b');
}

/**
 * The flat 0/1 mask of the parameters weight decay applies to (in the order of `names`, each of
 * `sizes[i]` numbers), or null for `all`: every parameter, the lab's default, which keeps the update
 * exactly as it was before the key existed.
 */
export function decayMask(decay: DecayName, names: readonly string[], sizes: readonly number[]): Float32Array | null {
  if (decay === 'all') return null;
  const mask = new Float32Array(sizes.reduce((a, b) => a + b, 0));
  let at = 0;
  names.forEach((name, i) => {
    const size = sizes[i] as number;
    if (!exemptFromDecay(name)) mask.fill(1, at, at + size);
    at += size;
  });
  return mask;
}

/** PyTorch's clip_grad_norm_ adds this to the norm before dividing by it. */
export const CLIP_EPS = 1e-6;

/**
 * The gradient scaled so that its global L2 norm is at most `maxNorm` (PyTorch's clip_grad_norm_, as
 * HF's Trainer calls it with max_grad_norm: g · min(1, maxNorm / (‖g‖ + 10⁻⁶))); a gradient within
 * the bound is multiplied by exactly 1. Call inside tidy.
 */
export function clipGlobalNorm(g: tf.Tensor1D, maxNorm: number): tf.Tensor1D {
  const coef = tf.minimum(tf.scalar(1), tf.scalar(maxNorm).div(g.norm().add(CLIP_EPS)));
  return g.mul(coef);
}

export class Adam {
  private m: tf.Tensor1D;
  private v: tf.Tensor1D;
  /** Number of updates taken so far. */
  t = 0;

  constructor(
    size: number,
    readonly settings: AdamSettings,
  ) {
    this.m = tf.keep(tf.zeros([size]));
    this.v = tf.keep(tf.zeros([size]));
  }

  /**
   * One update of the flat parameters `theta` with gradient `grad` (already filtered): returns the
   * new parameters. For `adam` the L2 term wd·θ is added to the gradient here, after the Grokfast
   * filter, as in the paper's code; for `adamw` θ shrinks by lr·wd before the Adam step. `decayed`
   * (the 0/1 mask of decayMask) limits the decay to the parameters it marks; absent, every one.
   */
  update(theta: tf.Tensor1D, grad: tf.Tensor1D, lr: number, wd: number, decayed?: tf.Tensor1D): tf.Tensor1D {
    const { kind, beta1, beta2 } = this.settings;
    this.t += 1;
    const next = tf.tidy(() => {
      // θ where it decays: the whole of θ without a mask (the same bits as before masks existed).
      const decaying = () => (decayed ? theta.mul(decayed) : theta);
      const g = kind === 'adam' && wd > 0 ? grad.add(decaying().mul(wd)) : grad;
      const m = this.m.mul(beta1).add<tf.Tensor1D>(g.mul(1 - beta1));
      const v = this.v.mul(beta2).add<tf.Tensor1D>(g.square().mul(1 - beta2));
      const bc1 = 1 - beta1 ** this.t;
      const bc2 = 1 - beta2 ** this.t;
      const denom = v
        .sqrt()
        .mul(1 / Math.sqrt(bc2))
        .add(ADAM_EPS);
      const base =
        kind === 'adamw' && wd > 0 ? (decayed ? theta.sub(decaying().mul(lr * wd)) : theta.mul(1 - lr * wd)) : theta;
      const theta2 = base.sub<tf.Tensor1D>(m.div(denom).mul(lr / bc1));
      return { m, v, theta2 };
    });
    this.m.dispose();
    this.v.dispose();
    // Kept: this may run inside the caller's tidy, which must not take the state with it.
    this.m = tf.keep(next.m);
    this.v = tf.keep(next.v);
    return next.theta2;
  }

  /**
   * Takes a step's count (t + 1) and returns the numbers of that fused step (ADAM_HYPER's order):
   * the input `hyper` of GrokAdamStep. `ema`: whether the slow gradient exists yet (false on the
   * filter's first step), α and λ; null for no filter.
   */
  nextHyper(lr: number, wd: number, ema: { hasSlow: boolean; alpha: number; lambda: number } | null): Float32Array {
    const { kind, beta1, beta2 } = this.settings;
    this.t += 1;
    const bc1 = 1 - beta1 ** this.t;
    const bc2 = 1 - beta2 ** this.t;
    const values: Record<(typeof ADAM_HYPER)[number], number> = {
      firstSlow: ema && !ema.hasSlow ? 1 : 0,
      useSlow: ema && ema.lambda !== 0 ? 1 : 0,
      alpha: ema?.alpha ?? 0,
      oneMinusAlpha: 1 - (ema?.alpha ?? 0),
      lambda: ema?.lambda ?? 0,
      coupledWd: kind === 'adam' && wd > 0 ? wd : 0,
      beta1,
      oneMinusBeta1: 1 - beta1,
      beta2,
      oneMinusBeta2: 1 - beta2,
      invSqrtBc2: 1 / Math.sqrt(bc2),
      eps: ADAM_EPS,
      decay: kind === 'adamw' && wd > 0 ? 1 - lr * wd : 1,
      stepSize: lr / bc1,
    };
    return Float32Array.from(ADAM_HYPER, (name) => values[name]);
  }

  /**
   * The same update with the Grokfast-EMA filter folded in (`ema`: its slow gradient ĝ, null before
   * the first step, and α, λ; null for no filter), as the fused WebGPU kernel GrokAdamStep: four
   * passes (ĝ, m, v, θ) instead of about seventeen kernels. Returns the new θ and ĝ, and the step's
   * `hyper` input (a tensor the caller disposes; the step replay writes new numbers into it). WebGPU only.
   */
  updateFused(
    theta: tf.Tensor1D,
    grad: tf.Tensor1D,
    lr: number,
    wd: number,
    ema: { slow: tf.Tensor1D | null; alpha: number; lambda: number } | null,
  ): { theta: tf.Tensor1D; slow: tf.Tensor1D | null; hyper: tf.Tensor1D } {
    const hyper = tf.tensor1d(
      this.nextHyper(lr, wd, ema && { hasSlow: ema.slow !== null, alpha: ema.alpha, lambda: ema.lambda }),
    );
    const inputs = { theta, grad, m: this.m, v: this.v, slow: ema?.slow ?? grad, hyper };
    const pass = (which: number) => runFused<tf.Tensor1D>('GrokAdamStep', inputs, { which });
    const slow = ema ? tf.keep(pass(0)) : null;
    const m = tf.keep(pass(1));
    const v = tf.keep(pass(2));
    const next = pass(3);
    this.m.dispose();
    this.v.dispose();
    this.m = m;
    this.v = v;
    return { theta: next, slow, hyper };
  }

  /** Reads the state back from the backend, to resume it elsewhere (see setState). */
  async getState(): Promise<{ t: number; m: Float32Array; v: Float32Array }> {
    const [m, v] = await Promise.all([this.m.data(), this.v.data()]);
    return { t: this.t, m: m as Float32Array, v: v as Float32Array };
  }

  setState(state: { t: number; m: Float32Array; v: Float32Array }): void {
    if (state.m.length !== this.m.size || state.v.length !== this.v.size)
      throw new Error('optimizer state does not fit this model');
    this.m.dispose();
    this.v.dispose();
    this.m = tf.keep(tf.tensor1d(state.m));
    this.v = tf.keep(tf.tensor1d(state.v));
    this.t = state.t;
  }

  /** The moment estimates, for tests and inspection. */
  get moments(): { m: tf.Tensor1D; v: tf.Tensor1D } {
    return { m: this.m, v: this.v };
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}

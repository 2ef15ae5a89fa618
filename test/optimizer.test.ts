import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, ADAM_EPS, CLIP_EPS, clipGlobalNorm, decayMask, warmupLr } from '../src/engine/optimizer';
import { useNodeBackend } from '../src/node/backends';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

type Kind = 'adam' | 'adamw';

/** Runs the optimizer on a vector with gradients from `gradOf(theta, t)`. */
async function optimise(
  kind: Kind,
  theta0: number[],
  steps: number,
  lr: number,
  wd: number,
  gradOf: (theta: number[], t: number) => number[],
  beta1 = 0.9,
  beta2 = 0.98,
): Promise<number[][]> {
  const adam = new Adam(theta0.length, { kind, beta1, beta2 });
  let theta = tf.tensor1d(theta0);
  const path: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const g = tf.tensor1d(gradOf(Array.from(await theta.data()), t));
    const next = adam.update(theta, g, lr, wd);
    g.dispose();
    theta.dispose();
    theta = next;
    path.push(Array.from(await theta.data()));
  }
  theta.dispose();
  adam.dispose();
  return path;
}

/** Scalar reference implementation in float64, written from the papers' update rules. */
function reference(
  kind: Kind,
  theta0: number,
  steps: number,
  lr: number,
  wd: number,
  gradOf: (x: number, t: number) => number,
  b1 = 0.9,
  b2 = 0.98,
): number[] {
  let x = theta0;
  let m = 0;
  let v = 0;
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    let g = gradOf(x, t);
    if (kind === 'adam') g += wd * x;
    else x *= 1 - lr * wd;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const mh = m / (1 - b1 ** t);
    const vh = v / (1 - b2 ** t);
    x -= (lr * mh) / (Math.sqrt(vh) + ADAM_EPS);
    out.push(x);
  }
  return out;
}

describe('Adam', () => {
  it('moves by lr·g/(|g|+ε) per step under a constant gradient (closed form)', async () => {
    const path = await optimise('adam', [1, -2, 0.5], 4, 0.01, 0, () => [0.5, -3, 1e-3]);
    path.forEach((theta, i) => {
      const t = i + 1;
      expect(theta[0]).toBeCloseTo(1 - t * 0.01 * (0.5 / (0.5 + ADAM_EPS)), 6);
      expect(theta[1]).toBeCloseTo(-2 + t * 0.01 * (3 / (3 + ADAM_EPS)), 6);
      expect(theta[2]).toBeCloseTo(0.5 - t * 0.01 * (1e-3 / (1e-3 + ADAM_EPS)), 6);
    });
  });

  it('matches the reference for a varying gradient with L2 weight decay', async () => {
    const grad = (x: number, t: number) => Math.cos(t) + 0.3 * x;
    const path = await optimise('adam', [2], 6, 0.05, 0.1, (th, t) => [grad(th[0] as number, t)], 0.8, 0.95);
    const ref = reference('adam', 2, 6, 0.05, 0.1, grad, 0.8, 0.95);
    path.forEach((theta, i) => expect(theta[0]).toBeCloseTo(ref[i] as number, 5));
  });

  it('AdamW matches the reference', async () => {
    const grad = (x: number, t: number) => Math.sin(t) - 0.2 * x;
    const path = await optimise('adamw', [-1.5], 6, 0.05, 1, (th, t) => [grad(th[0] as number, t)]);
    const ref = reference('adamw', -1.5, 6, 0.05, 1, grad);
    path.forEach((theta, i) => expect(theta[0]).toBeCloseTo(ref[i] as number, 5));
  });

  it('couples weight decay into the gradient (adam) or decouples it (adamw)', async () => {
    // θ = 1, no loss gradient, wd 0.1, lr 0.01. Adam: g = wd·θ, so θ moves by ≈ lr.
    // AdamW: θ shrinks by the factor (1 − lr·wd) and the Adam part sees a zero gradient.
    const [coupled] = await optimise('adam', [1], 1, 0.01, 0.1, () => [0]);
    const [decoupled] = await optimise('adamw', [1], 1, 0.01, 0.1, () => [0]);
    expect(coupled?.[0]).toBeCloseTo(0.99, 6);
    expect(decoupled?.[0]).toBeCloseTo(0.999, 6);
  });

  it('with wd = 0 both kinds are the same', async () => {
    const g = (th: number[], t: number) => th.map((x) => x * t * 0.1 - 1);
    expect(await optimise('adam', [1, 2], 5, 0.01, 0, g)).toEqual(await optimise('adamw', [1, 2], 5, 0.01, 0, g));
  });

  it('does not leak tensors', async () => {
    const before = tf.memory().numTensors;
    await optimise('adamw', [1, 2, 3], 20, 0.01, 0.5, (th) => th);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('warmup', () => {
  it('rises linearly to the peak over `warmup` steps, then stays', () => {
    expect([1, 2, 5, 10, 11, 1000].map((t) => warmupLr(1e-3, 10, t))).toEqual([1e-4, 2e-4, 5e-4, 1e-3, 1e-3, 1e-3]);
    expect(warmupLr(1e-3, 0, 1)).toBe(1e-3);
  });

  it("counts from 0 with firstlr zero, as the Grokfast code's LambdaLR: lr 0 on step 1, lr/10 on step 2", () => {
    expect([1, 2, 3, 10, 11, 12].map((t) => Number(warmupLr(1e-3, 10, t, 'zero').toPrecision(12)))).toEqual([
      0, 1e-4, 2e-4, 9e-4, 1e-3, 1e-3,
    ]);
    expect(warmupLr(1e-3, 10, 1, 'warmup')).toBe(1e-4);
    expect(warmupLr(1e-3, 0, 1, 'zero')).toBe(1e-3);
  });
});

describe("Wang et al.'s schedule", () => {
  it("warmup=2000 with firstlr zero is HF's constant_schedule_with_warmup, step by step", () => {
    // transformers.get_constant_schedule_with_warmup's lambda at LambdaLR's count s (0 on step 1).
    const hf = (lr: number, warmup: number, s: number) => lr * (s < warmup ? s / Math.max(1, warmup) : 1);
    for (const t of [1, 2, 3, 1000, 1999, 2000, 2001, 2002, 1_500_000])
      expect(warmupLr(1e-4, 2000, t, 'zero'), `step ${t}`).toBeCloseTo(hf(1e-4, 2000, t - 1), 15);
    expect(warmupLr(1e-4, 2000, 2001, 'zero')).toBe(1e-4);
  });
});

describe('decay=matrices', () => {
  const names = ['tokEmb', 'h0.ln1.g', 'h0.ln1.b', 'h0.attn.wqkv', 'h0.attn.bqkv', 'h0.attn.wo', 'h0.attn.bo'];
  const more = ['h0.mlp.w1', 'h0.mlp.b1', 'h0.mlp.w2', 'h0.mlp.b2', 'lnF.g', 'lnF.b', 'head'];

  it('exempts biases and LayerNorm gains and biases, as the Wang et al. code does; embeddings and weights decay', () => {
    const all = [...names, ...more];
    expect(
      decayMask(
        'all',
        all,
        all.map(() => 1),
      ),
    ).toBeNull();
    const mask = decayMask(
      'matrices',
      all,
      all.map(() => 1),
    );
    expect(all.filter((_, i) => mask?.[i] === 1)).toEqual([
      'tokEmb',
      'h0.attn.wqkv',
      'h0.attn.wo',
      'h0.mlp.w1',
      'h0.mlp.w2',
      'head',
    ]);
    // Every element of a parameter takes its flag, in the flat order of the parameters.
    expect(Array.from(decayMask('matrices', ['tokEmb', 'h0.ln1.b', 'head'], [2, 3, 1]) ?? [])).toEqual([
      1, 1, 0, 0, 0, 1,
    ]);
  });

  it.each(['adam', 'adamw'] as const)(
    '%s: a masked-out parameter moves by its gradient alone, the rest decay',
    async (kind) => {
      // θ = [1, 1], no loss gradient, wd 0.1, lr 0.01: only the first decays.
      const adam = new Adam(2, { kind, beta1: 0.9, beta2: 0.98 });
      const theta = tf.tensor1d([1, 1]);
      const grad = tf.tensor1d([0, 0]);
      const decayed = tf.tensor1d([1, 0]);
      const next = adam.update(theta, grad, 0.01, 0.1, decayed);
      const [a, b] = Array.from(await next.data());
      expect(a).toBeCloseTo(kind === 'adam' ? 0.99 : 0.999, 6);
      expect(b).toBe(1);
      tf.dispose([theta, grad, decayed, next]);
      adam.dispose();
    },
  );
});

describe('gradient clipping (clipGlobalNorm)', () => {
  it('scales a gradient above the bound to it, as clip_grad_norm_ does, and leaves one within it exactly', async () => {
    const g = tf.tensor1d([3, 4]); // norm 5
    const clipped = await clipGlobalNorm(g, 1).data();
    const coef = 1 / (5 + CLIP_EPS);
    expect(clipped[0]).toBeCloseTo(3 * coef, 6);
    expect(clipped[1]).toBeCloseTo(4 * coef, 6);
    expect(Math.hypot(clipped[0] as number, clipped[1] as number)).toBeLessThanOrEqual(1);
    expect(Array.from(await clipGlobalNorm(g, 5.1).data())).toEqual([3, 4]);
    expect(Array.from(await clipGlobalNorm(tf.zeros<tf.Rank.R1>([3]), 1).data())).toEqual([0, 0, 0]);
  });
});

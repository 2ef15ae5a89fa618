// The fused WebGPU optimizer step (Grokfast-EMA + Adam/AdamW in four passes) against the plain
// tfjs kernels, step after step on the same gradients: the same parameters, moments and slow
// gradient, within float32 rounding.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OptimizerName } from '../src/config/schema';
import { EmaFilter } from '../src/engine/filters';
import { Adam, warmupLr } from '../src/engine/optimizer';
import { Random } from '../src/engine/random';
import { useNodeBackend } from '../src/node/backends';
import { maxRelDiff, maxRelDiffOfChange } from './compare';
import { skipWithoutWebGpu, WEBGPU_MISSING } from './node-webgpu';

beforeAll(async () => {
  if (WEBGPU_MISSING === null) await useNodeBackend('webgpu');
});
beforeEach(skipWithoutWebGpu);

const N = 1000;
/** θ's change may differ by this share of the largest change: float32 rounding, well below an error of 1%. */
const TOL_CHANGE = 1e-3;
const rng = new Random(5, 0);
const vector = (scale: number) => Float32Array.from({ length: N }, () => rng.normal() * scale);

describe('fused Grokfast + Adam step on WebGPU', () => {
  for (const kind of ['adam', 'adamw'] as OptimizerName[]) {
    for (const filter of ['none', 'ema', 'ema, λ 0'] as const) {
      it(`${kind}, filter ${filter}: the same as the plain kernels over 6 steps`, async () => {
        const settings = { alpha: 0.98, lambda: filter === 'ema, λ 0' ? 0 : 2, window: 100 };
        const wd = kind === 'adamw' ? 1 : 0.005;
        const plain = {
          adam: new Adam(N, { kind, beta1: 0.9, beta2: 0.98 }),
          ema: new EmaFilter(),
          theta: tf.tensor1d(vector(0.1)), // weights' scale: a step is 1e-3 of it, and its rounding far less
        };
        const fused = {
          adam: new Adam(N, { kind, beta1: 0.9, beta2: 0.98 }),
          ema: new EmaFilter(),
          theta: plain.theta.clone(),
        };
        for (let step = 1; step <= 6; step++) {
          const g = tf.tensor1d(vector(0.1));
          const lr = warmupLr(1e-3, 3, step);
          const p = tf.tidy(() =>
            plain.adam.update(plain.theta, filter === 'none' ? g : plain.ema.apply(g, settings), lr, wd),
          );
          const f = tf.tidy(() => {
            const ema = filter === 'none' ? null : { slow: fused.ema.slow, ...settings };
            const out = fused.adam.updateFused(fused.theta, g, lr, wd, ema);
            if (out.slow) fused.ema.replaceSlow(out.slow);
            return out.theta;
          });
          // θ's change, the step itself, against its own size: an error of 1% of a step reads 1e-2
          // there whatever θ's size, while against θ it is 1% of lr/|θ| (under the 1e-6 below
          // where |θ| is 1 or more: the check this test made alone before).
          const change = await maxRelDiffOfChange(f, fused.theta, p, plain.theta);
          expect(change, `θ's change at step ${step}`).toBeLessThan(TOL_CHANGE);
          expect(await maxRelDiff(f, p), `θ at step ${step}`).toBeLessThan(1e-6);
          plain.theta.dispose();
          fused.theta.dispose();
          plain.theta = p;
          fused.theta = f;
          g.dispose();
          expect(await maxRelDiff(fused.adam.moments.m, plain.adam.moments.m), `m at step ${step}`).toBeLessThan(1e-5);
          expect(await maxRelDiff(fused.adam.moments.v, plain.adam.moments.v), `v at step ${step}`).toBeLessThan(1e-5);
          if (filter !== 'none')
            expect(
              await maxRelDiff(fused.ema.slow as tf.Tensor, plain.ema.slow as tf.Tensor),
              `ĝ at step ${step}`,
            ).toBeLessThan(1e-5);
        }
        expect(fused.adam.t).toBe(6);
        for (const s of [plain, fused]) {
          s.adam.dispose();
          s.ema.dispose();
          s.theta.dispose();
        }
      });
    }
  }
});

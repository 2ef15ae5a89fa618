// One queue submit per training step on WebGPU (src/engine/kernels/webgpu.ts, submitOncePerStep):
// the whole step goes to the GPU as one command buffer, and the numbers are exactly those of tfjs's
// own batching (a submit every 15 dispatches), since the kernels and their order are the same.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SMALL_GROKFAST_CONFIG } from '../src/config/presets';
import type { Config } from '../src/config/schema';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { countGpuWork } from '../src/node/gpu-counters';
import { skipWithoutWebGpu, WEBGPU_MISSING } from './node-webgpu';

// Loaded once WebGPU is set up: tfjs's webgpu backend registers itself only where navigator.gpu exists
// when it loads.
let submitOncePerStep: (on: boolean) => void = () => {};
beforeAll(async () => {
  if (WEBGPU_MISSING !== null) return;
  await useNodeBackend('webgpu');
  ({ submitOncePerStep } = await import('../src/engine/kernels/webgpu'));
});
beforeEach(skipWithoutWebGpu);
afterEach(() => {
  if (WEBGPU_MISSING === null) submitOncePerStep(true);
});

// Small batches and no evaluation keep the software GPU quick; advance() reads each step's loss back,
// so read-backs between steps are covered.
const CONFIG: Config = { ...SMALL_GROKFAST_CONFIG, batch: 16, eval: 1000, steps: 1000 };

/** Queue submits of `steps` steps issued back to back (no read-back among them). */
async function submitsOf(t: Trainer, steps: number): Promise<number> {
  const { submits } = await countGpuWork(async () => {
    for (let i = 0; i < steps; i++) t.stepOnce();
  });
  return submits;
}

async function train(oneSubmit: boolean): Promise<{ theta: Float32Array; submits: number }> {
  submitOncePerStep(oneSubmit);
  const t = new Trainer(CONFIG);
  await t.advance(2);
  const submits = await submitsOf(t, 2);
  await t.advance(1);
  const { theta } = await t.checkpoint();
  t.dispose();
  return { theta, submits };
}

describe('WebGPU: one submit per training step', () => {
  it('submits each step once, where tfjs alone submits it in pieces, and trains to exactly the same parameters', async () => {
    const one = await train(true);
    const tfjs = await train(false);
    console.log(`submits for 2 steps: ${one.submits} as one each, ${tfjs.submits} with tfjs's batching`);
    expect(one.submits).toBe(2);
    expect(tfjs.submits).toBeGreaterThan(4);
    expect(one.theta.length).toBe(tfjs.theta.length);
    let differing = 0;
    for (let i = 0; i < one.theta.length; i++) if (one.theta[i] !== tfjs.theta[i]) differing++;
    expect(differing).toBe(0);
  }, 180_000);
});

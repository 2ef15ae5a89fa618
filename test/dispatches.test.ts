// How many GPU passes one training step costs on WebGPU, counted at the source (dispatchWorkgroups
// under Node's webgpu package). The count does not depend on the batch size, so the paper-shaped
// model is counted with a small batch, to keep the software GPU quick.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SMALL_GROKFAST_CONFIG } from '../src/config/presets';
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { skipWithoutWebGpu, WEBGPU_MISSING } from './node-webgpu';
import { countDispatches } from '../src/node/gpu-counters';

beforeAll(async () => {
  if (WEBGPU_MISSING === null) await useNodeBackend('webgpu');
});
beforeEach(skipWithoutWebGpu);

/** Dispatches of one training step (no evaluation in it), after warm-up steps. */
async function perStep(config: Config): Promise<number> {
  const t = new Trainer({ ...config, eval: 10000, steps: 1000 });
  await t.advance(2);
  const n = await countDispatches(async () => {
    t.stepOnce();
    await t.advance(0); // reads the step's loss back: everything has run
  });
  t.dispose();
  return n;
}

describe('WebGPU dispatches per training step', () => {
  // Lower bounds too, so that a count that reads 0, or misses a kind of pass, fails: measured 177 and
  // 112 (one layer fewer). Fusing more kernels may lower a count below its floor: then lower the floor.
  it('paper-shaped model (2 layers, dim 128, p 97) with Grokfast-EMA: 130 to 250', async () => {
    const n = await perStep({ ...DEFAULT_CONFIG, filter: 'ema', batch: 8 });
    console.log(`paper-shaped, EMA: ${n} dispatches per step`);
    expect(n).toBeGreaterThanOrEqual(130);
    expect(n).toBeLessThanOrEqual(250);
  }, 120_000);

  it('the small preset (1 layer, dim 32) with Grokfast-EMA: 80 to 150', async () => {
    const n = await perStep(SMALL_GROKFAST_CONFIG);
    console.log(`small preset, EMA: ${n} dispatches per step`);
    expect(n).toBeGreaterThanOrEqual(80);
    expect(n).toBeLessThanOrEqual(150);
  }, 120_000);
});

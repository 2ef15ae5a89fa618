import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import type { BackendName } from '../src/engine/backend';
import { type MetricRecord, Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';

// Small enough for WebGPU on SwiftShader (a software GPU), which takes about a second per step.
const TINY: Config = {
  ...DEFAULT_CONFIG, op: 'mul', p: 7, layers: 1, dim: 16, heads: 2, batch: 8, steps: 4, eval: 2, filter: 'ema',
};

async function train(backend: BackendName): Promise<{ records: MetricRecord[]; leaked: number }> {
  await useNodeBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  const before = tf.memory().numTensors;
  const t = new Trainer(TINY);
  await t.advance(10);
  t.dispose();
  return { records: t.records, leaked: tf.memory().numTensors - before };
}

describe('backends', () => {
  it('cpu, wasm and webgpu train the same run to the same metrics', async () => {
    const cpu = await train('cpu');
    const wasm = await train('wasm');
    let webgpu: Awaited<ReturnType<typeof train>>;
    try {
      webgpu = await train('webgpu');
    } catch (e) {
      throw new Error(`webgpu in Node needs the "webgpu" package and a Vulkan driver (on a machine without a GPU: ` +
        `apt-get install chromium libvulkan1, as .ci/run does): ${String(e)}`);
    }
    for (const other of [wasm, webgpu]) {
      expect(other.leaked).toBe(0);
      expect(other.records.map((r) => r.step)).toEqual([2, 4]);
      other.records.forEach((r, i) => {
        const c = cpu.records[i] as MetricRecord;
        expect(r.trainLoss).toBeCloseTo(c.trainLoss, 3);
        expect(r.valLoss).toBeCloseTo(c.valLoss, 3);
        expect(r.weightNorm).toBeCloseTo(c.weightNorm, 3);
        expect(r.gradNorm).toBeCloseTo(c.gradNorm, 3);
      });
    }
  }, 180_000);
});

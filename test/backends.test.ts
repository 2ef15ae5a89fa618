import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import type { BackendName } from '../src/engine/backend';
import { type MetricRecord, Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { WEBGPU_MISSING } from './node-webgpu';

// Small enough for WebGPU on SwiftShader (a software GPU), which takes about a second per step.
const TINY: Config = {
  ...DEFAULT_CONFIG,
  op: 'mul',
  p: 7,
  layers: 1,
  dim: 16,
  heads: 2,
  batch: 8,
  steps: 4,
  eval: 2,
  filter: 'ema',
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

function expectSameRun(other: Awaited<ReturnType<typeof train>>, cpu: Awaited<ReturnType<typeof train>>): void {
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

describe('backends', () => {
  it('cpu and wasm train the same run to the same metrics', async () => {
    expectSameRun(await train('wasm'), await train('cpu'));
  });

  it('webgpu trains it to the same metrics too', async ({ skip }) => {
    if (WEBGPU_MISSING !== null) skip(WEBGPU_MISSING);
    expectSameRun(await train('webgpu'), await train('cpu'));
  }, 180_000);
});

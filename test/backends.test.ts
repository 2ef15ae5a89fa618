import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import type { BackendName } from '../src/engine/backend';
import { type MetricRecord, Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { TINY_PAPER_COMPARE } from './fixtures';
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

/** The keys of GPT-2's setup (docs/CONFIG.md): the dropout masks and the masked decay on every backend. */
const GPT2: Config = { ...TINY, opt: 'adamw', wd: 0.1, tie: 'tied', init: 'gpt2', dropout: 0.1, decay: 'matrices' };

/** Comparison facts in the paper's format: six positions, two targets each (the answer and </a>). */
const PAPER_COMPARE: Config = { ...TINY, ...TINY_PAPER_COMPARE };

async function train(backend: BackendName, config = TINY): Promise<{ records: MetricRecord[]; leaked: number }> {
  await useNodeBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  const before = tf.memory().numTensors;
  const t = new Trainer(config);
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

  it('with the GPT-2 keys (tied, GPT-2 init, dropout, decay on matrices) every backend trains the same run', async ({
    skip,
  }) => {
    const cpu = await train('cpu', GPT2);
    expect(cpu.records).not.toEqual((await train('cpu')).records);
    expectSameRun(await train('wasm', GPT2), cpu);
    if (WEBGPU_MISSING !== null) skip(WEBGPU_MISSING);
    expectSameRun(await train('webgpu', GPT2), cpu);
  }, 180_000);

  it('with gradient clipping (on WebGPU the tfjs update, not the fused one) every backend trains the same run', async ({
    skip,
  }) => {
    const clipped: Config = { ...TINY, clip: 0.05 };
    const cpu = await train('cpu', clipped);
    expect(cpu.records).not.toEqual((await train('cpu')).records);
    expectSameRun(await train('wasm', clipped), cpu);
    if (WEBGPU_MISSING !== null) skip(WEBGPU_MISSING);
    expectSameRun(await train('webgpu', clipped), cpu);
  }, 180_000);

  it('a comparison run in the paper’s format (six positions, two targets each) trains the same on every backend', async ({
    skip,
  }) => {
    const cpu = await train('cpu', PAPER_COMPARE);
    expectSameRun(await train('wasm', PAPER_COMPARE), cpu);
    if (WEBGPU_MISSING !== null) skip(WEBGPU_MISSING);
    expectSameRun(await train('webgpu', PAPER_COMPARE), cpu);
  }, 180_000);
});

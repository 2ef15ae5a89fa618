// Which backend a run trains on: the rules where the answer is obvious, and the timing where not.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { DEFAULT_CONFIG } from '../src/config/schema';
import { GPU_OBVIOUS_FLOP, planBackend, stepFlop, timeBackend } from '../src/engine/backend-choice';
import { useNodeBackend } from '../src/node/backends';

const GPU = { software: false, description: 'nvidia ampere' };
const SOFTWARE = { software: true, description: 'google swiftshader' };
const paper = stepFlop(DEFAULT_CONFIG);
const small = stepFlop(SMALL_GROKKING_CONFIG);

describe('backend choice', () => {
  it('estimates the work of a step from the config', () => {
    // 512 rows × 4 tokens, 2 blocks of 12·128² multiply-adds per token, forward + backward.
    expect(paper).toBe(2 * 3 * 512 * 4 * 12 * 128 * 128 * 2);
    expect(small).toBe(2 * 3 * 64 * 4 * 12 * 32 * 32);
    // batch 0 is the whole training set: round(0.5 · 97²) rows.
    expect(stepFlop({ ...DEFAULT_CONFIG, batch: 0 })).toBe(2 * 3 * Math.round(0.5 * 97 * 97) * 4 * 12 * 128 * 128 * 2);
    expect(paper).toBeGreaterThan(GPU_OBVIOUS_FLOP);
    expect(small).toBeLessThan(GPU_OBVIOUS_FLOP);
  });

  it('trains a large config on a real GPU without timing, and times a small one', () => {
    expect(planBackend({ webgpu: GPU }, paper)).toMatchObject({ kind: 'use', name: 'webgpu' });
    expect(planBackend({ webgpu: GPU }, small)).toEqual({
      kind: 'time',
      candidates: ['webgpu', 'wasm'],
      why: expect.stringContaining('fixed costs'),
    });
  });

  it('passes over a software adapter for wasm, whatever the size, and says why', () => {
    for (const flop of [small, paper]) {
      const plan = planBackend({ webgpu: SOFTWARE, webgl: SOFTWARE }, flop);
      expect(plan).toMatchObject({ kind: 'use', name: 'wasm' });
      expect(plan.why).toContain('software one (google swiftshader)');
    }
    expect(planBackend({}, small)).toEqual({ kind: 'use', name: 'wasm', why: 'there is no WebGPU adapter' });
  });

  it('weighs WebGL on a real GPU against wasm when WebGPU is missing or software', () => {
    expect(planBackend({ webgl: GPU }, paper)).toMatchObject({ kind: 'use', name: 'webgl' });
    expect(planBackend({ webgpu: SOFTWARE, webgl: GPU }, small)).toMatchObject({
      kind: 'time',
      candidates: ['webgl', 'wasm'],
    });
  });

  it('times a backend on the config at hand, in steps per second, and frees what it made', async () => {
    await useNodeBackend('cpu');
    const before = tf.memory().numTensors;
    const rate = await timeBackend('wasm', SMALL_GROKKING_CONFIG, 200);
    expect(tf.getBackend()).toBe('wasm');
    expect(rate).toBeGreaterThan(1);
    expect(rate).toBeLessThan(10000);
    expect(tf.memory().numTensors).toBe(before);
  });
});

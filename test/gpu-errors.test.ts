// A WebGPU error outside any error scope (out of memory, validation) leaves invalid buffers behind:
// the lab must notice it rather than train on with wrong numbers (src/engine/gpu-errors.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backendGpuDevice, describeGpuError, watchGpuErrors } from '../src/engine/gpu-errors';
import { useNodeBackend } from '../src/node/backends';
import { skipWithoutWebGpu, WEBGPU_MISSING } from './node-webgpu';

const run = promisify(execFile);

describe('describeGpuError', () => {
  it('names the kind of GPUError and its first line', () => {
    class GPUOutOfMemoryError {
      constructor(readonly message: string) {}
    }
    class GPUValidationError extends GPUOutOfMemoryError {}
    expect(describeGpuError(new GPUOutOfMemoryError('\nvkAllocateMemory failed\n - While calling'))).toBe(
      'out of memory: vkAllocateMemory failed',
    );
    expect(describeGpuError(new GPUValidationError('Buffer usages must not be 0.'))).toBe(
      'validation error: Buffer usages must not be 0.',
    );
    expect(describeGpuError(undefined)).toBe('error');
  });
});

describe('on WebGPU', () => {
  beforeAll(async () => {
    if (WEBGPU_MISSING === null) await useNodeBackend('webgpu');
  });

  it('watchGpuErrors hears an uncaptured error of the tfjs device, and keeps the handler before it', async (context) => {
    skipWithoutWebGpu(context);
    const device = backendGpuDevice(tf.backend());
    expect(device).toBeDefined();
    const gpu = device as unknown as {
      createBuffer(d: object): unknown;
      queue: { onSubmittedWorkDone(): Promise<void> };
    };
    const earlier: unknown[] = [];
    const heard: string[] = [];
    (device as { onuncapturederror: (e: unknown) => void }).onuncapturederror = (e) => earlier.push(e);
    watchGpuErrors(device as NonNullable<typeof device>, (m) => heard.push(m));
    gpu.createBuffer({ size: 4, usage: 0 });
    await gpu.queue.onSubmittedWorkDone();
    await expect.poll(() => heard, { timeout: 5000 }).toEqual(['validation error: Buffer usages must not be 0.']);
    expect(earlier).toHaveLength(1);
  });

  it('npm run train stops a run whose GPU reports an error, says so and exits 1', async (context) => {
    skipWithoutWebGpu(context);
    const out = join(mkdtempSync(join(tmpdir(), 'grok-gpu-error-')), 'run.jsonl');
    const flags = ['--op', 'add', '--p', '7', '--layers', '1', '--dim', '16', '--heads', '2', '--batch', '16'];
    const error = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './test/preload/gpu-fault.ts',
        'src/cli/train.ts',
        '--backend',
        'webgpu',
        ...flags,
        '--steps',
        '200',
        '--eval',
        '10',
        '--quiet',
        '--out',
        out,
      ],
      { env: { ...process.env, GROK_LAB_FAULT_AFTER: '30' } },
    ).then(
      () => null,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toMatch(/error: the GPU reported an error after step \d+ \(validation error: Buffer usages/);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; event?: string; step?: number; end?: string; status?: string });
    const fault = lines.find((l) => l.event === 'gpu-error');
    const summary = lines.at(-1);
    expect(fault?.step).toBeGreaterThan(0);
    expect(summary?.type).toBe('summary');
    expect(summary?.end).toBe('stopped');
    expect(summary?.status).toContain('the metrics after that step cannot be trusted');
    // It stopped after the chunk in hand (50 steps), not at its 200-step budget.
    expect(lines.filter((l) => l.type === 'metrics').length).toBeLessThan(200 / 10);
  }, 240_000);
});

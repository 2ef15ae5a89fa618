// tfjs-wasm's multi-threaded build in Node (src/node/wasm-threads.ts), which `npm run bench --
// --threads N` uses to show on a many-core machine what the page's threads gain.
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { expect, it } from 'vitest';
import { useNodeBackend } from '../src/node/backends';
import { useNodeWasmThreads } from '../src/node/wasm-threads';

it('rejects a thread count that is not a whole number ≥ 1', () => {
  expect(() => useNodeWasmThreads(0)).toThrow('threads 0');
  expect(() => useNodeWasmThreads(1.5)).toThrow('threads 1.5');
});

it('runs two threads in Node and computes what one would', async () => {
  // tfjs runs at most half the logical cores: claim four so that two are allowed on any machine.
  const cpus = os.cpus();
  os.cpus = () => [...cpus, ...cpus, ...cpus, ...cpus];
  useNodeWasmThreads(2);
  await useNodeBackend('wasm');
  expect(getThreadsCount()).toBe(2);

  const n = 96;
  const a = Array.from({ length: n * n }, (_, i) => Math.fround(Math.sin(i)));
  const b = Array.from({ length: n * n }, (_, i) => Math.fround(Math.cos(3 * i)));
  const product = tf.matMul(tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n]));
  const got = await product.data();
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += (a[i * n + k] ?? NaN) * (b[k * n + j] ?? NaN);
      worst = Math.max(worst, Math.abs((got[i * n + j] ?? NaN) - sum));
    }
  }
  expect(worst).toBeLessThan(1e-4);
});

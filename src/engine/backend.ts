/// <reference types="@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops" />
// Backend choice. The same engine runs on tfjs's cpu, wasm, webgl and webgpu backends; each is
// loaded only when asked for. Environment-specific set-up is done by the caller before calling
// useBackend: WebGPU in Node, wasm file locations in a bundle, and what tfjs-core leaves to its user,
// every op's gradient and the chained forms (t.add(u); the reference above declares their types).
// The worker registers those from tfjs-core's own modules (src/worker/tfjs-setup.ts), Node through
// the @tensorflow/tfjs bundle (src/node/backends.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './backend-names';
import { installWasmSlice } from './kernels/wasm-slice';

export * from './backend-names';

async function register(name: BackendName): Promise<void> {
  // tfjs-core alone, not the @tensorflow/tfjs bundle (layers, converter, data: unused here).
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  if (name === 'wasm') {
    installWasmSlice(await import('@tensorflow/tfjs-backend-wasm'));
  }
  if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
    const { installWebGpuKernels } = await import('./kernels/webgpu');
    installWebGpuKernels();
  }
}

/** Switches tfjs to `name`, or throws an Error that says why it is unavailable. */
export async function useBackend(name: BackendName): Promise<void> {
  await register(name);
  let ok = false;
  let cause = '';
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    cause = e instanceof Error ? e.message : String(e);
  }
  if (!ok) {
    throw new Error(`the ${name} backend is not available here${cause ? `: ${cause}` : ''}`);
  }
  await tf.ready();
}

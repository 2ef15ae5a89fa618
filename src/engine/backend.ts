// Backend choice. The same engine runs on tfjs's cpu, wasm, webgl and webgpu backends; each is
// loaded only when asked for. Environment-specific set-up (WebGPU in Node, wasm file locations in a
// bundle) is done by the caller before calling useBackend.
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from './backend-names';
import { installWasmSlice } from './kernels/wasm-slice';

export * from './backend-names';

async function register(name: BackendName): Promise<void> {
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    installWasmSlice();
  }
  if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
    const { installWebGpuKernels } = await import('./kernels/webgpu');
    installWebGpuKernels();
  }
  // cpu and webgl come with @tensorflow/tfjs itself.
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

export function activeBackend(): string {
  return tf.getBackend();
}

// Backend choice inside the browser worker: WebGPU first, then WebGL, wasm, cpu. The wasm binaries
// are served from this site (no third-party requests).
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type BackendName, useBackend } from '../engine/backend';

const ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

async function prepareWasm(): Promise<void> {
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
}

/** Tries the backends in order from `first`; returns the one in use and why others were skipped. */
export async function pickBackend(first: BackendName = 'webgpu'): Promise<{ name: BackendName; notes: string[] }> {
  const notes: string[] = [];
  const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
  for (const name of ORDER.slice(ORDER.indexOf(first))) {
    if (name === 'webgpu' && !gpu) {
      notes.push('WebGPU is not available in this browser');
      continue;
    }
    try {
      if (name === 'wasm') await prepareWasm();
      await useBackend(name);
      return { name, notes };
    } catch (e) {
      notes.push(e instanceof Error ? e.message : String(e));
    }
  }
  throw new Error(`no tfjs backend could start: ${notes.join('; ')}`);
}

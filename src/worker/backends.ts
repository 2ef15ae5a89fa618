// Backend choice inside the browser worker: WebGPU first, then WebGL, wasm, cpu. The wasm binaries
// are served from this site (no third-party requests).
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type BackendName, useBackend } from '../engine/backend';
import type { BackendInfo } from './protocol';
import { patchThreadedFactory } from './wasm-threads';

const ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

async function prepareWasm(): Promise<void> {
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  patchThreadedFactory();
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
}

/** Why a backend cannot start here, found without asking tfjs (which logs an error when it fails). */
async function missing(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
    if (!gpu) return 'this browser has no WebGPU';
    try {
      if (!(await gpu.requestAdapter())) return 'WebGPU found no usable GPU adapter';
    } catch (e) {
      return `WebGPU failed to find a GPU adapter (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  if (name === 'webgl') {
    if (typeof OffscreenCanvas === 'undefined') return 'WebGL is not available in a worker here (no OffscreenCanvas)';
    if (!new OffscreenCanvas(1, 1).getContext('webgl2')) return 'WebGL 2 is not available (disabled or no GPU)';
  }
  return null;
}

/** The threads tfjs-wasm runs on (call once the wasm backend is in use). */
async function wasmThreads(): Promise<number> {
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  return getThreadsCount();
}

/** Tries the backends in order from `first`; returns the one in use and why others were skipped. */
export async function pickBackend(first: BackendName = 'webgpu'): Promise<BackendInfo> {
  const notes: string[] = [];
  for (const name of ORDER.slice(ORDER.indexOf(first))) {
    const why = await missing(name);
    if (why) {
      notes.push(why);
      continue;
    }
    try {
      if (name === 'wasm') await prepareWasm();
      await useBackend(name);
      const isolated = globalThis.crossOriginIsolated === true;
      if (name !== 'wasm') return { name, notes, isolated };
      return { name, notes, isolated, threads: await wasmThreads(), cores: navigator.hardwareConcurrency || 1 };
    } catch (e) {
      notes.push(e instanceof Error ? e.message : String(e));
    }
  }
  throw new Error(`no tfjs backend could start: ${notes.join('; ')}`);
}

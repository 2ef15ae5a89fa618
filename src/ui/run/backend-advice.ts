// What the page says about the backend it trains on: plain words, measured numbers where we have them
// (README, "Performance": 2 CPU cores, tfjs 4.22).
import type { BackendName } from '../../engine/backend';

export interface Advice {
  /** One line, always shown. */
  summary: string;
  /** Why it is not WebGPU and what that costs; absent on WebGPU. */
  fallback?: string;
  /** Whether the small CPU preset is the better choice here. */
  suggestSmall: boolean;
}

const SPEED: Record<Exclude<BackendName, 'webgpu'>, string> = {
  webgl: 'WebGL still uses the GPU, but through graphics shaders; expect it to be several times slower than WebGPU (not measured here)',
  wasm: 'WebAssembly runs on the CPU: on a 2-core machine the paper-size model takes about 1.9 s per step (about an hour for 2,000 steps); the small preset takes about 16 ms per step',
  cpu: 'plain JavaScript on the CPU is the slowest backend: on a 2-core machine the paper-size model takes about 9 s per step; the small preset about 57 ms per step',
};

export function backendAdvice(name: BackendName, notes: readonly string[]): Advice {
  if (name === 'webgpu') return { summary: 'Training on the GPU through WebGPU.', suggestSmall: false };
  const why = notes.length > 0 ? notes.join('; ') : 'WebGPU did not start';
  return {
    summary: `Training on ${name} (no WebGPU).`,
    fallback: `Why: ${why}. ${SPEED[name]}. The small preset (add mod 23, a 1-layer model) groks in a few thousand steps and suits this backend.`,
    suggestSmall: name !== 'webgl',
  };
}

/**
 * How many threads wasm runs on, and why no more: tfjs-wasm takes half the logical cores (one on a
 * 2-core machine), and only in a cross-origin isolated page (`why`: what the page found when it
 * could not be isolated).
 */
export function threadsText(threads: number, isolated: boolean, why: string, cores?: number): string {
  const count = `${threads} thread${threads === 1 ? '' : 's'}`;
  if (!isolated) return `${count} (WebAssembly threads need a cross-origin isolated page${why ? `: ${why}` : ''})`;
  return cores ? `${count} (tfjs-wasm uses half of the ${cores} logical cores)` : count;
}

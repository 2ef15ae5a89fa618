// Backend choice inside the browser worker. What can start is found out first (is there a WebGPU
// adapter, and is it a real GPU or a software one; WebGL 2 and its renderer); then the run's config
// decides (src/engine/backend-choice.ts): a rule where the answer is obvious, otherwise a few timed
// steps on each candidate. A user may pin a backend instead. The wasm binaries are served from this
// site (no third-party requests).
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { Config } from '../config/schema';
import { type BackendName, useBackend } from '../engine/backend';
import { type BackendProbe, planBackend, stepFlop, timeBackend } from '../engine/backend-choice';
import type { BackendInfo, BackendPin } from './protocol';
import { patchThreadedFactory } from './wasm-threads';

const ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

let wasmPrepared = false;

async function prepareWasm(): Promise<void> {
  if (wasmPrepared) return;
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  patchThreadedFactory();
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
  wasmPrepared = true;
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

/** Software renderers, by the names their adapters and WebGL renderers give. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

interface Probe {
  found: BackendProbe;
  /** Why a backend cannot start here, found without asking tfjs (which logs an error when it fails). */
  unavailable: Partial<Record<BackendName, string>>;
}

let probed: Promise<Probe> | null = null;

async function probeOnce(): Promise<Probe> {
  const found: BackendProbe = {};
  const unavailable: Partial<Record<BackendName, string>> = {};
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<AdapterLike | null> } } }).navigator
    ?.gpu;
  if (!gpu) unavailable.webgpu = 'this browser has no WebGPU';
  else {
    try {
      const adapter = await gpu.requestAdapter();
      if (!adapter) unavailable.webgpu = 'WebGPU found no usable GPU adapter';
      else {
        const info = adapter.info ?? {};
        const description =
          [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ') ||
          'unnamed adapter';
        const software =
          info.isFallbackAdapter === true || adapter.isFallbackAdapter === true || SOFTWARE.test(description);
        found.webgpu = { software, description };
      }
    } catch (e) {
      unavailable.webgpu = `WebGPU failed to find a GPU adapter (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  if (typeof OffscreenCanvas === 'undefined')
    unavailable.webgl = 'WebGL is not available in a worker here (no OffscreenCanvas)';
  else {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) unavailable.webgl = 'WebGL 2 is not available (disabled or no GPU)';
    else {
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const description = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      found.webgl = { software: SOFTWARE.test(description), description };
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  }
  return { found, unavailable };
}

const probe = () => (probed ??= probeOnce());

/** The threads tfjs-wasm runs on (call once the wasm backend is in use). */
async function wasmThreads(): Promise<number> {
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  return getThreadsCount();
}

/** Switches tfjs to `name`; what the page shows about it, but the choice. */
async function start(name: BackendName): Promise<Omit<BackendInfo, 'choice' | 'notes'>> {
  if (name === 'wasm') await prepareWasm();
  await useBackend(name);
  const isolated = globalThis.crossOriginIsolated;
  if (name === 'webgpu' || name === 'webgl') {
    const gpu = (await probe()).found[name];
    return gpu ? { name, isolated, gpu } : { name, isolated };
  }
  if (name !== 'wasm') return { name, isolated };
  return { name, isolated, threads: await wasmThreads(), cores: navigator.hardwareConcurrency || 1 };
}

/** Tries the backends in order from `first`; returns the one in use and why others were skipped. */
export async function pickBackend(
  first: BackendName = 'webgpu',
  why = 'the first backend that starts here',
): Promise<BackendInfo> {
  const notes: string[] = [];
  const { unavailable } = await probe();
  for (const name of ORDER.slice(ORDER.indexOf(first))) {
    const missing = unavailable[name];
    if (missing) {
      notes.push(missing);
      continue;
    }
    try {
      return { ...(await start(name)), notes, choice: { how: 'order', why } };
    } catch (e) {
      notes.push(e instanceof Error ? e.message : String(e));
    }
  }
  throw new Error(`no tfjs backend could start: ${notes.join('; ')}`);
}

/** Steps/s measured per config shape, so a config met again is not timed again. */
const timings = new Map<string, Partial<Record<BackendName, number>>>();
const shapeKey = (c: Config) => [c.op, c.p, c.frac, c.layers, c.dim, c.heads, c.batch].join('/');

/**
 * The backend for a run of `config`: the pinned one if it starts, else the planned one (timing the
 * candidates where the plan says so). `onTiming` is told before any timing starts.
 */
export async function chooseBackend(
  config: Config,
  pin: BackendPin,
  onTiming?: (candidates: BackendName[]) => void,
): Promise<BackendInfo> {
  const notes: string[] = [];
  const { found, unavailable } = await probe();
  if (pin !== 'auto') {
    const missing = unavailable[pin];
    if (!missing) {
      try {
        return { ...(await start(pin)), notes, choice: { how: 'pinned', why: `pinned to ${pin} from the page` } };
      } catch (e) {
        notes.push(`${pin} is pinned but did not start (${e instanceof Error ? e.message : String(e)})`);
      }
    } else notes.push(`${pin} is pinned but ${missing}`);
  }
  for (const name of ['webgpu', 'webgl'] as const) if (unavailable[name]) notes.push(unavailable[name]);
  const plan = planBackend(found, stepFlop(config));
  if (plan.kind === 'use') {
    try {
      return { ...(await start(plan.name)), notes, choice: { how: 'rule', why: plan.why } };
    } catch (e) {
      notes.push(e instanceof Error ? e.message : String(e));
      const fallback = await pickBackend(plan.name === 'wasm' ? 'cpu' : 'wasm', `${plan.name} did not start`);
      return { ...fallback, notes: [...notes, ...fallback.notes] };
    }
  }
  const key = shapeKey(config);
  let rates = timings.get(key);
  if (!rates) {
    onTiming?.(plan.candidates);
    rates = {};
    for (const name of plan.candidates) {
      try {
        rates[name] = await timeBackend(name, config);
      } catch (e) {
        notes.push(`${name} could not be timed (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    timings.set(key, rates);
  }
  const best = plan.candidates
    .filter((n) => rates[n] !== undefined)
    .sort((a, b) => (rates[b] ?? 0) - (rates[a] ?? 0))[0];
  if (!best) return pickBackend('wasm', 'no candidate could be timed');
  return { ...(await start(best)), notes, choice: { how: 'timed', why: plan.why, rates } };
}

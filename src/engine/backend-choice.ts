// Which backend a run should train on, and why. The page's worker gathers what it can find out (is
// there a WebGPU adapter, is it a real GPU or a software one), asks `planBackend`, and where the
// answer is not obvious times the candidates on the run's own config (`timeBackend`), then trains
// on the faster. A user may pin a backend instead. Pure TypeScript + tfjs: tested in Node.
import { trainCount } from '../config/operations';
import type { Config } from '../config/schema';
import { familyOf } from '../config/tasks';
import { type BackendName, useBackend } from './backend';
import { Trainer } from './trainer';

/** What the worker found out about the GPU backends. */
export interface BackendProbe {
  /** The WebGPU adapter, if one was found. */
  webgpu?: { software: boolean; description: string };
  /** WebGL 2, if it can start (and whether its renderer is a software one). */
  webgl?: { software: boolean; description: string };
}

export type BackendPlan =
  /** Train on `name`, for `why` (one plain sentence). */
  | { kind: 'use'; name: BackendName; why: string }
  /** Time these on the run's config (a few warm steps each) and train on the faster. */
  | { kind: 'time'; candidates: BackendName[]; why: string };

/** Above this much arithmetic per training step a real GPU beats the CPU without needing a race. */
export const GPU_OBVIOUS_FLOP = 2e8;

/**
 * Floating-point operations of one training step, roughly: forward and backward (3× forward) through
 * every block's products (q/k/v, output, the 4·d MLP: 12·d² per token) for every token of the batch.
 */
export function stepFlop(config: Config): number {
  const train = trainCount(config.op, config.p, config.frac, config.bzero);
  const rows = (config.batch === 0 ? train : Math.min(config.batch, train)) * familyOf(config.task).seqLen(config);
  return 2 * 3 * rows * 12 * config.dim * config.dim * config.layers;
}

/** What the `flop` of a step at hand and the probe say about where to train. */
export function planBackend(probe: BackendProbe, flop: number): BackendPlan {
  const { webgpu, webgl } = probe;
  const size = `${(flop / 1e6).toFixed(0)} MFLOP per step`;
  if (webgpu && !webgpu.software) {
    if (flop >= GPU_OBVIOUS_FLOP) {
      return { kind: 'use', name: 'webgpu', why: `a GPU (${webgpu.description}) wins at this size (${size})` };
    }
    return {
      kind: 'time',
      candidates: ['webgpu', 'wasm'],
      why: `at this size (${size}) a GPU's fixed costs may outweigh its speed`,
    };
  }
  const softwareGpu = webgpu
    ? `the WebGPU adapter is a software one (${webgpu.description}): it runs on the CPU, far slower than wasm`
    : 'there is no WebGPU adapter';
  if (webgl && !webgl.software) {
    if (flop >= GPU_OBVIOUS_FLOP)
      return { kind: 'use', name: 'webgl', why: `${softwareGpu}; WebGL runs on a GPU (${webgl.description})` };
    return {
      kind: 'time',
      candidates: ['webgl', 'wasm'],
      why: `${softwareGpu}; WebGL has a GPU, but at this size (${size}) it may lose to wasm`,
    };
  }
  return {
    kind: 'use',
    name: 'wasm',
    why: webgl ? `${softwareGpu}, and WebGL's renderer is a software one too` : softwareGpu,
  };
}

/**
 * Steps per second of training `config` on `name` (no evaluations), after warm-up steps that
 * compile the kernels (and on WebGPU capture the step that is then replayed): timed steps until about `budgetMs` have passed. Leaves `name` active.
 */
export async function timeBackend(name: BackendName, config: Config, budgetMs = 600): Promise<number> {
  await useBackend(name);
  const trainer = new Trainer({ ...config, eval: 10000, steps: 10000000 });
  try {
    // Warm-up: kernels compiled, and on WebGPU the step captured for its replay (src/engine/replay).
    await trainer.advance(3);
    let steps = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < budgetMs && steps < 200) {
      await trainer.advance(1);
      steps++;
    }
    return (1000 * steps) / (performance.now() - t0);
  } finally {
    trainer.dispose();
  }
}

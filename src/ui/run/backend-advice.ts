// What the page says about the backend it trains on: plain words, measured numbers where we have them
// (README, "Performance": 2 CPU cores, tfjs 4.22).
import type { BackendName } from '../../engine/backend-names';
import type { Config } from '../../config/schema';
import { familyOf } from '../../config/tasks';
import type { BackendChoice } from '../../worker/protocol';

export interface Advice {
  /** A few words after the backend's name. */
  summary: string;
  /** What this backend costs, and why WebGPU is not used where it could not start; absent on a GPU's WebGPU. */
  fallback?: string;
  /** Whether the task's small CPU preset is the better choice here. */
  suggestSmall: boolean;
}

const SPEED: Record<Exclude<BackendName, 'webgpu'>, string> = {
  webgl: 'WebGL uses the GPU through graphics shaders, where there is one (its speed was not measured here)',
  wasm: 'WebAssembly runs on the CPU: on a 2-core machine the paper-size model takes about 0.33 s per step (about 6 minutes to its grokking step with Grokfast-EMA); the small preset about 5 ms per step',
  cpu: 'plain JavaScript on the CPU is the slowest backend: on a 2-core machine the paper-size model takes about 9 s per step; the small preset about 57 ms per step',
};

/** `small`: the CPU-sized preset of the run's task. */
export function backendAdvice(
  name: BackendName,
  notes: readonly string[],
  small: { name: string; config: Config },
  gpu?: { software: boolean; description: string },
): Advice {
  const software = gpu?.software === true;
  if (name === 'webgpu')
    return software
      ? {
          summary: `a software WebGPU adapter (${gpu.description}), which runs on the CPU`,
          fallback: 'A software adapter is far slower than wasm on the same CPU; "auto" would pick wasm.',
          suggestSmall: false,
        }
      : { summary: 'the GPU, through WebGPU', suggestSmall: false };
  const why = notes.length > 0 ? `Why not WebGPU: ${notes.join('; ')}. ` : '';
  const smallText = ` ${familyOf(small.config.task).smallAdvice(small)}`;
  const suggestion = name === 'webgl' ? '' : smallText;
  if (name === 'webgl' && software)
    return {
      summary: `WebGL on a software renderer (${gpu.description}), which runs on the CPU`,
      fallback: `${why}A software renderer draws on the CPU, slower than wasm there.${smallText}`,
      suggestSmall: true,
    };
  return {
    summary: name === 'webgl' ? 'the GPU, through WebGL' : 'the CPU',
    fallback: `${why}${SPEED[name]}.${suggestion}`,
    suggestSmall: name !== 'webgl',
  };
}

const rate = (r: number) => `${r >= 100 ? r.toFixed(0) : r.toPrecision(2)} steps/s`;

/** How the backend was chosen, in one sentence. */
export function choiceText(choice: BackendChoice): string {
  switch (choice.how) {
    case 'pinned':
      return `Chosen by you (${choice.why.replace(/^pinned to \w+ /, '')}); "auto" picks the fastest.`;
    case 'rule':
      return `Chosen automatically: ${choice.why}.`;
    case 'timed': {
      const rates = Object.entries(choice.rates ?? {})
        .map(([n, r]) => `${n} ${rate(r)}`)
        .join(', ');
      return `Chosen by timing this config: ${rates} (${choice.why}).`;
    }
    case 'order':
      return `The first backend that started (${choice.why}).`;
  }
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

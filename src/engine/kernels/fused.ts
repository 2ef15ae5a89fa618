// Calls into the fused WebGPU kernels (./webgpu.ts) without loading the webgpu backend: the ops and
// the optimizer ask `fusedKernels()` and, on WebGPU, run a fused kernel by name; elsewhere they keep
// the plain tfjs composition.
import * as tf from '@tensorflow/tfjs-core';

/** WebGPU's limit on workgroups per dispatch dimension: the row kernels use one per row. */
export const MAX_ROWS = 65535;

/** Whether the active backend is WebGPU with the fused kernels registered (and `rows` fit them). */
export function fusedKernels(rows = 0): boolean {
  return (
    tf.getBackend() === 'webgpu' &&
    rows <= MAX_ROWS &&
    (tf.getKernel('GrokLayerNorm', 'webgpu') as tf.KernelConfig | undefined) !== undefined
  );
}

/**
 * The numbers of one Grokfast-EMA + Adam/AdamW step, in the order of the `hyper` input of the fused
 * kernel GrokAdamStep (src/engine/kernels/webgpu.ts; Adam.hyper fills it).
 */
export const ADAM_HYPER = [
  'firstSlow',
  'useSlow',
  'alpha',
  'oneMinusAlpha',
  'lambda',
  'coupledWd',
  'beta1',
  'oneMinusBeta1',
  'beta2',
  'oneMinusBeta2',
  'invSqrtBc2',
  'eps',
  'decay',
  'stepSize',
] as const;

/** Runs the fused kernel `name` on `inputs`. */
export function runFused<T extends tf.Tensor>(
  name: string,
  inputs: Record<string, tf.Tensor>,
  attrs: Record<string, number> = {},
): T {
  return tf.engine().runKernel<T>(name, inputs, attrs);
}

/**
 * Ends a training step on WebGPU: submits everything the step queued as one command buffer (see
 * installWebGpuKernels); a no-op elsewhere, and where the step queued nothing since the last submit.
 */
export function submitStep(): void {
  if (tf.getBackend() === 'webgpu') stepSubmitter?.();
}

let stepSubmitter: (() => void) | null = null;

/** Set by the WebGPU kernels when they are installed (this module does not load the backend). */
export function setStepSubmitter(submit: (() => void) | null): void {
  stepSubmitter = submit;
}

let replayOn = true;

/**
 * Whether training steps on WebGPU are captured once and replayed (src/engine/replay): on by
 * default; `stepReplay(false)` or the environment variable GROK_LAB_REPLAY=0 (in Node) keeps every
 * step on tfjs's kernels, the reference the replay is tested against.
 */
export function stepReplay(on?: boolean): boolean {
  if (on !== undefined) replayOn = on;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return replayOn && env?.GROK_LAB_REPLAY !== '0';
}

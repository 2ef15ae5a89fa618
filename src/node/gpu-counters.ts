// Counts what a piece of work asks of the GPU in Node (the webgpu package), at the source, whatever
// tfjs kernel issued it: compute passes (every dispatchWorkgroups call) and queue submits (every
// GPUQueue.submit call). Reshapes and other metadata-only kernels dispatch nothing, so the first is
// the GPU's own count of passes; each submit costs the host a round of validation and scheduling,
// which is what a step built once and submitted whole would save.

interface PatchableClass {
  prototype: Record<string, unknown>;
}

export interface GpuCounts {
  dispatches: number;
  submits: number;
}

const counts: GpuCounts = { dispatches: 0, submits: 0 };
let installed = false;

function countCalls(className: string, method: string, key: keyof GpuCounts): void {
  const cls = (globalThis as Record<string, unknown>)[className] as PatchableClass | undefined;
  const original = cls?.prototype[method];
  if (!cls || typeof original !== 'function')
    throw new Error(`no ${className}.${method} here: GPU work is counted under Node's webgpu package`);
  cls.prototype[method] = function (this: unknown, ...args: unknown[]) {
    counts[key]++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
}

/** Starts counting (once the webgpu backend is in use, so its classes are there). */
function install(): void {
  if (installed) return;
  countCalls('GPUComputePassEncoder', 'dispatchWorkgroups', 'dispatches');
  countCalls('GPUQueue', 'submit', 'submits');
  installed = true;
}

/** What `work` asked of the GPU, once it and everything it queued has been submitted and run. */
export async function countGpuWork(work: () => Promise<void>): Promise<GpuCounts> {
  install();
  const before = { ...counts };
  await work();
  return { dispatches: counts.dispatches - before.dispatches, submits: counts.submits - before.submits };
}

/** The compute passes `work` caused (see countGpuWork). */
export async function countDispatches(work: () => Promise<void>): Promise<number> {
  return (await countGpuWork(work)).dispatches;
}

// Counts real WebGPU compute dispatches in Node (the webgpu package): every dispatchWorkgroups call
// of every compute pass, whatever tfjs kernel issued it. Reshapes and other metadata-only kernels
// dispatch nothing, so this is the GPU's own count of passes.

interface PassEncoderClass {
  prototype: { dispatchWorkgroups: (...args: unknown[]) => unknown };
}

let count = 0;
let installed = false;

/** Starts counting (once the webgpu backend is in use, so its classes are there). */
function install(): void {
  if (installed) return;
  const encoder = (globalThis as { GPUComputePassEncoder?: PassEncoderClass }).GPUComputePassEncoder;
  if (!encoder) throw new Error("no GPUComputePassEncoder here: dispatches are counted under Node's webgpu package");
  const dispatch = encoder.prototype.dispatchWorkgroups;
  encoder.prototype.dispatchWorkgroups = function (this: unknown, ...args: unknown[]) {
    count++;
    return dispatch.apply(this, args);
  };
  installed = true;
}

/** The dispatches `work` caused, once it and everything it queued has been submitted and run. */
export async function countDispatches(work: () => Promise<void>): Promise<number> {
  install();
  const before = count;
  await work();
  return count - before;
}

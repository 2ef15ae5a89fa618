// Errors a WebGPU device reports outside any error scope (out of memory, validation, internal).
// tfjs does not watch for them: after one, the buffer that failed is invalid, reads of it return
// zeros, and training goes on with numbers that are silently wrong. Seen on a real GPU with many
// training processes sharing it: Vulkan ran out of device memory and every run collapsed to chance.

/** What is used of a WebGPU device here (the WebGPU types are not loaded in every build). */
export interface GpuErrorSource {
  onuncapturederror: ((event: { error?: { message?: string } }) => unknown) | null;
}

/** Plain words for a GPUError subclass: out of memory, validation error or internal error. */
export function describeGpuError(error: { message?: string } | undefined): string {
  const kind = error ? error.constructor.name : '';
  const what = /OutOfMemory/.test(kind)
    ? 'out of memory'
    : /Validation/.test(kind)
      ? 'validation error'
      : /Internal/.test(kind)
        ? 'internal error'
        : 'error';
  const first = (error?.message ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  return first ? `${what}: ${first.trim()}` : what;
}

/**
 * Calls `onError` with plain words for each error `device` reports outside an error scope, keeping
 * any handler already there.
 */
export function watchGpuErrors(device: GpuErrorSource, onError: (message: string) => void): void {
  const before = device.onuncapturederror;
  device.onuncapturederror = (event) => {
    onError(describeGpuError(event.error));
    before?.(event);
  };
}

/** The WebGPU device of the tfjs backend in use, if it has one. */
export function backendGpuDevice(backend: unknown): GpuErrorSource | undefined {
  const device = (backend as { device?: Partial<GpuErrorSource> } | null)?.device;
  return device && 'onuncapturederror' in device ? (device as GpuErrorSource) : undefined;
}

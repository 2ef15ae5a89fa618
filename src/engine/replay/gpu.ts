// The parts of WebGPU and of tfjs's WebGPU backend that the step replay uses. The engine compiles
// without the DOM's WebGPU types (tsconfig.engine.json), so they are named here, structurally; the
// backend's members are tfjs internals (not its public API), checked when a step is captured
// (requireReplayInternals) so that another tfjs release refuses the replay instead of breaking a run.
import * as tf from '@tensorflow/tfjs-core';
import { requireTfjsInternals } from '../kernels/tfjs-internals';

export interface GpuBuffer {
  readonly size: number;
  readonly usage: number;
  mapAsync(mode: number): Promise<void>;
}

export interface GpuPipeline {
  getBindGroupLayout(index: number): unknown;
}

export interface GpuComputePass {
  setPipeline(pipeline: GpuPipeline): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y: number, z: number): void;
  end(): void;
}

export interface GpuEncoder {
  copyBufferToBuffer(src: GpuBuffer, srcOffset: number, dst: GpuBuffer, dstOffset: number, size: number): void;
  beginComputePass(descriptor?: object): GpuComputePass;
  finish(): unknown;
}

export interface GpuDevice {
  createBindGroup(descriptor: {
    layout: unknown;
    entries: { binding: number; resource: { buffer: GpuBuffer } }[];
  }): unknown;
  createCommandEncoder(): GpuEncoder;
  pushErrorScope(filter: 'validation'): void;
  popErrorScope(): Promise<{ message?: string } | null>;
}

export interface GpuQueue {
  writeBuffer(buffer: GpuBuffer, offset: number, data: ArrayBufferView): void;
  submit(buffers: unknown[]): void;
}

/** tfjs's record of one tensor's data on its WebGPU backend. */
export interface TensorData {
  resource: unknown;
  values: ArrayBufferView | null;
  refCount: number;
  dtype: string;
  shape: number[];
}

export type DataId = object;

export interface Uniform {
  type: string;
  data: number[];
}

/** A compiled tfjs WebGPU program as recordAndSubmit receives it. */
export interface RecordedProgram {
  shaderKey: string;
  pipeline: unknown;
  dispatch: [number, number, number];
}

/** tfjs's WebGPU backend, as far as the replay reaches into it. */
export interface ReplayBackend {
  device: GpuDevice;
  queue: GpuQueue;
  tensorMap: { get(id: DataId): TensorData | undefined };
  uniformPendingDisposal: GpuBuffer[];
  bufferManager: { acquireBuffer(size: number, usage: number): GpuBuffer; releaseBuffer(b: GpuBuffer): void };
  activeTimers: unknown;
  commandEncoder: unknown;
  recordAndSubmit(program: RecordedProgram, output: tf.TensorInfo, inputs: tf.TensorInfo[], uniforms?: Uniform[]): void;
  makeUniforms(uniforms: Uniform[]): { buffer: GpuBuffer };
  uploadToGPU(dataId: DataId): void;
  submitQueue(): void;
  endComputePassEncoder(): void;
  incRef(dataId: DataId): void;
  disposeData(dataId: DataId): boolean;
  write(values: null, shape: number[], dtype: 'float32'): DataId;
}

const METHODS = [
  'recordAndSubmit',
  'makeUniforms',
  'uploadToGPU',
  'submitQueue',
  'endComputePassEncoder',
  'incRef',
  'disposeData',
  'write',
] as const;

/** The active backend as the replay sees it; throws, naming the versions, where tfjs lacks a part. */
export function replayBackend(): ReplayBackend {
  const backend = tf.backend() as unknown as Record<string, unknown>;
  const user = 'The step replay (src/engine/replay)';
  requireTfjsInternals(user, backend, METHODS, tf.version_core);
  for (const field of ['device', 'queue', 'tensorMap', 'uniformPendingDisposal', 'bufferManager'])
    if (backend[field] === null || typeof backend[field] !== 'object')
      throw new Error(`${user} needs the field ${field} of tfjs's WebGPU backend, which tfjs ${tf.version_core} lacks`);
  return backend as unknown as ReplayBackend;
}

/** The GPU buffer holding a tensor's data, or null where it is anything else (a texture, CPU values). */
export function bufferOf(backend: ReplayBackend, id: DataId): GpuBuffer | null {
  const r = backend.tensorMap.get(id)?.resource as Partial<GpuBuffer> | null | undefined;
  return r && typeof r.mapAsync === 'function' && typeof r.size === 'number' ? (r as GpuBuffer) : null;
}

/** GPUBufferUsage's flags (the same numbers in every WebGPU implementation). */
export const USAGE = { COPY_SRC: 0x04, COPY_DST: 0x08, STORAGE: 0x80 } as const;

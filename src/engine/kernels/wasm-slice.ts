// Slice and SplitV for tfjs's wasm backend, reading the wasm heap in place.
//
// tfjs-wasm 4.22's Slice reads its input through readSync, which copies the whole tensor out of the
// heap on every call, and its SplitV slices once per part: splitting the paper model's 422,656
// parameters into 29 tensors copied 49 MB per step (32 ms, a tenth of a training step). These
// replacements copy only the slice itself, straight from the heap. Same kernel names, same results
// bit for bit; string tensors still go to tfjs's own kernels.
import * as tf from '@tensorflow/tfjs-core';
import { requireTfjsInternals } from './tfjs-internals';

/** What these kernels use of tfjs-wasm's BackendWasm (its class is not exported as a type here). */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

type Typed = Float32Array | Int32Array | Uint8Array;

/**
 * Copies the box `begin` + `size` of a row-major array of `shape` into `out`. Trailing axes taken
 * whole are merged into one contiguous run, so a slice of a flat vector is one copy.
 */
export function copyBox(
  src: Typed,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  out: Typed,
): void {
  const rank = shape.length;
  if (rank === 0) {
    out.set(src.subarray(0, 1));
    return;
  }
  // Axes from `inner` on form one contiguous run in the source.
  let inner = rank - 1;
  while (inner > 0 && size[inner] === shape[inner]) inner--;
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = (strides[i + 1] as number) * (shape[i + 1] as number);
  const run = (size[inner] as number) * (strides[inner] as number);
  const start = begin.reduce((acc, b, i) => acc + b * (strides[i] as number), 0);
  const outer = size.slice(0, inner);
  const count = outer.reduce((a, b) => a * b, 1);
  const index = new Array<number>(inner).fill(0);
  for (let n = 0, dst = 0; n < count; n++, dst += run) {
    let from = start;
    for (let i = 0; i < inner; i++) from += (index[i] as number) * (strides[i] as number);
    out.set(src.subarray(from, from + run), dst);
    for (let i = inner - 1; i >= 0; i--) {
      index[i] = (index[i] as number) + 1;
      if ((index[i] as number) < (outer[i] as number)) break;
      index[i] = 0;
    }
  }
}

function sliceOnHeap(backend: WasmHeap, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  if (size.some((s) => s === 0)) return out;
  // The input's view is taken after the output is allocated: allocation may grow (and move) the heap.
  copyBox(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

/** What installWasmSlice reads of the loaded @tensorflow/tfjs-backend-wasm module. */
export interface WasmBackendModule {
  BackendWasm: { prototype: object };
  version_wasm: string;
}

let installed = false;

/**
 * Registers the in-place Slice and SplitV for the wasm backend (once; call after loading it, with
 * the module loaded). Throws, naming the versions, where its BackendWasm lacks what they use.
 */
export function installWasmSlice(wasm: WasmBackendModule): void {
  if (installed) return;
  const user = 'The wasm Slice and SplitV kernels (src/engine/kernels/wasm-slice.ts)';
  requireTfjsInternals(user, wasm.BackendWasm.prototype, ['makeOutput', 'typedArrayFromHeap'], wasm.version_wasm);
  requireTfjsInternals(user, tf.slice_util, ['parseSliceParams'], tf.version_core);
  requireTfjsInternals(user, tf.backend_util, ['prepareSplitSize'], tf.version_core);
  // getKernel is typed as always finding one; it returns undefined when none is registered.
  const slice = tf.getKernel('Slice', 'wasm') as tf.KernelConfig | undefined;
  const splitV = tf.getKernel('SplitV', 'wasm') as tf.KernelConfig | undefined;
  if (!slice || !splitV) return; // the wasm backend is not loaded
  installed = true;
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({
    kernelName: 'Slice',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === 'string') return slice.kernelFunc(args);
      const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
      const [b, s] = tf.slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
      return sliceOnHeap(args.backend as unknown as WasmHeap, x, b, s);
    },
  });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({
    kernelName: 'SplitV',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === 'string') return splitV.kernelFunc(args);
      const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
      const ax = tf.util.parseAxisParam(axis, x.shape)[0] as number;
      const parts = tf.backend_util.prepareSplitSize(x, numOrSizeSplits, ax);
      const begin = new Array<number>(x.shape.length).fill(0);
      return parts.map((n) => {
        const size = x.shape.slice();
        size[ax] = n;
        const out = sliceOnHeap(args.backend as unknown as WasmHeap, x, begin.slice(), size);
        begin[ax] = (begin[ax] as number) + n;
        return out;
      });
    },
  });
}

// The wasm backend's Slice and SplitV, replaced by versions that read the heap in place
// (src/engine/kernels/wasm-slice.ts): the same elements as a brute-force slice, for every rank.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../src/engine/random';
import { useNodeBackend } from '../src/node/backends';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

const rng = new Random(3, 0);
const int = (n: number) => Math.floor(rng.uniform() * n);

/** The box of a row-major array, element by element. */
function bruteSlice(values: Float32Array, shape: number[], begin: number[], size: number[]): number[] {
  const out: number[] = [];
  const total = size.reduce((a, b) => a * b, 1);
  for (let n = 0; n < total; n++) {
    let rest = n;
    let flat = 0;
    for (let i = 0; i < shape.length; i++) {
      const below = size.slice(i + 1).reduce((a, b) => a * b, 1);
      const at = Math.floor(rest / below) + (begin[i] as number);
      rest %= below;
      flat = flat * (shape[i] as number) + at;
    }
    out.push(values[flat] as number);
  }
  return out;
}

describe('wasm Slice and SplitV', () => {
  it('are the kernels in use', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Slice', 'wasm').kernelFunc.toString()).toContain('sliceOnHeap');
  });

  it('slice any box of tensors of rank 1 to 5', async () => {
    for (let trial = 0; trial < 200; trial++) {
      const rank = 1 + int(5);
      const shape = Array.from({ length: rank }, () => 1 + int(6));
      const begin = shape.map((s) => int(s));
      const size = shape.map((s, i) => (int(3) === 0 ? s - (begin[i] as number) : 1 + int(s - (begin[i] as number))));
      const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 0.5);
      const x = tf.tensor(values, shape);
      const got = tf.slice(x, begin, size);
      expect(got.shape).toEqual(size);
      expect(Array.from(await got.data())).toEqual(bruteSlice(values, shape, begin, size));
      tf.dispose([x, got]);
    }
  });

  it('split along any axis, int32 too', async () => {
    const x = tf.tensor(
      Int32Array.from({ length: 2 * 6 * 5 }, (_, i) => i),
      [2, 6, 5],
      'int32',
    );
    for (const axis of [0, 1, 2]) {
      const sizes = axis === 1 ? [1, 3, 2] : axis === 0 ? [1, 1] : [2, 0, 3];
      const parts = tf.split(x, sizes, axis);
      const back = tf.concat(parts, axis);
      expect(Array.from(await back.data())).toEqual(Array.from(await x.data()));
      parts.forEach((p, i) => expect(p.shape[axis]).toBe(sizes[i]));
      tf.dispose([...parts, back]);
    }
    x.dispose();
  });

  it('read the right data after the heap has grown', async () => {
    const x = tf.tensor1d(Float32Array.from({ length: 1000 }, (_, i) => i));
    const big = tf.zeros([(64 * 1024 * 1024) / 4]); // 64 MB: the heap grows
    const [a, b] = tf.split(x, [400, 600]);
    expect((await (b as tf.Tensor).data())[0]).toBe(400);
    expect((await (a as tf.Tensor).data())[399]).toBe(399);
    tf.dispose([x, big, a, b]);
  });
});

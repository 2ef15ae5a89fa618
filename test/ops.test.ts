// The fast operations (gradients written out for the backends' fast paths) against the plain tfjs
// compositions they replace: the same values and the same gradients, within float32 rounding, on
// the same inputs, on the wasm backend (explicit transposes), cpu and webgpu (transpose flags; in
// Node through the webgpu package, on SwiftShader where there is no GPU).
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Dropout } from '../src/engine/dropout';
import { initialValues, Transformer } from '../src/engine/model';
import { causalMask, FAST_OPS, type ModelOps, oneHotFloat, PLAIN_OPS } from '../src/engine/ops';
import { Random } from '../src/engine/random';
import { useNodeBackend } from '../src/node/backends';
import { maxRelDiff } from './compare';
import { skipWithoutWebGpu, WEBGPU_MISSING } from './node-webgpu';

const rng = new Random(7, 0);
const randn = (shape: number[], scale = 1) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() * scale),
    shape,
  );

/** Value and gradients of sum(op(inputs) · w) for a fixed random w, so every output element matters. */
function valueAndGrads(
  op: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  w: tf.Tensor,
): { value: tf.Tensor; grads: tf.Tensor[] } {
  const value = op(...inputs);
  const f = (...xs: tf.Tensor[]) =>
    op(...xs)
      .mul(w)
      .sum();
  const grads = tf.grads(f)(inputs);
  return { value, grads };
}

async function expectSame(
  name: string,
  pick: (ops: ModelOps) => (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  tol = 2e-5,
) {
  const w = randn(pick(PLAIN_OPS)(...inputs).shape);
  const fast = valueAndGrads(pick(FAST_OPS), inputs, w);
  const plain = valueAndGrads(pick(PLAIN_OPS), inputs, w);
  expect(await maxRelDiff(fast.value, plain.value), `${name} value`).toBeLessThan(tol);
  for (let i = 0; i < inputs.length; i++) {
    expect(
      await maxRelDiff(fast.grads[i] as tf.Tensor, plain.grads[i] as tf.Tensor),
      `${name} gradient ${i}`,
    ).toBeLessThan(tol);
  }
}

for (const backend of ['wasm', 'cpu', 'webgpu'] as const) {
  // SwiftShader compiles every shader on the CPU: under heavy load (a CI run beside three training
  // processes) the first whole-model test took over the default 60 s.
  describe(`fast operations on ${backend}`, { timeout: backend === 'webgpu' ? 240_000 : 60_000 }, () => {
    beforeAll(async () => {
      if (backend !== 'webgpu' || WEBGPU_MISSING === null) await useNodeBackend(backend);
    });
    if (backend === 'webgpu') beforeEach(skipWithoutWebGpu);

    it('linear, with and without bias', async () => {
      const x = randn([24, 16]);
      const w = randn([16, 12], 0.3);
      const b = randn([12]);
      await expectSame(
        'linear+b',
        (o) => (xx, ww, bb) => o.linear(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D),
        [x, w, b],
      );
      await expectSame('linear', (o) => (xx, ww) => o.linear(xx as tf.Tensor2D, ww as tf.Tensor2D), [x, w]);
    });

    it('LayerNorm', async () => {
      const x = randn([20, 16], 3).add(1);
      const g = randn([16]).add(1);
      const b = randn([16]);
      await expectSame(
        'layerNorm',
        (o) => (xx, gg, bb) => o.layerNorm(xx as tf.Tensor2D, gg as tf.Tensor1D, bb as tf.Tensor1D),
        [x, g, b],
      );
    });

    // WebGPU's row kernels run 64 threads per row, each striding over the columns: at the paper's
    // width 128 every thread takes exactly two, so only a width above 64 and not a multiple of it
    // reaches the loops' ragged end (and the column-sum kernels' last, partly idle workgroup).
    it('LayerNorm, the bias gradient and the softmax gradient at width 130', async () => {
      const x = randn([6, 130], 3).add(1);
      await expectSame(
        'layerNorm 130',
        (o) => (xx, gg, bb) => o.layerNorm(xx as tf.Tensor2D, gg as tf.Tensor1D, bb as tf.Tensor1D),
        [x, randn([130]).add(1), randn([130])],
      );
      await expectSame(
        'linear+b 130',
        (o) => (xx, ww, bb) => o.linear(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D),
        [randn([6, 8]), randn([8, 130], 0.3), randn([130])],
      );
      // Attention over 130 positions: softmax rows of width 130.
      const s = { batch: 1, seqLen: 130, heads: 1 };
      await expectSame('attention T=130', (o) => (qkv) => o.attention(qkv as tf.Tensor2D, s, causalMask(130), false), [
        randn([130, 3 * 4]),
      ]);
    });

    it('GELU', async () => {
      await expectSame('gelu', (o) => (xx) => o.gelu(xx as tf.Tensor2D), [randn([10, 12], 2)]);
    });

    it('attention, over every position and for the last one only', async () => {
      const s = { batch: 5, seqLen: 4, heads: 2 };
      const qkv = randn([5 * 4, 3 * 8]);
      const mask = causalMask(4);
      for (const lastOnly of [false, true]) {
        await expectSame(
          `attention lastOnly=${lastOnly}`,
          (o) => (x) => o.attention(x as tf.Tensor2D, s, mask, lastOnly),
          [qkv],
        );
      }
      const maps = [FAST_OPS, PLAIN_OPS].map((o) => o.attentionMaps(qkv as tf.Tensor2D, s, mask));
      expect(await maxRelDiff(maps[0] as tf.Tensor, maps[1] as tf.Tensor)).toBeLessThan(1e-6);
    });

    it('embeddings', async () => {
      const tokens = tf.tensor2d(
        [
          [1, 5, 2, 6],
          [3, 5, 4, 6],
          [0, 5, 0, 6],
        ],
        [3, 4],
        'int32',
      );
      await expectSame('embed', (o) => (e, p) => o.embed(tokens, e as tf.Tensor2D, p as tf.Tensor2D), [
        randn([7, 8]),
        randn([4, 8]),
      ]);
    });

    it('the whole model: the same loss and gradients for every parameter', async () => {
      // Paper-sized layers, or a smaller model on a software GPU.
      const shape =
        backend === 'webgpu'
          ? { vocab: 25, seqLen: 4, dim: 32, heads: 4, layers: 2 }
          : { vocab: 99, seqLen: 4, dim: 128, heads: 4, layers: 2 };
      const values = initialValues(shape, 3);
      const models = [FAST_OPS, PLAIN_OPS].map((ops) => new Transformer(shape, values, ops));
      const n = 64;
      const modulus = shape.vocab - 2;
      const tokens = tf.tensor2d(
        Int32Array.from({ length: n * 4 }, (_, i) =>
          i % 4 === 1 ? modulus : i % 4 === 3 ? modulus + 1 : (i * 37) % modulus,
        ),
        [n, 4],
        'int32',
      );
      const target = oneHotFloat(
        tf.tensor1d(
          Int32Array.from({ length: n }, (_, i) => (i * 11) % modulus),
          'int32',
        ),
        shape.vocab,
      );
      const [fast, plain] = models.map((m) => tf.variableGrads(() => m.loss(tokens, target), m.params));
      expect(await maxRelDiff(fast!.value, plain!.value)).toBeLessThan(1e-6);
      (models[0] as Transformer).params.forEach((p, i) => {
        const q = (models[1] as Transformer).params[i] as tf.Variable;
        expect(fast!.grads[p.name]?.shape).toEqual(p.shape);
        expect(plain!.grads[q.name]?.shape).toEqual(q.shape);
      });
      for (let i = 0; i < values.length; i++) {
        const a = fast!.grads[(models[0] as Transformer).params[i]!.name] as tf.Tensor;
        const b = plain!.grads[(models[1] as Transformer).params[i]!.name] as tf.Tensor;
        expect(await maxRelDiff(a, b), (models[0] as Transformer).names[i]).toBeLessThan(1e-4);
      }
      for (const m of models) m.dispose();
    });

    it('the whole model at six positions, reading two of each sequence (format=paper): the same loss and gradients', async () => {
      const shape = { vocab: 31, seqLen: 6, dim: 32, heads: 4, layers: 2, tie: 'tied', init: 'gpt2' } as const;
      const values = initialValues(shape, 4);
      const models = [FAST_OPS, PLAIN_OPS].map((ops) => new Transformer(shape, values, ops));
      const n = 24;
      const tokens = tf.tensor2d(
        Int32Array.from({ length: n * 6 }, (_, i) => (i * 37 + 5) % 31),
        [n, 6],
        'int32',
      );
      // Sequence b is read at 1 + b mod 5 (its answer) and one position later (its end token).
      const at = Int32Array.from({ length: 2 * n }, (_, r) => 1 + ((r >> 1) % 4) + (r & 1));
      const readAt = oneHotFloat(tf.tensor1d(at, 'int32'), 6);
      const target = oneHotFloat(
        tf.tensor1d(
          Int32Array.from({ length: 2 * n }, (_, r) => (r & 1 ? 30 : (r * 7) % 29)),
          'int32',
        ),
        31,
      );
      const [fast, plain] = models.map((m) => tf.variableGrads(() => m.loss(tokens, target, readAt), m.params));
      expect(await maxRelDiff(fast!.value, plain!.value)).toBeLessThan(1e-6);
      for (let i = 0; i < values.length; i++) {
        const a = fast!.grads[(models[0] as Transformer).params[i]!.name] as tf.Tensor;
        const b = plain!.grads[(models[1] as Transformer).params[i]!.name] as tf.Tensor;
        expect(await maxRelDiff(a, b), (models[0] as Transformer).names[i]).toBeLessThan(1e-4);
      }
      for (const m of models) m.dispose();
    });

    it('the whole model tied, GPT-2-initialised and with dropout: the same loss and gradients for every parameter', async () => {
      const shape = { vocab: 25, seqLen: 4, dim: 32, heads: 4, layers: 2, tie: 'tied', init: 'gpt2' } as const;
      const values = initialValues(shape, 3);
      const models = [FAST_OPS, PLAIN_OPS].map((ops) => new Transformer(shape, values, ops));
      const tokens = tf.tensor2d(
        Int32Array.from({ length: 32 * 4 }, (_, i) => (i % 4 === 1 ? 23 : i % 4 === 3 ? 24 : (i * 37) % 23)),
        [32, 4],
        'int32',
      );
      const target = oneHotFloat(
        tf.tensor1d(
          Int32Array.from({ length: 32 }, (_, i) => (i * 11) % 23),
          'int32',
        ),
        25,
      );
      // The same seed and step: the same masks for both.
      const [fast, plain] = models.map((m) =>
        tf.variableGrads(() => m.loss(tokens, target, undefined, new Dropout(0.1, 5, 9)), m.params),
      );
      expect(await maxRelDiff(fast!.value, plain!.value)).toBeLessThan(1e-6);
      for (let i = 0; i < values.length; i++) {
        const a = fast!.grads[(models[0] as Transformer).params[i]!.name] as tf.Tensor;
        const b = plain!.grads[(models[1] as Transformer).params[i]!.name] as tf.Tensor;
        expect(await maxRelDiff(a, b), (models[0] as Transformer).names[i]).toBeLessThan(1e-4);
      }
      for (const m of models) m.dispose();
    });
  });
}

afterAll(() => {
  tf.disposeVariables();
});

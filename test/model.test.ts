import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialValues, parameterCount, parameterDefs, Transformer } from '../src/engine/model';
import { useNodeBackend } from '../src/node/backends';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const PAPER = { vocab: 99, seqLen: 4, dim: 128, heads: 4, layers: 2 };

function stats(xs: Float32Array) {
  let s = 0;
  let s2 = 0;
  let max = 0;
  for (const x of xs) {
    s += x;
    s2 += x * x;
    max = Math.max(max, Math.abs(x));
  }
  return { mean: s / xs.length, std: Math.sqrt(s2 / xs.length - (s / xs.length) ** 2), max };
}

describe('Transformer', () => {
  it('has the parameters of the paper model', () => {
    const names = parameterDefs(PAPER).map((d) => d.name);
    expect(names.slice(0, 2)).toEqual(['tokEmb', 'posEmb']);
    expect(names.at(-1)).toBe('head');
    // embeddings + 2 blocks (LN, qkv, out, LN, MLP 4d) + final LN + untied head without bias
    const d = 128;
    const block = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * 4 * d + 4 * d) + (4 * d * d + d);
    expect(parameterCount(PAPER)).toBe(99 * d + 4 * d + 2 * block + 2 * d + d * 99);
  });

  it('is initialised as PyTorch initialises it', () => {
    const defs = parameterDefs(PAPER);
    const values = initialValues(PAPER, 0);
    const get = (name: string) => values[defs.findIndex((d) => d.name === name)] as Float32Array;
    const emb = stats(get('tokEmb'));
    expect(emb.mean).toBeCloseTo(0, 1);
    expect(emb.std).toBeCloseTo(1, 1);
    expect(stats(get('posEmb')).max).toBeGreaterThan(0.5);
    // nn.Linear: U(±1/√fan_in) for weight and bias
    const w1 = stats(get('h0.mlp.w1'));
    expect(w1.max).toBeLessThanOrEqual(1 / Math.sqrt(128));
    expect(w1.max).toBeGreaterThan(0.99 / Math.sqrt(128));
    expect(w1.std).toBeCloseTo(1 / Math.sqrt(128) / Math.sqrt(3), 3);
    expect(stats(get('h0.mlp.w2')).max).toBeLessThanOrEqual(1 / Math.sqrt(512));
    expect(stats(get('h0.mlp.b1')).max).toBeGreaterThan(0.9 / Math.sqrt(128));
    expect(stats(get('head')).max).toBeLessThanOrEqual(1 / Math.sqrt(128));
    // nn.MultiheadAttention: xavier-uniform q/k/v, zero biases
    expect(stats(get('h1.attn.wqkv')).max).toBeLessThanOrEqual(Math.sqrt(6 / (128 + 384)));
    expect(stats(get('h1.attn.bqkv')).max).toBe(0);
    expect(stats(get('h1.attn.bo')).max).toBe(0);
    // LayerNorm 1 and 0
    expect(Array.from(get('h0.ln1.g')).every((x) => x === 1)).toBe(true);
    expect(Array.from(get('lnF.b')).every((x) => x === 0)).toBe(true);
  });

  it('is fixed by the seed', () => {
    const a = initialValues(PAPER, 5);
    const b = initialValues(PAPER, 5);
    const c = initialValues(PAPER, 6);
    expect(a[0]).toEqual(b[0]);
    expect(a[4]).toEqual(b[4]);
    expect(a[0]).not.toEqual(c[0]);
    expect(a[4]).not.toEqual(c[4]);
  });

  const SMALL = { vocab: 9, seqLen: 4, dim: 16, heads: 2, layers: 2 };

  it('gives logits over the vocabulary at the last position, depending on every input token', async () => {
    const m = Transformer.init(SMALL, 1);
    const base = [1, 7, 2, 8];
    const variants = [base, [3, 7, 2, 8], [1, 6, 2, 8], [1, 7, 4, 8], [1, 7, 2, 5]];
    const logits = tf.tidy(() => m.logits(tf.tensor2d(variants, [5, 4], 'int32')));
    expect(logits.shape).toEqual([5, 9]);
    const rows = (await logits.array()) as number[][];
    for (let i = 1; i < 5; i++) expect(rows[i]).not.toEqual(rows[0]);
    logits.dispose();
    m.dispose();
  });

  it('gives each row the same answer alone as in a batch', async () => {
    const m = Transformer.init(SMALL, 2);
    const rows = [[1, 7, 2, 8], [0, 7, 3, 8], [5, 7, 5, 8]];
    const batch = tf.tidy(() => m.logits(tf.tensor2d(rows, [3, 4], 'int32')));
    const single = tf.tidy(() => m.logits(tf.tensor2d([rows[1] as number[]], [1, 4], 'int32')));
    const b = (await batch.array()) as number[][];
    const s = (await single.array()) as number[][];
    (s[0] as number[]).forEach((x, k) => expect(x).toBeCloseTo((b[1] as number[])[k] as number, 5));
    tf.dispose([batch, single]);
    m.dispose();
  });

  it('has gradients that match finite differences', async () => {
    // float64 is not available in tfjs; a tiny model and a central difference keep float32 error small.
    const m = Transformer.init({ vocab: 7, seqLen: 4, dim: 8, heads: 2, layers: 1 }, 3);
    const tokens = tf.tensor2d([[1, 5, 2, 6], [3, 5, 4, 6], [0, 5, 0, 6]], [3, 4], 'int32');
    const target = tf.oneHot(tf.tensor1d([3, 0, 0], 'int32'), 7).cast('float32');
    const loss = () => tf.logSoftmax(m.logits(tokens)).mul(target).sum().neg() as tf.Scalar;
    const { grads } = tf.variableGrads(loss, m.params);
    const h = 1e-2;
    let checked = 0;
    for (let p = 0; p < m.params.length; p += 3) {
      const v = m.params[p] as tf.Variable;
      const g = await (grads[v.name] as tf.Tensor).data();
      const orig = await v.data();
      for (const i of [0, Math.floor(orig.length / 2)]) {
        const at = async (delta: number) => {
          const x = Float32Array.from(orig);
          x[i] = (x[i] as number) + delta;
          v.assign(tf.tensor(x, v.shape));
          const l = tf.tidy(loss);
          const value = (await l.data())[0] as number;
          l.dispose();
          return value;
        };
        const numeric = ((await at(h)) - (await at(-h))) / (2 * h);
        v.assign(tf.tensor(orig, v.shape));
        expect(g[i]).toBeCloseTo(numeric, 2);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(8);
    m.dispose();
  });
});

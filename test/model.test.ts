import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialValues, type ModelShape, parameterCount, parameterDefs, Transformer } from '../src/engine/model';
import { Dropout } from '../src/engine/dropout';
import { FAST_OPS, PLAIN_OPS } from '../src/engine/ops';
import { useNodeBackend } from '../src/node/backends';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const PAPER = { vocab: 99, seqLen: 4, dim: 128, heads: 4, layers: 2 };
const SMALL = { vocab: 9, seqLen: 4, dim: 16, heads: 2, layers: 2 };

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

/** erf by Abramowitz & Stegun 7.1.26 (error < 1.5e-7), enough for a float32 comparison. */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

/**
 * The model written out in plain float64 JavaScript, position by position, from its definition: an
 * independent check of the tfjs implementation (attention, causal mask, LayerNorm, GELU, read-out).
 */
function referenceLogits(
  shape: ModelShape,
  values: Float32Array[],
  tokens: number[],
  readAt = tokens.length - 1,
): number[] {
  const defs = parameterDefs(shape);
  const P = (name: string) => values[defs.findIndex((d) => d.name === name)] as Float32Array;
  const { dim: d, heads: H, vocab: V } = shape;
  const dh = d / H;
  const linear = (x: number[], w: Float32Array, b: Float32Array | null, out: number) =>
    Array.from({ length: out }, (_, o) =>
      x.reduce((acc, xi, i) => acc + xi * (w[i * out + o] as number), b ? (b[o] as number) : 0),
    );
  const ln = (x: number[], g: Float32Array, b: Float32Array) => {
    const mean = x.reduce((a, v) => a + v, 0) / x.length;
    const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length;
    return x.map((v, j) => ((v - mean) / Math.sqrt(variance + 1e-5)) * (g[j] as number) + (b[j] as number));
  };
  const gelu = (v: number) => 0.5 * v * (1 + erf(v / Math.SQRT2));
  let x = tokens.map((tok, t) =>
    Array.from({ length: d }, (_, j) => (P('tokEmb')[tok * d + j] as number) + (P('posEmb')[t * d + j] as number)),
  );
  for (let l = 0; l < shape.layers; l++) {
    const p = (n: string) => P(`h${l}.${n}`);
    const normed = x.map((row) => ln(row, p('ln1.g'), p('ln1.b')));
    // The Grokfast code's block carries the normalised x on the residual path.
    if (shape.block === 'grokfast') x = normed;
    const qkv = normed.map((row) => linear(row, p('attn.wqkv'), p('attn.bqkv'), 3 * d));
    const attended = x.map((_, t) => {
      const out = new Array<number>(d).fill(0);
      for (let h = 0; h < H; h++) {
        const q = (qkv[t] as number[]).slice(h * dh, (h + 1) * dh);
        const scores = Array.from(
          { length: t + 1 },
          (_, u) =>
            q.reduce((a, qi, i) => a + qi * ((qkv[u] as number[])[d + h * dh + i] as number), 0) / Math.sqrt(dh),
        );
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, v) => a + v, 0);
        for (let u = 0; u <= t; u++) {
          for (let i = 0; i < dh; i++)
            out[h * dh + i] =
              (out[h * dh + i] as number) +
              ((e[u] as number) / z) * ((qkv[u] as number[])[2 * d + h * dh + i] as number);
        }
      }
      return out;
    });
    x = x.map((row, t) => {
      const proj = linear(attended[t] as number[], p('attn.wo'), p('attn.bo'), d);
      const r = row.map((v, j) => v + (proj[j] as number));
      const hidden = linear(ln(r, p('ln2.g'), p('ln2.b')), p('mlp.w1'), p('mlp.b1'), 4 * d).map(gelu);
      const mlp = linear(hidden, p('mlp.w2'), p('mlp.b2'), d);
      return r.map((v, j) => v + (mlp[j] as number));
    });
  }
  // Tied: the output layer is the token embedding [V, d] transposed to [d, V].
  const E = P('tokEmb');
  const head =
    shape.tie === 'tied'
      ? Float32Array.from({ length: d * V }, (_, i) => E[(i % V) * d + Math.floor(i / V)] as number)
      : P('head');
  return linear(ln(x[readAt] as number[], P('lnF.g'), P('lnF.b')), head, null, V);
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

  it('gives logits over the vocabulary at the last position, depending on every input token', async () => {
    const m = Transformer.init(SMALL, 1);
    const base = [1, 7, 2, 8];
    const variants = [base, [3, 7, 2, 8], [1, 6, 2, 8], [1, 7, 4, 8], [1, 7, 2, 5]];
    const logits = tf.tidy(() => m.logits(tf.tensor2d(variants, [5, 4], 'int32')));
    expect(logits.shape).toEqual([5, 9]);
    const rows = await logits.array();
    for (let i = 1; i < 5; i++) expect(rows[i]).not.toEqual(rows[0]);
    logits.dispose();
    m.dispose();
  });

  it('matches a plain float64 implementation of the same model, with either block', async () => {
    const shapes: ModelShape[] = [SMALL, { ...SMALL, layers: 1, heads: 4 }, { ...SMALL, layers: 3, heads: 1 }];
    const variants = [
      ...shapes,
      ...shapes.map((s) => ({ ...s, block: 'grokfast' as const })),
      ...shapes.map((s) => ({ ...s, tie: 'tied' as const })),
    ];
    for (const shape of variants) {
      const values = initialValues(shape, 11);
      // Non-trivial LayerNorm and bias values, so every parameter matters.
      const defs = parameterDefs(shape);
      defs.forEach((def, i) => {
        if (/ln|bqkv|bo$/.test(def.name))
          (values[i] as Float32Array).forEach((_, j, a) => {
            a[j] = (def.name.endsWith('.g') ? 1 : 0) + 0.3 * Math.sin(7 * j + i);
          });
      });
      const m = new Transformer(shape, values);
      const rows = [
        [1, 7, 2, 8],
        [0, 7, 6, 8],
        [5, 3, 5, 1],
      ];
      const logits = tf.tidy(() => m.logits(tf.tensor2d(rows, [3, 4], 'int32')));
      const got = await logits.array();
      rows.forEach((row, r) => {
        const want = referenceLogits(shape, values, row);
        want.forEach((w, k) => expect((got[r] as number[])[k]).toBeCloseTo(w, 4));
      });
      // Read where each row says (the reasoning tasks read atomic facts at position 1).
      const at = [1, 2, 3];
      const readAt = tf.tidy(() =>
        m.logits(tf.tensor2d(rows, [3, 4], 'int32'), tf.oneHot(at, 4).toFloat() as tf.Tensor2D),
      );
      const gotAt = await readAt.array();
      rows.forEach((row, r) => {
        const want = referenceLogits(shape, values, row, at[r]);
        want.forEach((w, k) => expect((gotAt[r] as number[])[k]).toBeCloseTo(w, 4));
      });
      tf.dispose([logits, readAt]);
      m.dispose();
    }
  });

  it('gives each row the same answer alone as in a batch', async () => {
    const m = Transformer.init(SMALL, 2);
    const rows = [
      [1, 7, 2, 8],
      [0, 7, 3, 8],
      [5, 7, 5, 8],
    ];
    const batch = tf.tidy(() => m.logits(tf.tensor2d(rows, [3, 4], 'int32')));
    const single = tf.tidy(() => m.logits(tf.tensor2d([rows[1] as number[]], [1, 4], 'int32')));
    const b = await batch.array();
    const s = await single.array();
    (s[0] as number[]).forEach((x, k) => expect(x).toBeCloseTo((b[1] as number[])[k] as number, 5));
    tf.dispose([batch, single]);
    m.dispose();
  });

  it.each([
    ['standard', 'untied'],
    ['grokfast', 'untied'],
    ['standard', 'tied'],
  ] as const)('has gradients that match finite differences (%s block, %s output layer)', async (block, tie) => {
    // float64 is not available in tfjs; a tiny model and a central difference keep float32 error small.
    const m = Transformer.init({ vocab: 7, seqLen: 4, dim: 8, heads: 2, layers: 1, block, tie }, 3);
    const tokens = tf.tensor2d(
      [
        [1, 5, 2, 6],
        [3, 5, 4, 6],
        [0, 5, 0, 6],
      ],
      [3, 4],
      'int32',
    );
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

describe('Transformer keys of GPT-2 (tie, init, dropout)', () => {
  it('tie=tied has no output layer of its own: the logits are LN(x)·Eᵀ with E the token embedding', async () => {
    const tied = { ...SMALL, tie: 'tied' as const };
    const names = parameterDefs(tied).map((d) => d.name);
    expect(names).not.toContain('head');
    expect(names).toEqual(
      parameterDefs(SMALL)
        .map((d) => d.name)
        .filter((n) => n !== 'head'),
    );
    expect(parameterCount(SMALL) - parameterCount(tied)).toBe(SMALL.dim * SMALL.vocab);
    const m = Transformer.init(tied, 4);
    const tokens = tf.tensor2d([[1, 7, 2, 8]], [1, 4], 'int32');
    const [logits, expected] = tf.tidy((): tf.Tensor2D[] => {
      const stream = m.residualStream(tokens);
      const last = (stream.at(-1) as tf.Tensor2D).slice([3, 0], [1, SMALL.dim]);
      const normed = m.ops.layerNorm(last, ...([m.params.at(-2), m.params.at(-1)] as [tf.Tensor1D, tf.Tensor1D]));
      return [m.logits(tokens), tf.matMul(normed, m.embedding, false, true)];
    });
    const got = await (logits as tf.Tensor2D).data();
    const want = await (expected as tf.Tensor2D).data();
    want.forEach((w, k) => expect(got[k]).toBeCloseTo(w, 5));
    tf.dispose([tokens, logits, expected]);
    m.dispose();
  });

  it('init=gpt2 is HF GPT-2: N(0, 0.02), residual projections N(0, 0.02/√(2·layers)), zero biases, LayerNorm 1/0', () => {
    const shape = { ...PAPER, init: 'gpt2' as const };
    const defs = parameterDefs(shape);
    const values = initialValues(shape, 0);
    const get = (name: string) => values[defs.findIndex((d) => d.name === name)] as Float32Array;
    for (const name of ['tokEmb', 'posEmb', 'h0.attn.wqkv', 'h1.mlp.w1', 'head']) {
      const s = stats(get(name));
      expect(s.mean, name).toBeCloseTo(0, 2);
      expect(s.std / 0.02, name).toBeCloseTo(1, 1);
    }
    // GPT-2's c_proj.weight (attention output and the MLP's second layer): 0.02/√(2·2) = 0.01
    for (const name of ['h0.attn.wo', 'h1.attn.wo', 'h0.mlp.w2', 'h1.mlp.w2'])
      expect(stats(get(name)).std / 0.01, name).toBeCloseTo(1, 1);
    for (const name of ['h0.attn.bqkv', 'h0.attn.bo', 'h1.mlp.b1', 'h1.mlp.b2', 'lnF.b', 'h0.ln2.b'])
      expect(stats(get(name)).max, name).toBe(0);
    for (const name of ['h0.ln1.g', 'lnF.g']) expect(Array.from(get(name)).every((x) => x === 1)).toBe(true);
    // The default is unchanged: PyTorch's N(0, 1) embeddings, bit for bit what no init key gives.
    expect(initialValues({ ...PAPER, init: 'pytorch' }, 0)).toEqual(initialValues(PAPER, 0));
    expect(stats(initialValues(PAPER, 0)[0] as Float32Array).std).toBeCloseTo(1, 1);
  });

  it('dropout masks are 0 or 1/(1 − rate), about rate of them 0, the same for the same seed and step', async () => {
    const masks = [
      new Dropout(0.25, 3, 7).mask([64, 64]),
      new Dropout(0.25, 3, 7).mask([64, 64]),
      new Dropout(0.25, 3, 8).mask([64, 64]),
      new Dropout(0.25, 4, 7).mask([64, 64]),
    ];
    const [a, b, c, d] = await Promise.all(masks.map((t) => t.data()));
    tf.dispose(masks);
    const values = Array.from(a as Float32Array);
    expect(new Set(values)).toEqual(new Set([0, Math.fround(1 / 0.75)]));
    expect(values.filter((x) => x === 0).length / values.length).toBeCloseTo(0.25, 1);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(d).not.toEqual(a);
    expect(() => new Dropout(1, 0, 1)).toThrow('dropout: 1 is not a rate above 0 and below 1');
  });

  it('dropout changes the training loss and its gradient, never the logits: the views and evaluation read the model whole', async () => {
    const m = Transformer.init(SMALL, 5);
    const tokens = tf.tensor2d(
      [
        [1, 7, 2, 8],
        [0, 7, 3, 8],
        [5, 7, 5, 8],
      ],
      [3, 4],
      'int32',
    );
    const target = tf.oneHot(tf.tensor1d([3, 0, 5], 'int32'), SMALL.vocab).cast<tf.Tensor2D>('float32');
    const lossOf = async (dropout?: Dropout) => {
      const l = tf.tidy(() => m.loss(tokens, target, undefined, dropout));
      const v = (await l.data())[0] as number;
      l.dispose();
      return v;
    };
    const whole = await lossOf();
    const dropped = await lossOf(new Dropout(0.5, 1, 1));
    expect(dropped).not.toBe(whole);
    expect(await lossOf(new Dropout(0.5, 1, 1))).toBe(dropped);
    // The gradient flows through the dropout path (its own attention) to every parameter.
    const { grads } = tf.variableGrads(() => m.loss(tokens, target, undefined, new Dropout(0.1, 1, 1)), m.params);
    for (const p of m.params) expect(await (grads[p.name] as tf.Tensor).data()).not.toEqual(new Float32Array(p.size));
    tf.dispose(Object.values(grads));
    // The loss of the logits, which no dropout reaches, is the loss without dropout.
    const l = tf.tidy(() => tf.logSoftmax(m.logits(tokens)).mul(target).sum().div(-3));
    expect((await l.data())[0]).toBeCloseTo(whole, 6);
    tf.dispose([l, tokens, target]);
    m.dispose();
  });

  it('dropout in the attention is the attention of either set of ops, masked: with no value dropped it gives the same loss', async () => {
    // A rate so small that no value of this batch is dropped (the masks scale by 1/(1 − 1e-9) = 1 in float32).
    for (const ops of [PLAIN_OPS, FAST_OPS]) {
      const m = Transformer.init(SMALL, 6, ops);
      const tokens = tf.tensor2d(
        [
          [1, 7, 2, 8],
          [0, 7, 3, 8],
        ],
        [2, 4],
        'int32',
      );
      const target = tf.oneHot(tf.tensor1d([3, 0], 'int32'), SMALL.vocab).cast<tf.Tensor2D>('float32');
      const [a, b] = tf.tidy(() => [
        m.loss(tokens, target),
        m.loss(tokens, target, undefined, new Dropout(1e-9, 0, 1)),
      ]);
      expect((await b.data())[0]).toBeCloseTo((await a.data())[0] as number, 6);
      tf.dispose([a, b, tokens, target]);
      m.dispose();
    }
  });
});

// The views of the model's inside: Fourier spectrum, PCA, and the answer grid and attention read off
// a real model, checked against what they must be.
import { OPERATIONS } from '../src/config/operations';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import { fourierSpectrum, frequencyPlane, sparsity, topFrequencies } from '../src/engine/inside/fourier';
import { pca2 } from '../src/engine/inside/pca';
import { Random } from '../src/engine/random';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

/** Deterministic white noise, uniform in [−1, 1). */
const rng = new Random(7);
const noiseValues = Array.from({ length: 4096 }, () => 2 * rng.uniform() - 1);
const noise = (i: number) => noiseValues[i % noiseValues.length] as number;

describe('fourierSpectrum', () => {
  const p = 31;
  const d = 8;
  it('peaks at the frequency an embedding is built from, and keeps its energy', () => {
    const E = new Float64Array(p * d);
    for (let a = 0; a < p; a++) {
      for (let j = 0; j < d; j++) {
        E[a * d + j] =
          Math.cos((2 * Math.PI * 7 * a) / p) * (j + 1) + Math.sin((2 * Math.PI * 7 * a) / p) * (d - j) + 0.5;
      }
    }
    const spectrum = fourierSpectrum(E, p, d);
    expect(spectrum).toHaveLength(16);
    expect(topFrequencies(spectrum, 1)).toEqual([7]);
    for (const [k, norm] of spectrum.entries()) if (k !== 7 && k !== 0) expect(norm).toBeLessThan(1e-9);
    expect(sparsity(spectrum)).toBeCloseTo(1, 12);
    // Parseval: the basis is orthonormal, so the energies add up to the squared norm of E.
    const energy = spectrum.reduce((s, n) => s + n * n, 0);
    expect(energy).toBeCloseTo(
      E.reduce((s, x) => s + x * x, 0),
      8,
    );
  });

  it('gives noise a low sparsity and two frequencies a high one', () => {
    const E = Float64Array.from({ length: p * d }, (_, i) => noise(i));
    expect(sparsity(fourierSpectrum(E, p, d))).toBeLessThan(0.6);
    const two = new Float64Array(p * d);
    for (let a = 0; a < p; a++)
      for (let j = 0; j < d; j++)
        two[a * d + j] = Math.cos((2 * Math.PI * 3 * a) / p + j) + 0.5 * Math.sin((2 * Math.PI * 11 * a) / p - j);
    const spectrum = fourierSpectrum(two, p, d);
    expect(topFrequencies(spectrum, 2)).toEqual([3, 11]);
    expect(sparsity(spectrum)).toBeCloseTo(1, 9);
  });
});

describe('frequencyPlane', () => {
  it('draws an embedding built on frequency k as a circle, the numbers in the order k·a mod p', () => {
    const p = 23;
    const d = 5;
    const k = 4;
    const E = new Float64Array(p * d);
    const axes = [
      [1, 2, 0, 1, -1],
      [2, -1, 0, 1, 1],
    ]; // orthogonal, equal length
    for (let a = 0; a < p; a++) {
      const angle = (2 * Math.PI * k * a) / p;
      for (let j = 0; j < d; j++)
        E[a * d + j] =
          3 +
          Math.cos(angle) * (axes[0]?.[j] as number) +
          Math.sin(angle) * (axes[1]?.[j] as number) +
          0.01 * noise(a * d + j);
    }
    const { x, y } = frequencyPlane(E, p, d, k);
    const radii = x.map((xi, a) => Math.hypot(xi, y[a] as number));
    const mean = radii.reduce((s, r) => s + r, 0) / p;
    for (const r of radii) expect(Math.abs(r - mean) / mean).toBeLessThan(0.05);
    // Walking around the circle visits a, then the number k steps further along, a + k⁻¹ mod p…
    const angleOf = (a: number) => Math.atan2(y[a] as number, x[a] as number);
    const turn = (from: number, to: number) => ((angleOf(to) - angleOf(from) + 3 * Math.PI) % (2 * Math.PI)) - Math.PI;
    const step = turn(0, 1);
    expect(Math.abs(Math.abs(step) - (2 * Math.PI * k) / p)).toBeLessThan(0.05);
    for (let a = 1; a < p - 1; a++) expect(turn(a, a + 1)).toBeCloseTo(step, 1);
  });
});

describe('pca2', () => {
  const distances = (x: number[], y: number[]) =>
    x.flatMap((xi, i) => x.map((xj, j) => Math.hypot(xi - xj, (y[i] as number) - (y[j] as number))));
  it('recovers the plane that points lie in: every distance is kept, all variance explained', () => {
    const d = 6;
    const n = 20;
    const e1 = [1, 2, 0, -1, 0, 1].map((v) => v / Math.sqrt(7));
    const e2 = [0, 1, 1, 1, -1, -1].map((v) => v / Math.sqrt(5));
    const dot = e1.reduce((s, v, i) => s + v * (e2[i] as number), 0);
    const f2 = e2.map((v, i) => v - dot * (e1[i] as number));
    const points = new Float64Array(n * d);
    const truth: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const [s, t] = [3 * noise(i), noise(100 + i)];
      truth.push([s, t]);
      for (let j = 0; j < d; j++) points[i * d + j] = 5 + s * (e1[j] as number) + t * (f2[j] as number);
    }
    const { x, y, explained } = pca2(points, n, d);
    const norm2 = Math.hypot(...f2);
    const want = distances(
      truth.map((q) => q[0]),
      truth.map((q) => q[1] * norm2),
    );
    distances(x, y).forEach((dist, i) => expect(dist).toBeCloseTo(want[i] as number, 6));
    expect(explained[0] + explained[1]).toBeCloseTo(1, 9);
    expect(explained[0]).toBeGreaterThan(explained[1]);
  });

  it('draws points on a circle as a circle, though its two variances are equal', () => {
    const n = 13;
    const d = 4;
    const points = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const angle = (2 * Math.PI * i) / n;
      points.set([Math.cos(angle), Math.sin(angle), Math.cos(angle), -Math.sin(angle)], i * d);
    }
    const { x, y, explained } = pca2(points, n, d);
    for (let i = 0; i < n; i++) expect(Math.hypot(x[i] as number, y[i] as number)).toBeCloseTo(Math.SQRT2, 6);
    expect(explained[0]).toBeCloseTo(0.5, 6);
  });
});

describe('Trainer.inside', () => {
  const config: Config = {
    ...DEFAULT_CONFIG,
    op: 'sub',
    p: 11,
    frac: 0.5,
    layers: 2,
    dim: 16,
    heads: 2,
    batch: 0,
    steps: 30,
    eval: 30,
    lr: 0.01,
  };

  it('answers every cell as a brute-force evaluation of the model does, with the split and attention right', async () => {
    const t = new Trainer(config);
    await t.advance(30);
    await t.inside({ a: 0, b: 0 }); // builds the table's tensors, kept for the next views
    const before = tf.memory().numTensors;
    const view = await t.inside({ a: 3, b: 9 });
    expect(tf.memory().numTensors).toBe(before);
    const { p } = view;

    // One pair at a time, through the model directly.
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const probs = tf.tidy(() => tf.softmax(t.model.logits(tf.tensor2d([a, p, b, p + 1], [1, 4], 'int32'))));
        const values = await probs.data();
        probs.dispose();
        const best = values.indexOf(Math.max(...values));
        const cell = a * p + b;
        expect(view.predicted[cell]).toBe(best);
        expect(view.confidence[cell]).toBeCloseTo(values[best] as number, 5);
        expect(view.answer[cell]).toBe((a - b + p) % p);
      }
    }
    const trainCells = [...view.split.keys()].filter((c) => view.split[c] === 1);
    expect(trainCells).toHaveLength(t.task.train.count);
    expect(view.split.filter((s) => s === 2)).toHaveLength(t.task.val.count);
    // The grid's accuracy on the training cells is the recorded training accuracy at this step.
    const right = trainCells.filter((c) => view.predicted[c] === view.answer[c]).length;
    expect(right / trainCells.length).toBeCloseTo(t.records.at(-1)?.trainAcc ?? -1, 6);

    expect(view.attention.a).toBe(3);
    expect(view.attention.maps).toHaveLength(2); // layers
    for (const layer of view.attention.maps) {
      expect(layer).toHaveLength(2); // heads
      for (const head of layer) {
        head.forEach((row, r) => {
          expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
          row.forEach((v, c) => (c > r ? expect(v).toBeLessThan(1e-6) : undefined)); // causal
        });
      }
    }
    expect(view.spectrum).toHaveLength(6);
    expect(view.pca.x).toHaveLength(p);
    expect(view.plane.k).toBe(topFrequencies(view.spectrum, 1)[0]);
    expect(view.plane.y).toHaveLength(p);
    expect(view.sparsity).toBeGreaterThan(0);
    t.dispose();
  });

  it('leaves out b = 0 for div and keeps a chosen pair inside the table', async () => {
    const t = new Trainer({ ...config, op: 'div' });
    const view = await t.inside({ a: 40, b: 0 });
    expect(view.attention).toMatchObject({ a: 10, b: 1 });
    for (let a = 0; a < view.p; a++) {
      expect(view.split[a * view.p]).toBe(0);
      expect(view.predicted[a * view.p]).toBe(-1);
    }
    t.dispose();
  });

  it("with bzero=exclude (the Grokfast code's table) keeps the pair off b = 0, where the table has no equation", async () => {
    const t = new Trainer({ ...config, op: 'mul', bzero: 'exclude' });
    const view = await t.inside({ a: 3, b: 0 });
    expect(view.attention).toMatchObject({ a: 3, b: 1 });
    for (let a = 0; a < view.p; a++) expect(view.split[a * view.p]).toBe(0);
    t.dispose();
  });

  it('trains S5 on its 120 permutations whatever p says: a 120 × 120 table, answers from the group', async () => {
    const t = new Trainer({ ...config, op: 's5conj', p: 7, frac: 0.1, layers: 1, batch: 64, steps: 10, eval: 10 });
    expect(t.task.vocab).toBe(122);
    await t.advance(1);
    const view = await t.inside({ a: 3, b: 5 });
    expect(view.p).toBe(120);
    expect(view.split.filter((s) => s === 1)).toHaveLength(1440);
    expect(view.split.filter((s) => s === 2)).toHaveLength(14400 - 1440);
    for (const [a, b] of [
      [3, 5],
      [119, 0],
      [57, 57],
    ] as const) {
      expect(view.answer[a * 120 + b]).toBe(OPERATIONS.s5conj.compute(a, b, 120));
    }
    expect(view.attention).toMatchObject({ a: 3, b: 5 });
    t.dispose();
  });
});

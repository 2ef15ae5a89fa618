// The logit lens for composition: the fact sample it reads (seeded, ID and OOD apart, bridges right),
// and the lens itself on a hand-built model whose answer is known: a block that looks up the bridge
// of ID first hops and writes it at the r1 position, so the lens must find it there, after that
// block and not before, for ID facts and never for OOD ones.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config/schema';
import { SEQ_LEN } from '../src/engine/data';
import { type ComposeSets, lensSample } from '../src/engine/inside/lens-sample';
import { bridgeAtR1, R1_POSITION } from '../src/engine/inside/lens-view';
import { readLens } from '../src/engine/inside/logit-lens';
import { LN_EPS } from '../src/engine/ops/layer-norm';
import { type ModelShape, parameterDefs, Transformer } from '../src/engine/model';
import { makeComposeTask } from '../src/engine/tasks/compose';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { TINY_CONFIG } from './fixtures';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

const E = 20;
const R = 3;
const task = makeComposeTask(
  { entities: E, relations: R, perEntity: R, oodShare: 0.4, phi: 2, testShare: 0.5, maxTest: 1000 },
  5,
);
const PAD = E + R;
const sets: ComposeSets = { train: task.train, testId: task.testId, testOod: task.testOod };

/** Rows of `eq` as token strings, to compare samples. */
const rowsOf = (tokens: Int32Array) =>
  Array.from({ length: tokens.length / SEQ_LEN }, (_, i) => tokens.subarray(i * SEQ_LEN, (i + 1) * SEQ_LEN).join(' '));

/** tail of (h, relation token) from the atomic facts of the training set. */
const tails = new Map<string, number>();
for (let i = 0; i < task.train.count; i++) {
  const row = task.train.tokens.subarray(i * SEQ_LEN, (i + 1) * SEQ_LEN);
  if (row[2] === PAD) tails.set(`${row[0]} ${row[1]}`, task.train.answers[i] as number);
}

describe('lensSample', () => {
  it('takes each test split apart, with the bridge each fact goes through', () => {
    expect(task.testId.count).toBeGreaterThan(20);
    expect(task.testOod.count).toBeGreaterThan(20);
    const sample = lensSample(sets, 1, 20);
    const idRows = new Set(rowsOf(task.testId.tokens));
    const oodRows = new Set(rowsOf(task.testOod.tokens));
    for (const [facts, own, other] of [
      [sample.id, idRows, oodRows],
      [sample.ood, oodRows, idRows],
    ] as const) {
      expect(facts.count).toBe(20);
      const rows = rowsOf(facts.tokens);
      expect(new Set(rows).size).toBe(20);
      rows.forEach((row, i) => {
        expect(own.has(row)).toBe(true);
        expect(other.has(row)).toBe(false);
        const [h, r1, r2] = row.split(' ').map(Number) as [number, number, number];
        const bridge = facts.bridges[i] as number;
        expect(bridge).toBe(tails.get(`${h} ${r1}`));
        // …and the fact's answer is the bridge's tail for r2: b really is the bridge.
        const at = rowsOf(facts === sample.id ? task.testId.tokens : task.testOod.tokens).indexOf(row);
        const answers = facts === sample.id ? task.testId.answers : task.testOod.answers;
        expect(tails.get(`${bridge} ${r2}`)).toBe(answers[at]);
      });
    }
  });

  it('is fixed by the seed, and another seed draws other facts', () => {
    const a = lensSample(sets, 1, 20);
    const b = lensSample(sets, 1, 20);
    const c = lensSample(sets, 2, 20);
    expect(rowsOf(b.id.tokens)).toEqual(rowsOf(a.id.tokens));
    expect(rowsOf(b.ood.tokens)).toEqual(rowsOf(a.ood.tokens));
    expect(Array.from(b.id.bridges)).toEqual(Array.from(a.id.bridges));
    expect(rowsOf(c.id.tokens)).not.toEqual(rowsOf(a.id.tokens));
  });

  it('takes every fact when there are fewer than asked, and none when asked for none', () => {
    const all = lensSample(sets, 1, 1e6);
    expect(all.id.count).toBe(task.testId.count);
    expect(all.ood.count).toBe(task.testOod.count);
    expect(lensSample(sets, 1, 0).id.count).toBe(0);
  });

  it('names a fact that is not a composition of two atomic facts', () => {
    const bad = { ...task.testId, tokens: task.testId.tokens.slice() };
    bad.tokens[0] = 99;
    expect(() => lensSample({ ...sets, testId: bad }, 1, 1e6)).toThrow(/^lens: fact 99 .* is not a composition/);
  });
});

/**
 * A two-block model for `task` in which block `lookupAt` finds the bridge of every ID first hop and
 * the other block does nothing (all its weights 0: it adds nothing to the residual stream).
 * Coordinates of the residual stream: each token's own (one-hot), the four positions', a copy of h,
 * and one output coordinate per entity, which alone the output layer reads. The lookup block's head
 * attends from position 1 to position 0 and copies h; its MLP has one unit per ID atomic fact
 * (h, r) → b, which fires only where the copy of h, r and position 1 meet, and writes b's output
 * coordinate. Everywhere else the output coordinates stay exactly 0, so the entities tie.
 */
function handBuilt(lookupAt: number): Transformer {
  const vocab = task.vocab;
  const POS = vocab;
  const COPY = POS + SEQ_LEN;
  const OUT = COPY + E;
  const d = OUT + E;
  const shape: ModelShape = { vocab, seqLen: SEQ_LEN, dim: d, heads: 1, layers: 2 };
  const values = new Map<string, Float32Array>();
  const set = (name: string, i: number, value: number) => {
    const def = parameterDefs(shape).find((p) => p.name === name);
    if (!def) throw new Error(name);
    const a = values.get(name) ?? new Float32Array(def.shape.reduce((x, y) => x * y, 1));
    a[i] = value;
    values.set(name, a);
  };
  for (let t = 0; t < vocab; t++) set('tokEmb', t * d + t, 1);
  for (let t = 0; t < SEQ_LEN; t++) set('posEmb', t * d + POS + t, 1);
  // LayerNorm of a residual with k ones and zeros elsewhere: (x − k/d) / σ_k.
  const sigma = (k: number) => Math.sqrt((k * (1 - k / d) ** 2 + (d - k) * (k / d) ** 2) / d + LN_EPS);
  const b = `h${lookupAt}`;
  for (const g of ['ln1.g', 'ln2.g']) for (let j = 0; j < d; j++) set(`${b}.${g}`, j, 1);
  for (let l = 0; l < 2; l++)
    if (l !== lookupAt) for (const g of ['ln1.g', 'ln2.g']) for (let j = 0; j < d; j++) set(`h${l}.${g}`, j, 1);
  // Attention: the query at position 1 meets the key at position 0 with a score of about 75, every
  // other pair scores a few units: position 1 attends to position 0 alone.
  const A = 5;
  set(`${b}.attn.wqkv`, (POS + 1) * 3 * d + 0, A);
  set(`${b}.attn.wqkv`, (POS + 0) * 3 * d + d, A);
  // Values: the normalised entity coordinates, put back to 0/1 by the output projection.
  const s2 = sigma(2);
  for (let j = 0; j < E; j++) {
    set(`${b}.attn.wqkv`, j * 3 * d + 2 * d + COPY + j, 1);
    set(`${b}.attn.wo`, (COPY + j) * d + COPY + j, s2);
    set(`${b}.attn.bo`, COPY + j, 2 / d);
  }
  // MLP: a unit per ID atomic fact, firing at +K/(2σ₃) with all three of its coordinates and below
  // −K/(2σ₃) with two (GELU then gives exactly 0).
  const K = 10;
  const s3 = sigma(3);
  const oodFirstHops = new Set(rowsOf(task.testOod.tokens).map((r) => r.split(' ').slice(0, 2).join(' ')));
  let unit = 0;
  for (const [hop, tail] of tails) {
    if (oodFirstHops.has(hop)) continue;
    const [h, r] = hop.split(' ').map(Number) as [number, number];
    for (const j of [COPY + h, r, POS + 1]) set(`${b}.mlp.w1`, j * 4 * d + unit, K);
    set(`${b}.mlp.b1`, unit, (-K * (2.5 * (1 - 3 / d) - 0.5 * (3 / d))) / s3);
    set(`${b}.mlp.w2`, unit * d + OUT + tail, 1);
    unit++;
  }
  expect(unit).toBeLessThanOrEqual(4 * d);
  for (let j = 0; j < d; j++) set('lnF.g', j, 1);
  for (let e = 0; e < E; e++) set('head', (OUT + e) * vocab + e, 1);
  return new Transformer(
    shape,
    parameterDefs(shape).map((p) => values.get(p.name) ?? new Float32Array(p.shape.reduce((x, y) => x * y, 1))),
  );
}

describe('readLens', () => {
  const sample = lensSample(sets, 3, 200);
  const only = (layer: number, position: number) =>
    Array.from({ length: 3 }, (_, l) =>
      Array.from({ length: SEQ_LEN }, (_, t) => (l >= layer && t === position ? 1 : 0)),
    );
  const none = only(99, 0);

  it('finds the bridge where the hand-built model writes it: after block 1, at r1, for ID facts only', async () => {
    const model = handBuilt(0);
    const before = tf.memory().numTensors;
    const lens = await readLens(model, sample, E, 42);
    expect(tf.memory().numTensors).toBe(before);
    expect(lens.step).toBe(42);
    expect(lens.id.facts).toBe(sample.id.count);
    expect(lens.ood.facts).toBe(sample.ood.count);
    // Layer 0 is the embeddings, layer l the stream after block l; block 2 adds nothing.
    expect(lens.id.top1).toEqual(only(1, R1_POSITION));
    expect(lens.ood.top1).toEqual(none);
    expect(bridgeAtR1(lens.id)).toBe(1);
    expect(bridgeAtR1(lens.ood)).toBe(0);
    // Decoded: rank 1; elsewhere all entities tie and the bridge ranks last (1/E).
    expect(lens.id.mrr[1]?.[R1_POSITION]).toBe(1);
    for (const grid of [lens.id, lens.ood])
      for (const [l, row] of grid.mrr.entries())
        for (const [t, mrr] of row.entries())
          if (grid === lens.ood || l === 0 || t !== R1_POSITION) expect(mrr).toBeCloseTo(1 / E, 6);
    model.dispose();
  });

  it('follows the block that does the work: with the lookup in block 2, layer 2 and not layer 1', async () => {
    const model = handBuilt(1);
    const lens = await readLens(model, sample, E, 0);
    expect(lens.id.top1).toEqual(only(2, R1_POSITION));
    expect(lens.ood.top1).toEqual(none);
    // The figure over steps leaves the last layer out (where r1 answers the atomic fact itself).
    expect(bridgeAtR1(lens.id)).toBe(0);
    model.dispose();
  });

  it('gives an empty sample zeros, without touching the model', async () => {
    const model = handBuilt(0);
    const empty = lensSample(sets, 3, 0);
    const lens = await readLens(model, empty, E, 0);
    expect(lens.id).toEqual({ facts: 0, top1: none, mrr: none });
    expect(bridgeAtR1(lens.ood)).toBe(0);
    model.dispose();
  });
});

describe('bridgeAtR1', () => {
  const grid = (...atR1: number[]) => ({
    facts: 10,
    top1: atR1.map((v) => [0.9, v, 0.9, 0.9]),
    mrr: atR1.map(() => [1, 1, 1, 1]),
  });
  it('takes the best layer between the embeddings and the last block, at r1 only', () => {
    expect(bridgeAtR1(grid(0.3, 0.2, 0.6, 0.4, 1))).toBe(0.6);
    expect(bridgeAtR1(grid(0, 0.1, 1))).toBe(0.1);
  });
  it('has nothing to say for a one-block model', () => {
    expect(bridgeAtR1(grid(0, 1))).toBeNull();
  });
});

describe('the lens in a run', () => {
  const TINY: Config = {
    ...TINY_CONFIG,
    layers: 2,
    task: 'compose',
    entities: 40,
    relations: 6,
    degree: 3,
    ood: 0.3,
    phi: 2,
    steps: 4,
    eval: 2,
  };

  it("puts the best layer's bridge share at r1 in a composition run's records, and the grid in its views", async () => {
    const t = new Trainer(TINY);
    const before = tf.memory().numTensors;
    const lens = await t.lens();
    expect(tf.memory().numTensors).toBe(before);
    // The sample is the seed's: up to 200 facts of each test split.
    expect(lens.id.facts).toBe(Math.min(200, t.task.val.count));
    expect(lens.ood.facts).toBe(Math.min(200, t.task.ood?.count ?? 0));
    expect(lens.id.top1).toHaveLength(TINY.layers + 1);
    for (const row of [...lens.id.top1, ...lens.ood.top1, ...lens.id.mrr]) {
      expect(row).toHaveLength(SEQ_LEN);
      for (const v of row) expect(v >= 0 && v <= 1).toBe(true);
    }
    await t.advance(4);
    expect(t.records.map((r) => r.step)).toEqual([2, 4]);
    for (const r of t.records) {
      expect(r.bridgeId).toBeGreaterThanOrEqual(0);
      expect(r.bridgeId).toBeLessThanOrEqual(1);
      expect(r.bridgeOod).toBeGreaterThanOrEqual(0);
      expect(r.bridgeOod).toBeLessThanOrEqual(1);
    }
    // The record is the lens of its step.
    const now = await t.lens();
    expect(t.records.at(-1)).toMatchObject({ bridgeId: bridgeAtR1(now.id), bridgeOod: bridgeAtR1(now.ood) });
    const view = await t.facts({ split: 1, index: 0 });
    expect(view.lens).toEqual(now);
    t.dispose();
  });

  it('is not there for the other tasks (says why when asked for), nor over steps for one block', async () => {
    for (const config of [
      { ...TINY, task: 'compare' as const },
      { ...TINY_CONFIG, steps: 4, eval: 2 },
    ]) {
      const t = new Trainer(config);
      await t.advance(4);
      expect(t.records.length).toBeGreaterThan(0);
      for (const r of t.records) expect(r).not.toHaveProperty('bridgeId');
      expect(t.hasLens).toBe(false);
      await expect(t.lens()).rejects.toThrow(`the logit lens reads composition facts; task ${config.task} has none`);
      t.dispose();
    }
    // A one-block composition model has its lens grid, but no layer between embeddings and output.
    const one = new Trainer({ ...TINY, layers: 1 });
    await one.advance(2);
    expect(one.records[0]).not.toHaveProperty('bridgeId');
    expect((await one.lens()).id.top1).toHaveLength(2);
    one.dispose();
    const compare = new Trainer({ ...TINY, task: 'compare' });
    expect((await compare.facts({ split: 0, index: 0 })).lens).toBeUndefined();
    compare.dispose();
  });
});

// The step replay on WebGPU (src/engine/replay): a step captured as tfjs runs it, then issued again
// from the record with no tfjs kernel, must train exactly as tfjs does: the same parameters, Adam's
// moments, the slow gradient, every step's loss and every record, bit for bit, across live changes,
// a smaller last batch, checkpoints and restores, in one queue submit per step.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG, type LiveKey } from '../src/config/schema';
import type { Checkpoint } from '../src/engine/checkpoint';
import { stepReplay } from '../src/engine/kernels/fused';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { countGpuWork } from '../src/node/gpu-counters';
import { TINY_PAPER_COMPARE } from './fixtures';
import { skipWithoutWebGpu, WEBGPU_MISSING } from './node-webgpu';

beforeAll(async () => {
  if (WEBGPU_MISSING === null) await useNodeBackend('webgpu');
});
beforeEach(skipWithoutWebGpu);
afterEach(() => {
  stepReplay(true);
});

// Small enough for SwiftShader, the software GPU of CI. a · b mod 7 has 25 training equations: in
// batches of 8, every fourth step has a batch of 1, which is captured and replayed on its own.
const BASE: Config = {
  ...DEFAULT_CONFIG,
  op: 'mul',
  p: 7,
  layers: 2,
  dim: 16,
  heads: 2,
  batch: 8,
  warmup: 3,
  steps: 1000,
  eval: 3,
  filter: 'ema',
};

/** Comparison facts in the paper's format: six positions, two targets each (the answer and </a>). */
const PAPER_COMPARE: Config = { ...BASE, layers: 1, ...TINY_PAPER_COMPARE };

type Change = { at: number; key: LiveKey; value: unknown };

/** The tensors a trainer keeps private, read here to compare every step's loss. */
const pendingOf = (t: Trainer) => (t as unknown as { pendingLosses: tf.Scalar[] }).pendingLosses;

interface Run {
  checkpoint: Checkpoint;
  losses: number[];
  status: string;
}

/** `steps` steps one at a time, every step's loss read, with the live changes made before their step. */
async function run(config: Config, steps: number, replay: boolean, changes: Change[] = []): Promise<Run> {
  stepReplay(replay);
  const t = new Trainer(config);
  const losses: number[] = [];
  for (let s = 1; s <= steps; s++) {
    for (const c of changes) if (c.at === s) expect(t.setLive(c.key, c.value)).toBeNull();
    t.stepOnce();
    losses.push((await (pendingOf(t).at(-1) as tf.Scalar).data())[0] as number);
    await t.advance(0); // reads the pending losses back, as training does between chunks
    if (s % config.eval === 0) await (t as unknown as { evaluate(ms: number): Promise<void> }).evaluate(0);
  }
  const out = { checkpoint: await t.checkpoint(), losses, status: t.replayStatus };
  t.dispose();
  return out;
}

/** Where two runs differ, in words; empty where they are the same bit for bit. */
function differences(a: Run, b: Run): string[] {
  const out: string[] = [];
  const same = (x: ArrayLike<number>, y: ArrayLike<number>, what: string) => {
    if (x.length !== y.length) return out.push(`${what}: ${x.length} values against ${y.length}`);
    let n = 0;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) n++;
    if (n > 0) out.push(`${what}: ${n} of ${x.length} differ`);
  };
  same(a.losses, b.losses, 'step losses');
  same(a.checkpoint.theta, b.checkpoint.theta, 'θ');
  same(a.checkpoint.adam.m, b.checkpoint.adam.m, 'm');
  same(a.checkpoint.adam.v, b.checkpoint.adam.v, 'v');
  if (a.checkpoint.adam.t !== b.checkpoint.adam.t) out.push(`Adam's t: ${a.checkpoint.adam.t}, ${b.checkpoint.adam.t}`);
  a.checkpoint.filter.held.forEach((h, i) => same(h, b.checkpoint.filter.held[i] ?? [], `filter state ${i}`));
  const records = (r: Run) => JSON.stringify(r.checkpoint.records.map(({ ms: _, ...rest }) => rest));
  if (records(a) !== records(b)) out.push(`records: ${records(a)} against ${records(b)}`);
  return out;
}

const CASES: { name: string; config: Config; steps: number; changes?: Change[]; shapes: number }[] = [
  {
    name: 'Grokfast-EMA and Adam, warmup, a last batch of 1, with lr, λ and α changed mid-run',
    config: BASE,
    steps: 12,
    changes: [
      { at: 6, key: 'lr', value: 0.002 },
      { at: 7, key: 'lambda', value: 0.5 },
      { at: 9, key: 'alpha', value: 0.9 },
    ],
    shapes: 2,
  },
  {
    name: 'no filter, AdamW, tied embeddings, GPT-2 init, the Grokfast code block; wd changed',
    config: { ...BASE, filter: 'none', opt: 'adamw', wd: 0.5, tie: 'tied', init: 'gpt2', block: 'grokfast' },
    steps: 10,
    changes: [{ at: 7, key: 'wd', value: 0.1 }],
    shapes: 2,
  },
  {
    name: 'the filter switched off and on again (each change captures the step anew)',
    config: BASE,
    steps: 14,
    changes: [
      { at: 6, key: 'filter', value: 'none' },
      { at: 10, key: 'filter', value: 'ema' },
    ],
    shapes: 1,
  },
  { name: 'the whole training set each step', config: { ...BASE, batch: 0 }, steps: 9, shapes: 1 },
  {
    name: 'reasoning facts in the paper format: read at two positions',
    config: PAPER_COMPARE,
    steps: 9,
    shapes: 2,
  },
];

describe('WebGPU: a training step captured once and replayed', () => {
  for (const c of CASES) {
    it(`trains bit for bit as tfjs: ${c.name}`, async () => {
      const replayed = await run(c.config, c.steps, true, c.changes);
      const tfjs = await run(c.config, c.steps, false, c.changes);
      expect(tfjs.status).toMatch(/^off/);
      // Every batch size the run stepped with was replayed by the end, and evaluations too.
      const [steps, evaluations] = replayed.status.split(/; (?=evaluations)/);
      expect(steps?.match(/replayed/g)?.length, replayed.status).toBe(c.shapes);
      expect(evaluations, replayed.status).toBe('evaluations: replayed');
      expect(replayed.status).not.toMatch(/not replayed/);
      expect(differences(replayed, tfjs)).toEqual([]);
      expect(replayed.losses.every(Number.isFinite)).toBe(true);
    }, 240_000);
  }

  it('submits a replayed step once, with the dispatches of the tfjs step', async () => {
    const counts = async (replay: boolean) => {
      stepReplay(replay);
      const t = new Trainer({ ...BASE, eval: 1000 });
      await t.advance(5);
      const work = await countGpuWork(async () => {
        for (let i = 0; i < 3; i++) t.stepOnce();
      });
      const status = t.replayStatus;
      t.dispose();
      return { ...work, status };
    };
    const replayed = await counts(true);
    const tfjs = await counts(false);
    console.log(
      `3 steps: replayed ${replayed.submits} submits, ${replayed.dispatches} dispatches; tfjs ${tfjs.submits}, ${tfjs.dispatches}`,
    );
    expect(replayed.status).toMatch(/replayed/);
    expect(replayed.submits).toBe(3);
    // A replayed step always takes the gradient's norm (a captured step does, so that evaluations
    // have it): four passes more than a tfjs step between evaluations.
    expect(replayed.dispatches).toBe(tfjs.dispatches + 3 * 4);
    expect(tfjs.dispatches).toBeGreaterThan(3 * 50);
  }, 240_000);

  it('goes on exactly after a checkpoint is restored, and leaves no tensor behind', async () => {
    stepReplay(false);
    const whole = await run(BASE, 12, false);
    stepReplay(true);
    const before = tf.memory().numTensors;
    const first = new Trainer(BASE);
    await first.advance(7);
    const view = await first.inside({ a: 2, b: 3 }); // reads the model between replayed steps
    expect(view.step).toBe(7);
    expect(first.replayStatus).toMatch(/replayed/);
    const cp = await first.checkpoint();
    first.dispose();
    const second = Trainer.restore(cp);
    await second.advance(5);
    expect(second.replayStatus).toMatch(/replayed/);
    const end = await second.checkpoint();
    second.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const same = (x: Float32Array, y: Float32Array) => x.every((v, i) => Object.is(v, y[i]));
    expect(same(end.theta, whole.checkpoint.theta)).toBe(true);
    expect(same(end.adam.m, whole.checkpoint.adam.m)).toBe(true);
    expect(end.records.map((r) => r.trainLoss)).toEqual(whole.checkpoint.records.map((r) => r.trainLoss));
  }, 240_000);

  it('takes a step again on tfjs where its replay fails the GPU validation, and stays there', async () => {
    const config: Config = { ...BASE, filter: 'none', batch: 0 };
    const tfjs = await run(config, 6, false);
    stepReplay(true);
    const t = new Trainer(config);
    // Steps 2 and 3 captured the same (step 1 also uploaded the training set): the replay is built,
    // not run yet.
    await t.advance(3);
    expect(t.replayStatus).toMatch(/replayed/);
    // A step built wrong: its first dispatch bound with the bind group of a dispatch of another
    // pipeline (a bind group of an automatic layout fits its own pipeline alone).
    type Built = { bindGroups: unknown[]; capture: { dispatches: { pipeline: unknown }[] } };
    type Inside = { replays: { entries: Map<number, { replay: Built }> } };
    const [entry] = [...(t as unknown as Inside).replays.entries.values()];
    const { bindGroups, capture } = (entry as { replay: Built }).replay;
    const other = capture.dispatches.findIndex((d) => d.pipeline !== capture.dispatches[0]?.pipeline);
    expect(other).toBeGreaterThan(0);
    bindGroups[0] = bindGroups[other];
    await t.advance(3);
    expect(t.replayStatus).toMatch(/failed the GPU's validation/);
    const cp = await t.checkpoint();
    t.dispose();
    expect(cp.theta.every((v, i) => Object.is(v, tfjs.checkpoint.theta[i]))).toBe(true);
    expect(cp.records.map((r) => r.trainLoss)).toEqual(tfjs.checkpoint.records.map((r) => r.trainLoss));
  }, 240_000);

  it('keeps steps on tfjs where they change from step to step, and says why', async () => {
    const why = async (config: Partial<Config>) => {
      const t = new Trainer({ ...BASE, ...config });
      await t.advance(3);
      const status = t.replayStatus;
      t.dispose();
      return status;
    };
    expect(await why({ filter: 'ma', window: 2 })).toMatch(/steps not replayed: the update is not the fused one/);
    expect(await why({ opt: 'adamw', wd: 0.1, decay: 'matrices' })).toMatch(/not the fused one/);
    expect(await why({ clip: 1 })).toMatch(/not the fused one/);
    expect(await why({ dropout: 0.1 })).toMatch(/dropout/);
  }, 240_000);
});

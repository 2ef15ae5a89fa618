import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import { ConfigError, type MetricRecord, milestones, Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const TINY: Config = {
  ...DEFAULT_CONFIG, op: 'add', p: 11, frac: 0.5, layers: 1, dim: 16, heads: 2, batch: 16, steps: 40, eval: 10,
  lr: 0.003, filter: 'ema',
};

async function runAll(config: Config): Promise<Trainer> {
  const t = new Trainer(config);
  while (!t.outcome) await t.advance(25);
  return t;
}

const withoutTime = (rs: MetricRecord[]) => rs.map(({ ms: _ms, ...r }) => r);

describe('Trainer', () => {
  it('rejects an invalid config with the messages of the schema', () => {
    expect(() => new Trainer({ ...TINY, p: 12 })).toThrow(ConfigError);
    expect(() => new Trainer({ ...TINY, p: 12 })).toThrow('p: 12 is not valid; expected a prime from 3 to 113');
  });

  it('evaluates every `eval` steps and at the budget, then finishes', async () => {
    const t = await runAll({ ...TINY, steps: 35 });
    expect(t.records.map((r) => r.step)).toEqual([10, 20, 30, 35]);
    expect(t.outcome).toEqual({ kind: 'finished', step: 35 });
    expect(t.events.at(-1)).toEqual({ type: 'finished', step: 35 });
    for (const r of t.records) {
      for (const v of Object.values(r)) expect(Number.isFinite(v)).toBe(true);
      expect(r.trainAcc).toBeGreaterThanOrEqual(0);
      expect(r.valAcc).toBeLessThanOrEqual(1);
      expect(r.weightNorm).toBeGreaterThan(0);
      expect(r.gradNorm).toBeGreaterThan(0);
    }
    expect(t.records.map((r) => r.ms)).toEqual([...t.records.map((r) => r.ms)].sort((a, b) => a - b));
    t.dispose();
  });

  it('is deterministic: one config run twice gives identical metrics', async () => {
    for (const filter of ['none', 'ema', 'ma'] as const) {
      const a = await runAll({ ...TINY, filter, window: 5 });
      const b = await runAll({ ...TINY, filter, window: 5 });
      expect(withoutTime(a.records)).toEqual(withoutTime(b.records));
      a.dispose();
      b.dispose();
    }
  });

  it('two runs trained in alternation (a race) each give the metrics they give alone', async () => {
    const alone = await runAll(TINY);
    const baselineAlone = await runAll({ ...TINY, filter: 'none' });
    const a = new Trainer(TINY);
    const b = new Trainer({ ...TINY, filter: 'none' });
    while (!a.outcome || !b.outcome) {
      await a.advance(7);
      await b.advance(7);
    }
    expect(withoutTime(a.records)).toEqual(withoutTime(alone.records));
    expect(withoutTime(b.records)).toEqual(withoutTime(baselineAlone.records));
    expect(withoutTime(a.records)).not.toEqual(withoutTime(b.records));
    for (const t of [alone, baselineAlone, a, b]) t.dispose();
  });

  it('gives the same metrics however the steps are chunked', async () => {
    const a = new Trainer(TINY);
    while (!a.outcome) await a.advance(1);
    const b = new Trainer(TINY);
    await b.advance(1000);
    expect(withoutTime(a.records)).toEqual(withoutTime(b.records));
    a.dispose();
    b.dispose();
  });

  it('changes with the seed', async () => {
    const a = await runAll(TINY);
    const b = await runAll({ ...TINY, seed: 1 });
    expect(withoutTime(a.records)).not.toEqual(withoutTime(b.records));
    a.dispose();
    b.dispose();
  });

  it('does not leak tensors: the count is flat from step to step and back to zero after dispose', async () => {
    const before = tf.memory().numTensors;
    const t = new Trainer({ ...TINY, filter: 'ma', window: 4, steps: 200, eval: 7 });
    await t.advance(20);
    const during = tf.memory().numTensors;
    for (let i = 0; i < 6; i++) {
      await t.advance(17);
      expect(tf.memory().numTensors).toBe(during);
    }
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies live changes from the next step, records them, and keeps the state', async () => {
    const t = new Trainer({ ...TINY, steps: 60 });
    await t.advance(20);
    expect(t.setLive('lambda', '5')).toBeNull();
    expect(t.setLive('alpha', 0.9)).toBeNull();
    expect(t.setLive('lr', 0.001)).toBeNull();
    expect(t.setLive('lr', 0.001)).toBeNull(); // unchanged: not recorded twice
    expect(t.setLive('alpha', 2)?.message).toBe('alpha: 2 is out of range; expected a number from 0 to 0.9999');
    expect(t.setLive('p' as never, 5)?.message).toMatch(/^p: /);
    expect(t.config).toMatchObject({ lambda: 5, alpha: 0.9, lr: 0.001 });
    await t.advance(10);
    expect(t.setLive('filter', 'ma')).toBeNull();
    await t.advance(30);
    expect(t.events.filter((e) => e.type === 'change')).toEqual([
      { type: 'change', step: 20, key: 'lambda', from: 2, to: 5 },
      { type: 'change', step: 20, key: 'alpha', from: 0.98, to: 0.9 },
      { type: 'change', step: 20, key: 'lr', from: 0.003, to: 0.001 },
      { type: 'change', step: 30, key: 'filter', from: 'ema', to: 'ma' },
    ]);
    expect(t.outcome?.kind).toBe('finished');

    // The same run with the changes made up front differs only from step 20 on.
    const u = new Trainer({ ...TINY, steps: 60 });
    await u.advance(60);
    expect(withoutTime(u.records).slice(0, 2)).toEqual(withoutTime(t.records).slice(0, 2));
    expect(withoutTime(u.records)[2]).not.toEqual(withoutTime(t.records)[2]);
    t.dispose();
    u.dispose();
  });

  it('trains full batch with batch = 0 and with a batch larger than the training set', async () => {
    const a = await runAll({ ...TINY, batch: 0 });
    const b = await runAll({ ...TINY, batch: 100000 });
    expect(a.batchSize).toBe(a.task.train.count);
    expect(withoutTime(a.records)).toEqual(withoutTime(b.records));
    a.dispose();
    b.dispose();
  });

  it('memorises a tiny training set: 100% training accuracy', async () => {
    const t = await runAll({ ...TINY, p: 7, dim: 32, heads: 4, batch: 0, lr: 0.003, wd: 0, filter: 'none', steps: 300, eval: 10 });
    expect(t.records.at(-1)?.trainAcc).toBe(1);
    expect(milestones(t.events).memorised).toBeGreaterThan(0);
    t.dispose();
  });

  it('stops as "diverged at step N" when a weight goes non-finite, keeping the clean metrics before it', async () => {
    const t = new Trainer({ ...TINY, steps: 100 });
    await t.advance(23);
    const clean = withoutTime(t.records);
    expect(clean.map((r) => r.step)).toEqual([10, 20]);
    // Simulate a blow-up: one embedding weight becomes infinite after step 23.
    const emb = t.model.params[0] as tf.Variable;
    const values = Float32Array.from(await emb.data());
    values[0] = Infinity;
    emb.assign(tf.tensor(values, emb.shape));
    await t.advance(50);
    expect(t.outcome).toEqual({ kind: 'diverged', step: 24 });
    expect(t.events.at(-1)).toEqual({ type: 'diverged', step: 24 });
    expect(withoutTime(t.records)).toEqual(clean);
    expect(t.step).toBeLessThan(24 + 32);
    await t.advance(10);
    expect(t.step).toBeLessThan(24 + 32); // stays stopped
    t.dispose();
  });
});

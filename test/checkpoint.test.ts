// A run moved through a checkpoint (e.g. to another backend after a lost GPU) goes on exactly as if
// it had never stopped.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config/schema';
import { type MetricRecord, Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { TINY_CONFIG } from './fixtures';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

const TINY: Config = { ...TINY_CONFIG, eval: 5, window: 3 };

const withoutTime = (rs: MetricRecord[]) => rs.map(({ ms: _ms, ...r }) => r);

async function straight(config: Config, steps: number): Promise<MetricRecord[]> {
  const t = new Trainer(config);
  await t.advance(7);
  t.setLive('lambda', 3);
  await t.advance(steps - 7);
  const records = t.records.slice();
  t.dispose();
  return records;
}

describe('checkpoint and restore', () => {
  const gpt2 = { dropout: 0.2, decay: 'matrices', tie: 'tied', init: 'gpt2', opt: 'adamw' } as const;
  for (const [filter, keys] of [['none'], ['ema'], ['ma'], ['ema', gpt2]] as const) {
    it(`continue a ${filter} run${keys ? ' with GPT-2 keys (dropout, decay, tie, init)' : ''} with identical metrics`, async () => {
      const config = { ...TINY, filter, ...keys };
      const expected = await straight(config, 30);

      const before = tf.memory().numTensors;
      const first = new Trainer(config);
      await first.advance(7);
      first.setLive('lambda', 3);
      await first.advance(6); // stops between evaluations, with step losses pending
      const cp = await first.checkpoint();
      first.dispose();
      expect(cp.step).toBe(13);
      expect(cp.config.lambda).toBe(3);

      const second = Trainer.restore(cp);
      expect(second.step).toBe(13);
      await second.advance(17);
      expect(withoutTime(second.records)).toEqual(withoutTime(expected));
      expect(second.events.filter((e) => e.type === 'change')).toEqual([
        { type: 'change', step: 7, key: 'lambda', from: 2, to: 3 },
      ]);
      second.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('is the state when its reads start: a filter changed while they are awaited belongs after it', async () => {
    const t = new Trainer({ ...TINY, filter: 'ema' });
    await t.advance(8);
    const taking = t.checkpoint();
    // The reads are in flight (on a GPU, for a while): a live change now, as a command would make it.
    expect(t.setLive('filter', 'ma')).toBeNull();
    const cp = await taking;
    expect(cp.config.filter).toBe('ema');
    expect(cp.filter.name).toBe('ema');
    expect(cp.events.filter((e) => e.type === 'change')).toEqual([]);
    t.dispose();
    // It restores (a mismatched one throws: "filter state is for ema, not ma").
    const again = Trainer.restore(cp);
    expect(again.config.filter).toBe('ema');
    again.dispose();
  });

  it('a finished run stays finished', async () => {
    const t = new Trainer({ ...TINY, steps: 5 });
    await t.advance(10);
    const cp = await t.checkpoint();
    t.dispose();
    const again = Trainer.restore(cp);
    expect(again.outcome).toEqual({ kind: 'finished', step: 5 });
    again.dispose();
  });

  it('refuses a checkpoint that does not fit its config', async () => {
    const t = new Trainer(TINY);
    const cp = await t.checkpoint();
    t.dispose();
    const before = tf.memory().numTensors;
    expect(() => Trainer.restore({ ...cp, config: { ...cp.config, dim: 32 } })).toThrow(
      'checkpoint does not fit this model',
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

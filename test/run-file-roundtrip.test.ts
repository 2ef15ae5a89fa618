// Every run the lab writes reads back exactly (issue 29): runs trained for a few steps on the engine,
// with their inside views and sparsity series as the page keeps them, exported and imported again.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config/schema';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { insideToData } from '../src/runs/inside-file';
import {
  parseRunFile,
  parseRunObject,
  type RunData,
  runFileJson,
  type SparsityPoint,
  toRunFile,
} from '../src/runs/run-file';
import { TINY_CONFIG } from './fixtures';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

/** A run as the page would export it: trained `steps` steps, with an inside view every `every`. */
async function trainedRun(config: Config, steps: number, every: number): Promise<RunData> {
  const t = new Trainer(config);
  const sparsity: SparsityPoint[] = [];
  let inside: RunData['inside'];
  while (t.step < steps && !t.outcome) {
    await t.advance(every);
    if (t.hasInsideViews) {
      const view = await t.inside({ a: 1, b: 2 });
      sparsity.push({ step: view.step, value: view.sparsity });
      inside = insideToData(view);
    }
  }
  const run: RunData = {
    name: `trained ${config.task} ${config.op} seed ${config.seed}`,
    config,
    records: t.records.slice(),
    events: t.events.slice(),
    backend: 'wasm',
    ...(sparsity.length > 0 ? { sparsity } : {}),
    ...(inside ? { inside } : {}),
  };
  t.dispose();
  return run;
}

/** Configs, with the steps to train and an inside view every so many steps. */
const CASES: [Config, number, number][] = [
  [{ ...TINY_CONFIG, seed: 1 }, 12, 4],
  [{ ...TINY_CONFIG, op: 'sub', seed: 2, filter: 'ema', eval: 5 }, 12, 4],
  [{ ...TINY_CONFIG, op: 'div', seed: 3, layers: 2, filter: 'ma', window: 5 }, 12, 4],
  // S5's table is 120 × 120 whatever p says (one view: it is the slow one).
  [{ ...TINY_CONFIG, op: 's5conj', p: 7, frac: 0.1, batch: 32, seed: 4, eval: 2 }, 2, 2],
  // A reasoning task: test-OOD metrics, no table views.
  [{ ...TINY_CONFIG, task: 'compose', entities: 40, relations: 6, degree: 3, ood: 0.3, phi: 2, eval: 2 }, 12, 4],
];

describe('round-trip of trained runs', () => {
  it.each(CASES.map(([c, steps, every]) => [`${c.task} ${c.op} seed ${c.seed}`, c, steps, every] as const))(
    '%s: exported, imported, equal; stored, loaded, equal',
    async (_, config, steps, every) => {
      const run = await trainedRun(config, steps, every);
      expect(run.records.length).toBeGreaterThan(0);
      const parsed = parseRunFile(runFileJson(run));
      expect(parsed).toEqual({ ok: true, run });
      // Browser storage keeps the file object itself (structured clone), not its text.
      expect(parseRunObject(structuredClone({ ...toRunFile(run), status: 'paused' }))).toEqual({ ok: true, run });
    },
    60_000,
  );
});

// The reasoning tasks' generators (Wang et al. 2024): split sizes, answers that follow from the atomic
// facts, no leakage from the test sets into training, determinism per seed.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config/schema';
import { validateConfig } from '../src/config/validate';
import type { Equations } from '../src/engine/data';
import { type CompareSettings, makeCompareTask } from '../src/engine/tasks/compare';
import { type ComposeSettings, makeComposeTask } from '../src/engine/tasks/compose';
import { FACTS_SHOWN } from '../src/engine/inside/facts-view';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { TINY_CONFIG } from './fixtures';

const rows = (eq: Equations) =>
  Array.from({ length: eq.count }, (_, i) => [...eq.tokens.subarray(i * 4, i * 4 + 4), eq.answers[i] as number]);
const input = (row: number[]) => row.slice(0, 4).join(',');

describe('composition', () => {
  const S: ComposeSettings = {
    entities: 60,
    relations: 8,
    perEntity: 4,
    oodShare: 0.2,
    phi: 2,
    testShare: 0.1,
    maxTest: 10_000,
  };
  const E = S.entities;
  const R = S.relations;
  const PAD = E + R;
  const task = makeComposeTask(S, 7);
  const train = rows(task.train);
  const atomic = train.filter((r) => r[2] === PAD);
  const inferred = train.filter((r) => r[2] !== PAD);

  it('trains on every atomic fact, one tail per (entity, relation), and φ inferred facts per ID atom', () => {
    expect(task.vocab).toBe(E + R + 1);
    expect(atomic).toHaveLength(E * S.perEntity);
    expect(task.atomic).toBe(atomic.length);
    for (let h = 0; h < E; h++) expect(atomic.filter((r) => r[0] === h)).toHaveLength(S.perEntity);
    expect(new Set(atomic.map((r) => `${r[0]},${r[1]}`)).size).toBe(atomic.length);
    const idAtoms = atomic.length - Math.round(S.oodShare * atomic.length);
    expect(inferred).toHaveLength(Math.round(S.phi * idAtoms));
    expect(task.inferred).toBe(inferred.length);
    expect(task.testId.count).toBeGreaterThan(0);
    expect(task.testOod.count).toBeGreaterThan(0);
    for (const eq of [task.train, task.testId, task.testOod])
      for (const t of eq.tokens) expect(t).toBeLessThan(task.vocab);
  });

  it('reads an atomic fact at its relation, a chain at its second relation', () => {
    const at = task.train.readAt as Uint8Array;
    train.forEach((r, i) => expect(at[i]).toBe(r[2] === PAD ? 1 : 2));
    for (const eq of [task.testId, task.testOod])
      expect([...(eq.readAt as Uint8Array)].every((p) => p === 2)).toBe(true);
  });

  it('answers every chain as its two atomic facts say', () => {
    const tail = new Map(atomic.map((r) => [`${r[0]},${r[1]}`, r[4] as number]));
    for (const r of [...inferred, ...rows(task.testId), ...rows(task.testOod)]) {
      const bridge = tail.get(`${r[0]},${r[1]}`);
      expect(bridge).toBeDefined();
      expect(r[4]).toBe(tail.get(`${bridge},${r[2]}`));
    }
  });

  it('keeps the tests out of training, and OOD atoms out of every trained chain', () => {
    const trained = new Set(inferred.map(input));
    const testId = rows(task.testId);
    const testOod = rows(task.testOod);
    for (const r of [...testId, ...testOod]) expect(trained.has(input(r))).toBe(false);
    const tail = new Map(atomic.map((r) => [`${r[0]},${r[1]}`, r[4] as number]));
    const atomsOf = (r: number[]) => [`${r[0]},${r[1]}`, `${tail.get(`${r[0]},${r[1]}`)},${r[2]}`];
    const inTrainedChains = new Set(inferred.flatMap(atomsOf));
    const inTestIdChains = new Set(testId.flatMap(atomsOf));
    for (const atom of testOod.flatMap(atomsOf)) {
      expect(inTrainedChains.has(atom)).toBe(false);
      expect(inTestIdChains.has(atom)).toBe(false);
    }
  });

  it('is the same task for the same seed, another for another', () => {
    const again = makeComposeTask(S, 7);
    expect(again.train.tokens).toEqual(task.train.tokens);
    expect(again.testOod.answers).toEqual(task.testOod.answers);
    expect(makeComposeTask(S, 8).train.answers).not.toEqual(task.train.answers);
  });

  it('caps the test sets and φ at what exists', () => {
    const t = makeComposeTask({ ...S, phi: 1000, maxTest: 5 }, 7);
    expect(t.testId.count).toBe(5);
    expect(t.testOod.count).toBe(5);
    expect(t.inferred).toBeLessThan(1000 * t.atomic);
    expect(t.inferred).toBeGreaterThan(inferred.length);
  });
});

describe('comparison', () => {
  const S: CompareSettings = {
    entities: 40,
    attributes: 3,
    values: 6,
    oodShare: 0.25,
    phi: 4,
    testShare: 0.1,
    maxTest: 10_000,
  };
  const { entities: E, attributes: A, values: V } = S;
  const LESS = E + A + V;
  const PAD = LESS + 3;
  const task = makeCompareTask(S, 3);
  const train = rows(task.train);
  const atomic = train.filter((r) => r[2] === PAD);
  const inferred = train.filter((r) => r[2] !== PAD);
  const value = new Map(atomic.map((r) => [`${r[0]},${r[1]}`, (r[4] as number) - E - A]));

  it('trains on every value and φ comparisons per ID atom', () => {
    expect(task.vocab).toBe(LESS + 4);
    expect(atomic).toHaveLength(E * A);
    for (const v of value.values()) expect(v >= 0 && v < V).toBe(true);
    const idAtoms = A * (E - Math.round(S.oodShare * E));
    expect(inferred).toHaveLength(Math.round(S.phi * idAtoms));
    expect(task.testId.count).toBeGreaterThan(0);
    expect(task.testOod.count).toBeGreaterThan(0);
  });

  it('answers every comparison as the two values say', () => {
    for (const r of [...inferred, ...rows(task.testId), ...rows(task.testOod)]) {
      const v1 = value.get(`${r[0]},${r[1]}`) as number;
      const v2 = value.get(`${r[2]},${r[1]}`) as number;
      expect(r[4]).toBe(LESS + (v1 < v2 ? 0 : v1 === v2 ? 1 : 2));
    }
  });

  it('keeps test pairs out of training, and OOD entities out of every trained comparison on that attribute', () => {
    const pair = (r: number[]) =>
      `${Math.min(r[0] as number, r[2] as number)},${r[1]},${Math.max(r[0] as number, r[2] as number)}`;
    const trainedPairs = new Set(inferred.map(pair));
    const testOod = rows(task.testOod);
    for (const r of [...rows(task.testId), ...testOod]) expect(trainedPairs.has(pair(r))).toBe(false);
    const trainedOn = new Set(inferred.flatMap((r) => [`${r[0]},${r[1]}`, `${r[2]},${r[1]}`]));
    for (const r of testOod) {
      expect(trainedOn.has(`${r[0]},${r[1]}`)).toBe(false);
      expect(trainedOn.has(`${r[2]},${r[1]}`)).toBe(false);
    }
  });

  it('is the same task for the same seed, another for another', () => {
    expect(makeCompareTask(S, 3).train.tokens).toEqual(task.train.tokens);
    expect(makeCompareTask(S, 4).train.answers).not.toEqual(task.train.answers);
  });
});

describe('a reasoning task in the trainer', () => {
  const TINY: Config = {
    ...TINY_CONFIG,
    task: 'compose',
    entities: 40,
    relations: 6,
    degree: 3,
    ood: 0.3,
    phi: 2,
    steps: 4,
    eval: 2,
  };

  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('evaluates train, test-ID and test-OOD; the arithmetic task has no third split', async () => {
    for (const task of ['compose', 'compare'] as const) {
      const t = new Trainer({ ...TINY, task });
      await t.advance(4);
      expect(t.records.map((r) => r.step)).toEqual([2, 4]);
      for (const r of t.records) {
        expect(r.oodAcc).toBeGreaterThanOrEqual(0);
        expect(r.oodAcc).toBeLessThanOrEqual(1);
        expect(r.oodLoss).toBeGreaterThan(0);
      }
      expect(t.hasInsideViews).toBe(false);
      t.dispose();
    }
    const mod = new Trainer(TINY_CONFIG);
    await mod.advance(10);
    expect(mod.records[0]).not.toHaveProperty('oodAcc');
    mod.dispose();
  });

  it("shows each split's inferred facts answered, and the attention of a chosen one", async () => {
    const t = new Trainer({ ...TINY, task: 'compose' });
    await t.advance(2);
    const view = await t.facts({ split: 1, index: 99 });
    expect(view.step).toBe(2);
    expect(view.splits).toHaveLength(3);
    for (const facts of view.splits) {
      expect(facts.length).toBeGreaterThan(0);
      expect(facts.length).toBeLessThanOrEqual(FACTS_SHOWN);
      for (const f of facts) {
        expect(f.input).toHaveLength(4);
        expect(f.input[2]).toMatch(/^r\d+$/); // inferred: two relations, no PAD
        expect(f.right).toBe(f.predicted === f.answer);
        expect(f.confidence).toBeGreaterThan(0);
      }
    }
    // The index is kept inside the split shown.
    expect(view.query).toMatchObject({ split: 1, index: (view.splits[1]?.length ?? 0) - 1 });
    expect(view.query.maps).toHaveLength(TINY.layers);
    expect(view.query.maps[0]).toHaveLength(TINY.heads);
    expect(view.query.maps[0]?.[0]).toHaveLength(4);
    await expect(new Trainer(TINY_CONFIG).facts({ split: 0, index: 0 })).rejects.toThrow(/table views/);
    t.dispose();
  });

  it('refuses a split left empty, naming the key to change', () => {
    expect(() => new Trainer({ ...TINY, entities: 4, ood: 0.01 })).toThrow(/^ood: 0.01 leaves no test-OOD facts/);
  });

  it('refuses more relations per entity than relations', () => {
    expect(validateConfig({ ...TINY, degree: 8 })[0]?.message).toBe(
      'degree: 8 is more than relations (6); expected at most as many relations per entity as there are relations',
    );
  });
});

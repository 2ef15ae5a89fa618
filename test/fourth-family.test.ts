// Issue 27: a new task family is its own module and an entry in each registry, with no branch anywhere
// else. Here a tiny fourth family, `copy` (the answer is the first token), is added to the two
// registries and nowhere else, as a module would be; the lab then lists it, parses and validates its
// links, derives its key, completes its preset, shapes its run files, and trains on its data.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TaskFamily } from '../src/config/tasks';
import type { EngineFamily } from '../src/engine/tasks';

vi.mock('../src/config/tasks', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/config/tasks')>();
  const COPY_KEYS = {
    symbols: {
      kind: 'int',
      default: 8,
      min: 2,
      max: 50,
      group: 'Task',
      live: false,
      tasks: ['copy'],
      label: 'symbols',
      help: 'how many symbols a sequence is made of',
    },
  };
  const COPY_FAMILY: TaskFamily = {
    name: 'copy',
    summary: 'copying the first of four tokens',
    learns: (c) => `the first of four tokens, from ${(c as unknown as { symbols: number }).symbols} symbols`,
    lede: (_c, learns) => ['A Transformer learns ', { code: learns }, '.'],
    splits: { val: 'val', ood: false },
    inside: 'facts',
    logitLens: false,
    seqLen: () => 4,
    presets: [{ id: 'copy-small', name: 'Copy, small', description: 'A check.', config: { layers: 1, dim: 16 } }],
    presetGroup: 'Copy:',
    smallPreset: 'copy-small' as never, // not one of the real PresetIds: the real registry does not list it
    sizeKey: 'dim',
    smallName: (small) => small.name,
    smallAdvice: (small) => `The preset “${small.name}” suits this backend.`,
  };
  // The registry's own code over the registry's entries plus one: what adding its line does.
  const FAMILIES = { ...real.FAMILIES, copy: COPY_FAMILY };
  const TASKS = Object.keys(FAMILIES);
  return {
    ...real,
    FAMILIES,
    TASKS,
    TASK_KEYS: { ...real.TASK_KEYS, ...COPY_KEYS },
    familyOf: (task: string) => (FAMILIES as Record<string, TaskFamily>)[task],
  };
});

vi.mock('../src/engine/tasks', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/engine/tasks')>();
  const COPY_ENGINE: EngineFamily = {
    makeData: (c) => {
      const n = (c as unknown as { symbols: number }).symbols;
      // Every sequence a b a b of two symbols; a share of them trains, the rest validates.
      const rows = Array.from({ length: n * n }, (_, i) => [Math.floor(i / n), i % n, Math.floor(i / n), i % n]);
      const set = (rs: number[][]) => ({
        tokens: Int32Array.from(rs.flat()),
        answers: Int32Array.from(rs.map((r) => r[0]!)),
        count: rs.length,
        seqLen: 4,
      });
      const cut = Math.round(rows.length * 0.7);
      return {
        p: 0,
        vocab: n,
        train: set(rows.slice(0, cut)),
        val: set(rows.slice(cut)),
        tokenName: String,
        problem: null,
      };
    },
  };
  const ENGINE_FAMILIES = { ...real.ENGINE_FAMILIES, copy: COPY_ENGINE };
  const engineFamilyOf = (task: string) => (ENGINE_FAMILIES as Record<string, EngineFamily>)[task]!;
  return {
    ...real,
    ENGINE_FAMILIES,
    engineFamilyOf,
    makeRunData: (c: { task: string }) => engineFamilyOf(c.task).makeData(c as never),
  };
});

const { SCHEMA, CONFIG_KEYS, DEFAULT_CONFIG, appliesTo } = await import('../src/config/schema');
const { parseShareLink, configToQuery } = await import('../src/config/url');
const { validateConfig } = await import('../src/config/validate');
const { PRESETS, smallPresetFor } = await import('../src/config/presets');
const { parseRunObject, toRunFile } = await import('../src/runs/run-file');
const { Trainer } = await import('../src/engine/trainer');
const { useNodeBackend } = await import('../src/node/backends');

const copy = 'copy' as 'mod'; // a task name the types do not know: the registry's type lists the real three

describe('a fourth task family, added to the registries only', () => {
  beforeAll(async () => {
    await useNodeBackend('cpu');
  });

  it('is a value of the task key, with its key in the schema, applying to it alone', () => {
    expect(SCHEMA.task.values).toContain('copy');
    expect(SCHEMA.task.help).toContain('copy: copying the first of four tokens');
    expect(CONFIG_KEYS).toContain('symbols');
    expect(appliesTo('symbols' as 'p', copy)).toBe(true);
    expect(appliesTo('symbols' as 'p', 'mod')).toBe(false);
    expect(appliesTo('op', copy)).toBe(false);
  });

  it('comes from a link and is validated, a bad value of its key named', () => {
    const good = parseShareLink('?task=copy&symbols=5');
    expect(good.errors).toEqual([]);
    expect(good.config.task).toBe('copy');
    expect((good.config as unknown as { symbols: number }).symbols).toBe(5);
    expect(validateConfig(good.config as unknown as Record<string, unknown>)).toEqual([]);
    expect(parseShareLink(`?${configToQuery(good.config)}`).config).toEqual(good.config);
    const bad = parseShareLink('?task=copy&symbols=99');
    expect(bad.errors.map((e) => e.message)).toEqual([
      'symbols: "99" is out of range; expected an integer from 2 to 50',
    ]);
  });

  it('has its preset completed and listed, as its small preset', () => {
    const preset = PRESETS.find((p) => (p.id as string) === 'copy-small');
    expect(preset?.config).toEqual({ ...DEFAULT_CONFIG, layers: 1, dim: 16, task: 'copy' });
    expect(smallPresetFor(copy)).toBe(preset);
  });

  it('trains on its data, and its run file reads back', async () => {
    const config = { ...DEFAULT_CONFIG, task: copy, layers: 1, dim: 16, heads: 2, batch: 16, steps: 20, eval: 10 };
    const t = new Trainer(config);
    try {
      const { records } = await t.advance(20);
      expect(records.map((r) => r.step)).toEqual([10, 20]);
      expect(t.hasInsideViews).toBe(false);
      expect(t.hasLens).toBe(false);
      const file = toRunFile({ name: 'copy', config, records, events: t.events, backend: 'cpu' });
      const parsed = parseRunObject(JSON.parse(JSON.stringify(file)));
      expect(parsed.ok && parsed.run.records).toEqual(records);
    } finally {
      t.dispose();
    }
  });
});

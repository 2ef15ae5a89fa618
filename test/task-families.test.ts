// Every task family, checked the same way through its descriptor (src/config/tasks) and its engine half
// (src/engine/tasks): what a new family must provide for the rest of the lab to work without a branch
// on its name (issue 27). test/task-branches.test.ts checks that nothing else asks the name.
import { describe, expect, it } from 'vitest';
import { PRESETS, smallPresetFor } from '../src/config/presets';
import { appliesTo, CONFIG_KEYS, DEFAULT_CONFIG, SCHEMA } from '../src/config/schema';
import { FAMILIES, familyOf, TASK_KEYS, type TaskName, TASKS } from '../src/config/tasks';
import { configToQuery, parseShareLink } from '../src/config/url';
import { validateConfig } from '../src/config/validate';
import { ENGINE_FAMILIES, engineFamilyOf, makeRunData } from '../src/engine/tasks';
import type { MetricRecord } from '../src/engine/metrics';
import { parseRunObject, toRunFile } from '../src/runs/run-file';
import { metricRecord } from './fixtures';

describe.each(TASKS)('the %s family', (task) => {
  const family = familyOf(task);
  const small = smallPresetFor(task);

  it('is listed under its name, as a value of the task key, with an engine half', () => {
    expect(family.name).toBe(task);
    expect(FAMILIES[task]).toBe(family);
    expect(SCHEMA.task.values).toContain(task);
    expect(SCHEMA.task.help).toContain(`${task}: ${family.summary}`);
    expect(ENGINE_FAMILIES[task]).toBeDefined();
  });

  it('has its presets listed and valid, its small preset among them, surviving a share link', () => {
    expect(small.config.task).toBe(task);
    expect(validateConfig(small.config as unknown as Record<string, unknown>)).toEqual([]);
    expect(family.presets.map((p) => p.id)).toContain(family.smallPreset);
    // Its presets are listed, complete and valid, under its task.
    for (const own of family.presets) {
      const listed = PRESETS.find((p) => p.id === own.id);
      expect(listed?.config).toEqual({ ...DEFAULT_CONFIG, ...own.config, task });
      expect(validateConfig(listed!.config as unknown as Record<string, unknown>)).toEqual([]);
    }
    expect(parseShareLink(`?${configToQuery(small.config)}`).config).toEqual(small.config);
  });

  it('owns keys that say so, and they are task keys of the schema', () => {
    const own = CONFIG_KEYS.filter((k) => (SCHEMA[k] as { tasks?: readonly string[] }).tasks?.includes(task));
    for (const k of own) expect(Object.keys(TASK_KEYS)).toContain(k);
    for (const k of own) expect(appliesTo(k, task)).toBe(true);
  });

  it('makes data from its small preset that fits its vocabulary and its splits', () => {
    const data = makeRunData(small.config);
    expect(data.problem).toBeNull();
    expect(data.train.count).toBeGreaterThan(0);
    expect(data.val.count).toBeGreaterThan(0);
    expect(data.ood !== undefined).toBe(family.splits.ood);
    for (const eq of [data.train, data.val, ...(data.ood ? [data.ood] : [])]) {
      expect(Math.max(...eq.tokens)).toBeLessThan(data.vocab);
      expect(Math.max(...eq.answers)).toBeLessThan(data.vocab);
      expect(eq.tokens.length).toBe(eq.count * 4);
    }
    for (let t = 0; t < data.vocab; t++) expect(data.tokenName(t)).not.toBe('');
    // The progress measures read the whole table: only a table family has their group.
    if (family.inside === 'facts') expect(ENGINE_FAMILIES[task].progressGroup).toBeUndefined();
  });

  it('says in words what it learns, and its lede says it too', () => {
    const learns = family.learns(small.config);
    expect(learns).not.toBe('');
    expect(family.lede(small.config, learns)).toContainEqual({ code: learns });
    expect(family.smallAdvice(small)).not.toBe('');
    expect(family.smallName(small)).not.toBe('');
  });

  it('shapes its run files by its splits and views', () => {
    // What an imported record keeps: the fields the family's records have (others are dropped).
    const kept = (record: MetricRecord) => {
      const parsed = parseRunObject(
        toRunFile({ name: 'r', config: small.config, records: [record], events: [], backend: 'cpu' }),
      );
      if (!parsed.ok) throw new Error(parsed.message);
      return Object.keys(parsed.run.records[0]!);
    };
    const keys = kept(metricRecord(10, { oodLoss: 1, oodAcc: 0.5, bridgeId: 0.5, bridgeOod: 0 }));
    expect(keys.includes('oodAcc')).toBe(family.splits.ood);
    expect(keys.includes('bridgeId')).toBe(family.logitLens);
  });
});

describe('the families together', () => {
  it('check their cross-key rules on every config, whatever its task', () => {
    // degree is the composition task's; a config of another task carries it too, so it must be valid.
    for (const task of TASKS) {
      const issues = validateConfig({ ...smallPresetFor(task).config, degree: 11, relations: 10 });
      expect(issues.map((i) => i.key)).toEqual(['degree']);
    }
  });

  it('refuse a name that is no family, naming it', () => {
    const bogus = 'sort' as TaskName; // as an unchecked value would come
    expect(() => familyOf(bogus)).toThrow('task: "sort" is not a task family; expected mod, compose, compare');
    expect(() => engineFamilyOf(bogus)).toThrow('task: "sort" is not a task family');
  });

  it('group the presets in the order of PRESETS, arithmetic first', () => {
    const labels = [...new Set(PRESETS.map((p) => familyOf(p.config.task).presetGroup))];
    expect(labels).toEqual(['Presets:', 'Reasoning:']);
  });
});

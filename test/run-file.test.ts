import { describe, expect, it } from 'vitest';
import { SMALL_GROKKING_CONFIG } from '../src/config/presets';
import type { MetricRecord } from '../src/engine/metrics';
import { parseRunFile, type RunData, runCsv, runFileJson, toRunFile } from '../src/runs/run-file';

const record = (step: number, valAcc = 0.1): MetricRecord => ({
  step,
  trainLoss: 0.5,
  trainAcc: 1,
  valLoss: 2.5,
  valAcc,
  weightNorm: 12.5,
  gradNorm: 0.25,
  ms: step * 2,
});

const RUN: RunData = {
  name: 'small, EMA',
  config: SMALL_GROKKING_CONFIG,
  records: [record(50), record(100, 0.96)],
  events: [
    { type: 'memorised', step: 50 },
    { type: 'change', step: 70, key: 'lambda', from: 5, to: 2 },
    { type: 'grokked', step: 100 },
  ],
  backend: 'webgpu',
};

const refuse = (file: unknown) => {
  const parsed = parseRunFile(typeof file === 'string' ? file : JSON.stringify(file));
  expect(parsed.ok).toBe(false);
  return parsed.ok ? '' : parsed.message;
};

describe('run files', () => {
  it('round-trip: an exported run imports as the same run', () => {
    const text = runFileJson(RUN, new Date('2026-11-26T12:00:00Z'));
    const file = JSON.parse(text);
    expect(file).toMatchObject({
      format: 'grok-lab-run',
      version: 1,
      app: 'grok-lab 0.1.0',
      exportedAt: '2026-11-26T12:00:00.000Z',
    });
    expect(parseRunFile(text)).toEqual({ ok: true, run: RUN });
  });

  it('refuse anything malformed or foreign, saying what is wrong', () => {
    const good = toRunFile(RUN);
    expect(refuse('{"format": "grok-lab-run", ')).toBe('not a Grok Lab run file: it is not JSON');
    expect(refuse({ ...good, format: 'something-else' })).toBe(
      'not a Grok Lab run file: "format" should be "grok-lab-run"',
    );
    expect(refuse({ ...good, version: 2 })).toBe('run file version 2 is not supported; this lab reads version 1');
    expect(refuse({ ...good, config: { ...good.config, p: 12 } })).toBe(
      'run file: config: p: 12 is not valid; expected a prime from 3 to 113',
    );
    expect(refuse({ ...good, config: { ...good.config, colour: 'red' } })).toBe(
      'run file: config: colour: unknown key',
    );
    expect(refuse({ ...good, records: [{ ...record(50), valAcc: null }] })).toBe(
      'run file: records[0].valAcc: null is not a number from 0 to 1',
    );
    expect(refuse({ ...good, records: [record(100), record(50)] })).toBe(
      'run file: records[1].step: 50 does not come after 100',
    );
    expect(refuse({ ...good, events: [{ type: 'exploded', step: 3 }] })).toBe(
      'run file: events[0].type: "exploded" is not one of memorised, grokked, grokked-ood, finished, diverged, change',
    );
    expect(refuse({ ...good, events: [{ type: 'change', step: 3, key: 'p', from: 23, to: 31 }] })).toBe(
      'run file: events[0].key: "p" is not one of lr, wd, filter, alpha, lambda, window',
    );
    expect(refuse({ ...good, name: '' })).toBe('run file: name: "" is not a non-empty text');
    expect(refuse([1, 2])).toBe('not a Grok Lab run file: "format" should be "grok-lab-run"');
  });

  it('read a file from before the task, block, bzero, firstlr and GPT-2 keys as the arithmetic task, standard block, whole table, lab warmup and model it was', () => {
    const config = { ...RUN.config, block: 'grokfast' as const, bzero: 'exclude' as const, firstlr: 'zero' as const };
    const file = JSON.parse(runFileJson({ ...RUN, config })) as {
      config: Record<string, unknown>;
    };
    expect(file.config).toMatchObject({ block: 'grokfast', bzero: 'exclude', firstlr: 'zero' });
    const added = [
      'task',
      'entities',
      'phi',
      'ood',
      'relations',
      'degree',
      'attributes',
      'values',
      'block',
      'bzero',
      'firstlr',
      'tie',
      'init',
      'dropout',
      'decay',
    ];
    for (const key of added) expect(file.config).toHaveProperty(key);
    file.config = Object.fromEntries(Object.entries(file.config).filter(([key]) => !added.includes(key)));
    const parsed = parseRunFile(JSON.stringify(file));
    expect(parsed.ok && parsed.run.config).toEqual({ ...SMALL_GROKKING_CONFIG, task: 'mod', block: 'standard' });
  });

  it("keep a reasoning run's test-OOD metrics, and require them", () => {
    const reasoning: RunData = {
      ...RUN,
      config: { ...SMALL_GROKKING_CONFIG, task: 'compose' },
      records: [{ ...record(50), oodLoss: 3, oodAcc: 0.1 }],
      events: [{ type: 'grokked-ood', step: 50 }],
    };
    const parsed = parseRunFile(runFileJson(reasoning));
    expect(parsed.ok && parsed.run.records).toEqual(reasoning.records);
    expect(parsed.ok && parsed.run.events).toEqual(reasoning.events);
    expect(runCsv(reasoning).split('\n')[0]).toBe(
      'step,trainLoss,trainAcc,valLoss,valAcc,weightNorm,gradNorm,ms,oodLoss,oodAcc,events',
    );
    expect(refuse({ ...JSON.parse(runFileJson(reasoning)), records: [record(50)] })).toBe(
      'run file: records[0].oodLoss: missing; expected a number from 0 to 3.4e38 (float32)',
    );
  });

  it('keep the progress measures of the records that have them, and refuse a bad one naming it', () => {
    const run: RunData = {
      ...RUN,
      records: [
        { ...record(50), keyFrequencies: [4, 9, 1, 2, 3], sparsity: 0.5, restrictedLoss: 3.5, excludedLoss: 0.25 },
        record(100, 0.96),
      ],
    };
    const parsed = parseRunFile(runFileJson(run));
    expect(parsed.ok && parsed.run.records).toEqual(run.records);
    expect(runCsv(run).split('\n').slice(0, 3)).toEqual([
      'step,trainLoss,trainAcc,valLoss,valAcc,weightNorm,gradNorm,ms,sparsity,restrictedLoss,excludedLoss,keyFrequencies,events',
      '50,0.5,1,2.5,0.1,12.5,0.25,100,0.5,3.5,0.25,4 9 1 2 3,memorised at 50',
      '100,0.5,1,2.5,0.96,12.5,0.25,200,,,,,lambda=2 at 70; grokked at 100',
    ]);
    const file = JSON.parse(runFileJson(run)) as { records: MetricRecord[] };
    (file.records[0] as MetricRecord).keyFrequencies = [4, 12];
    expect(refuse(file)).toBe('run file: records[0].keyFrequencies[1]: 12 is not a whole number from 1 to 11');
  });

  it("keep a composition run's logit-lens figures, check them, and read files from before them", () => {
    const compose: RunData = {
      ...RUN,
      config: { ...SMALL_GROKKING_CONFIG, task: 'compose' },
      records: [{ ...record(50), oodLoss: 3, oodAcc: 0.1, bridgeId: 0.25, bridgeOod: 0 }],
      events: [],
    };
    const parsed = parseRunFile(runFileJson(compose));
    expect(parsed.ok && parsed.run.records).toEqual(compose.records);
    expect(runCsv(compose).split('\n')[0]).toBe(
      'step,trainLoss,trainAcc,valLoss,valAcc,weightNorm,gradNorm,ms,oodLoss,oodAcc,bridgeId,bridgeOod,events',
    );
    expect(runCsv(compose).split('\n')[1]).toBe('50,0.5,1,2.5,0.1,12.5,0.25,100,3,0.1,0.25,0,');
    const file = JSON.parse(runFileJson(compose)) as { records: MetricRecord[] };
    expect(refuse({ ...file, records: [{ ...file.records[0], bridgeId: 1.5 }] })).toBe(
      'run file: records[0].bridgeId: 1.5 is not a number from 0 to 1',
    );
    const before = { ...compose, records: [{ ...record(50), oodLoss: 3, oodAcc: 0.1 }] };
    const old = parseRunFile(runFileJson(before));
    expect(old.ok && old.run.records).toEqual(before.records);
    expect(runCsv(before).split('\n')[0]).not.toContain('bridge');
    // Another task's records never carry them: an imported one is dropped, as any unknown field.
    const compare = { ...compose, config: { ...SMALL_GROKKING_CONFIG, task: 'compare' as const } };
    const other = parseRunFile(runFileJson(compare));
    expect(other.ok && other.run.records[0]).not.toHaveProperty('bridgeId');
  });

  it('export as CSV: one row per evaluation, events alongside', () => {
    expect(runCsv(RUN)).toBe(
      'step,trainLoss,trainAcc,valLoss,valAcc,weightNorm,gradNorm,ms,events\n' +
        '50,0.5,1,2.5,0.1,12.5,0.25,100,memorised at 50\n' +
        '100,0.5,1,2.5,0.96,12.5,0.25,200,lambda=2 at 70; grokked at 100\n',
    );
  });
});

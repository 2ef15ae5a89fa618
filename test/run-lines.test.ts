// `npm run train`'s JSON lines (a sweep's NAME.jsonl) import into the runs list, as the docs and
// the sweep view promise; what cannot be read is refused with the reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { DEFAULT_CONFIG } from '../src/config/schema';
import { runFileJson } from '../src/runs/run-file';
import { parseImportedRun, parseRunLines, runNameOf } from '../src/runs/run-lines';
import { createLab } from '../src/store/lab';

/** A sweep's run file as the command line wrote it (an earlier version: its config lacks later keys). */
const SWEEP_RUN = 'docs/runs/sweeps/small-seeds/filter=ema,seed=0.jsonl';
const text = readFileSync(SWEEP_RUN, 'utf8');
const lines = text
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a run written by npm run train, imported', () => {
  it("reads a sweep's run file: config, backend, every evaluation and event, named by its file", () => {
    const parsed = parseImportedRun(text, 'filter=ema,seed=0.jsonl');
    if (!parsed.ok) throw new Error(parsed.message);
    const { run } = parsed;
    const runLine = lines.find((l) => l.type === 'run') as { config: Record<string, unknown>; backend: string };
    expect(run.name).toBe('filter=ema,seed=0');
    expect(run.backend).toBe(runLine.backend);
    expect(run.config).toMatchObject(runLine.config);
    // Keys added since take their default of then.
    for (const key of Object.keys(DEFAULT_CONFIG).filter((k) => !(k in runLine.config)))
      expect(run.config[key as keyof typeof DEFAULT_CONFIG], key).toEqual(
        DEFAULT_CONFIG[key as keyof typeof DEFAULT_CONFIG],
      );
    const metrics = lines.filter((l) => l.type === 'metrics').map(({ type: _type, ...r }) => r);
    expect(run.records).toEqual(metrics);
    expect(run.events).toEqual([
      { type: 'memorised', step: 900 },
      { type: 'grokked', step: 3000 },
    ]);
  });

  it('the runs list takes it like a run file, and refuses the same run twice', () => {
    const store = createLab(() => undefined, SMALL_GROKKING_CONFIG);
    const lab = () => store.getState();
    lab().load(SMALL_GROKKING_CONFIG);
    expect(lab().importRun(text, 'filter=ema,seed=0.jsonl')).toBeNull();
    expect(lab().runs.map((r) => [r.name, r.records.length])).toEqual([['filter=ema,seed=0', 64]]);
    expect(lab().importRun(text, 'again.jsonl')).toBe('this run is already in the list, as “filter=ema,seed=0”');
    // Its run file, exported from the page, is the same run.
    expect(lab().importRun(runFileJson({ ...lab().runs[0]!, name: 'exported' }), 'exported.json')).toBe(
      'this run is already in the list, as “filter=ema,seed=0”',
    );
  });

  it('a run cut short (a .jsonl.part) imports as far as it went, a half-written last line left out', () => {
    const cut = text.split('\n').slice(0, 11).join('\n') + '\n{"type":"metrics","step":5';
    const parsed = parseImportedRun(cut, 'filter=ema,seed=0.jsonl.part');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.run.name).toBe('filter=ema,seed=0');
    expect(parsed.run.records).toHaveLength(10);
  });

  it('refuses what it cannot trust or read, naming why', () => {
    const metrics = lines.filter((l) => l.type !== 'summary').map((l) => JSON.stringify(l));
    expect(
      parseRunLines([...metrics, '{"type":"event","event":"gpu-error","step":40,"message":"lost"}'].join('\n'), 'r'),
    ).toEqual({
      ok: false,
      message: 'the GPU reported an error after step 40 in this run, so its metrics cannot be trusted',
    });
    expect(parseRunLines([metrics[0], 'not json', metrics[1]].join('\n'), 'r')).toEqual({
      ok: false,
      message: 'line 2 is not JSON',
    });
    expect(parseRunLines(metrics.slice(1).join('\n'), 'r')).toEqual({
      ok: false,
      message: 'no run line; not a file written by npm run train',
    });
    // Every field is checked as in a run file: an accuracy above 1 is named.
    const bad = text.replace('"trainAcc":0.05993690714240074', '"trainAcc":1.5');
    expect(parseImportedRun(bad, 'bad.jsonl')).toEqual({
      ok: false,
      message: expect.stringContaining('records[0].trainAcc') as string,
    });
    // A run file is still read as one.
    expect(parseImportedRun('{"format":"grok-lab-run","version":7}', 'x.json')).toEqual({
      ok: false,
      message: 'run file version 7 is not supported; this lab reads version 1',
    });
  });

  it('takes its name from the file', () => {
    expect(runNameOf('wd=0.01,seed=1.jsonl')).toBe('wd=0.01,seed=1');
    expect(runNameOf('wd=0.01,seed=1.jsonl.part')).toBe('wd=0.01,seed=1');
    expect(runNameOf('.jsonl')).toBe('.jsonl');
  });
});

// Runs kept in browser storage: loaded back through the import checks, saved after changes, and a
// storage failure said out loud.
import { describe, expect, it } from 'vitest';
import { SMALL_GROKFAST_CONFIG, SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { persistRuns, type RunStorage } from '../src/store/persist';
import { toRunFile } from '../src/runs/run-file';
import { createLab } from '../src/store/lab';
import { metricRecord } from './fixtures';

const record = (step: number) => metricRecord(step);
const stored = {
  ...toRunFile({ name: 'kept', config: SMALL_GROKKING_CONFIG, records: [record(50)], events: [], backend: 'wasm' }),
  status: 'finished',
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function lab() {
  const store = createLab(() => {}, SMALL_GROKKING_CONFIG);
  store.getState().load(SMALL_GROKKING_CONFIG);
  store.getState().receive({ type: 'status', run: 1, status: 'paused', step: 0 });
  return store;
}

describe('persistRuns', () => {
  it('loads stored runs, keeping unreadable ones listed, and saves the list and the current run after changes', async () => {
    const saves: unknown[][] = [];
    const nonsense = { format: 'nonsense' };
    const storage: RunStorage = {
      load: async () => [stored, nonsense],
      save: async (files) => void saves.push(files),
    };
    const store = lab();
    await persistRuns(store, storage);
    expect(store.getState().runs.map((r) => [r.name, r.status, r.records.length])).toEqual([['kept', 'finished', 1]]);
    expect(store.getState().unreadable).toEqual([
      {
        name: 'stored run 2',
        problem: 'not a Grok Lab run file: "format" should be "grok-lab-run"',
        stored: nonsense,
      },
    ]);

    store.getState().receive({ type: 'progress', run: 1, step: 50, records: [record(50)], events: [], elapsedMs: 500 });
    await wait(1200);
    expect(saves).toHaveLength(0); // new metrics alone wait up to 10 s
    store.getState().receive({
      type: 'progress',
      run: 1,
      step: 60,
      records: [],
      events: [{ type: 'memorised', step: 60 }],
      elapsedMs: 600,
    });
    await wait(1200);
    expect(saves).toHaveLength(1);
    expect((saves[0] as { name: string }[]).map((f) => f.name)).toEqual(['kept', store.getState().runName, undefined]);
    // The unreadable run is saved back as it was stored.
    expect(saves[0]?.[2]).toEqual(nonsense);
  });

  it('keeps a stored run that fails a check, with what is wrong, through any number of saves', async () => {
    const saves: unknown[][] = [];
    // Hand-edited: an accuracy no run can have.
    const edited = { ...stored, name: 'edited', records: [record(50), { ...record(60), trainAcc: -1 }] };
    const storage: RunStorage = {
      load: async () => [edited, stored],
      save: async (files) => void saves.push(files),
    };
    const store = lab();
    await persistRuns(store, storage);
    expect(store.getState().runs.map((r) => r.name)).toEqual(['kept']);
    expect(store.getState().unreadable).toEqual([
      { name: 'edited', problem: 'run file: records[1].trainAcc: -1 is not a number from 0 to 1', stored: edited },
    ]);
    store.getState().renameRun(store.getState().runs[0]!.id, 'renamed');
    await wait(1200);
    expect(saves.at(-1)).toContainEqual(edited);
    expect(store.getState().storageError).toBe('');
  });

  it('keeps a stored value that is not a list of runs, saving it back, and reads a stored status it knows', async () => {
    const saves: unknown[][] = [];
    const odd = { runs: 'from a browser extension' };
    const store = lab();
    await persistRuns(store, { load: async () => odd, save: async (files) => void saves.push(files) });
    expect(store.getState().unreadable).toEqual([
      { name: 'stored runs', problem: 'the stored value is an object, not a list of runs', stored: odd },
    ]);
    store.getState().receive({
      type: 'progress',
      run: 1,
      step: 50,
      records: [record(50)],
      events: [{ type: 'memorised', step: 50 }],
      elapsedMs: 500,
    });
    await wait(1200);
    expect(saves.at(-1)).toContainEqual(odd);

    const again = lab();
    const statuses = ['running', 'shiny', 'diverged'];
    await persistRuns(again, {
      load: async () => statuses.map((status, i) => ({ ...stored, name: `run ${i}`, status })),
      save: async () => undefined,
    });
    expect(again.getState().runs.map((r) => r.status)).toEqual(['paused', 'paused', 'diverged']);
  });

  it('after a reload, names go on past the stored ones and the reference the user picked comes back', async () => {
    const saves: { name: string; reference?: boolean }[][] = [];
    const storage: RunStorage = {
      load: async () => [
        { ...stored, name: 'Run 1' },
        { ...stored, name: 'Run 2 (EMA)', records: [record(50), record(100)], reference: true },
      ],
      save: async (files) => void saves.push(files as { name: string }[]),
    };
    const store = createLab(() => {}, SMALL_GROKFAST_CONFIG);
    store.getState().load(SMALL_GROKFAST_CONFIG, false, true); // a race, as the bare address opens: Runs 1 and 2
    expect([store.getState().runName, store.getState().race?.name]).toEqual(['Run 1 (EMA)', 'Run 2 (baseline)']);
    await persistRuns(store, storage);
    const s = store.getState();
    expect([s.runName, s.race?.name]).toEqual(['Run 3 (EMA)', 'Run 4 (baseline)']);
    expect(s.runs.find((r) => r.id === s.referenceId)?.name).toBe('Run 2 (EMA)');
    store.getState().reset();
    expect(store.getState().runName).toBe('Run 5 (EMA)');
    // The reference is saved with its run.
    store.getState().setReference(store.getState().runs[0]!.id);
    await wait(1200);
    expect(
      saves
        .at(-1)
        ?.filter((f) => f.reference)
        .map((f) => f.name),
    ).toEqual(['Run 1']);
  });

  it('a name given to the current run before it trains comes back after a reload, to the same settings only', async () => {
    const saves: unknown[][] = [];
    const first = lab();
    await persistRuns(first, { load: async () => undefined, save: async (files) => void saves.push(files) });
    first.getState().renameRun(first.getState().runId, 'my first try');
    await wait(1200);
    const kept = saves.at(-1);
    expect(kept).toBeDefined();

    // The reload: the same settings open a run that takes the name; other settings do not.
    const again = lab();
    await persistRuns(again, { load: async () => kept, save: async () => {} });
    expect(again.getState().runName).toBe('my first try');
    expect(again.getState().runs).toEqual([]);
    expect(again.getState().storageError).toBe('');
    const other = createLab(() => {}, SMALL_GROKFAST_CONFIG);
    other.getState().load(SMALL_GROKFAST_CONFIG);
    await persistRuns(other, { load: async () => kept, save: async () => {} });
    expect(other.getState().runName).not.toBe('my first try');
  });

  it('saves a racing baseline with the current run', async () => {
    const saves: unknown[][] = [];
    const storage: RunStorage = { load: async () => undefined, save: async (files) => void saves.push(files) };
    const store = createLab(() => {}, SMALL_GROKFAST_CONFIG);
    store.getState().load(SMALL_GROKFAST_CONFIG);
    store.getState().startRace(); // worker runs 3 (Grokfast) and 2 (baseline)
    await persistRuns(store, storage);
    store.getState().receive({ type: 'progress', run: 3, step: 50, records: [record(50)], events: [], elapsedMs: 500 });
    store.getState().receive({
      type: 'progress',
      run: 2,
      step: 50,
      records: [record(50)],
      events: [{ type: 'memorised', step: 50 }],
      elapsedMs: 500,
    });
    await wait(1200);
    const files = saves.at(-1) as { name: string; config: { filter: string }; records: unknown[] }[];
    expect(files.map((f) => [f.config.filter, f.records.length])).toEqual([
      ['ema', 1],
      ['none', 1],
    ]);
  });

  it('says so when the browser refuses to store, and keeps the runs in the tab', async () => {
    const storage: RunStorage = {
      load: async () => undefined,
      save: async () => {
        throw new Error('QuotaExceededError');
      },
    };
    const store = lab();
    await persistRuns(store, storage);
    store.getState().receive({
      type: 'progress',
      run: 1,
      step: 50,
      records: [record(50)],
      events: [{ type: 'memorised', step: 50 }],
      elapsedMs: 500,
    });
    await wait(1200);
    expect(store.getState().storageError).toBe(
      'Runs could not be saved in this browser: QuotaExceededError. Runs stay in this tab until it closes; export them to keep them.',
    );
    expect(store.getState().records).toHaveLength(1);
  });
});

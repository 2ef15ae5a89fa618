// The page's store against a fake worker: what it sends, and what it makes of what comes back.
import { describe, expect, it } from 'vitest';
import { SMALL_GROKFAST_CONFIG, SMALL_GROKKING_CONFIG } from '../src/config/presets';
import type { InsideView } from '../src/engine/inside/view';
import { parseRunFile, runFileJson } from '../src/runs/run-file';
import { createLab } from '../src/store/lab';
import { stepsPerSecond } from '../src/store/rate';
import type { Command, WorkerEvent } from '../src/worker/protocol';
import { metricRecord } from './fixtures';

const record = (step: number) => metricRecord(step);

function setup() {
  const sent: Command[] = [];
  const store = createLab((c) => sent.push(c), SMALL_GROKKING_CONFIG);
  const lab = () => store.getState();
  lab().load(SMALL_GROKKING_CONFIG);
  lab().receive({ type: 'status', run: 1, status: 'paused', step: 0 });
  return { sent, lab };
}

/** Puts the run of `setup` at step 100, paused, with one evaluation. */
function advanced() {
  const t = setup();
  t.lab().receive({
    type: 'progress',
    run: 1,
    step: 100,
    records: [record(50), record(100)],
    events: [],
    elapsedMs: 1000,
  });
  t.lab().receive({ type: 'status', run: 1, status: 'paused', step: 100 });
  t.sent.length = 0;
  return t;
}

describe('lab store', () => {
  it('starts a run with an init command and plays, steps and pauses only when that makes sense', () => {
    const sent: Command[] = [];
    const store = createLab((c) => sent.push(c), SMALL_GROKKING_CONFIG);
    store.getState().play(); // nothing to play yet
    expect(sent).toEqual([]);
    store.getState().load(SMALL_GROKKING_CONFIG, true);
    expect(sent).toEqual([{ type: 'init', run: 1, config: SMALL_GROKKING_CONFIG }, { type: 'play' }]);

    const { sent: s2, lab } = setup();
    s2.length = 0;
    lab().pause();
    expect(s2).toEqual([]);
    lab().stepBy(100);
    lab().togglePlay();
    expect(s2).toEqual([{ type: 'step', count: 100 }, { type: 'play' }]);
    lab().receive({ type: 'status', run: 1, status: 'running', step: 3 });
    lab().togglePlay();
    expect(s2.at(-1)).toEqual({ type: 'pause' });
  });

  it('in a race, sends a live optimizer change to both runs and a filter change to the Grokfast run only', () => {
    const sent: Command[] = [];
    const store = createLab((c) => sent.push(c), SMALL_GROKFAST_CONFIG);
    const lab = () => store.getState();
    lab().load(SMALL_GROKFAST_CONFIG);
    lab().startRace();
    const init = sent.find((c) => c.type === 'init' && c.race !== undefined);
    if (init?.type !== 'init' || !init.race) throw new Error('no race started');
    expect(init.race.config).toMatchObject({ filter: 'none', lr: SMALL_GROKFAST_CONFIG.lr });
    const [grokfast, baseline] = [init.run, init.race.run];
    lab().receive({ type: 'progress', run: grokfast, step: 10, records: [record(10)], events: [], elapsedMs: 100 });
    lab().receive({ type: 'status', run: grokfast, status: 'paused', step: 10 });
    sent.length = 0;
    lab().edit('lr', '0.002');
    lab().edit('lambda', '3');
    lab().edit('alpha', '0.9');
    // An optimizer change is one command for both runs, so that they take it at the same step.
    expect(sent).toEqual([
      { type: 'set', runs: [grokfast, baseline], key: 'lr', value: 0.002 },
      { type: 'set', runs: [grokfast], key: 'lambda', value: 3 },
      { type: 'set', runs: [grokfast], key: 'alpha', value: 0.9 },
    ]);
    // The worker reports it once per run, and each run keeps it once.
    const change = { type: 'change', step: 10, key: 'lr', from: SMALL_GROKFAST_CONFIG.lr, to: 0.002 } as const;
    for (const run of [grokfast, baseline])
      lab().receive({ type: 'progress', run, step: 10, records: [], events: [change], elapsedMs: 100 });
    expect(lab().events).toEqual([change]);
    expect(lab().race?.events).toEqual([change]);
  });

  it('collects metrics and events from progress reports', () => {
    const { lab } = advanced();
    lab().receive({
      type: 'progress',
      run: 1,
      step: 150,
      records: [record(150)],
      events: [{ type: 'memorised', step: 150 }],
      elapsedMs: 1500,
    });
    expect(lab().records.map((r) => r.step)).toEqual([50, 100, 150]);
    expect(lab().events).toEqual([{ type: 'memorised', step: 150 }]);
    expect(lab().step).toBe(150);
    expect(lab().stepsPerSec).toBeCloseTo(100);
  });

  it('before the first step, any change simply rebuilds the run', () => {
    const { sent, lab } = setup();
    lab().edit('p', '31');
    lab().edit('lambda', 3);
    expect(sent.map((c) => c.type)).toEqual(['init', 'init', 'init']);
    // λ acts only with a filter on: the new run has EMA (one rebuild, not two).
    expect(sent.at(-1)).toEqual({
      type: 'init',
      run: 3,
      config: { ...SMALL_GROKKING_CONFIG, p: 31, lambda: 3, filter: 'ema' },
    });
    expect(lab().pending).toBeNull();
  });

  it('a live key changes mid-run without a reset', () => {
    const { sent, lab } = advanced();
    lab().edit('lr', '0.002');
    expect(sent).toEqual([{ type: 'set', runs: [1], key: 'lr', value: 0.002 }]);
    expect(lab().config.lr).toBe(0.002);
    expect(lab().records).toHaveLength(2);
  });

  it("a filter's knob moved while that filter is off turns it on, then acts; leaving it as it was does nothing", () => {
    const { sent, lab } = advanced();
    expect(lab().config.filter).toBe('none');
    lab().edit('lambda', '5');
    expect(sent).toEqual([]);
    lab().edit('lambda', '3.5');
    expect(sent).toEqual([
      { type: 'set', runs: [1], key: 'filter', value: 'ema' },
      { type: 'set', runs: [1], key: 'lambda', value: 3.5 },
    ]);
    expect(lab().config).toMatchObject({ filter: 'ema', lambda: 3.5 });
    sent.length = 0;
    lab().edit('window', '50');
    expect(sent).toEqual([
      { type: 'set', runs: [1], key: 'filter', value: 'ma' },
      { type: 'set', runs: [1], key: 'window', value: 50 },
    ]);
    sent.length = 0;
    lab().edit('lambda', '2');
    expect(sent).toEqual([{ type: 'set', runs: [1], key: 'lambda', value: 2 }]);
    sent.length = 0;
    lab().edit('alpha', '0.9');
    expect(sent).toEqual([
      { type: 'set', runs: [1], key: 'filter', value: 'ema' },
      { type: 'set', runs: [1], key: 'alpha', value: 0.9 },
    ]);
    // A bad value turns nothing on.
    const off = advanced();
    off.lab().edit('alpha', '2');
    expect(off.sent).toEqual([]);
    expect(off.lab().config.filter).toBe('none');
    expect(off.lab().editErrors.alpha).toContain('alpha');
  });

  it('any other key mid-run waits for confirmation, then starts a new run', () => {
    const { sent, lab } = advanced();
    lab().edit('dim', 64);
    expect(sent).toEqual([]);
    expect(lab().pending?.what).toBe('Changing width to 64');
    expect(lab().config.dim).toBe(32);
    lab().cancelPending();
    expect(lab().pending).toBeNull();
    expect(lab().records).toHaveLength(2);

    lab().edit('dim', 64);
    lab().confirmPending();
    expect(sent).toEqual([{ type: 'init', run: 2, config: { ...SMALL_GROKKING_CONFIG, dim: 64 } }]);
    expect(lab().records).toEqual([]);
    expect(lab().step).toBe(0);
  });

  it('a bad value is refused with a message naming it, and nothing changes', () => {
    const { sent, lab } = advanced();
    lab().edit('alpha', '1.5');
    lab().edit('heads', 3); // 32 is not divisible by 3
    expect(sent).toEqual([]);
    expect(lab().editErrors.alpha).toBe('alpha: "1.5" is out of range; expected a number from 0 to 0.9999');
    expect(lab().editErrors.heads).toMatch(/^heads: 3 does not divide dim \(32\)/);
    expect(lab().config).toEqual(SMALL_GROKKING_CONFIG);
    lab().edit('alpha', 0.9);
    expect(lab().editErrors.alpha).toBeUndefined();
  });

  it('drops what a replaced run still had in flight', () => {
    const { lab } = advanced();
    lab().reset();
    lab().receive({ type: 'progress', run: 1, step: 200, records: [record(200)], events: [], elapsedMs: 2000 });
    lab().receive({ type: 'status', run: 1, status: 'paused', step: 200 });
    expect(lab().records).toEqual([]);
    expect(lab().status).toBe('starting');
    lab().receive({ type: 'status', run: 2, status: 'paused', step: 0 });
    expect(lab().status).toBe('paused');
  });

  it('a live change the engine refuses goes back to the value in force', () => {
    const { lab } = advanced();
    lab().edit('lr', 0.002);
    lab().receive({ type: 'rejected', run: 1, key: 'lr', message: 'lr: refused' });
    expect(lab().config.lr).toBe(SMALL_GROKKING_CONFIG.lr);
    expect(lab().editErrors.lr).toBe('lr: refused');
  });

  it('keeps the status message (diverged at step N, errors)', () => {
    const { lab } = advanced();
    lab().receive({ type: 'status', run: 1, status: 'diverged', step: 120, message: 'diverged at step 120' });
    expect(lab().status).toBe('diverged');
    expect(lab().message).toBe('diverged at step 120');
    lab().fail('the training worker stopped');
    expect(lab().status).toBe('error');
  });
});

describe('lab store: presets', () => {
  it('load at once before the first step, and ask first once the run has started', () => {
    const { sent, lab } = setup();
    const other = { ...SMALL_GROKKING_CONFIG, filter: 'ema' as const };
    lab().choose(other, 'Loading the preset X');
    expect(sent.at(-1)).toEqual({ type: 'init', run: 2, config: other });

    const t = advanced();
    t.lab().choose(other, 'Loading the preset X');
    expect(t.sent).toEqual([]);
    expect(t.lab().pending).toEqual({ what: 'Loading the preset X', race: false, config: other });
    t.lab().confirmPending();
    expect(t.sent).toEqual([{ type: 'init', run: 2, config: other }]);
  });
});

describe('steps per second', () => {
  it('measures over the last two seconds of training time', () => {
    expect(stepsPerSecond([])).toBe(0);
    expect(stepsPerSecond([{ step: 10, ms: 100 }])).toBe(0);
    const samples = [
      { step: 0, ms: 0 },
      { step: 1000, ms: 1000 },
      { step: 1100, ms: 2000 },
      { step: 1200, ms: 3000 },
    ];
    expect(stepsPerSecond(samples)).toBeCloseTo(100); // 1000 → 3000 ms: 200 steps in 2 s
  });
});

describe('lab store after a lost GPU device', () => {
  it('takes the resumed run as it is now, dropping what came after its checkpoint', () => {
    const { lab } = advanced();
    lab().receive({
      type: 'progress',
      run: 1,
      step: 150,
      records: [record(150)],
      events: [{ type: 'memorised', step: 150 }],
      elapsedMs: 1500,
    });
    lab().receive({
      type: 'resumed',
      run: 1,
      step: 100,
      records: [record(50), record(100)],
      events: [],
      elapsedMs: 1000,
    });
    expect(lab().step).toBe(100);
    expect(lab().records.map((r) => r.step)).toEqual([50, 100]);
    expect(lab().events).toEqual([]);
  });
});

describe('lab store: runs list', () => {
  it('keeps a replaced run that got anywhere, and can import, rename, remove and compare runs', () => {
    const { lab } = advanced();
    lab().receive({
      type: 'progress',
      run: 1,
      step: 120,
      records: [record(120)],
      events: [{ type: 'grokked', step: 120 }],
      elapsedMs: 1200,
    });
    lab().reset(); // run 1 is kept
    lab().reset(); // run 2 never stepped: not kept
    expect(lab().runs.map((r) => [r.id, r.name, r.records.length])).toEqual([[1, 'Run 1', 3]]);
    expect(lab().runName).toBe('Run 3');

    // Another run's file (the same metrics, other events; the very same run is refused, below).
    const text = runFileJson({ ...lab().runs[0]!, name: 'from a file', events: [] });
    expect(lab().importRun(text)).toBeNull();
    expect(lab().runs.map((r) => r.name)).toEqual(['Run 1', 'from a file']);
    expect(lab().runs[1]!.records).toEqual(lab().runs[0]!.records);

    const before = lab().runs;
    expect(lab().importRun('{"format":"grok-lab-run","version":7}')).toBe(
      'run file version 7 is not supported; this lab reads version 1',
    );
    expect(lab().runs).toBe(before);

    lab().renameRun(1, '  baseline ');
    lab().renameRun(1, '   '); // ignored
    expect(lab().runs[0]!.name).toBe('baseline');
    lab().setReference(1);
    lab().toggleOverlay(1);
    expect(lab().overlayIds).toEqual([1]);
    lab().removeRun(1);
    expect(lab().overlayIds).toEqual([]);
    expect(lab().runs.map((r) => r.name)).toEqual(['from a file']);
    expect(lab().referenceId).toBeNull();
  });
});

describe('lab store: the runs list keeps true state', () => {
  it('keeps a run replaced while it was running as paused, not running', () => {
    const { lab } = advanced();
    lab().receive({ type: 'status', run: 1, status: 'running', step: 120 });
    lab().load(SMALL_GROKFAST_CONFIG); // a preset, say
    expect(lab().runs.map((r) => [r.name, r.status])).toEqual([['Run 1', 'paused']]);
  });

  it('refuses the same run imported twice, naming the row it already is', () => {
    const { lab } = advanced();
    lab().reset();
    const text = runFileJson({ ...lab().runs[0]!, name: 'exported' });
    expect(lab().importRun(text)).toBe('this run is already in the list, as “Run 1”');
    const other = runFileJson({ ...lab().runs[0]!, records: [record(50)] });
    expect(lab().importRun(other)).toBeNull();
    expect(lab().importRun(other)).toBe('this run is already in the list, as “Run 1”');
    expect(lab().runs).toHaveLength(2);
  });

  it('undoes a delete: the run comes back where it was, as the reference and on the chart if it was', () => {
    const { lab } = advanced();
    lab().reset(); // Run 1 kept
    lab().importRun(runFileJson({ ...lab().runs[0]!, name: 'second', records: [record(50)] }));
    lab().importRun(runFileJson({ ...lab().runs[0]!, name: 'third', records: [record(100)] }));
    const second = lab().runs[1]!.id;
    lab().setReference(second);
    lab().toggleOverlay(second);
    lab().removeRun(second);
    expect(lab().runs.map((r) => r.name)).toEqual(['Run 1', 'third']);
    expect(lab().removed?.run.name).toBe('second');
    expect([lab().referenceId, lab().overlayIds]).toEqual([null, []]);
    lab().undoRemove();
    expect(lab().runs.map((r) => r.name)).toEqual(['Run 1', 'second', 'third']);
    expect([lab().referenceId, lab().overlayIds, lab().removed]).toEqual([second, [second], null]);
  });
});

describe('lab store: a worker stuck in a long step', () => {
  it('restartWorker starts the new run afresh on a new worker: the pin, then the same init', () => {
    const sent: Command[] = [];
    let workers = 1;
    const store = createLab(
      (c) => sent.push(c),
      SMALL_GROKKING_CONFIG,
      () => (workers += 1),
    );
    const lab = () => store.getState();
    lab().load(SMALL_GROKKING_CONFIG);
    lab().pinBackend('webgpu');
    lab().load(SMALL_GROKFAST_CONFIG, false, true);
    const init = sent.at(-1);
    lab().receive({
      type: 'status',
      run: 3,
      status: 'starting',
      step: 0,
      message: "waiting for the previous run's training step on webgpu to finish",
    });
    sent.length = 0;
    lab().restartWorker?.();
    expect(workers).toBe(2);
    expect(sent).toEqual([{ type: 'pin-backend', backend: 'webgpu' }, init]);
    expect(lab().message).toBe('');
    // Once the run has started there is nothing to restart.
    lab().receive({ type: 'status', run: 3, status: 'paused', step: 0 });
    lab().restartWorker?.();
    expect(workers).toBe(2);
  });
});

describe('lab store: inside views', () => {
  const view = (step: number, sparsity: number): InsideView => ({
    step,
    p: 3,
    split: Uint8Array.from([1, 2, 1, 2, 1, 2, 1, 2, 1]),
    answer: Int16Array.from([0, 1, 2, 1, 2, 0, 2, 0, 1]),
    predicted: Int16Array.from([0, 1, 2, 1, 2, 0, 2, 0, 0]),
    confidence: new Float32Array(9).fill(0.5),
    spectrum: [1, 2],
    sparsity,
    pca: { x: [0, 1, 2], y: [0, 0, 1], explained: [0.8, 0.2] },
    plane: { k: 1, x: [1, 0, -1], y: [0, 1, 0] },
    attention: {
      a: 1,
      b: 2,
      maps: [
        [
          [
            [1, 0, 0, 0],
            [0.5, 0.5, 0, 0],
            [0.2, 0.3, 0.5, 0],
            [0.1, 0.2, 0.3, 0.4],
          ],
        ],
      ],
    },
  });

  it('keeps the latest view and one sparsity point per step, and exports them with the run', () => {
    const { lab, sent } = advanced();
    lab().receive({ type: 'inside', run: 1, view: view(100, 0.3) });
    lab().receive({ type: 'inside', run: 1, view: view(100, 0.31) }); // same step: a new pair while paused
    lab().receive({ type: 'inside', run: 1, view: view(150, 0.5) });
    lab().receive({ type: 'inside', run: 7, view: view(200, 0.9) }); // another run's
    expect(lab().sparsity).toEqual([
      { step: 100, value: 0.31 },
      { step: 150, value: 0.5 },
    ]);
    expect(lab().inside?.step).toBe(150);
    const data = lab().currentRun(); // what an export writes (the fake view does not fit p = 23, so no import here)
    expect(data.sparsity).toEqual([
      { step: 100, value: 0.31 },
      { step: 150, value: 0.5 },
    ]);
    expect(data.inside?.predicted).toEqual([0, 1, 2, 1, 2, 0, 2, 0, 0]);
    expect(data.inside?.attention.maps[0]?.[0]?.[3]).toEqual([0.1, 0.2, 0.3, 0.4]);

    lab().pickPair(2, 0);
    expect(sent.at(-1)).toEqual({ type: 'inspect', a: 2, b: 0 });
    lab().receive({ type: 'resumed', run: 1, step: 120, records: [record(100)], events: [], elapsedMs: 1000 });
    expect(lab().sparsity).toEqual([{ step: 100, value: 0.31 }]);
    lab().reset();
    expect(lab().inside).toBeNull();
    expect(lab().sparsity).toEqual([]);
  });

  it('refuses a run file whose inside view does not fit its config, naming what is wrong', () => {
    const { lab } = advanced();
    lab().receive({ type: 'inside', run: 1, view: view(100, 0.3) });
    const json = JSON.parse(runFileJson(lab().currentRun())) as { inside: { split: number[] } };
    // The fake view is 3 × 3; the run's config has p = 23.
    expect(parseRunFile(JSON.stringify(json))).toEqual({
      ok: false,
      message: 'run file: inside.split: a list of 9 where 529 were expected',
    });
    const { inside: _dropped, ...without } = json;
    expect(parseRunFile(JSON.stringify(without)).ok).toBe(true);
  });
});

describe('lab store: backend', () => {
  it('pins a backend (the worker moves the runs) and shows timing, then the choice', () => {
    const { sent, lab } = advanced();
    expect(lab().backendPin).toBe('auto');
    lab().pinBackend('wasm');
    expect(lab().backendPin).toBe('wasm');
    expect(sent).toEqual([{ type: 'pin-backend', backend: 'wasm' }]);
    lab().receive({ type: 'backend-timing', candidates: ['webgpu', 'wasm'] });
    expect(lab().backendTiming).toEqual(['webgpu', 'wasm']);
    const choice = { how: 'timed' as const, why: 'at this size a GPU may lose', rates: { webgpu: 40, wasm: 200 } };
    lab().receive({ type: 'backend', name: 'wasm', notes: [], isolated: true, threads: 1, cores: 2, choice });
    expect(lab().backendTiming).toBeNull();
    expect(lab().backend).toEqual({ name: 'wasm', notes: [], isolated: true, threads: 1, cores: 2, choice });
    // Backend events are not about one run: they are taken whatever run is current.
    expect(lab().step).toBe(100);
  });
});

describe('lab store: several at once', () => {
  it('each numbers its own runs and routes its own race', () => {
    const sentA: Command[] = [];
    const sentB: Command[] = [];
    const a = createLab((c) => sentA.push(c), SMALL_GROKFAST_CONFIG);
    const b = createLab((c) => sentB.push(c), SMALL_GROKFAST_CONFIG);
    a.getState().load(SMALL_GROKFAST_CONFIG);
    a.getState().startRace(); // worker runs 3 (Grokfast) and 2 (baseline)
    b.getState().load(SMALL_GROKFAST_CONFIG);
    expect(sentB).toEqual([{ type: 'init', run: 1, config: SMALL_GROKFAST_CONFIG }]);
    expect(b.getState().runId).toBe(1);
    expect(b.getState().race).toBeNull();

    const progress: WorkerEvent = {
      type: 'progress',
      run: 2,
      step: 10,
      records: [record(10)],
      events: [],
      elapsedMs: 10,
    };
    b.getState().receive(progress); // no run 2 in this store
    a.getState().receive(progress);
    expect(b.getState().records).toEqual([]);
    expect(a.getState().race?.records).toHaveLength(1);
    expect(a.getState().records).toEqual([]);
  });
});

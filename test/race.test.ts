// A race in the store (against a fake worker): the current config and its filter-none twin trained
// together, routed, compared, paused once both grokked, and kept as ordinary runs afterwards.
import { describe, expect, it } from 'vitest';
import { SMALL_GROKFAST_CONFIG, SMALL_GROKKING_CONFIG } from '../src/config/presets';
import type { RunEvent } from '../src/engine/metrics';
import { createLab } from '../src/store/lab';
import { appliesToBaseline, baselineOf, groupStatus, raceUnavailable, raceSpeedup } from '../src/store/race';
import type { Command } from '../src/worker/protocol';
import { metricRecord } from './fixtures';

const record = (step: number, valAcc = 0.1) => metricRecord(step, { trainAcc: 1, valAcc });

/** A race of the small Grokfast preset, started and running; returns the worker ids of both runs. */
function racing() {
  const sent: Command[] = [];
  const store = createLab((c) => sent.push(c), SMALL_GROKFAST_CONFIG);
  const lab = () => store.getState();
  lab().load(SMALL_GROKFAST_CONFIG);
  sent.length = 0;
  lab().startRace();
  const init = sent[0] as Extract<Command, { type: 'init' }>;
  const main = init.run;
  const twin = init.race?.run ?? -1;
  for (const run of [main, twin]) lab().receive({ type: 'status', run, status: 'running', step: 0 });
  return { sent, lab, main, twin };
}

describe('race', () => {
  it('trains the config and its filter-none twin together, playing at once, the twin as reference', () => {
    const { sent, lab, main, twin } = racing();
    expect(sent).toEqual([
      {
        type: 'init',
        run: main,
        config: SMALL_GROKFAST_CONFIG,
        race: { run: twin, config: { ...SMALL_GROKFAST_CONFIG, filter: 'none' } },
      },
      { type: 'play' },
    ]);
    expect(main).not.toBe(twin);
    const race = lab().race;
    expect(race?.config).toEqual(baselineOf(SMALL_GROKFAST_CONFIG));
    expect(race?.name).toMatch(/baseline/);
    expect(lab().runName).toMatch(/EMA/);
    expect(lab().referenceId).toBe(race?.id);
  });

  it('is refused, with the reason, when the filter is already off', () => {
    const sent: Command[] = [];
    const store = createLab((c) => sent.push(c), SMALL_GROKKING_CONFIG);
    store.getState().load(SMALL_GROKKING_CONFIG);
    sent.length = 0;
    store.getState().startRace();
    expect(sent).toEqual([]);
    expect(store.getState().race).toBeNull();
    expect(store.getState().message).toBe(raceUnavailable(SMALL_GROKKING_CONFIG));
    expect(raceUnavailable(SMALL_GROKFAST_CONFIG)).toBeNull();
  });

  it('routes each run’s metrics to its own place, and drops both once replaced', () => {
    const { lab, main, twin } = racing();
    lab().receive({ type: 'progress', run: main, step: 50, records: [record(50, 0.2)], events: [], elapsedMs: 100 });
    lab().receive({ type: 'progress', run: twin, step: 50, records: [record(50, 0.05)], events: [], elapsedMs: 90 });
    expect(lab().records.map((r) => r.valAcc)).toEqual([0.2]);
    expect(lab().race?.records.map((r) => r.valAcc)).toEqual([0.05]);
    expect(lab().race?.step).toBe(50);

    lab().reset(); // a new race; the old runs are kept
    expect(lab().runs.map((r) => r.records.length)).toEqual([1, 1]);
    expect(lab().runs.map((r) => r.config.filter)).toEqual(['ema', 'none']);
    lab().receive({ type: 'progress', run: twin, step: 100, records: [record(100)], events: [], elapsedMs: 180 });
    lab().receive({ type: 'progress', run: main, step: 100, records: [record(100)], events: [], elapsedMs: 180 });
    expect(lab().race?.records).toEqual([]);
    expect(lab().records).toEqual([]);
  });

  it('sends live optimizer changes to both runs and filter changes to the Grokfast run only', () => {
    const { sent, lab, main, twin } = racing();
    lab().receive({ type: 'progress', run: main, step: 50, records: [record(50)], events: [], elapsedMs: 100 });
    sent.length = 0;
    lab().edit('lambda', 3);
    lab().edit('lr', 0.002);
    expect(sent).toEqual([
      { type: 'set', runs: [main], key: 'lambda', value: 3 },
      // One command for both, so that both runs take it at the same step.
      { type: 'set', runs: [main, twin], key: 'lr', value: 0.002 },
    ]);
    expect(appliesToBaseline('wd')).toBe(true);
    expect(appliesToBaseline('alpha')).toBe(false);
    // A setting that needs a new run asks first, then starts a new race.
    lab().edit('seed', 3);
    expect(lab().pending?.race).toBe(true);
    sent.length = 0;
    lab().confirmPending();
    expect(sent[0]).toMatchObject({
      type: 'init',
      config: { seed: 3, filter: 'ema' },
      race: { config: { seed: 3, filter: 'none' } },
    });
    // A preset is a new experiment: a single run.
    lab().receive({
      type: 'progress',
      run: (sent[0] as { run: number }).run,
      step: 10,
      records: [],
      events: [],
      elapsedMs: 10,
    });
    lab().choose(SMALL_GROKKING_CONFIG, 'preset');
    expect(lab().pending?.race).toBe(false);
  });

  it('measures the rate on the pair’s training time, which is the rate one sees', () => {
    const { lab, main, twin } = racing();
    for (const [step, ms] of [
      [50, 1000],
      [100, 2000],
      [150, 3000],
    ] as const) {
      lab().receive({ type: 'progress', run: main, step, records: [], events: [], elapsedMs: ms });
      lab().receive({ type: 'progress', run: twin, step, records: [], events: [], elapsedMs: ms });
    }
    // Each run trains 50 steps per second of its own time, alternating: 25 steps per second together.
    expect(lab().stepsPerSec).toBeCloseTo(25);
    lab().endRace();
    expect(lab().stepsPerSec).toBe(0);
  });

  it('the controls act on the pair: playing while either trains', () => {
    const { sent, lab, main, twin } = racing();
    lab().receive({ type: 'status', run: main, status: 'diverged', step: 70, message: 'diverged at step 70' });
    expect(groupStatus(lab())).toBe('running');
    sent.length = 0;
    lab().togglePlay();
    expect(sent).toEqual([{ type: 'pause' }]);
    lab().receive({ type: 'status', run: twin, status: 'paused', step: 70 });
    expect(groupStatus(lab())).toBe('paused');
    lab().togglePlay();
    expect(sent.at(-1)).toEqual({ type: 'play' });
    lab().receive({ type: 'status', run: twin, status: 'finished', step: 100 });
    expect(groupStatus(lab())).toBe('diverged');
  });

  it('pauses once when both have grokked, and reads the speed-up off the pair', () => {
    const { sent, lab, main, twin } = racing();
    const grok = (run: number, step: number, events: RunEvent[]) =>
      lab().receive({ type: 'progress', run, step, records: [record(step, 0.97)], events, elapsedMs: step });
    grok(main, 900, [
      { type: 'memorised', step: 400 },
      { type: 'grokked', step: 900 },
    ]);
    grok(twin, 900, [{ type: 'memorised', step: 500 }]);
    expect(raceSpeedup(lab().events, lab().race?.events ?? [], 1800)).toBe(
      'at least 2.0× fewer steps to grok (the baseline has not grokked by step 1,800)',
    );
    expect(sent.filter((c) => c.type === 'pause')).toEqual([]);
    grok(twin, 2700, [{ type: 'grokked', step: 2700 }]);
    expect(sent.filter((c) => c.type === 'pause')).toHaveLength(1);
    expect(raceSpeedup(lab().events, lab().race?.events ?? [], 2700)).toBe('3.0× fewer steps to grok');

    // Played on, it is not paused again.
    for (const run of [main, twin]) lab().receive({ type: 'status', run, status: 'running', step: 2700 });
    grok(main, 3000, [{ type: 'change', step: 2800, key: 'lambda', from: 5, to: 4 }]);
    expect(sent.filter((c) => c.type === 'pause')).toHaveLength(1);
  });

  it('pauses once per race: a new race, decided, pauses again', () => {
    const { sent, lab, main, twin } = racing();
    const grokked = (run: number) =>
      lab().receive({
        type: 'progress',
        run,
        step: 900,
        records: [],
        events: [{ type: 'grokked', step: 900 }],
        elapsedMs: 900,
      });
    grokked(main);
    grokked(twin);
    expect(sent.filter((c) => c.type === 'pause')).toHaveLength(1);
    lab().reset();
    const init = sent.at(-1) as Extract<Command, { type: 'init' }>;
    for (const run of [init.run, init.race?.run ?? -1])
      lab().receive({ type: 'status', run, status: 'running', step: 0 });
    grokked(init.run);
    grokked(init.race?.run ?? -1);
    expect(sent.filter((c) => c.type === 'pause')).toHaveLength(2);
  });

  it('says who grokked first when the baseline wins, and nothing while neither has', () => {
    expect(raceSpeedup([], [], 500)).toBeNull();
    // Right as Grokfast groks the baseline is at the same step: no "at least 1.0×".
    expect(raceSpeedup([{ type: 'grokked', step: 3000 }], [], 3000)).toBe(
      'Grokfast grokked at step 3,000; the baseline has not yet (step 3,000)',
    );
    expect(raceSpeedup([{ type: 'grokked', step: 3000 }], [], 3300)).toBe(
      'at least 1.1× fewer steps to grok (the baseline has not grokked by step 3,300)',
    );
    expect(raceSpeedup([], [{ type: 'grokked', step: 700 }], 800)).toBe('the baseline grokked first, at step 700');
    expect(raceSpeedup([{ type: 'grokked', step: 1400 }], [{ type: 'grokked', step: 700 }], 1400)).toBe(
      '2.0× more steps to grok',
    );
  });

  it('ends with the baseline in the runs list while the current run goes on alone', () => {
    const { sent, lab, main, twin } = racing();
    lab().receive({ type: 'progress', run: twin, step: 50, records: [record(50)], events: [], elapsedMs: 100 });
    lab().renameRun(lab().race?.id ?? -1, 'plain Adam');
    sent.length = 0;
    lab().endRace();
    expect(sent).toEqual([{ type: 'end-race' }]);
    expect(lab().race).toBeNull();
    expect(lab().runs).toHaveLength(1);
    expect(lab().runs[0]).toMatchObject({ name: 'plain Adam', status: 'paused', config: { filter: 'none' } });
    lab().receive({ type: 'progress', run: twin, step: 100, records: [record(100)], events: [], elapsedMs: 200 });
    expect(lab().runs[0]?.records).toHaveLength(1);
    lab().receive({ type: 'status', run: main, status: 'paused', step: 60 });
    expect(groupStatus(lab())).toBe('paused');
  });
});

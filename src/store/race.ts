// A race: the current config against its baseline, the same settings with the Grokfast filter off,
// trained in lockstep beside the current run. Here is all of it: the race's rules (its baseline,
// when a config can race, which live changes the baseline shares, what the run controls act on,
// when it is decided and what it says) and the store's race slice (the baseline, starting and
// ending a race, the baseline's events, the pause once decided).
import { type Config, type LiveKey, type Schema, SCHEMA } from '../config/schema';
import type { BackendName } from '../engine/backend-names';
import { type MetricRecord, milestones, type RunEvent } from '../engine/metrics';
import { speedup } from '../runs/compare';
import type { RunData } from '../runs/run-file';
import { type RunStatus, stoppedStatus } from '../runs/status';
import type { WorkerEvent } from '../worker/protocol';
import type { Lab, Shared, Slice } from './lab';
import type { SavedRun } from './runs-list';

// The rules.

/** The baseline a config races against: everything equal (weight decay included) but no filter. */
export function baselineOf(config: Config): Config {
  return { ...config, filter: 'none' };
}

/** Why this config cannot race its baseline, or null when it can. */
export function raceUnavailable(config: Config): string | null {
  return config.filter === 'none'
    ? 'The filter is off (filter none), so this config is its own baseline: choose EMA or MA to race against it.'
    : null;
}

/**
 * Whether a live change made during a race applies to the baseline too: the optimizer's settings do
 * (all else stays equal); the filter's do not (the baseline has none).
 */
export const appliesToBaseline = (key: LiveKey): boolean => !(SCHEMA as Schema)[key].grokfast;

/**
 * What the run controls act on: in a race, running while either run trains, paused while either
 * can go on; otherwise the current run's status.
 */
export function groupStatus(s: { status: RunStatus; race: { status: RunStatus } | null }): RunStatus {
  if (!s.race) return s.status;
  const both = [s.status, s.race.status];
  for (const st of ['error', 'running', 'paused', 'starting'] as const) if (both.includes(st)) return st;
  return s.status;
}

/** The race is decided once both runs have grokked: it pauses there once, and play trains both on. */
export const raceDecided = (events: readonly RunEvent[], baseline: readonly RunEvent[]): boolean =>
  milestones(events).grokked !== null && milestones(baseline).grokked !== null;

/**
 * The race's verdict so far, from the Grokfast run's and the baseline's events and the baseline's
 * step: the speed-up once both grokked, a lower bound while only the Grokfast run has ("at least
 * 1.8× fewer steps": the baseline needs more than its steps so far; no bound below 1.1×, which says
 * nothing yet), null while neither has.
 */
export function raceSpeedup(
  events: readonly RunEvent[],
  baseline: readonly RunEvent[],
  baselineStep: number,
): string | null {
  const done = speedup(events, baseline);
  if (done) return done;
  const a = milestones(events).grokked;
  const b = milestones(baseline).grokked;
  if (a !== null && a > 0 && b === null) {
    const by = baselineStep.toLocaleString('en-US');
    // Right as the Grokfast run groks the baseline is at the same step: "at least 1.0×" says nothing.
    if (baselineStep / a < 1.1)
      return `Grokfast grokked at step ${a.toLocaleString('en-US')}; the baseline has not yet (step ${by})`;
    return `at least ${(baselineStep / a).toFixed(1)}× fewer steps to grok (the baseline has not grokked by step ${by})`;
  }
  if (b !== null && a === null) return `the baseline grokked first, at step ${b.toLocaleString('en-US')}`;
  return null;
}

// The slice.

/** The baseline of a race, trained in lockstep beside the current run. */
export interface RaceRun {
  id: number;
  name: string;
  config: Config;
  status: RunStatus;
  step: number;
  elapsedMs: number;
  records: MetricRecord[];
  events: RunEvent[];
}

export interface RaceState {
  /** The baseline racing the current run; null when the current run trains alone. */
  race: RaceRun | null;
}

export interface RaceActions {
  /**
   * Races the settings in force against their baseline (filter none, all else equal), playing at
   * once; the baseline becomes the reference run. Refused, with the reason in `message`, when the
   * filter is already off.
   */
  startRace: () => void;
  /** The baseline stops and joins the runs list; the current run goes on alone. */
  endRace: () => void;
  /** The racing baseline as a file's contents; null outside a race. */
  raceRun: () => RunData | null;
}

/** A new race's baseline for `config`, with its id in the runs list and the number in its name. */
export const newBaseline = (id: number, number: number, config: Config): RaceRun => ({
  id,
  name: `Run ${number} (baseline)`,
  config: baselineOf(config),
  status: 'starting',
  step: 0,
  elapsedMs: 0,
  records: [],
  events: [],
});

/** The Grokfast run's name in a race, its filter said: "Run 3 (EMA)". */
export const racingName = (id: number, config: Config): string => `Run ${id} (${config.filter.toUpperCase()})`;

const raceData = (r: RaceRun, backend: BackendName | undefined): RunData => ({
  name: r.name,
  config: r.config,
  records: r.records,
  events: r.events,
  backend: backend ?? 'unknown',
});

/** The baseline as a run of the list, when it got anywhere (a new run or the race's end keeps it there). */
export const keptBaseline = (s: Lab): SavedRun[] =>
  s.race && s.race.step > 0
    ? [{ ...raceData(s.race, s.backend?.name), id: s.race.id, status: stoppedStatus(s.race.status) }]
    : [];

/** What an event of the worker about the baseline changes in it. */
export function baselineReceives(s: Lab, e: WorkerEvent): Partial<Lab> {
  const r = s.race;
  if (!r) return {};
  switch (e.type) {
    case 'status':
      return { race: { ...r, status: e.status, step: e.step } };
    case 'progress':
      return {
        race: {
          ...r,
          step: e.step,
          elapsedMs: e.elapsedMs,
          records: e.records.length > 0 ? r.records.concat(e.records) : r.records,
          events: e.events.length > 0 ? r.events.concat(e.events) : r.events,
        },
      };
    case 'resumed':
      return { race: { ...r, step: e.step, records: e.records, events: e.events, elapsedMs: e.elapsedMs } };
    default:
      // 'rejected': the current run gets the same change and shows the refusal. 'inside', 'facts': views
      // are of the current run only.
      return {};
  }
}

/** Once the race is decided it pauses, once: play trains both on. Called when either run has new events. */
export function pauseIfDecided(s: Lab, { send, ids }: Shared): void {
  if (!s.race || ids.decided === ids.baseline) return;
  if (raceDecided(s.events, s.race.events)) {
    ids.decided = ids.baseline;
    if (groupStatus(s) === 'running') send({ type: 'pause' });
  }
}

export const createRaceSlice =
  ({ send, ids, start }: Shared): Slice<RaceState & RaceActions> =>
  (set, get) => ({
    race: null,

    startRace: () => {
      const problem = raceUnavailable(get().config);
      if (problem) set({ message: problem });
      else start(get().config, { race: true, autoplay: true });
    },
    endRace: () => {
      const s = get();
      if (!s.race) return;
      send({ type: 'end-race' });
      ids.baseline = 0;
      set({ race: null, runs: [...s.runs, ...keptBaseline(s)], rate: [], stepsPerSec: 0 });
    },
    raceRun: () => {
      const s = get();
      return s.race ? raceData(s.race, s.backend?.name) : null;
    },
  });

// The store's current run: the settings in force, its status and metrics, the run controls, and
// the edits that change it live or wait for the user to confirm a new run.
import { type Config, type ConfigKey, LIVE_KEYS, type LiveKey, SCHEMA } from '../config/schema';
import { editConfig } from '../config/validate';
import type { MetricRecord, RunEvent } from '../engine/metrics';
import { insideToData } from '../runs/inside-file';
import type { RunData } from '../runs/run-file';
import { type RunStatus, stoppedStatus } from '../runs/status';
import type { WorkerEvent } from '../worker/protocol';
import type { Lab, Shared, Slice } from './lab';
import { appliesToBaseline, groupStatus, raceUnavailable } from './race';
import { type RateSample, stepsPerSecond } from './rate';
import type { SavedRun } from './runs-list';

export interface CurrentRunState {
  /** The settings in force: the run's starting config with every accepted live change applied. */
  config: Config;
  /** The config the current run started with. */
  runConfig: Config;
  status: RunStatus;
  /** Said with the status: why it diverged, what failed, what the backend change did. */
  message: string;
  step: number;
  /** Training time of the run, pauses excluded (in a race, its own share of the worker's time). */
  elapsedMs: number;
  /** Steps per second of training time (in a race, of both runs' time: the rate you see). */
  stepsPerSec: number;
  records: MetricRecord[];
  events: RunEvent[];
  /** A change that would start a new run (a new race with `race`), waiting for the user to confirm it. */
  pending: { what: string; config: Config; race: boolean } | null;
  /** The last refused edit, per key, shown next to its control. */
  editErrors: Partial<Record<ConfigKey, string>>;
  rate: RateSample[];
  /** The current run's id and name (it joins `runs` when another run replaces it). */
  runId: number;
  runName: string;
}

export interface CurrentRunActions {
  play: () => void;
  pause: () => void;
  togglePlay: () => void;
  stepBy: (count: number) => void;
  /** A new run from the settings in force (a new race, during a race). */
  reset: () => void;
  /** Starts a new run from this config (a preset, a link), playing at once with `autoplay`. */
  /** Starts `config` (with its baseline, to `race`, when its filter is on), played at once with `autoplay`. */
  load: (config: Config, autoplay?: boolean, race?: boolean) => void;
  /**
   * A named config (a preset; racing its baseline with `race`): loaded at once before the first step,
   * otherwise held in `pending`.
   */
  choose: (config: Config, what: string, race?: boolean) => void;
  /** A control's new value: applied live, or held in `pending` when it needs a new run. */
  edit: (key: ConfigKey, raw: unknown) => void;
  confirmPending: () => void;
  cancelPending: () => void;
  /** The current run as a file's contents. */
  currentRun: () => RunData;
}

const isLive = (key: ConfigKey): key is LiveKey => LIVE_KEYS.includes(key);

/** Whether the run has started: before the first step any change just rebuilds it, unasked. */
const started = (s: Lab) => s.step > 0 || s.status === 'running';

/** A new run of `config` before its first step. */
export const freshRun = (config: Config, runId: number, runName: string): CurrentRunState => ({
  config,
  runConfig: config,
  status: 'starting',
  message: '',
  step: 0,
  elapsedMs: 0,
  stepsPerSec: 0,
  records: [],
  events: [],
  pending: null,
  editErrors: {},
  rate: [],
  runId,
  runName,
});

/** The current run as a file's contents, with the views of its model when there are any. */
const runData = (s: Lab): RunData => ({
  name: s.runName,
  config: s.runConfig,
  records: s.records,
  events: s.events,
  backend: s.backend?.name ?? 'unknown',
  ...(s.sparsity.length > 0 ? { sparsity: s.sparsity } : {}),
  ...(s.inside ? { inside: insideToData(s.inside) } : {}),
});

/** The current run as a run of the list, when it got anywhere (another run replacing it keeps it there). */
export const keptCurrentRun = (s: Lab): SavedRun[] =>
  s.step > 0 ? [{ ...runData(s), id: s.runId, status: stoppedStatus(s.status) }] : [];

/** What an event of the worker about the current run changes in it. */
export function currentRunReceives(s: Lab, e: WorkerEvent): Partial<Lab> {
  switch (e.type) {
    case 'status':
      return { status: e.status, step: e.step, message: e.message ?? '' };
    case 'progress': {
      // In a race both runs share the worker: the rate is per second of the pair's training time.
      const rate = [...s.rate, { step: e.step, ms: e.elapsedMs + (s.race?.elapsedMs ?? 0) }].slice(-20);
      return {
        step: e.step,
        elapsedMs: e.elapsedMs,
        records: e.records.length > 0 ? s.records.concat(e.records) : s.records,
        events: e.events.length > 0 ? s.events.concat(e.events) : s.events,
        rate,
        stepsPerSec: stepsPerSecond(rate),
      };
    }
    case 'resumed':
      return { step: e.step, records: e.records, events: e.events, elapsedMs: e.elapsedMs, rate: [], stepsPerSec: 0 };
    case 'rejected': {
      // The engine refused a live change the store had already shown: say so, and keep the value
      // the engine still uses.
      const change = s.events.findLast((ev) => ev.type === 'change' && ev.key === e.key);
      const inForce = change?.type === 'change' ? change.to : s.runConfig[e.key];
      return { editErrors: { ...s.editErrors, [e.key]: e.message }, config: { ...s.config, [e.key]: inForce } };
    }
    default:
      return {};
  }
}

export const createCurrentRunSlice =
  ({ send, ids, start }: Shared, initial: Config): Slice<CurrentRunState & CurrentRunActions> =>
  (set, get) => ({
    ...freshRun(initial, 0, 'Run 0'),

    // In a race the controls act on both runs (groupStatus).
    play: () => {
      if (groupStatus(get()) === 'paused') send({ type: 'play' });
    },
    pause: () => {
      if (groupStatus(get()) === 'running') send({ type: 'pause' });
    },
    togglePlay: () => (groupStatus(get()) === 'running' ? get().pause() : get().play()),
    stepBy: (count) => {
      if (groupStatus(get()) === 'paused') send({ type: 'step', count });
    },
    reset: () => start(get().config, { race: get().race !== null }),
    load: (config, autoplay, race = false) =>
      start(config, { autoplay, race: race && raceUnavailable(config) === null }),
    choose: (config, what, race = false) => {
      const racing = race && raceUnavailable(config) === null;
      if (started(get())) set({ pending: { what, config, race: racing } });
      else start(config, { race: racing });
    },

    edit: (key, raw) => {
      const s = get();
      // A filter's knob moved while that filter is off turns it on, so the control never does nothing
      // (the chart's marker names both changes).
      const needs = filterFor(key, s.config.filter);
      if (needs) {
        const on = editConfig(s.config, 'filter', needs);
        const knob = on.ok ? editConfig(on.config, key, raw) : on;
        if (!knob.ok) {
          set({ editErrors: { ...s.editErrors, [key]: knob.message } });
          return;
        }
        // Only a real change: leaving the field with its value as it was turns nothing on.
        if (knob.config[key] !== s.config[key]) {
          if (!started(s)) {
            set({ editErrors: {} });
            start(knob.config, { race: s.race !== null && raceUnavailable(knob.config) === null });
          } else {
            get().edit('filter', needs);
            get().edit(key, raw);
          }
          return;
        }
      }
      const result = editConfig(s.config, key, raw);
      if (!result.ok) {
        set({ editErrors: { ...s.editErrors, [key]: result.message } });
        return;
      }
      const { [key]: _cleared, ...editErrors } = s.editErrors;
      if (result.config[key] === s.config[key]) {
        set({ editErrors });
        return;
      }
      const racing = s.race !== null;
      if (!started(s)) {
        set({ editErrors });
        start(result.config, { race: racing && raceUnavailable(result.config) === null });
      } else if (isLive(key)) {
        set({ editErrors, config: result.config });
        const value = result.config[key];
        // One command for both runs of a race, so that they take the change at the same step.
        const runs = racing && appliesToBaseline(key) ? [ids.run, ids.baseline] : [ids.run];
        send({ type: 'set', runs, key, value });
      } else {
        set({
          editErrors,
          pending: {
            what: `Changing ${SCHEMA[key].label} to ${String(result.config[key])}`,
            config: result.config,
            race: racing,
          },
        });
      }
    },
    confirmPending: () => {
      const p = get().pending;
      if (p) start(p.config, { race: p.race });
    },
    cancelPending: () => set({ pending: null }),

    currentRun: () => runData(get()),
  });

/**
 * The filter to turn on when a knob moves that does nothing under the filter in force: α belongs to
 * EMA, the window to MA, λ to either (EMA when none is on). Null: the knob acts as it is.
 */
export function filterFor(key: ConfigKey, filter: Config['filter']): Config['filter'] | null {
  if (key === 'alpha' && filter !== 'ema') return 'ema';
  if (key === 'lambda' && filter === 'none') return 'ema';
  if (key === 'window' && filter !== 'ma') return 'ma';
  return null;
}

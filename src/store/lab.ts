// The one store of the page: the config, the current run (metrics, events, status) and the backend.
// It talks to the training worker only through `send` (commands) and `receive` (events), so it runs
// and is tested without a browser.
import { createStore } from 'zustand/vanilla';
import { type Config, type ConfigKey, LIVE_KEYS, type LiveKey, SCHEMA } from '../config/schema';
import { editConfig } from '../config/validate';
import type { BackendName } from '../engine/backend';
import type { MetricRecord, RunEvent } from '../engine/metrics';
import type { Command, RunStatus, WorkerEvent } from '../worker/protocol';
import { type RateSample, stepsPerSecond } from './rate';

export interface LabState {
  /** The settings in force: the run's starting config with every accepted live change applied. */
  config: Config;
  /** The config the current run started with. */
  runConfig: Config;
  backend: { name: BackendName; notes: string[] } | null;
  status: RunStatus;
  /** Said with the status: why it diverged, what failed, what the backend change did. */
  message: string;
  step: number;
  /** Training time of the run, pauses excluded. */
  elapsedMs: number;
  stepsPerSec: number;
  records: MetricRecord[];
  events: RunEvent[];
  /** A change that would start a new run, waiting for the user to confirm it. */
  pending: { what: string; config: Config } | null;
  /** The last refused edit, per key, shown next to its control. */
  editErrors: Partial<Record<ConfigKey, string>>;
  rate: RateSample[];
}

export interface LabActions {
  play(): void;
  pause(): void;
  togglePlay(): void;
  stepBy(count: number): void;
  /** A new run from the settings in force. */
  reset(): void;
  /** Starts a new run from this config (a preset, a link), playing at once with `autoplay`. */
  load(config: Config, autoplay?: boolean): void;
  /** A named config (a preset): loaded at once before the first step, otherwise held in `pending`. */
  choose(config: Config, what: string): void;
  /** A control's new value: applied live, or held in `pending` when it needs a new run. */
  edit(key: ConfigKey, raw: unknown): void;
  confirmPending(): void;
  cancelPending(): void;
  receive(event: WorkerEvent): void;
  /** Test hook: makes the worker lose its WebGPU device, to exercise the recovery. */
  loseDevice(): void;
  /** The worker itself failed (did not load, crashed): nothing trains until a reload. */
  fail(message: string): void;
}

export type Lab = LabState & LabActions;

const isLive = (key: ConfigKey): key is LiveKey => (LIVE_KEYS as ConfigKey[]).includes(key);

/** Whether the run has started: before the first step any change just rebuilds it, unasked. */
const started = (s: LabState) => s.step > 0 || s.status === 'running';

const freshRun = (config: Config): Partial<LabState> => ({
  config, runConfig: config, step: 0, elapsedMs: 0, stepsPerSec: 0, records: [], events: [], pending: null, rate: [], message: '',
  status: 'starting',
});

/** The store; call `load` (or `reset`) once to start the first run. */
export function createLab(send: (command: Command) => void, initial: Config) {
  return createStore<Lab>()((set, get) => {
    let run = 0;
    const init = (config: Config, autoplay = false) => {
      run += 1;
      set({ ...freshRun(config), editErrors: {} });
      send({ type: 'init', run, config });
      if (autoplay) send({ type: 'play' });
    };
    return {
      config: initial,
      runConfig: initial,
      backend: null,
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

      play: () => {
        const s = get();
        if (s.status === 'paused') send({ type: 'play' });
      },
      pause: () => {
        if (get().status === 'running') send({ type: 'pause' });
      },
      togglePlay: () => (get().status === 'running' ? get().pause() : get().play()),
      stepBy: (count) => {
        if (get().status === 'paused') send({ type: 'step', count });
      },
      reset: () => init(get().config),
      load: (config, autoplay) => init(config, autoplay),
      choose: (config, what) => {
        if (started(get())) set({ pending: { what, config } });
        else init(config);
      },

      edit: (key, raw) => {
        const s = get();
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
        if (!started(s)) {
          set({ editErrors });
          init(result.config);
        } else if (isLive(key)) {
          set({ editErrors, config: result.config });
          send({ type: 'set', key, value: result.config[key] });
        } else {
          set({ editErrors, pending: { what: `Changing ${SCHEMA[key].label} to ${String(result.config[key])}`, config: result.config } });
        }
      },
      confirmPending: () => {
        const p = get().pending;
        if (p) init(p.config);
      },
      cancelPending: () => set({ pending: null }),

      fail: (message) => set({ status: 'error', message }),
      loseDevice: () => send({ type: 'lose-device' }),

      receive: (e) => {
        if (e.type !== 'backend' && e.run !== run) return; // from a run that was replaced
        switch (e.type) {
          case 'backend':
            set({ backend: { name: e.name, notes: e.notes } });
            return;
          case 'status':
            set({ status: e.status, step: e.step, message: e.message ?? '' });
            return;
          case 'progress': {
            const s = get();
            const rate = [...s.rate, { step: e.step, ms: e.elapsedMs }].slice(-20);
            set({
              step: e.step,
              elapsedMs: e.elapsedMs,
              records: e.records.length > 0 ? s.records.concat(e.records) : s.records,
              events: e.events.length > 0 ? s.events.concat(e.events) : s.events,
              rate,
              stepsPerSec: stepsPerSecond(rate),
            });
            return;
          }
          case 'resumed':
            set({ step: e.step, records: e.records, events: e.events, elapsedMs: e.elapsedMs, rate: [], stepsPerSec: 0 });
            return;
          case 'rejected': {
            // The engine refused a live change the store had already shown: say so, and keep the
            // value the engine still uses.
            const s = get();
            const change = s.events.findLast((ev) => ev.type === 'change' && ev.key === e.key);
            const inForce = change?.type === 'change' ? change.to : s.runConfig[e.key];
            set({ editErrors: { ...s.editErrors, [e.key]: e.message }, config: { ...s.config, [e.key]: inForce } as Config });
            return;
          }
        }
      },
    };
  });
}

export type LabStore = ReturnType<typeof createLab>;

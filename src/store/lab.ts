// The one store of the page: the config, the current run (metrics, events, status) and the backend.
// It talks to the training worker only through `send` (commands) and `receive` (events), so it runs
// and is tested without a browser.
import { createStore } from 'zustand/vanilla';
import { type Config, type ConfigKey, LIVE_KEYS, type LiveKey, SCHEMA } from '../config/schema';
import { editConfig } from '../config/validate';
import type { BackendName } from '../engine/backend';
import type { MetricRecord, RunEvent } from '../engine/metrics';
import type { Command, RunStatus, WorkerEvent } from '../worker/protocol';
import { parseRunFile, type RunData } from '../runs/run-file';
import { type RateSample, stepsPerSecond } from './rate';

/** A run kept in the runs list: an earlier run of this session, or one imported from a file. */
export interface SavedRun extends RunData {
  id: number;
  status: RunStatus;
}

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
  /** The current run's id and name (it joins `runs` when another run replaces it). */
  runId: number;
  runName: string;
  runs: SavedRun[];
  /** The run others are compared with (speed-up); null: none chosen. */
  referenceId: number | null;
  /** Why runs could not be stored or loaded; empty when all is well. */
  storageError: string;
  /** Saved runs drawn on the charts with the current one, in the order they were picked. */
  overlayIds: number[];
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
  /** Adds a run file to the runs list; returns the reason when the file is refused (nothing changes). */
  importRun(text: string): string | null;
  renameRun(id: number, name: string): void;
  /** Adds runs (e.g. stored ones) to the list, giving them fresh ids. */
  addRuns(runs: Omit<SavedRun, 'id'>[]): void;
  setStorageError(message: string): void;
  removeRun(id: number): void;
  setReference(id: number | null): void;
  toggleOverlay(id: number): void;
  /** The current run as a file's contents. */
  currentRun(): RunData;
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
    /** The worker's id of the current run (its events carry it). */
    let run = 0;
    /** Ids and default names of runs in the list (current, earlier, imported). */
    let nextId = 0;
    const currentRun = (): RunData => {
      const s = get();
      return { name: s.runName, config: s.runConfig, records: s.records, events: s.events, backend: s.backend?.name ?? 'unknown' };
    };
    const init = (config: Config, autoplay = false) => {
      const s = get();
      // The run being replaced stays in the runs list if it got anywhere.
      const keep = s.step > 0 ? [...s.runs, { ...currentRun(), id: s.runId, status: s.status }] : s.runs;
      run += 1;
      nextId += 1;
      set({ ...freshRun(config), editErrors: {}, runs: keep, runId: nextId, runName: `Run ${nextId}` });
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
      runId: 0,
      runName: 'Run 0',
      runs: [],
      referenceId: null,
      storageError: '',
      overlayIds: [],

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
      currentRun,
      importRun: (text) => {
        const parsed = parseRunFile(text);
        if (!parsed.ok) return parsed.message;
        nextId += 1;
        const end = parsed.run.events.find((e) => e.type === 'finished' || e.type === 'diverged');
        set({ runs: [...get().runs, { ...parsed.run, id: nextId, status: end ? (end.type as RunStatus) : 'paused' }] });
        return null;
      },
      renameRun: (id, name) => {
        const clean = name.trim();
        if (!clean) return;
        if (id === get().runId) set({ runName: clean });
        else set({ runs: get().runs.map((r) => (r.id === id ? { ...r, name: clean } : r)) });
      },
      removeRun: (id) => set({
        runs: get().runs.filter((r) => r.id !== id),
        referenceId: get().referenceId === id ? null : get().referenceId,
        overlayIds: get().overlayIds.filter((o) => o !== id),
      }),
      toggleOverlay: (id) => {
        const ids = get().overlayIds;
        set({ overlayIds: ids.includes(id) ? ids.filter((o) => o !== id) : [...ids, id] });
      },
      setReference: (id) => set({ referenceId: id }),
      addRuns: (runs) => {
        if (runs.length === 0) return;
        const added = runs.map((r) => {
          nextId += 1;
          return { ...r, id: nextId };
        });
        set({ runs: [...added, ...get().runs] });
      },
      setStorageError: (message) => set({ storageError: message }),
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

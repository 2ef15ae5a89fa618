// The one store of the page: the config, the current run (metrics, events, status) and the backend.
// It talks to the training worker only through `send` (commands) and `receive` (events), so it runs
// and is tested without a browser.
import { createStore } from 'zustand/vanilla';
import { type Config, type ConfigKey, LIVE_KEYS, type LiveKey, SCHEMA } from '../config/schema';
import { editConfig } from '../config/validate';
import type { BackendName } from '../engine/backend-names';
import type { MetricRecord, RunEvent } from '../engine/metrics';
import type { RunStatus } from '../runs/status';
import type { BackendInfo, BackendPin, Command, WorkerEvent } from '../worker/protocol';
import type { InsideView } from '../engine/inside/view';
import { insideToData } from '../runs/inside-file';
import { parseRunFile, type RunData, type SparsityPoint } from '../runs/run-file';
import { appliesToBaseline, baselineOf, groupStatus, raceDecided, raceUnavailable } from './race';
import { type RateSample, stepsPerSecond } from './rate';

/** The backend event without its type. */
const backendInfo = ({ type: _, ...info }: Extract<WorkerEvent, { type: 'backend' }>): BackendInfo => info;

/** A run kept in the runs list: an earlier run of this session, or one imported from a file. */
export interface SavedRun extends RunData {
  id: number;
  status: RunStatus;
}

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

export interface LabState {
  /** The settings in force: the run's starting config with every accepted live change applied. */
  config: Config;
  /** The config the current run started with. */
  runConfig: Config;
  backend: BackendInfo | null;
  /** The user's backend choice; 'auto': the worker picks the fastest for each run's config. */
  backendPin: BackendPin;
  /** While the worker times these backends on the run's config (to train on the faster); else null. */
  backendTiming: BackendName[] | null;
  /** Why the page is not cross-origin isolated (wasm then runs on one thread); empty when it is. */
  isolation: string;
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
  runs: SavedRun[];
  /** The run others are compared with (speed-up); null: none chosen. */
  referenceId: number | null;
  /** Why runs could not be stored or loaded; empty when all is well. */
  storageError: string;
  /** Saved runs drawn on the charts with the current one, in the order they were picked. */
  overlayIds: number[];
  /** The baseline racing the current run; null when the current run trains alone. */
  race: RaceRun | null;
  /** The latest views of the current run's model, and its sparsity at every view so far. */
  inside: InsideView | null;
  sparsity: SparsityPoint[];
  /**
   * The run's records and events as they were at the latest view: the inside charts move with the
   * views (about once a second), not with every progress report.
   */
  insideSeries: { records: MetricRecord[]; events: RunEvent[] };
  /** The pair whose attention is shown. */
  pair: { a: number; b: number };
}

export interface LabActions {
  play: () => void;
  pause: () => void;
  togglePlay: () => void;
  stepBy: (count: number) => void;
  /** A new run from the settings in force (a new race, during a race). */
  reset: () => void;
  /**
   * Races the settings in force against their baseline (filter none, all else equal), playing at
   * once; the baseline becomes the reference run. Refused, with the reason in `message`, when the
   * filter is already off.
   */
  startRace: () => void;
  /** The baseline stops and joins the runs list; the current run goes on alone. */
  endRace: () => void;
  /** Starts a new run from this config (a preset, a link), playing at once with `autoplay`. */
  load: (config: Config, autoplay?: boolean) => void;
  /** A named config (a preset): loaded at once before the first step, otherwise held in `pending`. */
  choose: (config: Config, what: string) => void;
  /** A control's new value: applied live, or held in `pending` when it needs a new run. */
  edit: (key: ConfigKey, raw: unknown) => void;
  confirmPending: () => void;
  cancelPending: () => void;
  receive: (event: WorkerEvent) => void;
  /** Adds a run file to the runs list; returns the reason when the file is refused (nothing changes). */
  importRun: (text: string) => string | null;
  renameRun: (id: number, name: string) => void;
  /** Adds runs (e.g. stored ones) to the list, giving them fresh ids. */
  addRuns: (runs: Omit<SavedRun, 'id'>[]) => void;
  setStorageError: (message: string) => void;
  removeRun: (id: number) => void;
  setReference: (id: number | null) => void;
  toggleOverlay: (id: number) => void;
  /** The current run as a file's contents. */
  currentRun: () => RunData;
  /** The racing baseline as a file's contents; null outside a race. */
  raceRun: () => RunData | null;
  /** Shows the attention for the pair (a, b) (kept inside the table by the worker). */
  pickPair: (a: number, b: number) => void;
  /** Test hook: makes the worker lose its WebGPU device, to exercise the recovery. */
  loseDevice: () => void;
  /** Trains on this backend from now on ('auto': the fastest); runs in progress move at once. */
  pinBackend: (pin: BackendPin) => void;
  /** The worker itself failed (did not load, crashed): nothing trains until a reload. */
  fail: (message: string) => void;
}

export type Lab = LabState & LabActions;

const isLive = (key: ConfigKey): key is LiveKey => LIVE_KEYS.includes(key);

/** Whether the run has started: before the first step any change just rebuilds it, unasked. */
const started = (s: LabState) => s.step > 0 || s.status === 'running';

/** A run that stops training mid-way is kept as paused. */
const endedStatus = (status: RunStatus): RunStatus =>
  status === 'running' || status === 'starting' ? 'paused' : status;

const raceData = (r: RaceRun, backend: BackendName | undefined): RunData => ({
  name: r.name,
  config: r.config,
  records: r.records,
  events: r.events,
  backend: backend ?? 'unknown',
});

const freshRun = (config: Config): Partial<LabState> => ({
  config,
  runConfig: config,
  step: 0,
  elapsedMs: 0,
  stepsPerSec: 0,
  records: [],
  events: [],
  pending: null,
  rate: [],
  message: '',
  status: 'starting',
  inside: null,
  sparsity: [],
  insideSeries: { records: [], events: [] },
});

/** The store; call `load` (or `reset`) once to start the first run. */
export function createLab(send: (command: Command) => void, initial: Config) {
  return createStore<Lab>()((set, get) => {
    /** The worker's ids of the current run and of the racing baseline (0: none); their events carry them. */
    let run = 0;
    let raceWorkerRun = 0;
    /** Whether the race has been paused for having both runs grok (once per race). */
    let decided = false;
    /** Ids and default names of runs in the list (current, earlier, imported). */
    let nextId = 0;
    const currentRun = (): RunData => {
      const s = get();
      return {
        name: s.runName,
        config: s.runConfig,
        records: s.records,
        events: s.events,
        backend: s.backend?.name ?? 'unknown',
        ...(s.sparsity.length > 0 ? { sparsity: s.sparsity } : {}),
        ...(s.inside ? { inside: insideToData(s.inside) } : {}),
      };
    };
    const init = (config: Config, { autoplay = false, race = false } = {}) => {
      const s = get();
      // The runs being replaced stay in the runs list if they got anywhere.
      const keep = [...s.runs];
      if (s.step > 0) keep.push({ ...currentRun(), id: s.runId, status: s.status });
      if (s.race && s.race.step > 0)
        keep.push({ ...raceData(s.race, s.backend?.name), id: s.race.id, status: s.race.status });
      run += race ? 2 : 1;
      raceWorkerRun = race ? run - 1 : 0;
      decided = false;
      const runId = nextId + 1;
      nextId += race ? 2 : 1;
      const baseline: RaceRun | null = race
        ? {
            id: nextId,
            name: `Run ${nextId} (baseline)`,
            config: baselineOf(config),
            status: 'starting',
            step: 0,
            elapsedMs: 0,
            records: [],
            events: [],
          }
        : null;
      set({
        ...freshRun(config),
        editErrors: {},
        runs: keep,
        runId,
        runName: race ? `Run ${runId} (${config.filter.toUpperCase()})` : `Run ${runId}`,
        race: baseline,
        referenceId: baseline ? baseline.id : s.referenceId,
      });
      send({
        type: 'init',
        run,
        config,
        ...(baseline ? { race: { run: raceWorkerRun, config: baseline.config } } : {}),
      });
      if (autoplay) send({ type: 'play' });
    };
    /** The race's milestones decided: both runs grokked. The race pauses once there; play goes on. */
    const checkRaceDecided = () => {
      const s = get();
      if (!s.race || decided) return;
      if (raceDecided(s.events, s.race.events)) {
        decided = true;
        if (groupStatus(s) === 'running') send({ type: 'pause' });
      }
    };
    const receiveRace = (e: Extract<WorkerEvent, { run: number }>) => {
      const r = get().race;
      if (!r) return;
      switch (e.type) {
        case 'status':
          set({ race: { ...r, status: e.status, step: e.step } });
          return;
        case 'progress':
          set({
            race: {
              ...r,
              step: e.step,
              elapsedMs: e.elapsedMs,
              records: e.records.length > 0 ? r.records.concat(e.records) : r.records,
              events: e.events.length > 0 ? r.events.concat(e.events) : r.events,
            },
          });
          if (e.events.length > 0) checkRaceDecided();
          return;
        case 'resumed':
          set({ race: { ...r, step: e.step, records: e.records, events: e.events, elapsedMs: e.elapsedMs } });
          return;
        case 'rejected':
          // The current run gets the same change and shows the refusal.
          return;
        case 'inside':
          // Views are of the current run only.
          return;
      }
    };
    return {
      config: initial,
      runConfig: initial,
      backend: null,
      backendPin: 'auto',
      backendTiming: null,
      isolation: '',
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
      race: null,
      inside: null,
      sparsity: [],
      insideSeries: { records: [], events: [] },
      pair: { a: 1, b: 2 },

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
      reset: () => init(get().config, { race: get().race !== null }),
      startRace: () => {
        const problem = raceUnavailable(get().config);
        if (problem) set({ message: problem });
        else init(get().config, { race: true, autoplay: true });
      },
      endRace: () => {
        const s = get();
        if (!s.race) return;
        send({ type: 'end-race' });
        raceWorkerRun = 0;
        const ended =
          s.race.step > 0
            ? [{ ...raceData(s.race, s.backend?.name), id: s.race.id, status: endedStatus(s.race.status) }]
            : [];
        set({ race: null, runs: [...s.runs, ...ended], rate: [], stepsPerSec: 0 });
      },
      load: (config, autoplay) => init(config, { autoplay }),
      choose: (config, what) => {
        if (started(get())) set({ pending: { what, config, race: false } });
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
        const racing = s.race !== null;
        if (!started(s)) {
          set({ editErrors });
          init(result.config, { race: racing && result.config.filter !== 'none' });
        } else if (isLive(key)) {
          set({ editErrors, config: result.config });
          const value = result.config[key];
          send({ type: 'set', run, key, value });
          if (racing && appliesToBaseline(key)) send({ type: 'set', run: raceWorkerRun, key, value });
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
        if (p) init(p.config, { race: p.race });
      },
      cancelPending: () => set({ pending: null }),

      fail: (message) => set({ status: 'error', message }),
      currentRun,
      raceRun: () => {
        const s = get();
        return s.race ? raceData(s.race, s.backend?.name) : null;
      },
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
        const r = get().race;
        if (id === get().runId) set({ runName: clean });
        else if (r && id === r.id) set({ race: { ...r, name: clean } });
        else set({ runs: get().runs.map((r) => (r.id === id ? { ...r, name: clean } : r)) });
      },
      removeRun: (id) =>
        set({
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
      pinBackend: (pin) => {
        set({ backendPin: pin });
        send({ type: 'pin-backend', backend: pin });
      },
      pickPair: (a, b) => {
        set({ pair: { a, b } });
        send({ type: 'inspect', a, b });
      },

      receive: (e) => {
        if ('run' in e && raceWorkerRun !== 0 && e.run === raceWorkerRun) {
          receiveRace(e);
          return;
        }
        if ('run' in e && e.run !== run) return; // from a run that was replaced
        switch (e.type) {
          case 'backend':
            set({ backend: backendInfo(e), backendTiming: null });
            return;
          case 'backend-timing':
            set({ backendTiming: e.candidates });
            return;
          case 'status':
            set({ status: e.status, step: e.step, message: e.message ?? '' });
            return;
          case 'progress': {
            const s = get();
            // In a race both runs share the worker: the rate is per second of the pair's training time.
            const rate = [...s.rate, { step: e.step, ms: e.elapsedMs + (s.race?.elapsedMs ?? 0) }].slice(-20);
            set({
              step: e.step,
              elapsedMs: e.elapsedMs,
              records: e.records.length > 0 ? s.records.concat(e.records) : s.records,
              events: e.events.length > 0 ? s.events.concat(e.events) : s.events,
              rate,
              stepsPerSec: stepsPerSecond(rate),
            });
            if (e.events.length > 0) checkRaceDecided();
            return;
          }
          case 'resumed':
            set({
              step: e.step,
              records: e.records,
              events: e.events,
              elapsedMs: e.elapsedMs,
              rate: [],
              stepsPerSec: 0,
              sparsity: get().sparsity.filter((q) => q.step <= e.step),
              insideSeries: { records: e.records, events: e.events },
            });
            return;
          case 'inside': {
            const { view } = e;
            const before = get().sparsity;
            // One point per step: a view at the same step (a paused run, a new pair) replaces it.
            const kept =
              before.length > 0 && (before.at(-1) as SparsityPoint).step >= view.step
                ? before.filter((q) => q.step < view.step)
                : before;
            const { records, events } = get();
            set({
              inside: view,
              sparsity: [...kept, { step: view.step, value: view.sparsity }],
              pair: { a: view.attention.a, b: view.attention.b },
              insideSeries: { records, events },
            });
            return;
          }
          case 'rejected': {
            // The engine refused a live change the store had already shown: say so, and keep the
            // value the engine still uses.
            const s = get();
            const change = s.events.findLast((ev) => ev.type === 'change' && ev.key === e.key);
            const inForce = change?.type === 'change' ? change.to : s.runConfig[e.key];
            set({ editErrors: { ...s.editErrors, [e.key]: e.message }, config: { ...s.config, [e.key]: inForce } });
            return;
          }
        }
      },
    };
  });
}

export type LabStore = ReturnType<typeof createLab>;

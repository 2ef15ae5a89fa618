// The one store of the page. It talks to the training worker only through `send` (commands) and
// `receive` (events), so it runs and is tested without a browser.
//
// It is made of slices with one job each (zustand's slices pattern), put together here:
//   current-run.ts  the current run: settings, status, metrics, the run controls and edits
//   race.ts         the race: its baseline, trained in lockstep beside the current run, and its rules
//   runs-list.ts    the runs list: earlier and imported runs, names, the reference, the overlays
//   inside.ts       the views of the current run's model, and the pair whose attention is shown
//   backend.ts      the worker's backend: which one trains, the user's pin, the worker's own failure
// Two things involve every slice and live here: starting a run, and taking in the worker's events.
// (Keeping the runs in the browser's storage is a plugin outside the store: persist.ts.)
import { createStore, type StateCreator } from 'zustand/vanilla';
import type { Config } from '../config/schema';
import { type Command, WAITING_FOR_STEP, type WorkerEvent } from '../worker/protocol';
import { type BackendActions, type BackendState, backendReceives, createBackendSlice } from './backend';
import {
  createCurrentRunSlice,
  type CurrentRunActions,
  type CurrentRunState,
  currentRunReceives,
  freshRun,
  keptCurrentRun,
} from './current-run';
import { createInsideSlice, type InsideActions, type InsideState, insideReceives, noViews } from './inside';
import {
  baselineReceives,
  createRaceSlice,
  keptBaseline,
  newBaseline,
  pauseIfDecided,
  racingName,
  type RaceActions,
  type RaceState,
} from './race';
import { createRunsListSlice, type RunsListActions, type RunsListState } from './runs-list';

export interface LabState extends CurrentRunState, RaceState, RunsListState, InsideState, BackendState {}

export interface LabActions extends CurrentRunActions, RaceActions, RunsListActions, InsideActions, BackendActions {
  receive: (event: WorkerEvent) => void;
  /**
   * Stops waiting for a worker that is busy with a replaced run's long step: a fresh worker starts
   * the current run (and its baseline) again. Only where the store was given a way to restart it.
   */
  restartWorker?: () => void;
}

export type Lab = LabState & LabActions;

/**
 * What one store's slices share besides its state: the worker, the ids runs are known by, and
 * starting a run. Made afresh for each store (a page has one; the tests make several).
 */
export interface Shared {
  send: (command: Command) => void;
  ids: {
    /** The worker's ids of the current run and of the racing baseline (0: none); their events carry them. */
    run: number;
    baseline: number;
    /** The baseline whose race has paused for having both runs grok, which a race does once (0: none). */
    decided: number;
    /** Ids of runs in the list (current, earlier, imported): the last one given. */
    listed: number;
    /** The number in default names ("Run 7"): the last one given, past every stored run's. */
    named: number;
  };
  /** A new run of `config` (with its baseline, to `race`), played at once with `autoplay`. */
  start: (config: Config, how?: { autoplay?: boolean; race?: boolean }) => void;
}

/**
 * How long a new run waits for the worker's first word before the store says that the worker is busy.
 * On WebGPU the worker says it itself ("waiting for the previous run's training step"), as its step
 * awaits the GPU; on wasm and cpu a step holds the worker's thread, which cannot answer until the
 * step ends (seconds to minutes for a large model), so the page must say it instead.
 */
export const WORKER_ANSWER_MS = 1500;

/** A slice of the store: the state and actions of one job (its creator is given what the slices share). */
export type Slice<T> = StateCreator<Lab, [], [], T>;

/** The store; call `load` (or `reset`) once to start the first run. */
export function createLab(send: (command: Command) => void, initial: Config, newWorker?: () => void) {
  return createStore<Lab>()((...api) => {
    const [set, get] = api;
    const ids: Shared['ids'] = { run: 0, baseline: 0, decided: 0, listed: 0, named: 0 };
    let lastInit: Command | null = null;

    const start: Shared['start'] = (config, { autoplay = false, race = false } = {}) => {
      const s = get();
      // The runs being replaced stay in the runs list if they got anywhere.
      const runs = [...s.runs, ...keptCurrentRun(s), ...keptBaseline(s)];
      ids.run += race ? 2 : 1;
      ids.baseline = race ? ids.run - 1 : 0;
      const runId = ids.listed + 1;
      ids.listed += race ? 2 : 1;
      const number = ids.named + 1;
      ids.named += race ? 2 : 1;
      const baseline = race ? newBaseline(ids.listed, ids.named, config) : null;
      set({
        ...freshRun(config, runId, race ? racingName(number, config) : `Run ${number}`),
        ...noViews,
        runs,
        race: baseline,
        referenceId: baseline ? baseline.id : s.referenceId,
        referenceChosen: baseline ? false : s.referenceChosen,
      });
      lastInit = {
        type: 'init',
        run: ids.run,
        config,
        ...(baseline ? { race: { run: ids.baseline, config: baseline.config } } : {}),
      };
      send(lastInit);
      if (autoplay) send({ type: 'play' });
      if (s.status === 'running') sayIfUnanswered(ids.run, s.backend?.name);
    };

    /** The worker has not answered the run started as `run`: a step of the replaced run holds it. */
    const sayIfUnanswered = (run: number, on: string | undefined) =>
      setTimeout(() => {
        const now = get();
        if (ids.run !== run || now.status !== 'starting' || now.message !== '') return;
        set({
          message: `${WAITING_FOR_STEP}${on ? ` on ${on}` : ''} to finish (the worker is busy with it and has not answered yet; on a slow backend a large model's step can take minutes)`,
        });
      }, WORKER_ANSWER_MS);

    const shared: Shared = { send, ids, start };

    /** Each of the worker's events goes to the slices it is about. */
    const receive = (e: WorkerEvent) => {
      const ofBaseline = 'run' in e && ids.baseline !== 0 && e.run === ids.baseline;
      if ('run' in e && !ofBaseline && e.run !== ids.run) return; // from a run that was replaced
      const s = get();
      const change: Partial<Lab> = ofBaseline
        ? baselineReceives(s, e)
        : { ...backendReceives(e), ...currentRunReceives(s, e), ...insideReceives(s, e) };
      if (Object.keys(change).length > 0) set(change);
      if (e.type === 'progress' && e.events.length > 0) pauseIfDecided(get(), shared);
    };

    return {
      ...createCurrentRunSlice(shared, initial)(...api),
      ...createRaceSlice(shared)(...api),
      ...createRunsListSlice(shared)(...api),
      ...createInsideSlice(shared)(...api),
      ...createBackendSlice(shared)(...api),
      receive,
      ...(newWorker
        ? {
            restartWorker: () => {
              if (!lastInit || get().status !== 'starting') return;
              newWorker();
              const pin = get().backendPin;
              if (pin !== 'auto') send({ type: 'pin-backend', backend: pin });
              send(lastInit);
              set({ message: '' });
            },
          }
        : {}),
    };
  });
}

export type LabStore = ReturnType<typeof createLab>;

// The typed messages between the page and the training worker: commands in, events out.
import type { Config, LiveKey } from '../config/schema';
import type { BackendName, BackendPin } from '../engine/backend-names';

export type { BackendPin } from '../engine/backend-names';
import type { FactsView } from '../engine/inside/facts-view';
import type { InsideView } from '../engine/inside/view';
import type { LiveValue, MetricRecord, RunEvent } from '../engine/metrics';
import type { RunStatus } from '../runs/status';

export type Command =
  /**
   * Start over: discard the current run and build a new one (model, optimizer, data) from a config;
   * it starts paused. Every event about it
   * carries `run`, so the page can drop what an earlier run still had in flight. With `race`, a
   * second run is trained beside it in lockstep (same steps, alternate chunks); play, pause and step
   * apply to both. `views: false`: no inside views (a sweep's runs).
   */
  | { type: 'init'; run: number; config: Config; race?: { run: number; config: Config }; views?: boolean }
  | { type: 'play' }
  | { type: 'pause' }
  /** Train exactly `count` steps, then pause. */
  | { type: 'step'; count: number }
  /** Stops training the race's second run (it is dropped); the first goes on alone. */
  | { type: 'end-race' }
  /** A live change (see LiveChange). */
  | LiveChange
  /** The pair whose attention the inside views show; a fresh view follows when nothing trains. */
  | { type: 'inspect'; a: number; b: number }
  /** The reasoning tasks' counterpart: the fact (split, index in the view) whose attention is shown. */
  | { type: 'inspect-fact'; split: number; index: number }
  /**
   * Train on this backend from now on ('auto': the fastest for each run's config). Runs in progress
   * move to it from a checkpoint of their state, at the same step.
   */
  | { type: 'pin-backend'; backend: BackendPin }
  /** Test hook: destroys the WebGPU device, as a driver crash or a GPU reset would lose it. */
  | { type: 'lose-device' };

/**
 * A live change to the runs it names (in a race, an optimizer setting names both), applied to all of
 * them at once: they take it at the same step. One that arrives during a training chunk waits for
 * the chunk's end (the rule is at the top of scheduler.ts).
 */
export interface LiveChange {
  type: 'set';
  runs: number[];
  key: LiveKey;
  value: LiveValue;
}

/** How the backend in use was chosen. */
export interface BackendChoice {
  /**
   * pinned: the user's; rule: the answer was obvious (why says which rule); timed: a few steps on each
   * candidate, the faster won (rates: steps per second); order: the first that starts (after a lost
   * device, or when nothing else worked).
   */
  how: 'pinned' | 'rule' | 'timed' | 'order';
  why: string;
  rates?: Partial<Record<BackendName, number>>;
}

/** The backend the worker trains on, and what the page says about it. */
export interface BackendInfo {
  name: BackendName;
  choice: BackendChoice;
  /** Why other backends were not used, or what moved training. */
  notes: string[];
  /** wasm: the threads tfjs-wasm runs on (one unless the page is cross-origin isolated). */
  threads?: number;
  /** The logical cores the browser reports (navigator.hardwareConcurrency). */
  cores?: number;
  /** Whether the worker is cross-origin isolated (SharedArrayBuffer: what wasm threads need). */
  isolated: boolean;
  /** webgpu, webgl: the adapter or renderer, and whether it is a software one (it then runs on the CPU). */
  gpu?: { software: boolean; description: string };
}

export type WorkerEvent =
  | ({ type: 'backend' } & BackendInfo)
  /** The worker is timing these backends on the run's config, to train on the faster. */
  | { type: 'backend-timing'; candidates: BackendName[] }
  | { type: 'status'; run: number; status: RunStatus; step: number; message?: string }
  | {
      type: 'progress';
      run: number;
      step: number;
      records: MetricRecord[];
      events: RunEvent[];
      elapsedMs: number;
    }
  /**
   * The run was rebuilt from a checkpoint (after a lost GPU device): these are all its metrics and
   * events now; anything reported for later steps is void.
   */
  | { type: 'resumed'; run: number; step: number; records: MetricRecord[]; events: RunEvent[]; elapsedMs: number }
  /** The views of the current run's model at a step (sent every second or so while it trains). */
  | { type: 'inside'; run: number; view: InsideView }
  /** The reasoning tasks' views (their facts answered, one fact's attention), at the same cadence. */
  | { type: 'facts'; run: number; view: FactsView }
  /** A live change the engine refused; nothing changed. */
  | { type: 'rejected'; run: number; key: LiveKey; message: string };

/**
 * How a new run's 'starting' status message begins while the worker finishes the replaced run's step
 * in flight (the page then offers to start afresh on a new worker).
 */
export const WAITING_FOR_STEP = "waiting for the previous run's training step";

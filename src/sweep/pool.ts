// The page's sweep: a pool of training workers (the same worker the lab trains in), each taking the
// next run of the grid when its run ends. Knows workers only through `makeWorker`, so it is tested in
// Node with fake ones. Cancelling terminates every worker at once: their tensors go with them.
import type { Config } from '../config/schema';
import type { BackendPin } from '../engine/backend-names';
import { milestones, type MetricRecord, type RunEvent } from '../engine/metrics';
import type { Command, WorkerEvent } from '../worker/protocol';

export interface PoolWorker {
  post: (command: Command) => void;
  /** Set by the pool: where the worker's events go. */
  onEvent: ((event: WorkerEvent) => void) | null;
  /** Set by the pool: the worker itself failed (could not load, crashed). */
  onFailure: ((message: string) => void) | null;
  terminate: () => void;
}

export interface PoolJob {
  index: number;
  config: Config;
}

/** How a run of the pool ended. */
export type PoolEnd = 'finished' | 'grokked' | 'diverged' | 'failed';

export interface PoolRun {
  index: number;
  step: number;
  records: MetricRecord[];
  events: RunEvent[];
  elapsedMs: number;
  /** Wall time from its start, in ms. */
  wallMs: number;
  backend: string;
  error?: string;
}

export interface PoolCallbacks {
  onStart: (index: number) => void;
  onProgress: (run: PoolRun) => void;
  onEnd: (run: PoolRun, end: PoolEnd) => void;
  /** Every job has ended (not called after cancel). */
  onDone: () => void;
}

export interface PoolOptions {
  size: number;
  backend: BackendPin;
  /** End a run this many steps after it groks; null: at its step budget. */
  stopAfterGrok: number | null;
  now?: () => number;
}

interface Slot {
  worker: PoolWorker;
  /** The worker's id for its current run (events of an earlier run are dropped). */
  run: number;
  current: PoolRun | null;
  startedAt: number;
}

export class SweepPool {
  private readonly queue: PoolJob[];
  private readonly slots: Slot[] = [];
  private nextRun = 1;
  private cancelled = false;
  private readonly now: () => number;

  constructor(
    private readonly makeWorker: () => PoolWorker,
    jobs: readonly PoolJob[],
    private readonly options: PoolOptions,
    private readonly cb: PoolCallbacks,
  ) {
    this.queue = [...jobs];
    this.now = options.now ?? (() => Date.now());
  }

  /** Workers alive now (0 once everything ended or was cancelled). */
  get live(): number {
    return this.slots.length;
  }

  start(): void {
    const size = Math.max(1, Math.min(this.options.size, this.queue.length));
    if (this.queue.length === 0) {
      this.cb.onDone();
      return;
    }
    for (let i = 0; i < size; i++) {
      const worker = this.makeWorker();
      const slot: Slot = { worker, run: 0, current: null, startedAt: 0 };
      this.slots.push(slot);
      worker.onEvent = (e) => this.receive(slot, e);
      worker.onFailure = (message) => this.fail(slot, message);
      worker.post({ type: 'pin-backend', backend: this.options.backend });
      this.next(slot);
    }
  }

  /** Stops every run now and frees every worker. */
  cancel(): void {
    this.cancelled = true;
    this.queue.length = 0;
    for (const slot of this.slots) slot.worker.terminate();
    this.slots.length = 0;
  }

  private next(slot: Slot): void {
    const job = this.queue.shift();
    if (!job || this.cancelled) {
      this.retire(slot);
      return;
    }
    slot.run = this.nextRun++;
    slot.startedAt = this.now();
    slot.current = { index: job.index, step: 0, records: [], events: [], elapsedMs: 0, wallMs: 0, backend: '' };
    this.cb.onStart(job.index);
    slot.worker.post({ type: 'init', run: slot.run, config: job.config, views: false });
    slot.worker.post({ type: 'play' });
  }

  private retire(slot: Slot): void {
    slot.worker.terminate();
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (this.slots.length === 0 && !this.cancelled) this.cb.onDone();
  }

  private end(slot: Slot, end: PoolEnd, error?: string): void {
    const run = slot.current;
    if (!run) return;
    slot.current = null;
    run.wallMs = this.now() - slot.startedAt;
    this.cb.onEnd(error === undefined ? run : { ...run, error }, end);
    this.next(slot);
  }

  private fail(slot: Slot, message: string): void {
    if (this.cancelled || !this.slots.includes(slot)) return;
    const run = slot.current;
    // A worker that broke takes no more runs; its run is reported failed and the others go on.
    if (run) {
      slot.current = null;
      run.wallMs = this.now() - slot.startedAt;
      this.cb.onEnd({ ...run, error: message }, 'failed');
    }
    this.retire(slot);
    if (this.slots.length === 0 && this.queue.length > 0) {
      const left = this.queue.splice(0);
      for (const job of left) this.cb.onEnd({ ...emptyRun(job.index), error: 'no worker left to run it' }, 'failed');
    }
  }

  private receive(slot: Slot, e: WorkerEvent): void {
    if (this.cancelled) return;
    const run = slot.current;
    if (e.type === 'backend' && run) run.backend = e.name;
    if (!run || !('run' in e) || e.run !== slot.run) return;
    if (e.type === 'progress') {
      run.step = e.step;
      run.elapsedMs = e.elapsedMs;
      run.records.push(...e.records);
      run.events.push(...e.events);
      run.wallMs = this.now() - slot.startedAt;
      this.cb.onProgress(run);
      const grokked = milestones(run.events).grokked;
      const stop = this.options.stopAfterGrok;
      if (stop !== null && grokked !== null && run.step >= grokked + stop) {
        slot.worker.post({ type: 'pause' });
        this.end(slot, 'grokked');
      }
    } else if (e.type === 'status') {
      if (e.status === 'finished') this.end(slot, 'finished');
      else if (e.status === 'diverged') this.end(slot, 'diverged');
      else if (e.status === 'error') this.end(slot, 'failed', e.message ?? 'the run stopped with an error');
    }
  }
}

function emptyRun(index: number): PoolRun {
  return { index, step: 0, records: [], events: [], elapsedMs: 0, wallMs: 0, backend: '' };
}

// What the training worker does, and when: it trains one run, or a race (several runs advanced in
// lockstep: same steps, alternate chunks, so they can be compared live at every moment), in chunks
// sized to keep the page's charts moving; steps while paused; sends the inside views at a cadence;
// moves runs between backends through checkpoints; and rebuilds them after a lost GPU device.
// Everything outside it is handed in (SchedulerDeps): how events reach the page, the backend
// operations and the clock. The worker (training.worker.ts) gives it the real ones; tests fakes.
//
// WHEN COMMANDS ACT. Commands are handled one at a time, in the order they arrive (receive). The
// training loop runs beside them: a chunk (every run's advance, then the GPU checkpoint and the view)
// awaits the backend many times, and the worker handles messages in those gaps. The rule: no command
// changes a trainer while the loop holds them (`busy`: from the start of a chunk to the turn after
// it, and its last view). So:
//   - a live change ('set') that arrives then is queued and applied between chunks, in order. It
//     names every run it is for (in a race, both), and is applied to all of them at once: they take it
//     at the same step, and each posts it once (advance() never sees it, so never reports it again);
//   - play, pause, step, inspect and end-race only change what the loop reads between chunks (a pause
//     is said at once; the chunk in flight ends first);
//   - init, pin-backend and a lost device stop the loop and wait for it to let go before they replace
//     the trainers (a lost device waits at most RECOVERY_WAIT_MS: its chunk may never end).
// Why not queue every command until the chunk ends: a chunk can take minutes (a large model's first
// step on a software GPU), and a pause or a new run must be answered at once.
import type { Config } from '../config/schema';
import type { BackendName } from '../engine/backend-names';
import type { Checkpoint } from '../engine/checkpoint';
import { type GpuErrorSource, watchGpuErrors } from '../engine/gpu-errors';
import { Trainer } from '../engine/trainer';
import type { RunStatus } from '../runs/status';
import {
  type BackendInfo,
  type BackendPin,
  type Command,
  type LiveChange,
  WAITING_FOR_STEP,
  type WorkerEvent,
} from './protocol';

/** Aim for about this much training (all runs together) between progress messages (chart updates ≥ 4/s). */
export const CHUNK_MS = 120;
/** How often a run on the GPU is checkpointed, so a lost device costs at most this much training. */
export const CHECKPOINT_MS = 10_000;
/**
 * A run's first checkpoint comes sooner: a device lost early in a run (a laptop's GPU reset, a tab
 * moved) then costs seconds, not the run so far. It is a read of the parameters, cheap once.
 */
export const FIRST_CHECKPOINT_MS = 2_000;
/**
 * The inside views are computed at most once a second, and no more often than keeps them under
 * 1/VIEW_SHARE (5%) of the training time (what one took, times VIEW_SHARE, must pass before the next).
 */
export const VIEW_EVERY_MS = 1000;
export const VIEW_SHARE = 20;
/** How long a lost device's recovery waits for the failing training loop to let go. */
const RECOVERY_WAIT_MS = 5000;

/** What the scheduler needs of tfjs's WebGPU backend: its device (WebGPU types are not loaded here). */
export interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
  /** Where the device reports errors outside any error scope (src/engine/gpu-errors.ts). */
  onuncapturederror?: GpuErrorSource['onuncapturederror'];
}

/** Everything the scheduler uses from outside. */
export interface SchedulerDeps {
  /** Sends an event to the page; the buffers in `transfer` move with it. */
  post(event: WorkerEvent, transfer?: Transferable[]): void;
  /**
   * Switches tfjs to the backend for a run of `config`: the pinned one, or the fastest for it;
   * `onTiming` is told before any timing starts.
   */
  chooseBackend(config: Config, pin: BackendPin, onTiming: (candidates: BackendName[]) => void): Promise<BackendInfo>;
  /** Switches tfjs to the next backend after WebGPU, once its device is lost. */
  pickFallback(): Promise<BackendInfo>;
  /** The tfjs backend in use. */
  backendName(): string;
  /** The backend's WebGPU device, where it has one. */
  gpuDevice(): GpuDeviceLike | undefined;
  /** Milliseconds, for chunk sizes, the views' cadence and GPU checkpoints (default performance.now). */
  now?: () => number;
  /** A macrotask `ms` from now, so commands that arrived meanwhile are handled (default setTimeout). */
  delay?: (ms: number) => Promise<void>;
}

/** One run in training, with what is needed to rebuild it after a lost device. */
interface Slot {
  run: number;
  config: Config;
  trainer: Trainer | null;
  checkpoint: Checkpoint | null;
}

/** A run that can still train. */
type ActiveSlot = Slot & { trainer: Trainer };

export class Scheduler {
  private readonly now: () => number;
  private readonly delay: (ms: number) => Promise<void>;

  private slots: Slot[] = [];
  /** Runs dropped from a race whose trainers are freed when no chunk uses them. */
  private readonly retired: Slot[] = [];
  /** The group's state; a run that finished or diverged reports that instead (see statusOf). */
  private status: RunStatus = 'starting';
  private stepsLeft = 0; // > 0 while a 'step N' command runs
  private chunk = 1;
  /** The training loop while it runs; a new run waits for it to let go of the old trainers. */
  private looping: Promise<void> | null = null;
  /** The user's backend choice ('auto': the fastest for each run's config). */
  private pin: BackendPin = 'auto';
  private checkpointAt = 0;
  private onGpu = false;
  /** Set while a lost device is being replaced: the failing loop must not report an error. */
  private recovering = false;
  private pair = { a: 1, b: 2 };
  /** The reasoning tasks' fact whose attention is shown: its split and index in the view. */
  private query = { split: 2, index: 0 };
  private viewAt = 0;
  /** The step of the last view sent (−1: none yet). */
  private viewStep = -1;
  /** Whether the current runs get inside views (a sweep's runs do not: nobody looks at them). */
  private views = true;
  private viewCostMs = 0;
  /** Devices whose loss is already watched. */
  private readonly watched = new WeakSet<GpuDeviceLike>();
  /** An error the GPU reported (its buffers are then invalid): the device is given up, as if lost. */
  private gpuError: string | null = null;
  /** Commands are handled one at a time, in order. */
  private queue = Promise.resolve();
  /** Whether the training loop holds the trainers (see the rule at the top): live changes then wait. */
  private busy = false;
  /** Live changes that arrived while the loop held the trainers, in order; applied between chunks. */
  private deferred: LiveChange[] = [];

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.delay = deps.delay ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Queues a command from the page; it is handled once those before it are. The promise settles
   * then (a failure is reported to the page as an error status, never thrown).
   */
  receive(cmd: Command): Promise<void> {
    this.queue = this.queue.then(() => this.handle(cmd)).catch(this.reportError);
    return this.queue;
  }

  /**
   * Settles once every command received so far is handled and no training loop runs (so never while
   * the runs play, until they end).
   */
  async idle(): Promise<void> {
    for (;;) {
      const queue = this.queue;
      await queue;
      if (this.looping) await this.looping;
      else if (queue === this.queue) return;
    }
  }

  /** Stops training and frees every run (after the commands already received). Not a page command. */
  dispose(): Promise<void> {
    this.queue = this.queue
      .then(async () => {
        this.status = 'starting';
        this.stepsLeft = 0;
        await this.looping;
        for (const slot of this.slots) slot.trainer?.dispose();
        this.slots = [];
        this.freeRetired();
      })
      .catch(this.reportError);
    return this.queue;
  }

  private freeRetired(): void {
    for (const slot of this.retired.splice(0)) slot.trainer?.dispose();
  }

  /** The runs that can still train. */
  private active(): ActiveSlot[] {
    return this.slots.filter((s): s is ActiveSlot => s.trainer !== null && !s.trainer.outcome);
  }

  /** Reports the backend now in use and, on WebGPU, watches its device for a loss. */
  private useInfo(info: BackendInfo): void {
    this.onGpu = info.name === 'webgpu';
    this.deps.post({ type: 'backend', ...info });
    const device = this.onGpu ? this.deps.gpuDevice() : undefined;
    if (!device || this.watched.has(device)) return;
    this.watched.add(device);
    if (device.onuncapturederror !== undefined)
      watchGpuErrors(device as GpuErrorSource, (message) => {
        if (this.deps.gpuDevice() !== device || this.gpuError !== null) return;
        // Training on would go on with invalid buffers and wrong numbers: lose the device on purpose,
        // so the runs go back to their last checkpoint on the next backend.
        this.gpuError = message;
        device.destroy();
      });
    void device.lost.then((lost) => {
      if (this.deps.gpuDevice() !== device) return; // an old device, given up when training moved elsewhere
      const what =
        this.gpuError !== null
          ? `the GPU reported an error (${this.gpuError})`
          : `the GPU device was lost (${lost.message || lost.reason || 'no reason given'})`;
      this.queue = this.queue.then(() => this.recoverFromLostDevice(what)).catch(this.reportError);
    });
  }

  /** The backend for a run of `config`: the pinned one, or the fastest for it (timed if need be). */
  private async selectBackend(config: Config): Promise<void> {
    this.useInfo(
      await this.deps.chooseBackend(config, this.pin, (candidates) => {
        this.deps.post({ type: 'backend-timing', candidates });
      }),
    );
  }

  /**
   * Moves every run to the backend chosen now (after a pin): each is checkpointed, rebuilt on the new
   * backend from its checkpoint, and goes on from the same step, paused.
   */
  private async moveRuns(): Promise<void> {
    const was = this.status;
    this.status = 'starting';
    this.stepsLeft = 0;
    await this.looping;
    const current = this.slots.filter((s): s is ActiveSlot => s.trainer !== null);
    for (const slot of current) slot.checkpoint = await slot.trainer.checkpoint();
    const from = this.deps.backendName();
    const first = current[0];
    await this.selectBackend(first ? (first.checkpoint?.config ?? first.config) : (this.slots[0]?.config as Config));
    if (this.deps.backendName() === from) {
      // Nothing moves; the loop, stopped to checkpoint, said 'paused': say what holds again.
      this.setStatus(was);
      if (was === 'running') this.loop();
      return;
    }
    for (const slot of current) {
      slot.trainer.dispose();
      const trainer = Trainer.restore(slot.checkpoint as Checkpoint);
      slot.trainer = trainer;
      this.postResumed(slot.run, trainer);
    }
    this.viewStep = -1; // the new backend compiles its kernels again
    if (current.length > 0) await this.postView();
    const at = current[0]?.trainer.step ?? 0;
    this.setStatus(
      'paused',
      `training moved from ${from} to ${this.deps.backendName()}${at > 0 ? ` and goes on from step ${at}` : ''}. Press play to continue`,
    );
  }

  /**
   * Pauses, moves to the next backend and rebuilds every run from its last checkpoint.
   * `what`: what happened to the device, in words ("the GPU device was lost (…)").
   */
  private async recoverFromLostDevice(what: string): Promise<void> {
    const lostAt = this.slots[0]?.trainer?.step ?? 0;
    // The failing loop's error is not reported while this runs; however it ends, later ones are (a
    // recovery that fails is reported itself, by receive's catch).
    this.recovering = true;
    let name: string;
    try {
      name = await this.rebuildOnFallback(what);
    } finally {
      this.recovering = false;
    }
    // Live changes held back from the failing chunk go to the rebuilt runs.
    this.applyDeferred();
    this.viewStep = -1; // the new backend compiles its kernels again
    await this.postView();
    const at = this.slots[0]?.trainer?.step ?? 0;
    const lost = lostAt - at;
    const redo =
      lost > 1
        ? `; steps ${at + 1}–${lostAt} will be trained again`
        : lost === 1
          ? `; step ${lostAt} will be trained again`
          : '';
    this.setStatus(
      'paused',
      `${what}. Training moved to ${name} and goes on from step ${at}${redo}. Press play to continue`,
    );
  }

  /** Stops the loop, gives up the lost device's trainers and rebuilds them on the fallback; its name. */
  private async rebuildOnFallback(what: string): Promise<string> {
    this.status = 'starting';
    this.stepsLeft = 0;
    await Promise.race([this.looping, this.delay(RECOVERY_WAIT_MS)]);
    this.busy = false; // a loop that has not let go by now holds nothing: its trainers are given up
    for (const slot of this.slots) {
      try {
        slot.trainer?.dispose();
      } catch {
        // Its tensors lived on the lost device; there is nothing left to free.
      }
      slot.trainer = null;
    }
    const info = await this.deps.pickFallback();
    this.gpuError = null;
    this.useInfo({ ...info, notes: [what, ...info.notes] });
    for (const slot of this.slots) {
      const trainer = slot.checkpoint ? Trainer.restore(slot.checkpoint) : new Trainer(slot.config);
      slot.trainer = trainer;
      this.postResumed(slot.run, trainer);
    }
    return info.name;
  }

  private postResumed(run: number, trainer: Trainer): void {
    this.deps.post({
      type: 'resumed',
      run,
      step: trainer.step,
      records: trainer.records.slice(),
      events: trainer.events.slice(),
      elapsedMs: trainer.elapsedMs,
    });
  }

  /** The current run's inside views, now. */
  private async postView(): Promise<void> {
    const slot = this.slots[0];
    if (!slot?.trainer || !this.views) return;
    const t0 = this.now();
    const first = this.viewStep < 0;
    const done = () => {
      // A run's first view also compiles its kernels (seconds on a software GPU): not its usual cost.
      if (!first) this.viewCostMs = this.now() - t0;
      this.viewAt = this.now();
    };
    if (!slot.trainer.hasInsideViews) {
      const view = await slot.trainer.facts(this.query);
      done();
      this.viewStep = view.step;
      this.deps.post({ type: 'facts', run: slot.run, view });
      return;
    }
    const view = await slot.trainer.inside(this.pair);
    done();
    this.viewStep = view.step;
    this.deps.post({ type: 'inside', run: slot.run, view }, [
      view.split.buffer,
      view.answer.buffer,
      view.predicted.buffer,
      view.confidence.buffer,
    ]);
  }

  private viewDue(): boolean {
    return this.now() - this.viewAt >= Math.max(VIEW_EVERY_MS, VIEW_SHARE * this.viewCostMs);
  }

  private readonly reportError = (err: unknown): void => {
    this.setStatus('error', err instanceof Error ? err.message : String(err));
  };

  private statusOf(slot: Slot): { status: RunStatus; message?: string } {
    const outcome = slot.trainer?.outcome;
    if (!outcome || this.status === 'error') return { status: this.status };
    return outcome.kind === 'diverged'
      ? { status: 'diverged', message: `diverged at step ${outcome.step}` }
      : { status: 'finished' };
  }

  private postStatus(slot: Slot, message?: string): void {
    const s = this.statusOf(slot);
    const text = s.message ?? message;
    this.deps.post({
      type: 'status',
      run: slot.run,
      status: s.status,
      step: slot.trainer?.step ?? 0,
      ...(text ? { message: text } : {}),
    });
  }

  private setStatus(s: RunStatus, message?: string): void {
    this.status = s;
    for (const slot of this.slots) this.postStatus(slot, message);
  }

  private loop(): void {
    this.looping ??= this.runLoop().finally(() => {
      this.looping = null;
      this.freeRetired();
    });
  }

  private async runLoop(): Promise<void> {
    try {
      while ((this.status === 'running' || this.stepsLeft > 0) && this.active().length > 0) {
        this.busy = true;
        // A 'step N' that arrives while a chunk started by play is still in flight (just after a pause)
        // is not counted against that chunk: only chunks started for it are.
        const stepping = this.stepsLeft > 0;
        const n = stepping ? Math.min(this.stepsLeft, this.chunk) : this.chunk;
        const t0 = this.now();
        for (const slot of this.active()) {
          if (!this.slots.includes(slot)) continue; // dropped during the chunk
          const { trainer } = slot;
          const { records, events } = await trainer.advance(n);
          this.deps.post({
            type: 'progress',
            run: slot.run,
            step: trainer.step,
            records,
            events,
            elapsedMs: trainer.elapsedMs,
          });
          if (trainer.outcome) this.postStatus(slot);
        }
        const took = this.now() - t0;
        this.chunk = Math.max(1, Math.min(1000, Math.round((n * CHUNK_MS) / Math.max(1, took))));
        if (stepping) this.stepsLeft = Math.max(0, this.stepsLeft - n);
        const every = this.active().some((slot) => slot.checkpoint === null) ? FIRST_CHECKPOINT_MS : CHECKPOINT_MS;
        if (this.onGpu && this.now() - this.checkpointAt > every) {
          const taken: [ActiveSlot, Checkpoint][] = [];
          for (const slot of this.active()) taken.push([slot, await slot.trainer.checkpoint()]);
          // One read after a GPU error may hold its invalid buffers: the checkpoint before it is kept.
          if (this.gpuError === null) for (const [slot, checkpoint] of taken) slot.checkpoint = checkpoint;
          this.checkpointAt = this.now();
        }
        this.freeRetired();
        const stopping = this.active().length === 0 || (this.stepsLeft === 0 && this.status !== 'running');
        // A view when due, and always where training stops, so a paused run shows its last state.
        if (stopping || this.viewDue()) await this.postView();
        if (this.active().length === 0) this.status = 'finished';
        else if (this.stepsLeft === 0 && this.status !== 'running') this.setStatus('paused');
        // Between chunks: the live changes held back, then a macrotask turn, so that commands that
        // arrived meanwhile are handled (a live change among them applies at once).
        this.applyDeferred();
        this.busy = false;
        await this.delay(0);
      }
      // A pause handled during that last turn ends the loop here: show where it stopped.
      this.busy = true;
      const shown = this.slots[0]?.trainer;
      if (shown && this.status !== 'starting' && this.viewStep !== shown.step) await this.postView();
    } catch (e) {
      if (!this.recovering) this.reportError(e);
    } finally {
      this.busy = false;
      // A lost device's recovery applies them to the rebuilt runs instead.
      if (!this.recovering) this.applyDeferred();
    }
  }

  private async init(runs: { run: number; config: Config }[]): Promise<void> {
    this.status = 'starting';
    this.stepsLeft = 0;
    if (this.looping) {
      // The old run's chunk (and its last view) must end first: on a slow backend, a large model's
      // chunk can take minutes. Say so, rather than a bare "starting".
      const on = this.deps.backendName();
      for (const { run } of runs)
        this.deps.post({
          type: 'status',
          run,
          status: 'starting',
          step: 0,
          message: `${WAITING_FOR_STEP} on ${on} to finish (on a slow backend a large model's step can take minutes)`,
        });
    }
    await this.looping;
    for (const slot of this.slots) slot.trainer?.dispose();
    this.deferred = []; // changes to the runs replaced (one held back by a failed recovery)
    // The slots exist before the backend and their trainers, so that a backend that cannot start, or
    // a config the engine refuses, is reported as their error (not to no run, leaving them 'starting').
    this.slots = runs.map(({ run, config }) => ({ run, config, trainer: null, checkpoint: null }));
    await this.selectBackend((runs[0] as { config: Config }).config);
    for (const slot of this.slots) slot.trainer = new Trainer(slot.config);
    this.checkpointAt = this.now();
    this.chunk = 1;
    // No view before training starts: a view costs about an evaluation, minutes for a large model on a
    // software GPU, and would hold up every command until done. The first chunk brings the first one.
    this.viewCostMs = 0;
    this.viewAt = 0;
    this.viewStep = -1;
    this.setStatus('paused');
  }

  private async handle(cmd: Command): Promise<void> {
    switch (cmd.type) {
      case 'init':
        this.views = cmd.views ?? true;
        await this.init([{ run: cmd.run, config: cmd.config }, ...(cmd.race ? [cmd.race] : [])]);
        return;
      case 'play':
        if (this.active().length === 0) return;
        this.setStatus('running');
        this.loop();
        return;
      case 'pause':
        this.stepsLeft = 0;
        if (this.status === 'running') this.setStatus('paused');
        return;
      case 'step':
        if (this.active().length === 0 || this.status === 'running') return;
        this.stepsLeft = Math.max(1, Math.floor(cmd.count));
        this.loop();
        return;
      case 'inspect':
        this.pair = { a: cmd.a, b: cmd.b };
        if (!this.looping) await this.postView();
        return;
      case 'inspect-fact':
        this.query = { split: cmd.split, index: cmd.index };
        if (!this.looping) await this.postView();
        return;
      case 'end-race':
        // The loop may be inside one of these trainers' chunk (it awaits reads from the backend):
        // it frees them once that chunk is done.
        this.retired.push(...this.slots.slice(1));
        this.slots = this.slots.slice(0, 1);
        if (!this.looping) this.freeRetired();
        return;
      case 'pin-backend':
        this.pin = cmd.backend;
        if (this.slots.length > 0) await this.moveRuns();
        return;
      case 'lose-device':
        this.deps.gpuDevice()?.destroy();
        return;
      case 'set':
        if (this.busy) this.deferred.push(cmd);
        else this.applyChange(cmd);
        return;
    }
  }

  /** The live changes held back while the loop held the trainers, in the order they arrived. */
  private applyDeferred(): void {
    for (const change of this.deferred.splice(0)) this.applyChange(change);
  }

  /** A live change, to every run it names at once (so at the same step), each posting it or its refusal. */
  private applyChange(change: LiveChange): void {
    for (const run of change.runs) {
      const slot = this.slots.find((s) => s.run === run);
      const trainer = slot?.trainer;
      if (!slot || !trainer) continue;
      const before = trainer.events.length;
      const problem = trainer.setLive(change.key, change.value);
      if (problem) this.deps.post({ type: 'rejected', run, key: change.key, message: problem.message });
      else {
        this.deps.post({
          type: 'progress',
          run,
          step: trainer.step,
          records: [],
          events: trainer.events.slice(before),
          elapsedMs: trainer.elapsedMs,
        });
      }
    }
  }
}

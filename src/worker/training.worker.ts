// The Web Worker that trains: it owns the engine, so the page's main thread never runs tfjs.
import * as tf from '@tensorflow/tfjs';
import { type Config } from '../config/schema';
import type { Checkpoint } from '../engine/checkpoint';
import type { Outcome } from '../engine/metrics';
import { Trainer } from '../engine/trainer';
import { pickBackend } from './backends';
import type { Command, RunStatus, WorkerEvent } from './protocol';

/** Aim for about this much training between progress messages (chart updates ≥ 4/s). */
const CHUNK_MS = 120;

const post = (e: WorkerEvent) => postMessage(e);

let trainer: Trainer | null = null;
let run = 0;
let status: RunStatus = 'starting';
let stepsLeft = 0; // > 0 while a 'step N' command runs
let chunk = 1;
/** The training loop while it runs; a new run waits for it to let go of the old trainer. */
let looping: Promise<void> | null = null;
let backendReady: Promise<void> | null = null;
let runConfig: Config | null = null;

/** How often a run on the GPU is checkpointed, so a lost device costs at most this much training. */
const CHECKPOINT_MS = 10_000;
let checkpoint: { run: number; cp: Checkpoint } | null = null;
let checkpointAt = 0;
let onGpu = false;
/** Set while a lost device is being replaced: the failing loop must not report an error. */
let recovering = false;

/** What this worker needs of tfjs's WebGPU backend: its device (WebGPU types are not loaded here). */
interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

const gpuDevice = (): GpuDeviceLike | undefined => (tf.backend() as unknown as { device?: GpuDeviceLike }).device;

async function chooseBackend(first?: 'webgl'): Promise<void> {
  const { name, notes } = await pickBackend(first);
  onGpu = name === 'webgpu';
  post({ type: 'backend', name, notes });
  const device = onGpu ? gpuDevice() : undefined;
  void device?.lost.then((info) => {
    const reason = info.message || info.reason || 'no reason given';
    queue = queue.then(() => recoverFromLostDevice(reason)).catch(reportError);
  });
}

/** Pauses, moves to the next backend and rebuilds the run from its last checkpoint. */
async function recoverFromLostDevice(reason: string): Promise<void> {
  recovering = true;
  const lostAt = trainer?.step ?? 0;
  status = 'starting';
  stepsLeft = 0;
  await Promise.race([looping, new Promise((r) => setTimeout(r, 5000))]);
  try {
    trainer?.dispose();
  } catch {
    // Its tensors lived on the lost device; there is nothing left to free.
  }
  trainer = null;
  const { name, notes } = await pickBackend('webgl');
  onGpu = false;
  post({ type: 'backend', name, notes: [`the GPU device was lost (${reason})`, ...notes] });
  const cp = checkpoint?.run === run ? checkpoint.cp : null;
  trainer = cp ? Trainer.restore(cp) : new Trainer(runConfig as Config);
  recovering = false;
  post({ type: 'resumed', run, step: trainer.step, records: trainer.records.slice(), events: trainer.events.slice(), elapsedMs: trainer.elapsedMs });
  const redo = lostAt > trainer.step ? `; steps ${trainer.step + 1}–${lostAt} will be trained again` : '';
  setStatus('paused', `the GPU device was lost (${reason}). The run moved to ${name} and goes on from step ${trainer.step}${redo}. Press play to continue`);
}

function reportError(err: unknown): void {
  setStatus('error', err instanceof Error ? err.message : String(err));
}

function setStatus(s: RunStatus, message?: string): void {
  status = s;
  post({ type: 'status', run, status: s, step: trainer?.step ?? 0, ...(message ? { message } : {}) });
}

/** A macrotask turn, so commands that arrived meanwhile are handled. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function loop(): void {
  looping ??= runLoop().finally(() => {
    looping = null;
  });
}

async function runLoop(): Promise<void> {
  try {
    while (trainer && (status === 'running' || stepsLeft > 0) && !trainer.outcome) {
      const n = stepsLeft > 0 ? Math.min(stepsLeft, chunk) : chunk;
      const t0 = performance.now();
      const { records, events } = await trainer.advance(n);
      const took = performance.now() - t0;
      chunk = Math.max(1, Math.min(1000, Math.round((n * CHUNK_MS) / Math.max(1, took))));
      if (stepsLeft > 0) stepsLeft = Math.max(0, stepsLeft - n);
      if (onGpu && performance.now() - checkpointAt > CHECKPOINT_MS) {
        checkpoint = { run, cp: await trainer.checkpoint() };
        checkpointAt = performance.now();
      }
      post({ type: 'progress', run, step: trainer.step, records, events, elapsedMs: trainer.elapsedMs });
      const outcome = trainer.outcome as Outcome | null; // set by advance(), which TS cannot see
      if (outcome) {
        setStatus(outcome.kind, outcome.kind === 'diverged' ? `diverged at step ${outcome.step}` : undefined);
      } else if (stepsLeft === 0 && status !== 'running') {
        setStatus('paused');
      }
      await yieldToMessages();
    }
  } catch (e) {
    if (!recovering) reportError(e);
  }
}

async function init(config: Config, id: number): Promise<void> {
  backendReady ??= chooseBackend();
  await backendReady;
  status = 'starting';
  stepsLeft = 0;
  await looping;
  trainer?.dispose();
  trainer = null;
  run = id;
  runConfig = config;
  checkpoint = null;
  checkpointAt = performance.now();
  stepsLeft = 0;
  chunk = 1;
  trainer = new Trainer(config);
  setStatus('paused');
}

async function handle(cmd: Command): Promise<void> {
  switch (cmd.type) {
    case 'init':
      await init(cmd.config, cmd.run);
      return;
    case 'play':
      if (!trainer || trainer.outcome) return;
      setStatus('running');
      loop();
      return;
    case 'pause':
      stepsLeft = 0;
      if (status === 'running') setStatus('paused');
      return;
    case 'step':
      if (!trainer || trainer.outcome || status === 'running') return;
      stepsLeft = Math.max(1, Math.floor(cmd.count));
      loop();
      return;
    case 'lose-device':
      gpuDevice()?.destroy();
      return;
    case 'set': {
      if (!trainer) return;
      const before = trainer.events.length;
      const problem = trainer.setLive(cmd.key, cmd.value);
      if (problem) post({ type: 'rejected', run, key: cmd.key, message: problem.message });
      else {
        post({ type: 'progress', run, step: trainer.step, records: [], events: trainer.events.slice(before), elapsedMs: trainer.elapsedMs });
      }
      return;
    }
  }
}

// Commands are handled one at a time, in order.
let queue = Promise.resolve();
onmessage = (e: MessageEvent<Command>) => {
  queue = queue.then(() => handle(e.data)).catch(reportError);
};

// The Web Worker that trains: it owns the engine, so the page's main thread never runs tfjs.
// It trains one run, or a race: several runs advanced in lockstep (same steps, alternate chunks),
// so they can be compared live at every moment.
import './tfjs-setup';
import * as tf from '@tensorflow/tfjs-core';
import type { Config } from '../config/schema';
import type { Checkpoint } from '../engine/checkpoint';
import { Trainer } from '../engine/trainer';
import { chooseBackend, pickBackend } from './backends';
import type { RunStatus } from '../runs/status';
import type { BackendInfo, BackendPin, Command, WorkerEvent } from './protocol';

/** Aim for about this much training (all runs together) between progress messages (chart updates ≥ 4/s). */
const CHUNK_MS = 120;
/** How often a run on the GPU is checkpointed, so a lost device costs at most this much training. */
const CHECKPOINT_MS = 10_000;
/**
 * The inside views are computed at most once a second, and no more often than keeps them under
 * 1/VIEW_SHARE (5%) of the training time (what one took, times VIEW_SHARE, must pass before the next).
 */
const VIEW_EVERY_MS = 1000;
const VIEW_SHARE = 20;

const post = (e: WorkerEvent, transfer: Transferable[] = []) => postMessage(e, { transfer });

/** One run in training, with what is needed to rebuild it after a lost device. */
interface Slot {
  run: number;
  config: Config;
  trainer: Trainer | null;
  checkpoint: Checkpoint | null;
}

let slots: Slot[] = [];
/** Runs dropped from a race whose trainers are freed when no chunk uses them. */
const retired: Slot[] = [];
const freeRetired = () => {
  for (const slot of retired.splice(0)) slot.trainer?.dispose();
};
/** The group's state; a run that finished or diverged reports that instead (see statusOf). */
let status: RunStatus = 'starting';
let stepsLeft = 0; // > 0 while a 'step N' command runs
let chunk = 1;
/** The training loop while it runs; a new run waits for it to let go of the old trainers. */
let looping: Promise<void> | null = null;
/** The user's backend choice ('auto': the fastest for each run's config). */
let pin: BackendPin = 'auto';
let checkpointAt = 0;
let onGpu = false;
/** Set while a lost device is being replaced: the failing loop must not report an error. */
let recovering = false;
let pair = { a: 1, b: 2 };
let viewAt = 0;
/** The step of the last view sent (−1: none yet). */
let viewStep = -1;
let viewCostMs = 0;

/** What this worker needs of tfjs's WebGPU backend: its device (WebGPU types are not loaded here). */
interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

const gpuDevice = (): GpuDeviceLike | undefined => (tf.backend() as unknown as { device?: GpuDeviceLike }).device;

/** The runs that can still train. */
const active = () => slots.filter((s): s is Slot & { trainer: Trainer } => s.trainer !== null && !s.trainer.outcome);

/** Devices whose loss is already watched. */
const watched = new WeakSet<GpuDeviceLike>();

/** Reports the backend now in use and, on WebGPU, watches its device for a loss. */
function useInfo(info: BackendInfo): void {
  onGpu = info.name === 'webgpu';
  post({ type: 'backend', ...info });
  const device = onGpu ? gpuDevice() : undefined;
  if (!device || watched.has(device)) return;
  watched.add(device);
  void device.lost.then((lost) => {
    if (gpuDevice() !== device) return; // an old device, given up when training moved elsewhere
    const reason = lost.message || lost.reason || 'no reason given';
    queue = queue.then(() => recoverFromLostDevice(reason)).catch(reportError);
  });
}

/** The backend for a run of `config`: the pinned one, or the fastest for it (timed if need be). */
async function selectBackend(config: Config): Promise<void> {
  useInfo(await chooseBackend(config, pin, (candidates) => post({ type: 'backend-timing', candidates })));
}

/**
 * Moves every run to the backend chosen now (after a pin): each is checkpointed, rebuilt on the new
 * backend from its checkpoint, and goes on from the same step, paused.
 */
async function moveRuns(): Promise<void> {
  const was = status;
  status = 'starting';
  stepsLeft = 0;
  await looping;
  const current = slots.filter((s): s is Slot & { trainer: Trainer } => s.trainer !== null);
  for (const slot of current) slot.checkpoint = await slot.trainer.checkpoint();
  const from = tf.getBackend();
  const first = current[0];
  await selectBackend(first ? (first.checkpoint?.config ?? first.config) : (slots[0]?.config as Config));
  if (tf.getBackend() === from) {
    status = was;
    if (was === 'running') loop();
    return;
  }
  for (const slot of current) {
    slot.trainer.dispose();
    const trainer = Trainer.restore(slot.checkpoint as Checkpoint);
    slot.trainer = trainer;
    post({
      type: 'resumed',
      run: slot.run,
      step: trainer.step,
      records: trainer.records.slice(),
      events: trainer.events.slice(),
      elapsedMs: trainer.elapsedMs,
    });
  }
  viewStep = -1; // the new backend compiles its kernels again
  if (current.length > 0) await postView();
  const at = current[0]?.trainer.step ?? 0;
  setStatus(
    'paused',
    `training moved from ${from} to ${tf.getBackend()}${at > 0 ? ` and goes on from step ${at}` : ''}. Press play to continue`,
  );
}

/** Pauses, moves to the next backend and rebuilds every run from its last checkpoint. */
async function recoverFromLostDevice(reason: string): Promise<void> {
  recovering = true;
  const lostAt = slots[0]?.trainer?.step ?? 0;
  status = 'starting';
  stepsLeft = 0;
  await Promise.race([looping, new Promise((r) => setTimeout(r, 5000))]);
  for (const slot of slots) {
    try {
      slot.trainer?.dispose();
    } catch {
      // Its tensors lived on the lost device; there is nothing left to free.
    }
    slot.trainer = null;
  }
  const info = await pickBackend('webgl', 'the next backend after WebGPU');
  const { name } = info;
  useInfo({ ...info, notes: [`the GPU device was lost (${reason})`, ...info.notes] });
  for (const slot of slots) {
    const trainer = slot.checkpoint ? Trainer.restore(slot.checkpoint) : new Trainer(slot.config);
    slot.trainer = trainer;
    post({
      type: 'resumed',
      run: slot.run,
      step: trainer.step,
      records: trainer.records.slice(),
      events: trainer.events.slice(),
      elapsedMs: trainer.elapsedMs,
    });
  }
  recovering = false;
  viewStep = -1; // the new backend compiles its kernels again
  await postView();
  const at = slots[0]?.trainer?.step ?? 0;
  const redo = lostAt > at ? `; steps ${at + 1}–${lostAt} will be trained again` : '';
  setStatus(
    'paused',
    `the GPU device was lost (${reason}). Training moved to ${name} and goes on from step ${at}${redo}. Press play to continue`,
  );
}

/** The current run's inside views, now. */
async function postView(): Promise<void> {
  const slot = slots[0];
  if (!slot?.trainer) return;
  const t0 = performance.now();
  const first = viewStep < 0;
  const view = await slot.trainer.inside(pair);
  // A run's first view also compiles its kernels (seconds on a software GPU): not its usual cost.
  if (!first) viewCostMs = performance.now() - t0;
  viewAt = performance.now();
  viewStep = view.step;
  post({ type: 'inside', run: slot.run, view }, [
    view.split.buffer,
    view.answer.buffer,
    view.predicted.buffer,
    view.confidence.buffer,
  ]);
}

const viewDue = () => performance.now() - viewAt >= Math.max(VIEW_EVERY_MS, VIEW_SHARE * viewCostMs);

function reportError(err: unknown): void {
  setStatus('error', err instanceof Error ? err.message : String(err));
}

function statusOf(slot: Slot): { status: RunStatus; message?: string } {
  const outcome = slot.trainer?.outcome;
  if (!outcome || status === 'error') return { status };
  return outcome.kind === 'diverged'
    ? { status: 'diverged', message: `diverged at step ${outcome.step}` }
    : { status: 'finished' };
}

function postStatus(slot: Slot, message?: string): void {
  const s = statusOf(slot);
  const text = s.message ?? message;
  post({
    type: 'status',
    run: slot.run,
    status: s.status,
    step: slot.trainer?.step ?? 0,
    ...(text ? { message: text } : {}),
  });
}

function setStatus(s: RunStatus, message?: string): void {
  status = s;
  for (const slot of slots) postStatus(slot, message);
}

/** A macrotask turn, so commands that arrived meanwhile are handled. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function loop(): void {
  looping ??= runLoop().finally(() => {
    looping = null;
    freeRetired();
  });
}

async function runLoop(): Promise<void> {
  try {
    while ((status === 'running' || stepsLeft > 0) && active().length > 0) {
      // A 'step N' that arrives while a chunk started by play is still in flight (just after a pause)
      // is not counted against that chunk: only chunks started for it are.
      const stepping = stepsLeft > 0;
      const n = stepping ? Math.min(stepsLeft, chunk) : chunk;
      const t0 = performance.now();
      for (const slot of active()) {
        if (!slots.includes(slot)) continue; // dropped during the chunk
        const { trainer } = slot;
        const { records, events } = await trainer.advance(n);
        post({ type: 'progress', run: slot.run, step: trainer.step, records, events, elapsedMs: trainer.elapsedMs });
        if (trainer.outcome) postStatus(slot);
      }
      const took = performance.now() - t0;
      chunk = Math.max(1, Math.min(1000, Math.round((n * CHUNK_MS) / Math.max(1, took))));
      if (stepping) stepsLeft = Math.max(0, stepsLeft - n);
      if (onGpu && performance.now() - checkpointAt > CHECKPOINT_MS) {
        for (const slot of active()) slot.checkpoint = await slot.trainer.checkpoint();
        checkpointAt = performance.now();
      }
      freeRetired();
      const stopping = active().length === 0 || (stepsLeft === 0 && status !== 'running');
      // A view when due, and always where training stops, so a paused run shows its last state.
      if (stopping || viewDue()) await postView();
      if (active().length === 0) status = 'finished';
      else if (stepsLeft === 0 && status !== 'running') setStatus('paused');
      await yieldToMessages();
    }
    // A pause handled during that last turn ends the loop here: show where it stopped.
    const shown = slots[0]?.trainer;
    if (shown && status !== 'starting' && viewStep !== shown.step) await postView();
  } catch (e) {
    if (!recovering) reportError(e);
  }
}

async function init(runs: { run: number; config: Config }[]): Promise<void> {
  status = 'starting';
  stepsLeft = 0;
  await looping;
  for (const slot of slots) slot.trainer?.dispose();
  slots = [];
  await selectBackend((runs[0] as { config: Config }).config);
  slots = runs.map(({ run, config }) => ({ run, config, trainer: new Trainer(config), checkpoint: null }));
  checkpointAt = performance.now();
  chunk = 1;
  // No view before training starts: a view costs about an evaluation, minutes for a large model on a
  // software GPU, and would hold up every command until done. The first chunk brings the first one.
  viewCostMs = 0;
  viewAt = 0;
  viewStep = -1;
  setStatus('paused');
}

async function handle(cmd: Command): Promise<void> {
  switch (cmd.type) {
    case 'init':
      await init([{ run: cmd.run, config: cmd.config }, ...(cmd.race ? [cmd.race] : [])]);
      return;
    case 'play':
      if (active().length === 0) return;
      setStatus('running');
      loop();
      return;
    case 'pause':
      stepsLeft = 0;
      if (status === 'running') setStatus('paused');
      return;
    case 'step':
      if (active().length === 0 || status === 'running') return;
      stepsLeft = Math.max(1, Math.floor(cmd.count));
      loop();
      return;
    case 'inspect':
      pair = { a: cmd.a, b: cmd.b };
      if (!looping) await postView();
      return;
    case 'end-race':
      // The loop may be inside one of these trainers' chunk (it awaits reads from the backend):
      // it frees them once that chunk is done.
      retired.push(...slots.slice(1));
      slots = slots.slice(0, 1);
      if (!looping) freeRetired();
      return;
    case 'pin-backend':
      pin = cmd.backend;
      if (slots.length > 0) await moveRuns();
      return;
    case 'lose-device':
      gpuDevice()?.destroy();
      return;
    case 'set': {
      const slot = slots.find((s) => s.run === cmd.run);
      const trainer = slot?.trainer;
      if (!slot || !trainer) return;
      const before = trainer.events.length;
      const problem = trainer.setLive(cmd.key, cmd.value);
      if (problem) post({ type: 'rejected', run: slot.run, key: cmd.key, message: problem.message });
      else {
        post({
          type: 'progress',
          run: slot.run,
          step: trainer.step,
          records: [],
          events: trainer.events.slice(before),
          elapsedMs: trainer.elapsedMs,
        });
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

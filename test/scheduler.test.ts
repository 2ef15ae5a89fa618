// The worker's Scheduler in Node: real trainers on tfjs's cpu backend (wasm for a move), with the
// page (post) and the backend operations faked. What it posts for each command: play, pause, step,
// races, live changes, the inside views, moves between backends and a lost GPU device.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import type { BackendName } from '../src/engine/backend';
import { type MetricRecord, Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import type { BackendInfo, BackendPin, Command, WorkerEvent } from '../src/worker/protocol';
import { CHECKPOINT_MS, FIRST_CHECKPOINT_MS, type GpuDeviceLike, Scheduler } from '../src/worker/scheduler';

const TINY: Config = {
  ...DEFAULT_CONFIG,
  op: 'add',
  p: 7,
  frac: 0.5,
  layers: 1,
  dim: 16,
  heads: 1,
  batch: 8,
  steps: 100_000,
  eval: 5,
  lr: 0.003,
  filter: 'none',
};
const TINY_EMA: Config = { ...TINY, filter: 'ema' };

/** A WebGPU device as far as the scheduler sees it: destroying it loses it, as in a browser. */
class FakeDevice implements GpuDeviceLike {
  lose: (info: { reason?: string; message?: string }) => void = () => undefined;
  readonly lost = new Promise<{ reason?: string; message?: string }>((resolve) => {
    this.lose = resolve;
  });
  destroy(): void {
    this.lose({ reason: 'destroyed', message: 'Device was destroyed.' });
  }
  onuncapturederror: GpuDeviceLike['onuncapturederror'] = null;
  /** An error outside any error scope, as a real GPU reports running out of memory. */
  fail(message: string): void {
    class GPUOutOfMemoryError {
      constructor(readonly message: string) {}
    }
    this.onuncapturederror?.({ error: new GPUOutOfMemoryError(message) });
  }
}

/**
 * Backend operations over tfjs in Node: 'auto' is cpu (after a pretend timing), 'wasm' is tfjs's
 * wasm, and 'webgpu' is cpu under that name with a fake device.
 */
function fakeBackends() {
  const state: { name: BackendName; device: FakeDevice | null } = { name: 'cpu', device: null };
  const info = (how: BackendInfo['choice']['how']): BackendInfo => ({
    name: state.name,
    choice: { how, why: 'a test' },
    notes: [],
    isolated: false,
  });
  return {
    state,
    chooseBackend: async (_config: Config, pin: BackendPin, onTiming: (candidates: BackendName[]) => void) => {
      if (pin === 'auto') onTiming(['cpu', 'wasm']);
      await useNodeBackend(pin === 'wasm' ? 'wasm' : 'cpu');
      state.device = pin === 'webgpu' ? (state.device ?? new FakeDevice()) : null;
      state.name = pin === 'auto' ? 'cpu' : pin;
      return info(pin === 'auto' ? 'timed' : 'pinned');
    },
    pickFallback: async () => {
      await useNodeBackend('cpu');
      state.name = 'cpu';
      state.device = null;
      return info('order');
    },
  };
}

/**
 * A scheduler whose events are collected; `now` replaces the clock where given, and `onPost` sees
 * each event as it is posted (the scheduler waits for nothing meanwhile).
 */
function harness(now?: () => number, onPost?: (e: WorkerEvent) => void) {
  const events: WorkerEvent[] = [];
  const backends = fakeBackends();
  const scheduler = new Scheduler({
    post: (e) => {
      events.push(e);
      onPost?.(e);
    },
    // Looked up at each call, so that a test can make one fail.
    chooseBackend: (...args) => backends.chooseBackend(...args),
    pickFallback: () => backends.pickFallback(),
    backendName: () => backends.state.name,
    gpuDevice: () => backends.state.device ?? undefined,
    now,
  });
  const send = (cmd: Command) => scheduler.receive(cmd);
  return { events, scheduler, send, backends };
}

/**
 * Trains `before` steps (no checkpoint due yet), lets the GPU checkpoint fall due (`tick` moves the
 * clock past it) and trains one step, after which it is taken, then `after` steps more.
 */
async function trainPastCheckpoint(h: ReturnType<typeof harness>, tick: () => void, before: number, after: number) {
  await h.send({ type: 'step', count: before });
  await h.scheduler.idle();
  tick();
  await h.send({ type: 'step', count: 1 });
  await h.scheduler.idle();
  await h.send({ type: 'step', count: after });
  await h.scheduler.idle();
}

type Of<T extends WorkerEvent['type']> = Extract<WorkerEvent, { type: T }>;

function ofType<T extends WorkerEvent['type']>(events: WorkerEvent[], type: T, run?: number): Of<T>[] {
  return events.filter((e): e is Of<T> => e.type === type && (run === undefined || !('run' in e) || e.run === run));
}

const last = <T>(xs: T[]): T => {
  expect(xs.length).toBeGreaterThan(0);
  return xs[xs.length - 1] as T;
};

/** The last step a run's progress reached. */
const stepOf = (events: WorkerEvent[], run: number) => last(ofType(events, 'progress', run)).step;

const withoutTime = (rs: MetricRecord[]) => rs.map(({ ms: _ms, ...r }) => r);

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

async function until(what: string, done: () => boolean): Promise<void> {
  const end = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await macrotask();
  }
}

/**
 * Readbacks that take a macrotask, as on a GPU (tfjs cpu reads back in microtasks, so no command
 * could arrive during a chunk): each advance waits a turn first, and may then fail, as on a lost
 * device. Says which trainers were disposed while their advance was in flight.
 */
function slowReadbacks() {
  const { advance, dispose } = Object.getOwnPropertyDescriptors(Trainer.prototype);
  const inFlight = new Set<Trainer>();
  const found = { disposedInFlight: 0, failing: false };
  vi.spyOn(Trainer.prototype, 'advance').mockImplementation(async function (this: Trainer, n: number) {
    inFlight.add(this);
    try {
      await macrotask();
      if (found.failing) throw new Error('the device is lost');
      return await (advance.value as Trainer['advance']).call(this, n);
    } finally {
      inFlight.delete(this);
    }
  });
  vi.spyOn(Trainer.prototype, 'dispose').mockImplementation(function (this: Trainer) {
    if (inFlight.has(this)) found.disposedInFlight++;
    (dispose.value as Trainer['dispose']).call(this);
  });
  return found;
}

/**
 * Reads from the backend that take a macrotask, as on a GPU: each read starts at once and its values
 * come a turn later, so commands are handled while a chunk (advance, checkpoint, view) awaits them.
 */
function slowReads(): void {
  const { data } = Object.getOwnPropertyDescriptors(tf.Tensor.prototype);
  vi.spyOn(tf.Tensor.prototype, 'data').mockImplementation(function (this: tf.Tensor) {
    const read = (data.value as tf.Tensor['data']).call(this);
    return macrotask().then(() => read);
  });
}

/** Every live change a run's progress events reported. */
const changesOf = (events: WorkerEvent[], run: number) =>
  ofType(events, 'progress', run).flatMap((e) => e.events.filter((ev) => ev.type === 'change'));

let baseline = 0;

beforeAll(async () => {
  await useNodeBackend('cpu');
});

beforeEach(() => {
  baseline = tf.memory().numTensors;
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Frees the scheduler's runs: every tensor they made is gone. */
async function disposeAll(h: ReturnType<typeof harness>): Promise<void> {
  await h.scheduler.dispose();
  expect(tf.memory().numTensors).toBe(baseline);
  expect(ofType(h.events, 'status').filter((e) => e.status === 'error')).toEqual([]);
}

describe('Scheduler', () => {
  it('init reports the backend, then every run paused at step 0, with no view yet', async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    expect(h.events.map((e) => e.type)).toEqual(['backend-timing', 'backend', 'status', 'status']);
    expect(h.events[0]).toEqual({ type: 'backend-timing', candidates: ['cpu', 'wasm'] });
    expect(h.events[1]).toMatchObject({ type: 'backend', name: 'cpu', choice: { how: 'timed' } });
    expect(ofType(h.events, 'status')).toEqual([
      { type: 'status', run: 1, status: 'paused', step: 0 },
      { type: 'status', run: 2, status: 'paused', step: 0 },
    ]);
    await disposeAll(h);
  });

  it('plays with rising steps until paused, then stops and shows where it stopped', async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY });
    await h.send({ type: 'play' });
    expect(last(ofType(h.events, 'status'))).toEqual({ type: 'status', run: 1, status: 'running', step: 0 });
    await until('three chunks', () => ofType(h.events, 'progress').length >= 3);
    await h.send({ type: 'pause' });
    await h.scheduler.idle();

    const progress = ofType(h.events, 'progress', 1);
    const steps = progress.map((e) => e.step);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1] as number);
    const at = last(steps);
    const records = progress.flatMap((e) => e.records);
    expect(records.map((r) => r.step)).toEqual(Array.from({ length: Math.floor(at / 5) }, (_, i) => 5 * (i + 1)));
    expect(last(ofType(h.events, 'status'))).toEqual({ type: 'status', run: 1, status: 'paused', step: at });
    expect(last(ofType(h.events, 'inside')).view.step).toBe(at);

    const posted = h.events.length;
    for (let i = 0; i < 5; i++) await macrotask();
    expect(h.events.length).toBe(posted);
    await disposeAll(h);
  });

  it("'step N' while paused trains exactly N steps, with one view where it stops", async () => {
    const h = harness(() => 0); // a clock that stands still: no view is due on time
    await h.send({ type: 'init', run: 1, config: TINY });
    await h.send({ type: 'step', count: 7 });
    await h.scheduler.idle();
    expect(stepOf(h.events, 1)).toBe(7);
    // A chunk of one step (a new run's first), then the six left (the clock says they took no time).
    expect(h.events.slice(3).map((e) => [e.type, 'step' in e ? e.step : e.type === 'inside' && e.view.step])).toEqual([
      ['progress', 1],
      ['progress', 7],
      ['inside', 7],
      ['status', 7],
    ]);
    expect(last(ofType(h.events, 'status'))).toEqual({ type: 'status', run: 1, status: 'paused', step: 7 });

    await h.send({ type: 'step', count: 3.9 });
    await h.scheduler.idle();
    expect(stepOf(h.events, 1)).toBe(10);
    expect(last(ofType(h.events, 'status'))).toMatchObject({ status: 'paused', step: 10 });
    expect(ofType(h.events, 'inside').map((e) => e.view.step)).toEqual([7, 10]);
    await disposeAll(h);
  });

  it("a 'step N' that arrives while play's chunk is in flight is not counted against that chunk", async () => {
    slowReadbacks();
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY });
    // Play starts a chunk of one step (a new run's first); pause and step 3 arrive during it.
    await h.send({ type: 'play' });
    await h.send({ type: 'pause' });
    await h.send({ type: 'step', count: 3 });
    expect(ofType(h.events, 'progress')).toEqual([]);
    await h.scheduler.idle();
    expect(stepOf(h.events, 1)).toBe(4);
    expect(last(ofType(h.events, 'status'))).toMatchObject({ status: 'paused', step: 4 });
    expect(last(ofType(h.events, 'inside')).view.step).toBe(4);
    await disposeAll(h);
  });

  it('a new run that must wait for the chunk in flight says what it waits for, then starts', async () => {
    slowReadbacks();
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY });
    await h.send({ type: 'play' }); // a chunk in flight
    const posted = h.events.length;
    await h.send({ type: 'init', run: 3, config: { ...TINY, seed: 1 }, race: { run: 2, config: TINY } });
    // The first word of the new runs (the old run's chunk then ends, and they start).
    const waiting = ofType(h.events.slice(posted), 'status')
      .filter((e) => e.run !== 1)
      .slice(0, 2);
    expect(waiting.map((e) => [e.run, e.status, e.step])).toEqual([
      [3, 'starting', 0],
      [2, 'starting', 0],
    ]);
    expect(waiting[0]?.message).toBe(
      "waiting for the previous run's training step on cpu to finish (on a slow backend a large model's step can take minutes)",
    );
    await h.scheduler.idle();
    expect(ofType(h.events, 'status', 3).at(-1)).toMatchObject({ status: 'paused', step: 0 });
    // Without a chunk in flight there is nothing to wait for, and nothing is said.
    const quiet = h.events.length;
    await h.send({ type: 'init', run: 4, config: TINY });
    expect(ofType(h.events.slice(quiet), 'status').map((e) => e.status)).toEqual(['paused']);
    await disposeAll(h);
  });

  it("a run that reaches its step budget posts 'finished' and play does nothing more", async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: { ...TINY, steps: 12 } });
    await h.send({ type: 'play' });
    await h.scheduler.idle();
    const progress = ofType(h.events, 'progress', 1);
    expect(last(progress).step).toBe(12);
    expect(progress.flatMap((e) => e.records).map((r) => r.step)).toEqual([5, 10, 12]);
    expect(progress.flatMap((e) => e.events)).toContainEqual({ type: 'finished', step: 12 });
    expect(last(ofType(h.events, 'status'))).toEqual({ type: 'status', run: 1, status: 'finished', step: 12 });
    expect(last(ofType(h.events, 'inside')).view.step).toBe(12);

    const posted = h.events.length;
    await h.send({ type: 'play' });
    await h.send({ type: 'step', count: 5 });
    await h.scheduler.idle();
    expect(h.events.length).toBe(posted);
    await disposeAll(h);
  });

  it('a race advances both runs in lockstep; the view is the first run’s', async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    await h.send({ type: 'step', count: 6 });
    await h.scheduler.idle();
    expect(stepOf(h.events, 1)).toBe(6);
    expect(stepOf(h.events, 2)).toBe(6);
    expect(ofType(h.events, 'status').slice(-2)).toEqual([
      { type: 'status', run: 1, status: 'paused', step: 6 },
      { type: 'status', run: 2, status: 'paused', step: 6 },
    ]);

    await h.send({ type: 'play' });
    await until('a chunk of each', () => ofType(h.events, 'progress', 2).length >= 4);
    await h.send({ type: 'pause' });
    await h.scheduler.idle();
    expect(stepOf(h.events, 1)).toBe(stepOf(h.events, 2));
    expect(ofType(h.events, 'inside').every((e) => e.run === 1)).toBe(true);
    // Different filters, same data and initialisation: the runs are not one run twice.
    const at5 = (run: number) => ofType(h.events, 'progress', run).flatMap((e) => e.records)[0];
    expect(at5(1)?.step).toBe(5);
    expect(at5(1)?.trainLoss).not.toBe(at5(2)?.trainLoss);
    await disposeAll(h);
  });

  it('end-race drops the second run and frees its trainer', async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    await h.send({ type: 'step', count: 5 });
    await h.scheduler.idle();
    const racing = tf.memory().numTensors;
    await h.send({ type: 'end-race' });
    expect(tf.memory().numTensors).toBeLessThan(racing);

    const posted = h.events.length;
    await h.send({ type: 'step', count: 3 });
    await h.scheduler.idle();
    const after = h.events.slice(posted);
    expect(after.some((e) => 'run' in e && e.run === 2)).toBe(false);
    expect(stepOf(after, 1)).toBe(8);
    expect(last(ofType(after, 'status'))).toEqual({ type: 'status', run: 1, status: 'paused', step: 8 });
    await disposeAll(h);
  });

  it('end-race while playing: the dropped run is freed after its chunk, without an error', async () => {
    const slow = slowReadbacks();
    let ended = -1;
    const h = harness(undefined, (e) => {
      // Sent as run 1's second chunk is reported: run 2's is just starting.
      if (e.type === 'progress' && e.run === 1 && e.step > 1 && ended < 0) {
        ended = h.events.length;
        void h.send({ type: 'end-race' });
      }
    });
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    await h.send({ type: 'play' });
    await until('the end of the race', () => ended >= 0);
    await until('two more chunks', () => ofType(h.events.slice(ended), 'progress', 1).length >= 2);
    await h.send({ type: 'pause' });
    await h.scheduler.idle();

    const after = h.events.slice(ended);
    // Run 2's chunk in flight still reports, once; after run 1's next chunk nothing does.
    const next = after.findIndex((e) => e.type === 'progress' && e.run === 1);
    expect(ofType(after.slice(0, next), 'progress', 2)).toHaveLength(1);
    expect(after.slice(next).some((e) => 'run' in e && e.run === 2)).toBe(false);
    expect(last(ofType(h.events, 'status'))).toMatchObject({ run: 1, status: 'paused' });
    expect(slow.disposedInFlight).toBe(0);
    await disposeAll(h);
  });

  it("a live 'set' posts the change; a bad value is rejected", async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    await h.send({ type: 'step', count: 4 });
    await h.scheduler.idle();
    const posted = h.events.length;

    await h.send({ type: 'set', runs: [1], key: 'lambda', value: 3 });
    await h.send({ type: 'set', runs: [2], key: 'lr', value: 0.001 });
    await h.send({ type: 'set', runs: [2], key: 'lr', value: -1 });
    await h.send({ type: 'set', runs: [9], key: 'lr', value: 0.002 }); // no such run: nothing
    const after = h.events.slice(posted);
    expect(after).toHaveLength(3);
    expect(after[0]).toEqual({
      type: 'progress',
      run: 1,
      step: 4,
      records: [],
      events: [{ type: 'change', step: 4, key: 'lambda', from: TINY_EMA.lambda, to: 3 }],
      elapsedMs: expect.any(Number),
    });
    expect(after[1]).toMatchObject({
      type: 'progress',
      run: 2,
      events: [{ type: 'change', step: 4, key: 'lr', from: 0.003, to: 0.001 }],
    });
    expect(after[2]).toMatchObject({ type: 'rejected', run: 2, key: 'lr', message: expect.stringContaining('lr') });
    await disposeAll(h);
  });

  it('a live change that arrives during a chunk is applied after it, and posted once', async () => {
    slowReads();
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY });
    await h.send({ type: 'play' }); // its first chunk (one step) awaits its losses' read
    await h.send({ type: 'set', runs: [1], key: 'lr', value: 0.001 });
    await h.send({ type: 'set', runs: [1], key: 'wd', value: 0.5 });
    await until('a chunk after them', () => ofType(h.events, 'progress', 1).length >= 4);
    await h.send({ type: 'pause' });
    await h.scheduler.idle();
    // Once each, in order, at the step where the chunk in flight ended.
    expect(changesOf(h.events, 1)).toEqual([
      { type: 'change', step: 1, key: 'lr', from: TINY.lr, to: 0.001 },
      { type: 'change', step: 1, key: 'wd', from: TINY.wd, to: 0.5 },
    ]);
    await disposeAll(h);
  });

  it('in a race, one live change reaches both runs at the same step, even halfway through a chunk', async () => {
    slowReads();
    let sent = false;
    const h = harness(undefined, (e) => {
      // As run 1's second chunk is reported, run 2's is just starting: the change arrives between them.
      if (e.type === 'progress' && e.run === 1 && e.step > 1 && !sent) {
        sent = true;
        void h.send({ type: 'set', runs: [1, 2], key: 'lr', value: 0.001 });
      }
    });
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    await h.send({ type: 'play' });
    await until('the change', () => changesOf(h.events, 2).length > 0);
    await h.send({ type: 'pause' });
    await h.scheduler.idle();
    const [one, two] = [changesOf(h.events, 1), changesOf(h.events, 2)];
    expect(one).toHaveLength(1);
    expect(two).toEqual(one);
    expect(one[0]).toMatchObject({ key: 'lr', to: 0.001 });
    expect(one[0]?.step).toBeGreaterThan(1);
    await disposeAll(h);
  });

  it("'inspect' posts the first run's view for the pair", async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY, race: { run: 2, config: TINY_EMA } });
    await h.send({ type: 'step', count: 3 });
    await h.scheduler.idle();
    await h.send({ type: 'inspect', a: 4, b: 5 });
    const view = last(ofType(h.events, 'inside'));
    expect(view.run).toBe(1);
    expect(view.view.step).toBe(3);
    expect(view.view.p).toBe(7);
    expect(view.view.attention).toMatchObject({ a: 4, b: 5 });
    expect(view.view.predicted).toHaveLength(49);

    // The pair stays for the views that follow.
    await h.send({ type: 'step', count: 1 });
    await h.scheduler.idle();
    expect(last(ofType(h.events, 'inside')).view).toMatchObject({ step: 4, attention: { a: 4, b: 5 } });
    await disposeAll(h);
  });

  it("a reasoning run's views are of facts, and 'inspect-fact' picks the fact shown", async () => {
    const h = harness();
    const config: Config = { ...TINY, task: 'compare', entities: 16, attributes: 2, values: 4, ood: 0.3, phi: 2 };
    await h.send({ type: 'init', run: 1, config });
    await h.send({ type: 'step', count: 2 });
    await h.scheduler.idle();
    expect(ofType(h.events, 'inside')).toEqual([]);
    expect(last(ofType(h.events, 'facts')).view).toMatchObject({ step: 2, query: { split: 2, index: 0 } });
    await h.send({ type: 'inspect-fact', split: 0, index: 3 });
    expect(last(ofType(h.events, 'facts')).view.query).toMatchObject({ split: 0, index: 3 });
    await disposeAll(h);
  });

  it('pinning another backend moves every run there at the same step, paused', async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    await h.send({ type: 'step', count: 6 });
    await h.scheduler.idle();
    const records = (run: number) => ofType(h.events, 'progress', run).flatMap((e) => e.records);
    const before = [records(1), records(2)];

    let posted = h.events.length;
    await h.send({ type: 'pin-backend', backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    let after = h.events.slice(posted);
    expect(after.map((e) => e.type)).toEqual(['backend', 'resumed', 'resumed', 'inside', 'status', 'status']);
    expect(after[0]).toMatchObject({ name: 'wasm', choice: { how: 'pinned' } });
    const resumed = ofType(after, 'resumed');
    expect(resumed.map((e) => [e.run, e.step])).toEqual([
      [1, 6],
      [2, 6],
    ]);
    expect(resumed.map((e) => e.records)).toEqual(before);
    const message = 'training moved from cpu to wasm and goes on from step 6. Press play to continue';
    expect(ofType(after, 'status')).toEqual([
      { type: 'status', run: 1, status: 'paused', step: 6, message },
      { type: 'status', run: 2, status: 'paused', step: 6, message },
    ]);

    // They go on there.
    await h.send({ type: 'step', count: 4 });
    await h.scheduler.idle();
    expect(stepOf(h.events, 1)).toBe(10);
    expect(stepOf(h.events, 2)).toBe(10);
    expect(records(1).map((r) => r.step)).toEqual([5, 10]);

    // The same backend again: nothing moves, and the runs say they are still paused.
    posted = h.events.length;
    await h.send({ type: 'pin-backend', backend: 'wasm' });
    expect(h.events.slice(posted).map((e) => e.type)).toEqual(['backend', 'status', 'status']);
    expect(ofType(h.events.slice(posted), 'status').map((e) => e.status)).toEqual(['paused', 'paused']);

    // And back.
    posted = h.events.length;
    await h.send({ type: 'pin-backend', backend: 'auto' });
    expect(tf.getBackend()).toBe('cpu');
    after = h.events.slice(posted);
    expect(ofType(after, 'resumed').map((e) => e.step)).toEqual([10, 10]);
    expect(last(ofType(after, 'status')).message).toBe(
      'training moved from wasm to cpu and goes on from step 10. Press play to continue',
    );
    await disposeAll(h);
  });

  it('pinning the backend in use while playing: the run says it is running again and goes on', async () => {
    slowReadbacks();
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY });
    await h.send({ type: 'play' });
    await until('a chunk', () => ofType(h.events, 'progress').length >= 1);
    const posted = h.events.length;
    await h.send({ type: 'pin-backend', backend: 'auto' }); // cpu, as now
    expect(last(ofType(h.events.slice(posted), 'status')).status).toBe('running');
    const at = stepOf(h.events, 1);
    await until('more steps', () => stepOf(h.events, 1) > at);
    await h.send({ type: 'pause' });
    await h.scheduler.idle();
    expect(last(ofType(h.events, 'status')).status).toBe('paused');
    await disposeAll(h);
  });

  it('a config the engine refuses is reported as an error of its run, naming the key', async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: { ...TINY, p: 8 } });
    await h.scheduler.idle();
    expect(last(ofType(h.events, 'status', 1))).toMatchObject({
      status: 'error',
      message: expect.stringContaining('p'),
    });
    expect(last(ofType(h.events, 'status', 1)).message).toContain('8');
    await h.scheduler.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('a lost GPU device: the runs are rebuilt from their last checkpoint on the fallback, paused', async () => {
    let now = 0;
    const h = harness(() => now);
    await h.send({ type: 'pin-backend', backend: 'webgpu' }); // no run yet: only remembered
    expect(h.events).toEqual([]);
    await h.send({
      type: 'init',
      run: 1,
      config: { ...TINY_EMA, eval: 3 },
      race: { run: 2, config: { ...TINY, eval: 3 } },
    });
    expect(h.events[0]).toMatchObject({ type: 'backend', name: 'webgpu' });
    const device = h.backends.state.device as FakeDevice;

    await trainPastCheckpoint(h, () => (now += CHECKPOINT_MS + 1), 5, 3); // a checkpoint at step 6
    expect(stepOf(h.events, 1)).toBe(9);
    const firstAt9 = (run: number) =>
      ofType(h.events, 'progress', run)
        .flatMap((e) => e.records)
        .filter((r) => r.step === 9);
    const before = [firstAt9(1), firstAt9(2)];

    const posted = h.events.length;
    await h.send({ type: 'lose-device' });
    await until('the recovery', () => ofType(h.events.slice(posted), 'status').length === 2);
    await h.scheduler.idle();
    const after = h.events.slice(posted);
    expect(after.map((e) => e.type)).toEqual(['backend', 'resumed', 'resumed', 'inside', 'status', 'status']);
    expect(after[0]).toMatchObject({
      type: 'backend',
      name: 'cpu',
      choice: { how: 'order' },
      notes: ['the GPU device was lost (Device was destroyed.)'],
    });
    const resumed = ofType(after, 'resumed');
    expect(resumed.map((e) => [e.run, e.step])).toEqual([
      [1, 6],
      [2, 6],
    ]);
    expect(resumed[0]?.records.map((r) => r.step)).toEqual([3, 6]);
    const message =
      'the GPU device was lost (Device was destroyed.). Training moved to cpu and goes on from step 6; ' +
      'steps 7–9 will be trained again. Press play to continue';
    expect(ofType(after, 'status')).toEqual([
      { type: 'status', run: 1, status: 'paused', step: 6, message },
      { type: 'status', run: 2, status: 'paused', step: 6, message },
    ]);

    // Steps 7–9 again, to the same metrics.
    await h.send({ type: 'step', count: 3 });
    await h.scheduler.idle();
    const again = h.events.slice(posted);
    const at9 = (run: number) =>
      ofType(again, 'progress', run)
        .flatMap((e) => e.records)
        .filter((r) => r.step === 9);
    expect(withoutTime(at9(1))).toEqual(withoutTime(before[0] ?? []));
    expect(withoutTime(at9(2))).toEqual(withoutTime(before[1] ?? []));
    expect(at9(1)).toHaveLength(1);

    // The lost device says nothing more.
    const settled = h.events.length;
    device.lose({ message: 'again' });
    for (let i = 0; i < 3; i++) await macrotask();
    await h.scheduler.idle();
    expect(h.events.length).toBe(settled);
    await disposeAll(h);
  });

  it('a GPU error (out of memory): the device is given up and the runs go back to the checkpoint before it', async () => {
    let now = 0;
    const h = harness(() => now);
    await h.send({ type: 'pin-backend', backend: 'webgpu' });
    await h.send({ type: 'init', run: 1, config: { ...TINY_EMA, eval: 3 } });
    const device = h.backends.state.device as FakeDevice;
    await trainPastCheckpoint(h, () => (now += CHECKPOINT_MS + 1), 2, 2); // a checkpoint at step 3
    const posted = h.events.length;
    device.fail('vkAllocateMemory failed with VK_ERROR_OUT_OF_DEVICE_MEMORY');
    device.fail('a second error, after the first: ignored');
    await until('the recovery', () => ofType(h.events.slice(posted), 'status').length === 1);
    await h.scheduler.idle();
    const after = h.events.slice(posted);
    const what =
      'the GPU reported an error (out of memory: vkAllocateMemory failed with VK_ERROR_OUT_OF_DEVICE_MEMORY)';
    expect(after[0]).toMatchObject({ type: 'backend', name: 'cpu', notes: [what] });
    expect(ofType(after, 'resumed').map((e) => [e.run, e.step])).toEqual([[1, 3]]);
    expect(ofType(after, 'status')).toEqual([
      {
        type: 'status',
        run: 1,
        status: 'paused',
        step: 3,
        message: `${what}. Training moved to cpu and goes on from step 3; steps 4–5 will be trained again. Press play to continue`,
      },
    ]);
    await disposeAll(h);
  });

  it('a GPU device lost before any checkpoint: the runs start over; the reason is named', async () => {
    const h = harness(() => 0);
    await h.send({ type: 'pin-backend', backend: 'webgpu' });
    await h.send({ type: 'init', run: 1, config: TINY });
    await h.send({ type: 'step', count: 4 });
    await h.scheduler.idle();
    const posted = h.events.length;
    (h.backends.state.device as FakeDevice).lose({ reason: 'unknown' });
    await until('the recovery', () => ofType(h.events.slice(posted), 'status').length === 1);
    const after = h.events.slice(posted);
    expect(ofType(after, 'resumed')).toEqual([
      { type: 'resumed', run: 1, step: 0, records: [], events: [], elapsedMs: 0 },
    ]);
    expect(last(ofType(after, 'status')).message).toBe(
      'the GPU device was lost (unknown). Training moved to cpu and goes on from step 0; steps 1–4 will be ' +
        'trained again. Press play to continue',
    );
    // Lost again one step later: that one step is trained again.
    await h.send({ type: 'pin-backend', backend: 'webgpu' });
    await h.send({ type: 'step', count: 1 });
    await h.scheduler.idle();
    const again = h.events.length;
    (h.backends.state.device as FakeDevice).lose({ reason: 'unknown' });
    await until('the second recovery', () => ofType(h.events.slice(again), 'status').length === 1);
    expect(last(ofType(h.events.slice(again), 'status')).message).toContain('step 0; step 1 will be trained again.');
    await disposeAll(h);
  });

  it('the first GPU checkpoint comes after FIRST_CHECKPOINT_MS, the next ones every CHECKPOINT_MS', async () => {
    let now = 0;
    const h = harness(() => now);
    await h.send({ type: 'pin-backend', backend: 'webgpu' });
    await h.send({ type: 'init', run: 1, config: TINY });
    const lostAt = async () => {
      const posted = h.events.length;
      (h.backends.state.device as FakeDevice).lose({ reason: 'unknown' });
      await until('the recovery', () => ofType(h.events.slice(posted), 'status').length === 1);
      await h.scheduler.idle();
      await h.send({ type: 'pin-backend', backend: 'webgpu' });
      return last(ofType(h.events.slice(posted), 'resumed')).step;
    };
    // 2 steps, then past the first checkpoint's time, 1 step (checkpointed at 3), then 2 more.
    await trainPastCheckpoint(h, () => (now += FIRST_CHECKPOINT_MS + 1), 2, 2);
    expect(stepOf(h.events, 1)).toBe(5);
    expect(await lostAt()).toBe(3);
    // From there, as long again is not enough for the next one: it waits for CHECKPOINT_MS.
    await trainPastCheckpoint(h, () => (now += FIRST_CHECKPOINT_MS + 1), 1, 1);
    expect(await lostAt()).toBe(3);
    await trainPastCheckpoint(h, () => (now += CHECKPOINT_MS + 1), 1, 1);
    expect(await lostAt()).toBe(5);
    await disposeAll(h);
  });

  it("a device lost during a chunk: the failing chunk's error is not reported", async () => {
    const slow = slowReadbacks();
    let lost = false;
    const h = harness(undefined, (e) => {
      // As run 1's first chunk is reported, run 2's is in flight: its readback will fail.
      if (e.type === 'progress' && e.run === 1 && !lost) {
        lost = true;
        slow.failing = true;
        h.backends.state.device?.destroy();
      }
      if (e.type === 'resumed') slow.failing = false;
    });
    await h.send({ type: 'pin-backend', backend: 'webgpu' });
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    await h.send({ type: 'play' });
    await until('the recovery', () => ofType(h.events, 'resumed').length === 2);
    await h.scheduler.idle();
    expect(ofType(h.events, 'progress', 2)).toEqual([]);
    expect(ofType(h.events, 'resumed').map((e) => [e.run, e.step])).toEqual([
      [1, 0],
      [2, 0],
    ]);
    expect(last(ofType(h.events, 'status'))).toMatchObject({
      run: 2,
      status: 'paused',
      step: 0,
      message: expect.stringContaining('the GPU device was lost (Device was destroyed.). Training moved to cpu'),
    });
    await h.send({ type: 'step', count: 2 });
    await h.scheduler.idle();
    expect(stepOf(h.events, 2)).toBe(2);
    await disposeAll(h);
  });

  it('a filter changed during a GPU checkpoint: the checkpoint stays whole, and a lost device goes back to it', async () => {
    slowReads();
    let now = 0;
    let changed = false;
    const h = harness(
      () => now,
      (e) => {
        // Run 1's chunk is reported just before its checkpoint, which is due: the change arrives
        // while its reads are in flight.
        if (e.type === 'progress' && e.run === 1 && e.step === 4 && !changed) {
          changed = true;
          void h.send({ type: 'set', runs: [1], key: 'filter', value: 'ma' });
        }
      },
    );
    await h.send({ type: 'pin-backend', backend: 'webgpu' });
    await h.send({ type: 'init', run: 1, config: { ...TINY_EMA, eval: 2 } });
    await trainPastCheckpoint(h, () => (now += CHECKPOINT_MS + 1), 3, 2); // a checkpoint at step 4
    expect(changesOf(h.events, 1)).toEqual([{ type: 'change', step: 4, key: 'filter', from: 'ema', to: 'ma' }]);

    const posted = h.events.length;
    await h.send({ type: 'lose-device' });
    await until('the recovery', () => ofType(h.events.slice(posted), 'status').length === 1);
    await h.scheduler.idle();
    const after = h.events.slice(posted);
    expect(ofType(after, 'resumed').map((e) => e.step)).toEqual([4]);
    expect(last(ofType(after, 'status'))).toMatchObject({ status: 'paused', step: 4 });
    await disposeAll(h);
  });

  it('no backend can start: the new runs say so as their error, rather than wait at starting', async () => {
    const h = harness();
    const cause = 'no tfjs backend could start: a chunk failed to load (offline)';
    vi.spyOn(h.backends, 'chooseBackend').mockRejectedValue(new Error(cause));
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    expect(ofType(h.events, 'status')).toEqual([
      { type: 'status', run: 1, status: 'error', step: 0, message: cause },
      { type: 'status', run: 2, status: 'error', step: 0, message: cause },
    ]);
    // Nothing trains, and nothing fails more.
    await h.send({ type: 'play' });
    await h.send({ type: 'set', runs: [1, 2], key: 'lr', value: 0.001 });
    await h.scheduler.idle();
    expect(h.events.map((e) => e.type)).toEqual(['status', 'status']);
    await h.scheduler.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('a recovery that fails is reported, and so are later errors of the training loop', async () => {
    const slow = slowReadbacks();
    const h = harness(() => 0);
    await h.send({ type: 'pin-backend', backend: 'webgpu' });
    await h.send({ type: 'init', run: 1, config: TINY });
    vi.spyOn(h.backends, 'pickFallback').mockRejectedValueOnce(new Error('no tfjs backend could start: offline'));
    const posted = h.events.length;
    await h.send({ type: 'lose-device' });
    await until('the failed recovery', () => ofType(h.events.slice(posted), 'status').length === 1);
    expect(last(ofType(h.events, 'status'))).toMatchObject({
      status: 'error',
      message: 'no tfjs backend could start: offline',
    });

    // A new run on the backend that works, whose training then fails: that is said too.
    await h.send({ type: 'pin-backend', backend: 'cpu' });
    await h.send({ type: 'init', run: 2, config: TINY });
    slow.failing = true;
    await h.send({ type: 'play' });
    await h.scheduler.idle();
    expect(last(ofType(h.events, 'status', 2))).toMatchObject({ status: 'error', message: 'the device is lost' });
    await h.scheduler.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('a live change held back from a chunk whose device is lost goes to the rebuilt runs', async () => {
    const slow = slowReadbacks();
    let lost = false;
    const h = harness(undefined, (e) => {
      // As run 1's first chunk is reported, run 2's is in flight: a change arrives, then the loss.
      if (e.type === 'progress' && e.run === 1 && !lost) {
        lost = true;
        void h.send({ type: 'set', runs: [1, 2], key: 'lr', value: 0.001 });
        slow.failing = true;
        h.backends.state.device?.destroy();
      }
      if (e.type === 'resumed') slow.failing = false;
    });
    await h.send({ type: 'pin-backend', backend: 'webgpu' });
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    await h.send({ type: 'play' });
    await until('the recovery', () => ofType(h.events, 'resumed').length === 2);
    await h.scheduler.idle();
    const resumed = h.events.findIndex((e) => e.type === 'resumed');
    const change = { type: 'change', step: 0, key: 'lr', from: TINY.lr, to: 0.001 };
    for (const run of [1, 2]) {
      expect(changesOf(h.events.slice(0, resumed), run)).toEqual([]);
      expect(changesOf(h.events.slice(resumed), run)).toEqual([change]);
    }
    await h.send({ type: 'step', count: 1 });
    await h.scheduler.idle();
    expect(last(ofType(h.events, 'progress', 2)).step).toBe(1);
    await disposeAll(h);
  });

  it('a device given up when training moved elsewhere is no longer watched', async () => {
    const h = harness();
    await h.send({ type: 'pin-backend', backend: 'webgpu' });
    await h.send({ type: 'init', run: 1, config: TINY });
    const device = h.backends.state.device as FakeDevice;
    await h.send({ type: 'pin-backend', backend: 'cpu' });
    expect(last(ofType(h.events, 'status')).message).toBe('training moved from webgpu to cpu. Press play to continue');
    const posted = h.events.length;
    device.destroy();
    for (let i = 0; i < 3; i++) await macrotask();
    await h.scheduler.idle();
    expect(h.events.length).toBe(posted);
    await disposeAll(h);
  });

  it('a new init frees the runs it replaces', async () => {
    const h = harness();
    await h.send({ type: 'init', run: 1, config: TINY_EMA, race: { run: 2, config: TINY } });
    await h.send({ type: 'play' });
    await until('a chunk', () => ofType(h.events, 'progress', 2).length >= 1);
    await h.send({ type: 'init', run: 3, config: TINY });
    await h.scheduler.idle();
    const fresh = tf.memory().numTensors;
    await h.send({ type: 'step', count: 2 });
    await h.scheduler.idle();
    expect(stepOf(h.events, 3)).toBe(2);
    await h.scheduler.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    expect(fresh).toBeGreaterThan(baseline);
  });
});

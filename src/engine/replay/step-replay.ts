// A training step built once and issued again: from a captured tfjs step (capture.ts), the bind
// groups are made once, and each later step is the step's own data written into its buffers, the
// state copied in, the same dispatches encoded into one command buffer and one submit. No tfjs
// kernel runs, so none of its per-kernel host work either (uniforms, bind groups, buffer
// bookkeeping: about 90 µs a kernel on the H200 machine, README "Per step"). The numbers are those
// of the tfjs step bit for bit: the same pipelines, the same uniforms, the same order.
import * as tf from '@tensorflow/tfjs-core';
import { type Capture, differences, releaseCapture, type StepRoles } from './capture';
import { describeGpuError } from '../gpu-errors';
import { bufferOf, type DataId, type GpuBuffer, type ReplayBackend, USAGE } from './gpu';

interface Slot {
  name: string;
  before: GpuBuffer;
  /** Where the step writes the new state; null for state it only reads (an evaluation's parameters). */
  after: GpuBuffer | null;
}

export class StepReplay {
  private readonly bindGroups: unknown[];
  private readonly slots: Slot[];
  private readonly feeds: Map<string, GpuBuffer>;
  private readonly results: Map<string, { buffer: GpuBuffer; shape: number[] }>;
  /** The first run's validation, until taken (see takeCheck); null before it and once taken. */
  private check: Promise<string | null> | null = null;
  private checked = false;

  constructor(
    private readonly backend: ReplayBackend,
    private capture: Capture | null,
    roles: StepRoles,
  ) {
    const cap = capture as Capture;
    const buffer = (id: DataId | undefined, what: string) => {
      const b = id === undefined ? null : bufferOf(backend, id);
      if (!b) throw new Error(`step replay: ${what} has no GPU buffer`);
      return b;
    };
    this.slots = [...roles.before].map(([name, id]) => ({
      name,
      before: buffer(id, `${name} before the step`),
      after: roles.after.has(name) ? buffer(roles.after.get(name), `${name} after the step`) : null,
    }));
    this.feeds = new Map([...roles.feeds].map(([role, id]) => [role, buffer(id, role)]));
    this.results = new Map(
      [...roles.results].map(([name, t]) => [name, { buffer: buffer(t.dataId, name), shape: [...t.shape] }]),
    );
    this.bindGroups = cap.dispatches.map((d) =>
      backend.device.createBindGroup({
        layout: d.pipeline.getBindGroupLayout(0),
        entries: [...d.buffers, d.uniforms].map((b, binding) => ({ binding, resource: { buffer: b } })),
      }),
    );
  }

  /** The state this step reads and writes, by name. */
  get stateNames(): string[] {
    return this.slots.map((s) => s.name);
  }

  /** The step's own data, by role. */
  get feedRoles(): string[] {
    return [...this.feeds.keys()];
  }

  /** Whether the state named in `current` (name → the data holding it now) is the state this step reads. */
  fits(current: ReadonlyMap<string, DataId>): boolean {
    if (current.size !== this.slots.length) return false;
    return this.slots.every((s) => {
      const id = current.get(s.name);
      const data = id && this.backend.tensorMap.get(id);
      if (!data) return false;
      const b = bufferOf(this.backend, id);
      return b ? b.size === s.before.size : data.values !== null && data.values.byteLength === s.before.size;
    });
  }

  /**
   * Issues one step: `feeds` (role → values) written into the step's inputs, the state named in
   * `current` (name → the data holding it now) copied in, the dispatches, the new state copied back
   * where `current` is not already the step's output, and the results asked for (`want`) copied out
   * as new tensors. The state must fit (see fits).
   */
  run(
    feeds: ReadonlyMap<string, ArrayBufferView>,
    current: ReadonlyMap<string, DataId>,
    want: readonly string[],
  ): Map<string, tf.Tensor> {
    const cap = this.capture;
    if (!cap) throw new Error('step replay: run after dispose');
    const backend = this.backend;
    if (!this.fits(current)) throw new Error('step replay: the state does not fit the captured step');
    if (feeds.size !== this.feeds.size) throw new Error(`step replay: ${feeds.size} inputs for ${this.feeds.size}`);
    const now = this.slots.map((s) => {
      const id = current.get(s.name) as DataId;
      if (!bufferOf(backend, id)) backend.uploadToGPU(id); // state restored from the CPU, not used yet
      return bufferOf(backend, id) as GpuBuffer;
    });
    // Whatever tfjs has queued (uploads of the state above, an evaluation's kernels) goes first.
    if (backend.commandEncoder !== null && backend.commandEncoder !== undefined) {
      backend.endComputePassEncoder();
      backend.submitQueue();
    }
    for (const [role, values] of feeds) {
      const dst = this.feeds.get(role);
      if (!dst || values.byteLength !== dst.size) throw new Error(`step replay: ${role} does not fit its buffer`);
      backend.queue.writeBuffer(dst, 0, values);
    }
    // The first run is validated (bindings, buffers): a step built wrong runs nothing at all.
    const validate = !this.checked;
    if (validate) backend.device.pushErrorScope('validation');
    const enc = backend.device.createCommandEncoder();
    this.slots.forEach((s, i) => {
      const b = now[i] as GpuBuffer;
      // Where this step ran last, the state is its output: copied to where the step reads it.
      if (b !== s.before) enc.copyBufferToBuffer(b, 0, s.before, 0, b.size);
    });
    const pass = enc.beginComputePass();
    let pipeline: unknown = null;
    cap.dispatches.forEach((d, k) => {
      if (d.pipeline !== pipeline) pass.setPipeline(d.pipeline);
      pipeline = d.pipeline;
      pass.setBindGroup(0, this.bindGroups[k]);
      pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
    });
    pass.end();
    this.slots.forEach((s, i) => {
      const b = now[i] as GpuBuffer;
      if (s.after && b !== s.after) enc.copyBufferToBuffer(s.after, 0, b, 0, b.size);
    });
    const out = new Map<string, { buffer: GpuBuffer; shape: number[] }>();
    for (const name of want) {
      const src = this.results.get(name);
      if (!src) throw new Error(`step replay: the step has no result ${name}`);
      const bytes = 4 * src.shape.reduce((a, b) => a * b, 1);
      const dst = backend.bufferManager.acquireBuffer(bytes, USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST);
      enc.copyBufferToBuffer(src.buffer, 0, dst, 0, bytes);
      out.set(name, { buffer: dst, shape: src.shape });
    }
    backend.queue.submit([enc.finish()]);
    if (validate) {
      this.checked = true;
      this.check = backend.device.popErrorScope().then((e) => (e ? describeGpuError(e) : null));
    }
    return new Map([...out].map(([name, r]) => [name, tensorOn(backend, r.buffer, r.shape)]));
  }

  /**
   * The outcome of the first run's validation (null: valid; else what failed), once: later calls, and
   * calls before the first run, return null.
   */
  takeCheck(): Promise<string | null> | null {
    const check = this.check;
    this.check = null;
    return check;
  }

  /** Gives the captured step's buffers back to tfjs. */
  dispose(): void {
    if (this.capture) releaseCapture(this.backend, this.capture);
    this.capture = null;
  }
}

/** A float32 tensor whose data is `buffer` (taken from tfjs's pool: it goes back there on dispose). */
function tensorOn(backend: ReplayBackend, buffer: GpuBuffer, shape: number[]): tf.Tensor {
  const id = backend.write(null, shape, 'float32');
  (backend.tensorMap.get(id) as { resource: unknown }).resource = buffer;
  const engine = tf.engine() as unknown as {
    makeTensorFromDataId(id: DataId, shape: number[], dtype: 'float32', backend: unknown): tf.Tensor;
  };
  return engine.makeTensorFromDataId(id, shape, 'float32', backend);
}

/** Captures kept per batch size, tried before a step is replayed. */
const MAX_TRIES = 4;
/** Batch sizes a run steps with: the batch, and a smaller last one of each epoch. */
const MAX_SHAPES = 2;

interface Entry {
  last: { capture: Capture; roles: StepRoles } | null;
  replay: StepReplay | null;
  tries: number;
  refused: string | null;
}

/**
 * The steps of one run, per batch size: each is captured as tfjs runs it until two in a row are the
 * same program (capture.ts `differences`), then replayed. A step that differs every time (the MA
 * filter, warmup on the unfused update) is given up after a few tries, and stays on tfjs.
 */
export class ReplayCache {
  private readonly entries = new Map<number, Entry>();
  /** The last reason a capture was given up, for the bench and the tests. */
  refusal: string | null = null;

  /** `label`: how the status names the steps of one size (by default, by their batch size). */
  constructor(
    private readonly backend: ReplayBackend,
    private readonly label: (rows: number) => string = (rows) => `${rows} rows`,
  ) {}

  /** The replay for steps of `rows` equations, where one is ready. */
  ready(rows: number): StepReplay | null {
    return this.entries.get(rows)?.replay ?? null;
  }

  /** Whether a step of `rows` equations should be captured (no replay yet, not given up). */
  wants(rows: number): boolean {
    const e = this.entries.get(rows);
    if (e) return !e.replay && !e.refused;
    return this.entries.size < MAX_SHAPES;
  }

  /** Takes a captured step of `rows` equations; the second of two the same becomes the replay. */
  offer(rows: number, capture: Capture, roles: StepRoles): void {
    const e = this.entries.get(rows) ?? { last: null, replay: null, tries: 0, refused: null };
    this.entries.set(rows, e);
    const last = e.last;
    e.last = null;
    e.tries++;
    const why = last ? differences(last.capture, last.roles, capture, roles) : (capture.refused ?? 'first capture');
    if (last) releaseCapture(this.backend, last.capture);
    if (why === null) {
      try {
        e.replay = new StepReplay(this.backend, capture, roles);
        return;
      } catch (err) {
        this.giveUp(e, capture, err instanceof Error ? err.message : String(err));
        return;
      }
    }
    if (capture.refused || e.tries >= MAX_TRIES) this.giveUp(e, capture, why);
    else e.last = { capture, roles };
  }

  private giveUp(e: Entry, capture: Capture, why: string): void {
    releaseCapture(this.backend, capture);
    e.refused = why;
    this.refusal = why;
  }

  /** What the cache does, in words: replaying, capturing, or why not. */
  get status(): string {
    const states = [...this.entries].map(
      ([rows, e]) =>
        `${this.label(rows)}: ${e.replay ? 'replayed' : e.refused ? `not replayed (${e.refused})` : 'being captured'}`,
    );
    return states.length > 0 ? states.join('; ') : 'nothing captured yet';
  }

  /** Whether some batch size is replayed. */
  get replaying(): boolean {
    return [...this.entries.values()].some((e) => e.replay !== null);
  }

  /** Forgets every capture (the step's program changes: a new filter, a restored run). */
  invalidate(): void {
    for (const e of this.entries.values()) {
      e.replay?.dispose();
      if (e.last) releaseCapture(this.backend, e.last.capture);
    }
    this.entries.clear();
  }

  dispose(): void {
    this.invalidate();
  }
}

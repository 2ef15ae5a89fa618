// Records one training step as tfjs runs it on WebGPU: every dispatch (its compiled pipeline, its
// workgroups, the buffers bound to it and its uniforms), and every upload of CPU data. Each buffer
// the step touches is pinned (one more reference on its tfjs data, and the uniform buffers taken
// from tfjs's pool), so that tfjs never hands it to another tensor: the step can then be issued
// again from the record alone (step-replay.ts), with no tfjs kernel, buffer or bind group made.
import type { DataId, GpuBuffer, GpuPipeline, RecordedProgram, ReplayBackend, Uniform } from './gpu';
import { bufferOf } from './gpu';
import * as tf from '@tensorflow/tfjs-core';

export interface Dispatch {
  pipeline: GpuPipeline;
  shaderKey: string;
  workgroups: [number, number, number];
  /** The output's data and the inputs', in binding order. */
  ids: DataId[];
  buffers: GpuBuffer[];
  uniforms: GpuBuffer;
  /** The uniforms' values, to compare two captures. */
  uniformKey: string;
}

export interface Upload {
  buffer: GpuBuffer;
  bytes: Uint8Array;
}

export interface Capture {
  dispatches: Dispatch[];
  /** CPU data uploaded during the step, in upload order. */
  uploads: Map<DataId, Upload>;
  /** Why this step cannot be replayed, whatever the next capture holds; null where it can. */
  refused: string | null;
  pinned: Set<DataId>;
  ownedUniforms: GpuBuffer[];
}

/** Serialises uniforms for comparison (NaN and Infinity included, which JSON would lose). */
const uniformKey = (u: Uniform[]) => u.map((d) => `${d.type}:${d.data.map(String).join(',')}`).join(';');

type Patchable = Record<string, unknown>;

/**
 * Runs `step` (tfjs work that issues one training step and does not submit it) and records it.
 * tfjs runs it as always; the record comes in addition.
 */
export function captureStep(backend: ReplayBackend, step: () => void): Capture {
  const cap: Capture = { dispatches: [], uploads: new Map(), refused: null, pinned: new Set(), ownedUniforms: [] };
  const refuse = (why: string) => (cap.refused ??= why);
  const pin = (id: DataId) => {
    if (cap.pinned.has(id)) return;
    backend.incRef(id);
    cap.pinned.add(id);
  };
  if (backend.activeTimers !== null && backend.activeTimers !== undefined) refuse('tfjs is timing kernels');
  if (tf.env().getBool('WEBGPU_ENGINE_COMPILE_ONLY')) refuse('tfjs compiles without running');

  const target = backend as unknown as Patchable;
  const names = ['recordAndSubmit', 'makeUniforms', 'uploadToGPU', 'submitQueue'] as const;
  // Own properties of that name there before (none in tfjs 4.22: they are its class's methods).
  const own = new Map(names.filter((n) => Object.hasOwn(target, n)).map((n) => [n, target[n]]));
  const originals = {
    recordAndSubmit: backend.recordAndSubmit.bind(backend),
    makeUniforms: backend.makeUniforms.bind(backend),
    uploadToGPU: backend.uploadToGPU.bind(backend),
    submitQueue: backend.submitQueue.bind(backend),
  };
  let lastUniforms: { buffer: GpuBuffer; key: string } | null = null;
  const wrapped: Partial<ReplayBackend> = {
    makeUniforms(uniforms) {
      const made = originals.makeUniforms(uniforms);
      lastUniforms = { buffer: made.buffer, key: uniformKey(uniforms) };
      return made;
    },
    uploadToGPU(id) {
      const data = backend.tensorMap.get(id);
      const values = data && (data.resource === null || data.resource === undefined) ? data.values : null;
      originals.uploadToGPU(id);
      const buffer = bufferOf(backend, id);
      if (values && buffer) {
        pin(id);
        const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
        if (!cap.uploads.has(id)) cap.uploads.set(id, { buffer, bytes });
      }
    },
    submitQueue() {
      refuse('the step submitted work before its end (a read-back, or tfjs submitting in batches)');
      originals.submitQueue();
    },
    recordAndSubmit(program: RecordedProgram, output: tf.TensorInfo, inputs: tf.TensorInfo[], uniforms?: Uniform[]) {
      const ids = [output.dataId, ...inputs.map((i) => i.dataId)];
      const buffers = ids.map((id) => bufferOf(backend, id));
      ids.forEach(pin);
      lastUniforms = null;
      originals.recordAndSubmit(program, output, inputs, uniforms);
      const pipeline = program.pipeline as Partial<GpuPipeline> | null;
      const queued = backend.uniformPendingDisposal;
      const made = lastUniforms as { buffer: GpuBuffer; key: string } | null;
      if (!made || queued[queued.length - 1] !== made.buffer) {
        refuse(`the uniforms of ${program.shaderKey} were not found`);
        return;
      }
      queued.pop(); // the capture owns it now: tfjs would return it to its pool at the next submit
      cap.ownedUniforms.push(made.buffer);
      if (!pipeline || typeof pipeline.getBindGroupLayout !== 'function') {
        refuse(`${program.shaderKey} has no compiled pipeline`);
        return;
      }
      if (buffers.some((b) => b === null)) {
        refuse(`${program.shaderKey} reads or writes data that is not in a GPU buffer`);
        return;
      }
      cap.dispatches.push({
        pipeline: pipeline as GpuPipeline,
        shaderKey: program.shaderKey,
        workgroups: [program.dispatch[0], program.dispatch[1], program.dispatch[2]],
        ids,
        buffers: buffers as GpuBuffer[],
        uniforms: made.buffer,
        uniformKey: made.key,
      });
    },
  };
  for (const [name, fn] of Object.entries(wrapped)) target[name] = fn;
  try {
    step();
  } finally {
    for (const name of names) {
      if (own.has(name)) target[name] = own.get(name);
      else Reflect.deleteProperty(target, name);
    }
  }
  return cap;
}

/** Gives back everything a capture pinned: tfjs may reuse those buffers again. */
export function releaseCapture(backend: ReplayBackend, cap: Capture): void {
  const engine = tf.engine() as unknown as { removeDataId(id: DataId, backend: unknown): void };
  for (const b of cap.ownedUniforms) backend.bufferManager.releaseBuffer(b);
  // Where the last reference was the pin, tfjs frees the data now; the engine still counts it (its
  // tensors were disposed while pinned) until it is told.
  for (const id of cap.pinned) if (backend.disposeData(id)) engine.removeDataId(id, backend);
  cap.ownedUniforms = [];
  cap.pinned.clear();
}

/** What the trainer says about a captured step's data. */
export interface StepRoles {
  /** State read by the step (parameters, optimizer and filter state): name → its data before the step. */
  before: Map<string, DataId>;
  /** The same state's data after the step. */
  after: Map<string, DataId>;
  /** Data each step brings anew (the batch, the step's numbers): role → its data. */
  feeds: Map<string, DataId>;
  /** The step's results read afterwards (the loss, the gradient's norm): name → the tensor. */
  results: Map<string, { dataId: DataId; shape: number[] }>;
}

/**
 * The data of each binding of each dispatch named by what it is, not by which buffer tfjs gave it:
 * `slot:NAME` (state before the step), `feed:ROLE`, `out#K` (written by dispatch K), `up#J` (the J-th
 * other upload) or `ext:ID` (made before the step and not state: constants, the full batch).
 */
export function canonicalBindings(cap: Capture, roles: StepRoles): string[][] {
  const slotOf = new Map([...roles.before].map(([name, id]) => [id, name]));
  const feedOf = new Map([...roles.feeds].map(([role, id]) => [id, role]));
  const uploadIndex = new Map([...cap.uploads.keys()].filter((id) => !feedOf.has(id)).map((id, j) => [id, j]));
  const writer = new Map<DataId, number>();
  return cap.dispatches.map((d, k) => {
    const names = d.ids.map((id, i) => {
      if (slotOf.has(id)) return `slot:${slotOf.get(id)}`;
      if (feedOf.has(id)) return `feed:${feedOf.get(id)}`;
      if (writer.has(id)) return `out#${writer.get(id)}`;
      if (i === 0) return `out#${k}`;
      if (uploadIndex.has(id)) return `up#${uploadIndex.get(id)}`;
      return `ext:${(id as { id?: number }).id ?? '?'}`;
    });
    const out = d.ids[0] as DataId;
    if (!writer.has(out) && !slotOf.has(out)) writer.set(out, k);
    return names;
  });
}

/**
 * Why the step recorded in `b` cannot stand for every later step, given the one recorded before it
 * (`a`, same shapes): null where both are the same program with the same constants, the state and
 * the step's own data in the same places, and `b`'s results all written by its dispatches.
 */
export function differences(a: Capture, aRoles: StepRoles, b: Capture, bRoles: StepRoles): string | null {
  if (b.refused) return b.refused;
  if (a.refused) return a.refused;
  if (b.dispatches.length === 0) return 'the step dispatched nothing';
  if (a.dispatches.length !== b.dispatches.length)
    return `the step changed: ${a.dispatches.length} dispatches, then ${b.dispatches.length}`;
  const [ca, cb] = [canonicalBindings(a, aRoles), canonicalBindings(b, bRoles)];
  for (let k = 0; k < b.dispatches.length; k++) {
    const [da, db] = [a.dispatches[k] as Dispatch, b.dispatches[k] as Dispatch];
    const at = `dispatch ${k} (${db.shaderKey})`;
    if (da.shaderKey !== db.shaderKey) return `${at} was ${da.shaderKey} the step before`;
    if (da.workgroups.join() !== db.workgroups.join()) return `${at} changed its workgroups`;
    if (da.uniformKey !== db.uniformKey) return `${at} changed its uniforms`;
    if ((ca[k] as string[]).join() !== (cb[k] as string[]).join())
      return `${at} reads other data: ${(ca[k] as string[]).join(' ')} then ${(cb[k] as string[]).join(' ')}`;
  }
  const others = (c: Capture, r: StepRoles) =>
    [...c.uploads].filter(([id]) => ![...r.feeds.values()].includes(id)).map(([, u]) => u.bytes);
  const [ua, ub] = [others(a, aRoles), others(b, bRoles)];
  if (ua.length !== ub.length) return `the step uploaded ${ua.length} constants, then ${ub.length}`;
  for (let j = 0; j < ub.length; j++)
    if (!sameBytes(ua[j] as Uint8Array, ub[j] as Uint8Array))
      return `upload ${j} changed between steps, and is no declared input`;
  for (const [role, id] of bRoles.feeds) if (!b.uploads.has(id)) return `the step's ${role} was not uploaded during it`;
  const written = new Set(b.dispatches.map((d) => d.ids[0] as DataId));
  const results = [...bRoles.results].map(([name, t]) => [name, t.dataId] as const);
  for (const [name, id] of [...bRoles.after, ...results])
    if (!written.has(id)) return `${name} after the step is not written by it`;
  for (const name of bRoles.after.keys())
    if (!bRoles.before.has(name)) return `the state ${name} appeared during the step`;
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

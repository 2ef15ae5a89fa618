// The training loop: config in, metrics and events out. Steps run on the tfjs backend without
// waiting for it; values come back with one asynchronous read per evaluation (or every SYNC_EVERY
// steps when evaluations are far apart), never one per step.
import * as tf from '@tensorflow/tfjs-core';
import { type Config, LIVE_KEYS, type LiveKey } from '../config/schema';
import { type ConfigIssue, parseValue, validateConfig } from '../config/validate';
import type { Equations } from './data';
import { familyOf } from '../config/tasks';
import { engineFamilyOf, makeRunData, type RunData } from './tasks';
import { readFacts } from './inside/facts';
import type { FactsView } from './inside/facts-view';
import type { FourierGroup } from './inside/group';
import { progressMeasures, progressRows, type ProgressRows } from './inside/progress';
import { type LensSample, lensSample } from './inside/lens-sample';
import { bridgeAtR1, type LensView } from './inside/lens-view';
import { readLens } from './inside/logit-lens';
import { readInside } from './inside/read';
import { type AnswerTable, answerTable } from './inside/table';
import type { InsideView } from './inside/view';
import { createFilter, EmaFilter, type GradFilter } from './filters';
import { fusedKernels, stepReplay, submitStep } from './kernels/fused';
import { captureStep } from './replay/capture';
import { replayBackend } from './replay/gpu';
import { ReplayCache, type StepReplay } from './replay/step-replay';
import { oneHotFloat, Transformer } from './model';
import type { ModelOps } from './ops';
import { Dropout } from './dropout';
import { Adam, clipGlobalNorm, decayMask, warmupLr } from './optimizer';
import {
  GROKKED_AT,
  type LiveValue,
  MEMORISED_AT,
  type MetricRecord,
  type Outcome,
  PROGRESS_EVERY,
  type RunEvent,
} from './metrics';
import type { Checkpoint } from './checkpoint';
import { Random, STREAM } from './random';

export * from './metrics';

/** Live keys whose change reaches a replayed step as its own data (Adam.nextHyper); others re-capture it. */
const REPLAY_DATA_KEYS: ReadonlySet<string> = new Set(['lr', 'wd', 'alpha', 'lambda']);

/** Read back pending step losses at least this often, to notice divergence and bound the queue. */
export const SYNC_EVERY = 32;
/** Rows per forward pass when evaluating a whole set. */
const EVAL_CHUNK = 4096;

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Equations on the device: tokens [B, T], targets [B·K] and where to read them (one-hot [B·K, T]):
 * K = 1, the answer alone, or K = 2 with an end token (Equations.end), rows b·2 the answers and b·2 + 1
 * the end tokens, read one position later.
 */
interface Batch {
  tokens: tf.Tensor2D;
  labels: tf.Tensor1D;
  readAt?: tf.Tensor2D;
}

interface DeviceSet {
  chunks: Batch[];
  count: number;
  /** Targets per equation (K). */
  reads: number;
}

/** Targets per equation: 2 where the loss is also on an end token, else 1. */
function readsOf(eq: Equations): number {
  if (eq.end === undefined) return 1;
  if (!eq.readAt)
    throw new Error(`equations with an end token (${eq.end}) must say where each answer is read (readAt)`);
  return 2;
}

/** A batch's data on the CPU: the step replay writes it into the captured step's inputs. */
interface HostBatch {
  rows: number;
  tokens: Int32Array;
  labels: Int32Array;
  /** Where each target is read (Equations.readAt), or null where the answer is read at the end. */
  at: Int32Array | null;
}

/** The given rows of `eq`, on the CPU. */
function hostBatch(eq: Equations, rows: ArrayLike<number>): HostBatch {
  const n = rows.length;
  const T = eq.seqLen;
  const K = readsOf(eq);
  const tokens = new Int32Array(n * T);
  const labels = new Int32Array(n * K);
  const at = eq.readAt ? new Int32Array(n * K) : null;
  for (let i = 0; i < n; i++) {
    const row = rows[i] as number;
    tokens.set(eq.tokens.subarray(row * T, (row + 1) * T), i * T);
    labels[i * K] = eq.answers[row] as number;
    if (at && eq.readAt) at[i * K] = eq.readAt[row] as number;
    if (K === 2 && at) {
      labels[i * K + 1] = eq.end as number;
      at[i * K + 1] = (at[i * K] as number) + 1;
    }
  }
  return { rows: n, tokens, labels, at };
}

/** A host batch on the device, with the data its read positions were uploaded as. */
function onDevice(h: HostBatch, T: number): Batch & { atInput?: tf.DataId } {
  const atInput = h.at && tf.tensor1d(h.at, 'int32');
  const batch = {
    tokens: tf.tensor2d(h.tokens, [h.rows, T], 'int32'),
    labels: tf.tensor1d(h.labels, 'int32'),
    ...(atInput && { readAt: tf.tidy(() => oneHotFloat(atInput, T)), atInput: atInput.dataId }),
  };
  atInput?.dispose();
  return batch;
}

/** The given rows of `eq` as a batch. */
function toBatch(eq: Equations, rows: ArrayLike<number>): Batch {
  return onDevice(hostBatch(eq, rows), eq.seqLen);
}

const disposeBatch = (b: Batch) => tf.dispose([b.tokens, b.labels, ...(b.readAt ? [b.readAt] : [])]);

/** Rows from…to of `eq`: contiguous, so sliced rather than gathered (with an end token, as toBatch). */
function toDevice(eq: Equations, from = 0, to = eq.count): Batch {
  if (readsOf(eq) > 1)
    return toBatch(
      eq,
      Int32Array.from({ length: to - from }, (_, i) => from + i),
    );
  const T = eq.seqLen;
  const at = eq.readAt?.subarray(from, to);
  return {
    tokens: tf.tensor2d(eq.tokens.subarray(from * T, to * T), [to - from, T], 'int32'),
    labels: tf.tensor1d(eq.answers.subarray(from, to), 'int32'),
    ...(at && { readAt: tf.tidy(() => oneHotFloat(tf.tensor1d(Int32Array.from(at), 'int32'), T)) }),
  };
}

function chunked(eq: Equations): DeviceSet {
  const chunks = [];
  for (let i = 0; i < eq.count; i += EVAL_CHUNK) chunks.push(toDevice(eq, i, Math.min(eq.count, i + EVAL_CHUNK)));
  return { chunks, count: eq.count, reads: readsOf(eq) };
}

const isFiniteNumber = (x: number) => Number.isFinite(x);

export class Trainer {
  readonly task: RunData;
  readonly model: Transformer;
  readonly records: MetricRecord[] = [];
  readonly events: RunEvent[] = [];
  /** Optimizer steps taken. */
  step = 0;
  outcome: Outcome | null = null;

  private readonly cfg: Config;
  private readonly optimizer: Adam;
  private filter: GradFilter;
  /** The flat parameter vector, kept between steps so it need not be gathered again. */
  private theta: tf.Tensor1D;
  private readonly sizes: number[];
  /** The 0/1 mask of the parameters weight decay applies to; null: all of them (decay=all). */
  private readonly decayed: tf.Tensor1D | null;
  private readonly train: DeviceSet;
  private readonly val: DeviceSet;
  /** test-OOD, for the reasoning tasks. */
  private readonly ood: DeviceSet | null;
  private readonly fullBatch: Batch | null;
  private readonly batchRng: Random;
  private order: Int32Array;
  private cursor: number;
  private pendingLosses: tf.Scalar[] = [];
  private pendingFrom = 1;
  private gradNorm: tf.Scalar | null = null;
  private activeMs = 0;
  private disposed = false;
  /** The whole table for the inside views, built on first use. */
  private table: AnswerTable | null = null;
  /**
   * The progress measures' group and the rows of the training and validation sets in it (they are
   * the whole table); null where they do not apply (the reasoning tasks, operations with no group).
   */
  private readonly progress: { group: FourierGroup; rows: ProgressRows } | null;
  /** The step of the last record with the progress measures. */
  private progressStep = -Infinity;
  /** The composition task's logit-lens facts, drawn on first use. */
  private lensFacts: LensSample | null = null;
  /** The captured and replayed steps on WebGPU (src/engine/replay); null until a step is eligible. */
  private replays: ReplayCache | null = null;
  /** Why steps are not replayed where the backend would allow it; null where they are or may be. */
  private replayRefusal: string | null = null;
  /** The captured and replayed evaluations (the model's metrics) on WebGPU. */
  private evalReplays: ReplayCache | null = null;
  /** The first run of a step replay, until the GPU has said whether it was valid. */
  private replayCheck: {
    check: Promise<string | null>;
    step: number;
    host: HostBatch | null;
  } | null = null;

  /** `ops`: how the model's operations are computed (those for the backend unless a test or benchmark says). */
  constructor(config: Config, ops?: ModelOps) {
    const issues = validateConfig(config as unknown as Record<string, unknown>);
    if (issues.length > 0) throw new ConfigError(issues);
    this.cfg = { ...config };
    const c = this.cfg;
    this.task = makeRunData(c);
    const { problem } = this.task;
    if (problem) throw new ConfigError([{ key: problem.key, value: String(c[problem.key]), message: problem.message }]);
    this.model = Transformer.init(
      {
        vocab: this.task.vocab,
        seqLen: this.task.train.seqLen,
        dim: c.dim,
        heads: c.heads,
        layers: c.layers,
        block: c.block,
        tie: c.tie,
        init: c.init,
      },
      c.seed,
      ops,
    );
    this.sizes = this.model.params.map((p) => p.size);
    this.theta = tf.tidy(() => tf.concat<tf.Tensor1D>(this.model.params.map((p) => p.reshape([-1]))));
    this.optimizer = new Adam(this.theta.size, { kind: c.opt, beta1: c.beta1, beta2: c.beta2 });
    const mask = decayMask(c.decay, this.model.names, this.sizes);
    this.decayed = mask && tf.keep(tf.tensor1d(mask));
    this.filter = createFilter(c.filter);
    this.train = chunked(this.task.train);
    this.val = chunked(this.task.val);
    this.ood = this.task.ood ? chunked(this.task.ood) : null;
    this.fullBatch = this.batchSize >= this.task.train.count ? toDevice(this.task.train) : null;
    const group = engineFamilyOf(c.task).progressGroup?.(c) ?? null;
    this.progress = group && {
      group,
      rows: progressRows(group, [
        { eq: this.task.train, train: true },
        { eq: this.task.val, train: false },
      ]),
    };
    this.batchRng = new Random(c.seed, STREAM.batches);
    this.order = Int32Array.from({ length: this.task.train.count }, (_, i) => i);
    this.cursor = this.order.length; // forces a shuffle before the first batch
  }

  /** The config as it stands now, live changes included. */
  get config(): Readonly<Config> {
    return this.cfg;
  }

  get batchSize(): number {
    const n = this.task.train.count;
    return this.cfg.batch === 0 ? n : Math.min(this.cfg.batch, n);
  }

  /** Training time so far, pauses excluded. */
  get elapsedMs(): number {
    return this.activeMs;
  }

  /**
   * Changes a live key from the next step on, keeping model, optimizer and filter state (a new
   * `filter` starts its own state). Returns the problem instead of applying a bad value.
   */
  setLive(key: LiveKey, raw: unknown): ConfigIssue | null {
    if (!(LIVE_KEYS as readonly string[]).includes(key))
      return { key, value: String(raw), message: `${key}: cannot change during a run` };
    const parsed = parseValue(key, raw);
    if (!parsed.ok) return { key, value: String(raw), message: parsed.message };
    const from = this.cfg[key];
    const to = parsed.value;
    if (from === to) return null;
    (this.cfg as unknown as Record<LiveKey, LiveValue>)[key] = to;
    if (key === 'filter') {
      this.filter.dispose();
      this.filter = createFilter(this.cfg.filter);
    }
    // The step's numbers (lr, wd, α, λ) reach a replayed step as data; anything else may change the step.
    if (!REPLAY_DATA_KEYS.has(key)) this.replays?.invalidate();
    // An evaluation reads the model and the data sets alone, which no live key changes.
    this.events.push({ type: 'change', step: this.step, key, from, to });
    return null;
  }

  /**
   * Trains up to `maxSteps` more steps, stopping early at the step budget or on divergence, and
   * returns once every metric of those steps has been read back.
   */
  async advance(maxSteps: number): Promise<{ records: MetricRecord[]; events: RunEvent[] }> {
    const firstRecord = this.records.length;
    const firstEvent = this.events.length;
    const start = performance.now();
    const clock = () => this.activeMs + (performance.now() - start);
    for (let n = 0; n < maxSteps && !this.outcome; n++) {
      this.stepOnce();
      if (this.replayCheck) await this.settleReplayCheck();
      if (this.step % this.cfg.eval === 0 || this.step === this.cfg.steps) await this.evaluate(clock());
      else if (this.pendingLosses.length >= SYNC_EVERY) await this.flushLosses();
      if (!this.ended() && this.step >= this.cfg.steps) this.finish('finished', this.step);
    }
    if (this.pendingLosses.length > 0) await this.flushLosses();
    this.activeMs = clock();
    return { records: this.records.slice(firstRecord), events: this.events.slice(firstEvent) };
  }

  /**
   * One optimizer step, queued on the backend without waiting. advance() is the normal way to
   * train; this is public for benchmarks that count the kernels of a single step.
   */
  stepOnce(): void {
    if (this.outcome || this.disposed) return;
    this.stepWith(this.fullBatch ? null : this.nextBatch());
  }

  /** One step on `host` (null: the full batch), replayed, captured or on tfjs's kernels. */
  private stepWith(host: HostBatch | null): void {
    const c = this.cfg;
    const t = this.step + 1;
    const rows = host ? host.rows : this.task.train.count;
    const lr = warmupLr(c.lr, c.warmup, t, c.firstlr);
    const wantNorm = t % c.eval === 0 || t === c.steps;
    const replays = this.replayCache();
    const replay = replays?.ready(rows);
    const state = replay ? this.stateIds() : null;
    let out: { loss: tf.Scalar; theta?: tf.Tensor1D; gradNorm: tf.Scalar | null };
    if (replay && state && replay.fits(state)) {
      out = this.replayStep(replay, state, host, lr, wantNorm);
      const check = replay.takeCheck();
      if (check) this.replayCheck = { check, step: t, host };
    } else if (replays?.wants(rows)) {
      // Captured steps always take the gradient's norm, so that every replayed step has it.
      const before = this.stateIds();
      let step: ReturnType<Trainer['tfjsStep']> | null = null;
      const capture = captureStep(replayBackend(), () => (step = this.tfjsStep(t, host, lr, true)));
      const done = step as unknown as ReturnType<Trainer['tfjsStep']>;
      submitStep();
      out = done;
      this.swapTheta(done.theta);
      replays.offer(rows, capture, {
        before,
        after: this.stateIds(),
        feeds: done.feeds,
        results: new Map([
          ['loss', done.loss],
          ['gradNorm', done.gradNorm as tf.Scalar],
        ]),
      });
    } else {
      out = this.tfjsStep(t, host, lr, wantNorm);
      submitStep();
      this.swapTheta(out.theta as tf.Tensor1D);
    }
    if (out.gradNorm && wantNorm) {
      this.gradNorm?.dispose();
      this.gradNorm = out.gradNorm;
    } else out.gradNorm?.dispose();
    if (this.pendingLosses.length === 0) this.pendingFrom = t;
    this.pendingLosses.push(out.loss);
    this.step = t;
  }

  /**
   * Waits for the GPU's word on the first run of a step replay. Where it was invalid, nothing of that
   * step ran (an invalid command buffer runs nothing): the step is taken again on tfjs's kernels, and
   * every later step stays there.
   */
  private async settleReplayCheck(): Promise<void> {
    const pending = this.replayCheck as NonNullable<Trainer['replayCheck']>;
    this.replayCheck = null;
    const error = await pending.check;
    if (error === null) return;
    this.stopReplaying(`a replayed step failed the GPU's validation (${error}); steps stay on tfjs's kernels`);
    if (pending.step !== this.step)
      throw new Error(`step ${pending.step}: ${this.replayRefusal}, and steps up to ${this.step} followed it`);
    this.pendingLosses.pop()?.dispose();
    this.optimizer.t -= 1;
    this.step = pending.step - 1;
    this.stepWith(pending.host);
  }

  /** Ends every replay of this run (steps and evaluations), for `reason`: from now on all is tfjs's. */
  private stopReplaying(reason: string): void {
    this.replayRefusal = reason;
    this.replays?.dispose();
    this.replays = null;
    this.evalReplays?.dispose();
    this.evalReplays = null;
  }

  /**
   * One step on tfjs's kernels, issued and not submitted: the loss, the new flat parameters, the
   * gradient's norm (with `wantNorm`), and the data of the step's own inputs (for a capture).
   */
  private tfjsStep(
    t: number,
    host: HostBatch | null,
    lr: number,
    wantNorm: boolean,
  ): { loss: tf.Scalar; theta: tf.Tensor1D; gradNorm: tf.Scalar | null; feeds: Map<string, tf.DataId> } {
    const c = this.cfg;
    const batch = host ? onDevice(host, this.task.train.seqLen) : (this.fullBatch as Batch);
    const feeds = new Map<string, tf.DataId>();
    if (host) {
      feeds.set('tokens', batch.tokens.dataId);
      feeds.set('labels', batch.labels.dataId);
      const atInput = (batch as { atInput?: tf.DataId }).atInput;
      if (atInput) feeds.set('at', atInput);
    }
    // Tensors that outlive the step are kept out of the tidy explicitly.
    const kept: { loss?: tf.Scalar; theta?: tf.Tensor1D; gradNorm?: tf.Scalar } = {};
    tf.tidy(() => {
      const params = this.model.params;
      const dropout = c.dropout > 0 ? new Dropout(c.dropout, c.seed, t) : undefined;
      const { value, grads } = tf.variableGrads(() => this.batchLoss(batch, dropout), params);
      const g = tf.concat<tf.Tensor1D>(params.map((p) => (grads[p.name] as tf.Tensor).reshape([-1])));
      if (wantNorm) kept.gradNorm = tf.keep(g.norm() as tf.Scalar);
      const { theta: next, hyper } = this.update(g, lr);
      if (hyper) feeds.set('hyper', hyper.dataId);
      const theta = tf.keep(next);
      tf.split(theta, this.sizes).forEach((part, i) => {
        const param = params[i] as tf.Variable;
        param.assign(part.reshape(param.shape));
      });
      kept.theta = theta;
      kept.loss = tf.keep(value);
    });
    if (host) disposeBatch(batch);
    return { loss: kept.loss as tf.Scalar, theta: kept.theta as tf.Tensor1D, gradNorm: kept.gradNorm ?? null, feeds };
  }

  private swapTheta(theta: tf.Tensor1D): void {
    this.theta.dispose();
    this.theta = theta;
  }

  /** One step replayed from its capture: the same kernels, issued with none of tfjs's work per kernel. */
  private replayStep(
    replay: StepReplay,
    state: Map<string, tf.DataId>,
    host: HostBatch | null,
    lr: number,
    wantNorm: boolean,
  ): { loss: tf.Scalar; gradNorm: tf.Scalar | null } {
    const c = this.cfg;
    const filter = this.filter;
    const ema =
      filter instanceof EmaFilter ? { hasSlow: filter.slow !== null, alpha: c.alpha, lambda: c.lambda } : null;
    const feeds = new Map<string, ArrayBufferView>([['hyper', this.optimizer.nextHyper(lr, c.wd, ema)]]);
    if (host) {
      feeds.set('tokens', host.tokens);
      feeds.set('labels', host.labels);
      if (host.at) feeds.set('at', host.at);
    }
    const out = replay.run(feeds, state, wantNorm ? ['loss', 'gradNorm'] : ['loss']);
    return { loss: out.get('loss') as tf.Scalar, gradNorm: (out.get('gradNorm') as tf.Scalar | undefined) ?? null };
  }

  /** The data of the state a step reads and writes, by name: parameters, θ, Adam's moments, ĝ. */
  private stateIds(): Map<string, tf.DataId> {
    const ids = new Map<string, tf.DataId>();
    this.model.params.forEach((p) => ids.set(`param ${p.name}`, p.dataId));
    ids.set('theta', this.theta.dataId);
    const { m, v } = this.optimizer.moments;
    ids.set('m', m.dataId);
    ids.set('v', v.dataId);
    if (this.filter instanceof EmaFilter && this.filter.slow) ids.set('slow', this.filter.slow.dataId);
    return ids;
  }

  /** The replay cache where this run's steps may be replayed (WebGPU, the fused update, no dropout). */
  private replayCache(): ReplayCache | null {
    if (!stepReplay() || !this.fusedUpdate() || this.cfg.dropout > 0 || this.replayRefusal) return null;
    if (this.replays) return this.replays;
    try {
      this.replays = new ReplayCache(replayBackend());
    } catch (e) {
      this.replayRefusal = e instanceof Error ? e.message : String(e);
    }
    return this.replays;
  }

  /** Whether training steps are replayed, and if not, why not (for the bench and the tests). */
  get replayStatus(): string {
    if (!stepReplay()) return 'off (stepReplay(false) or GROK_LAB_REPLAY=0)';
    if (!fusedKernels()) return 'not on WebGPU';
    if (this.replayRefusal) return `not replayed: ${this.replayRefusal}`;
    const steps = !this.fusedUpdate()
      ? 'steps not replayed: the update is not the fused one (the MA filter, decay=matrices or clip)'
      : this.cfg.dropout > 0
        ? 'steps not replayed: dropout masks are drawn on the CPU each step'
        : (this.replays?.status ?? 'no step captured yet');
    return `${steps}; ${this.evalReplays?.status ?? 'no evaluation captured yet'}`;
  }

  /** Whether the update is the fused WebGPU kernel (no filter or EMA, decay on all, no clipping). */
  private fusedUpdate(): boolean {
    const c = this.cfg;
    const filter = this.filter;
    return fusedKernels() && !this.decayed && c.clip === 0 && (filter instanceof EmaFilter || filter.name === 'none');
  }

  /**
   * The new flat parameters for gradient `g`: the Grokfast filter, then (with `clip`) the global-norm
   * clipping, then Adam/AdamW. On WebGPU, with no filter or EMA, the whole update is one fused kernel
   * (four passes); elsewhere, with decay on some parameters only (decay=matrices, which the kernel has
   * no mask for) and with clipping (which needs the filtered gradient's norm before the update), tfjs
   * kernels.
   */
  private update(g: tf.Tensor1D, lr: number): { theta: tf.Tensor1D; hyper?: tf.Tensor1D } {
    const c = this.cfg;
    const filter = this.filter;
    if (this.fusedUpdate()) {
      const ema = filter instanceof EmaFilter ? { slow: filter.slow, alpha: c.alpha, lambda: c.lambda } : null;
      const { theta, slow, hyper } = this.optimizer.updateFused(this.theta, g, lr, c.wd, ema);
      if (slow && filter instanceof EmaFilter) filter.replaceSlow(slow);
      return { theta, hyper };
    }
    const filtered = filter.apply(g, c);
    const clipped = c.clip > 0 ? clipGlobalNorm(filtered, c.clip) : filtered;
    return { theta: this.optimizer.update(this.theta, clipped, lr, c.wd, this.decayed ?? undefined) };
  }

  /**
   * The run's whole state, read back from the backend. Take it between calls to advance(); the run
   * can go on afterwards as if nothing happened. It is the state when the reads start: everything
   * else is copied then too, so a live change made while they are awaited (a new filter) belongs
   * after it, never beside the old filter's state.
   */
  async checkpoint(): Promise<Checkpoint> {
    if (this.pendingLosses.length > 0) await this.flushLosses();
    const now = {
      config: { ...this.cfg },
      step: this.step,
      activeMs: this.activeMs,
      batches: { order: this.order.slice(), cursor: this.cursor, rng: this.batchRng.getState() },
      records: this.records.slice(),
      events: this.events.slice(),
    };
    const [theta, adam, filter] = await Promise.all([
      this.theta.data(),
      this.optimizer.getState(),
      this.filter.getState(),
    ]);
    return { ...now, theta: theta as Float32Array, adam, filter };
  }

  /** A run that goes on from a checkpoint, on whatever backend is active now. */
  static restore(cp: Checkpoint): Trainer {
    const t = new Trainer(cp.config);
    try {
      if (cp.theta.length !== t.theta.size) throw new Error('checkpoint does not fit this model');
      t.theta.dispose();
      t.theta = tf.keep(tf.tensor1d(cp.theta));
      tf.tidy(() => {
        tf.split(t.theta, t.sizes).forEach((part, i) => {
          const param = t.model.params[i] as tf.Variable;
          param.assign(part.reshape(param.shape));
        });
      });
      t.optimizer.setState(cp.adam);
      t.filter.setState(cp.filter);
      t.order = cp.batches.order.slice();
      t.cursor = cp.batches.cursor;
      t.batchRng.setState(cp.batches.rng);
      t.step = cp.step;
      t.activeMs = cp.activeMs;
      t.records.push(...cp.records);
      for (const r of cp.records) if (r.restrictedLoss !== undefined) t.progressStep = r.step;
      t.events.push(...cp.events);
      const end = cp.events.find((e) => e.type === 'finished' || e.type === 'diverged');
      if (end) t.outcome = { kind: end.type as Outcome['kind'], step: end.step };
    } catch (e) {
      t.dispose();
      throw e;
    }
    return t;
  }

  /**
   * What the views of the model's inside show at this step (see InsideView), with the attention for
   * the pair (a, b). Reads the model only: training is unaffected.
   */
  /** The reasoning tasks' views: a sample of each split answered, and one fact's attention. */
  async facts(query: { split: number; index: number }): Promise<FactsView> {
    if (this.hasInsideViews) throw new Error('the arithmetic task has the table views (inside)');
    const view = await readFacts(this.model, this.task, this.step, query);
    return this.hasLens ? { ...view, lens: await this.lens() } : view;
  }

  /** Whether the logit lens applies: it looks for the bridge entity of composition facts. */
  get hasLens(): boolean {
    return familyOf(this.cfg.task).logitLens;
  }

  /**
   * The logit lens at this step (see LensView): where the bridge entity of a fixed sample of
   * test-ID and test-OOD facts can be read off the residual stream. Reads the model only.
   */
  async lens(): Promise<LensView> {
    if (!this.hasLens) throw new Error(`the logit lens reads composition facts; task ${this.cfg.task} has none`);
    const { train, val, ood } = this.task;
    this.lensFacts ??= lensSample({ train, testId: val, testOod: ood ?? val }, this.cfg.seed);
    return readLens(this.model, this.lensFacts, this.cfg.entities, this.step);
  }

  /** Whether the inside views apply: they read the arithmetic table. */
  get hasInsideViews(): boolean {
    return familyOf(this.cfg.task).inside === 'table';
  }

  async inside(pair: { a: number; b: number }): Promise<InsideView> {
    if (!this.hasInsideViews)
      throw new Error(`the inside views read the arithmetic table; task ${this.cfg.task} has none`);
    this.table ??= answerTable(this.cfg.op, this.task);
    return readInside(this.model, this.cfg.op, this.table, this.step, pair, this.cfg.bzero);
  }

  /** Frees every tensor of this run. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.replays?.dispose();
    this.evalReplays?.dispose();
    this.model.dispose();
    this.optimizer.dispose();
    this.filter.dispose();
    this.theta.dispose();
    this.decayed?.dispose();
    this.gradNorm?.dispose();
    for (const l of this.pendingLosses) l.dispose();
    this.pendingLosses = [];
    for (const set of [this.train, this.val, this.ood]) for (const ch of set?.chunks ?? []) disposeBatch(ch);
    if (this.fullBatch) disposeBatch(this.fullBatch);
    if (this.table) tf.dispose(this.table.chunks);
  }

  private nextBatch(): HostBatch {
    const size = this.batchSize;
    if (this.cursor >= this.order.length) {
      this.batchRng.shuffle(this.order);
      this.cursor = 0;
    }
    // Consecutive slices of this epoch's order; the last one may be smaller (as torch.split does).
    const idx = this.order.subarray(this.cursor, Math.min(this.order.length, this.cursor + size));
    this.cursor += idx.length;
    return hostBatch(this.task.train, idx);
  }

  private batchLoss({ tokens, labels, readAt }: Batch, dropout?: Dropout): tf.Scalar {
    return this.model.loss(tokens, oneHotFloat(labels, this.task.vocab), readAt, dropout);
  }

  /**
   * [mean cross-entropy per target, share of right answers] over a whole set: the loss as training
   * defines it (with an end token, over answers and end tokens alike), the accuracy on the answers
   * alone. Its logits flattened into `logitsOut`.
   */
  private evalSet(set: DeviceSet, logitsOut?: tf.Tensor[]): [tf.Scalar, tf.Scalar] {
    let loss = tf.scalar(0);
    let correct = tf.scalar(0);
    const K = set.reads;
    for (const { tokens, labels, readAt } of set.chunks) {
      const logits = this.model.logits(tokens, readAt);
      logitsOut?.push(logits.reshape([-1]));
      const target = oneHotFloat(labels, this.task.vocab);
      loss = loss.sub(tf.logSoftmax(logits).mul(target).sum());
      const [answers, answerLogits] =
        K === 1
          ? [labels, logits]
          : [
              labels.reshape([-1, K]).slice([0, 0], [-1, 1]).reshape([-1]),
              logits.reshape([-1, K, this.task.vocab]).slice([0, 0, 0], [-1, 1, -1]).reshape([-1, this.task.vocab]),
            ];
      correct = correct.add(answerLogits.argMax(1).equal(answers).sum().cast('float32'));
    }
    return [loss.div(set.count * K), correct.div(set.count)];
  }

  /** Reads back the pending step losses; a non-finite one ends the run as diverged. */
  private async flushLosses(): Promise<void> {
    const losses = this.takePending();
    const values = await losses.data();
    losses.dispose();
    this.checkLosses(values, values.length);
  }

  private takePending(): tf.Tensor1D {
    const stacked = tf.stack(this.pendingLosses) as tf.Tensor1D;
    for (const l of this.pendingLosses) l.dispose();
    this.pendingLosses = [];
    return stacked;
  }

  /** Returns true when all of the first `n` values are finite; otherwise marks the divergence. */
  private checkLosses(values: ArrayLike<number>, n: number): boolean {
    for (let i = 0; i < n; i++) {
      if (!isFiniteNumber(values[i] as number)) {
        this.finish('diverged', this.pendingFrom + i);
        return false;
      }
    }
    return true;
  }

  private async evaluate(ms: number): Promise<void> {
    const n = this.pendingLosses.length;
    // With the progress measures, the embeddings and every logit of the table come back too (the
    // training and validation sets are the whole table): 9,409 × 99 values for a · b mod 97.
    const extra: tf.Tensor[] | undefined =
      this.progress && this.step - this.progressStep >= PROGRESS_EVERY ? [] : undefined;
    const replayed = extra ? null : await this.replayedMetrics();
    const combined = tf.tidy(() => {
      if (extra) extra.push(this.model.embedding.slice([0, 0], [this.task.p, this.cfg.dim]).reshape([-1]));
      const model = replayed ?? this.modelMetrics(extra);
      const metrics = tf.concat([
        model.slice([0], [5]),
        (this.gradNorm ?? tf.scalar(0)).reshape([1]),
        ...(this.ood ? [model.slice([5], [2])] : []),
      ]);
      return tf.concat([...(n > 0 ? [tf.stack(this.pendingLosses)] : []), metrics, ...(extra ?? [])]);
    });
    replayed?.dispose();
    for (const l of this.pendingLosses) l.dispose();
    this.pendingLosses = [];
    const values = await combined.data();
    combined.dispose();
    if (!this.checkLosses(values, n)) return;
    const metricCount = this.ood ? 8 : 6;
    const [trainLoss, trainAcc, valLoss, valAcc, weightNorm, gradNorm, oodLoss, oodAcc] = Array.from(
      values.subarray(n, n + metricCount),
    );
    // The logit lens on its 400 facts or fewer: a small fraction of an evaluation (README). A
    // one-block model has no layer between embeddings and output for the figure (bridgeAtR1).
    const lens = this.hasLens && this.cfg.layers > 1 ? await this.lens() : null;
    const bridgeId = lens && bridgeAtR1(lens.id);
    const bridgeOod = lens && bridgeAtR1(lens.ood);
    const record: MetricRecord = {
      step: this.step,
      trainLoss,
      trainAcc,
      valLoss,
      valAcc,
      ...(this.ood ? { oodLoss, oodAcc } : {}),
      ...(bridgeId !== null && bridgeOod !== null ? { bridgeId, bridgeOod } : {}),
      weightNorm,
      gradNorm,
      ms,
    } as MetricRecord;
    if (!Object.values(record).every(isFiniteNumber)) {
      this.finish('diverged', this.step);
      return;
    }
    if (extra) {
      Object.assign(record, this.measureProgress(values.subarray(n + metricCount)));
      this.progressStep = this.step;
    }
    this.records.push(record);
    if (record.trainAcc >= MEMORISED_AT && !this.events.some((e) => e.type === 'memorised')) {
      this.events.push({ type: 'memorised', step: this.step });
    }
    if (record.valAcc >= GROKKED_AT && !this.events.some((e) => e.type === 'grokked')) {
      this.events.push({ type: 'grokked', step: this.step });
    }
    if ((record.oodAcc ?? 0) >= GROKKED_AT && !this.events.some((e) => e.type === 'grokked-ood')) {
      this.events.push({ type: 'grokked-ood', step: this.step });
    }
  }

  /**
   * The model's metrics as it stands: training loss and right answers, validation loss and right
   * answers, θ's norm, and with test-OOD its loss and right answers. Logits into `logitsOut`. Call
   * inside tidy (the logits must outlive it).
   */
  private modelMetrics(logitsOut?: tf.Tensor[]): tf.Tensor1D {
    const [trainLoss, trainCorrect] = this.evalSet(this.train, logitsOut);
    const [valLoss, valCorrect] = this.evalSet(this.val, logitsOut);
    return tf.stack([
      trainLoss,
      trainCorrect,
      valLoss,
      valCorrect,
      this.theta.norm(),
      ...(this.ood ? this.evalSet(this.ood) : []),
    ]) as tf.Tensor1D;
  }

  /**
   * modelMetrics() replayed on WebGPU, as training steps are (src/engine/replay): captured at
   * evaluations until two in a row are the same program, then issued from the record. Null where
   * evaluations are not replayed (not on WebGPU, the replay off or given up).
   */
  private async replayedMetrics(): Promise<tf.Tensor1D | null> {
    if (!stepReplay() || !fusedKernels() || this.replayRefusal) return null;
    try {
      this.evalReplays ??= new ReplayCache(replayBackend(), () => 'evaluations');
    } catch {
      return null; // the steps' own cache says why (replayStatus)
    }
    const state = new Map<string, tf.DataId>(this.model.params.map((p) => [`param ${p.name}`, p.dataId]));
    state.set('theta', this.theta.dataId);
    const replay = this.evalReplays.ready(0);
    if (replay?.fits(state)) {
      const metrics = replay.run(new Map(), state, ['metrics']).get('metrics') as tf.Tensor1D;
      const check = replay.takeCheck();
      const error = check && (await check);
      if (!error) return metrics;
      // Nothing of that evaluation ran: it is made again on tfjs's kernels, as every step from now on.
      metrics.dispose();
      this.stopReplaying(`a replayed evaluation failed the GPU's validation (${error}); steps stay on tfjs's kernels`);
      return null;
    }
    if (!this.evalReplays.wants(0)) return null;
    let metrics: tf.Tensor1D | null = null;
    const capture = captureStep(replayBackend(), () => (metrics = tf.tidy(() => this.modelMetrics())));
    const kept = metrics as unknown as tf.Tensor1D;
    this.evalReplays.offer(0, capture, {
      before: state,
      after: new Map(),
      feeds: new Map(),
      results: new Map([['metrics', kept]]),
    });
    return kept;
  }

  /** The progress measures from the embeddings and logits read back at an evaluation (see evaluate). */
  private measureProgress(read: Float32Array | Int32Array | Uint8Array): Partial<MetricRecord> {
    const { group, rows } = this.progress as NonNullable<Trainer['progress']>;
    const embeddingSize = this.task.p * this.cfg.dim;
    const m = progressMeasures(
      group,
      read.subarray(0, embeddingSize),
      this.cfg.dim,
      read.subarray(embeddingSize),
      this.task.vocab,
      rows,
    );
    // Where a loss is not finite (logits huge but finite) the record just goes without the measures.
    return m && [m.sparsity, m.restrictedLoss, m.excludedLoss].every(isFiniteNumber) ? m : {};
  }

  private finish(kind: Outcome['kind'], step: number): void {
    this.outcome = { kind, step };
    this.events.push({ type: kind, step });
  }

  /** Whether the run has ended (a method, so that TypeScript re-reads it after awaits). */
  private ended(): boolean {
    return this.outcome !== null;
  }
}

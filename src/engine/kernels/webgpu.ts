// Fused WebGPU kernels, registered through tfjs for its webgpu backend: where the model or the
// optimizer is a long chain of small tfjs kernels, one shader does the whole chain, so a training
// step dispatches far fewer GPU passes (LayerNorm: ~10 → 1 forward and ~13 → 4 backward; GELU:
// 5 → 1 and 8 → 1; the softmax gradient 4 → 1; Grokfast-EMA + Adam: ~17 → 4). The maths is the plain
// composition's, in the same order where it matters; test/ops.test.ts and test/fused-update.test.ts
// hold each kernel to it. Other backends keep the plain path (src/engine/ops, src/engine/optimizer.ts).
import * as tf from '@tensorflow/tfjs-core';
import { WebGPUBackend, type WebGPUProgram, webgpu_util } from '@tensorflow/tfjs-backend-webgpu';
import { ADAM_HYPER, setStepSubmitter } from './fused';
import { requireTfjsInternals } from './tfjs-internals';

/** Threads per workgroup in the row kernels: one workgroup reduces one row. */
const WG = 64;

type Uniform = { type: string; data: number[] };

// tfjs caches a compiled shader under its shaderKey plus the ranks and types of its tensors, not
// their sizes: sizes are read from uniforms (uniforms.xShape…), never written into the code, unless
// the shaderKey names them.

/** A shader over the whole output, one thread per element (flat dispatch, bounds-checked). */
class ElementwiseProgram implements WebGPUProgram {
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [64, 1, 1];
  readonly size = true;
  constructor(
    readonly shaderKey: string,
    readonly variableNames: string[],
    readonly outputShape: number[],
    private readonly body: string,
    readonly uniforms?: string,
  ) {
    this.dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
    this.dispatch = webgpu_util.computeDispatch(this.dispatchLayout, outputShape, this.workgroupSize);
  }
  getUserCode(): string {
    return `
      ${ERF}
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${this.body}
        }
      }`;
  }
}

/** A shader with one workgroup of WG threads per row of a [rows, cols] input. */
class RowProgram implements WebGPUProgram {
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WG, 1, 1];
  constructor(
    readonly shaderKey: string,
    readonly variableNames: string[],
    readonly outputShape: number[],
    rows: number,
    private readonly body: string,
    readonly uniforms?: string,
  ) {
    this.dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
    this.dispatch = [rows, 1, 1];
  }
  getUserCode(): string {
    return `
      var<workgroup> partial : array<f32, ${WG}>;
      // The sum of every thread's value, in every thread.
      fn rowSum(tid : i32, value : f32) -> f32 {
        partial[tid] = value;
        workgroupBarrier();
        for (var s = ${WG / 2}; s > 0; s = s >> 1) {
          if (tid < s) {
            partial[tid] = partial[tid] + partial[tid + s];
          }
          workgroupBarrier();
        }
        let total = partial[0];
        workgroupBarrier();
        return total;
      }
      fn main(index : i32) {
        let row = index / ${WG};
        let tid = i32(localId.x);
        ${this.body}
      }`;
  }
}

/** erf as tfjs's own WebGPU Erf kernel computes it (Abramowitz & Stegun 7.1.26). */
const ERF = `
  fn erfApprox(a : f32) -> f32 {
    let t = 1.0 / (1.0 + 0.3275911 * abs(a));
    return sign(a) * (1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a));
  }`;

/** Mean and 1/√(var + ε) of the row `row` of x, in every thread of the workgroup. */
const ROW_STATS = `
  let cols = uniforms.xShape[1];
  let base = row * cols;
  var s = 0.0;
  for (var c = tid; c < cols; c = c + ${WG}) { s = s + x[base + c]; }
  let mean = rowSum(tid, s) / f32(cols);
  var q = 0.0;
  for (var c = tid; c < cols; c = c + ${WG}) { let d = x[base + c] - mean; q = q + d * d; }
  let rstd = inverseSqrt(rowSum(tid, q) / f32(cols) + uniforms.eps);`;

const eps = (attrs: Record<string, unknown>): Uniform[] => [{ type: 'float32', data: [attrs.eps as number] }];

type KernelArgs = {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: unknown;
  attrs?: Record<string, unknown>;
};

function run(args: KernelArgs, program: WebGPUProgram, inputs: string[], uniforms?: Uniform[]): tf.TensorInfo {
  const backend = args.backend as WebGPUBackend;
  return backend.runWebGPUProgram(
    program,
    inputs.map((n) => args.inputs[n] as tf.TensorInfo),
    'float32',
    uniforms,
  );
}

const rowsOf = (t: tf.TensorInfo) => t.shape[0] as number;

const KERNELS: Record<string, (args: KernelArgs) => tf.TensorInfo> = {
  /** y = (x − mean)·rstd·g + b over the last axis of x [M, D]. */
  GrokLayerNorm: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const p = new RowProgram(
      'grokLayerNorm',
      ['x', 'g', 'b'],
      x.shape,
      rowsOf(x),
      `
      ${ROW_STATS}
      for (var c = tid; c < cols; c = c + ${WG}) {
        setOutputAtIndex(base + c, (x[base + c] - mean) * rstd * g[c] + b[c]);
      }`,
      'eps : f32,',
    );
    return run(args, p, ['x', 'g', 'b'], eps(args.attrs ?? {}));
  },
  /** [mean, rstd] of each row of x [M, D], as [M, 2]. */
  GrokLayerNormStats: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const p = new RowProgram(
      'grokLayerNormStats',
      ['x'],
      [rowsOf(x), 2],
      rowsOf(x),
      `
      ${ROW_STATS}
      if (tid == 0) {
        setOutputAtIndex(row * 2, mean);
        setOutputAtIndex(row * 2 + 1, rstd);
      }`,
      'eps : f32,',
    );
    return run(args, p, ['x'], eps(args.attrs ?? {}));
  },
  /** dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))·rstd, dx̂ = dy·g, per row. */
  GrokLayerNormGradX: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const p = new RowProgram(
      'grokLayerNormGradX',
      ['x', 'stats', 'g', 'dy'],
      x.shape,
      rowsOf(x),
      `
      let cols = uniforms.xShape[1];
      let base = row * cols;
      let mean = stats[row * 2];
      let rstd = stats[row * 2 + 1];
      var s1 = 0.0;
      var s2 = 0.0;
      for (var c = tid; c < cols; c = c + ${WG}) {
        let dxhat = dy[base + c] * g[c];
        s1 = s1 + dxhat;
        s2 = s2 + dxhat * ((x[base + c] - mean) * rstd);
      }
      let m1 = rowSum(tid, s1) / f32(cols);
      let m2 = rowSum(tid, s2) / f32(cols);
      for (var c = tid; c < cols; c = c + ${WG}) {
        let xhat = (x[base + c] - mean) * rstd;
        setOutputAtIndex(base + c, (dy[base + c] * g[c] - m1 - xhat * m2) * rstd);
      }`,
    );
    return run(args, p, ['x', 'stats', 'g', 'dy']);
  },
  /** The column sums of dy [M, D] (the bias gradient), as [D]. */
  GrokColumnSum: (args) => {
    const dy = args.inputs.dy as tf.TensorInfo;
    const [, cols] = dy.shape as [number, number];
    const p = new ElementwiseProgram(
      'grokColumnSum',
      ['dy'],
      [cols],
      `
      let rows = uniforms.dyShape[0];
      let cols = uniforms.dyShape[1];
      var s = 0.0;
      for (var r = 0; r < rows; r = r + 1) { s = s + dy[r * cols + index]; }
      setOutputAtIndex(index, s);`,
    );
    return run(args, p, ['dy']);
  },
  /** The column sums of dy·x̂ for x [M, D] with its row stats (the LayerNorm gain's gradient), as [D]. */
  GrokColumnSumXhat: (args) => {
    const dy = args.inputs.dy as tf.TensorInfo;
    const [, cols] = dy.shape as [number, number];
    const p = new ElementwiseProgram(
      'grokColumnSumXhat',
      ['dy', 'x', 'stats'],
      [cols],
      `
      let rows = uniforms.dyShape[0];
      let cols = uniforms.dyShape[1];
      var s = 0.0;
      for (var r = 0; r < rows; r = r + 1) {
        let i = r * cols + index;
        s = s + dy[i] * ((x[i] - stats[r * 2]) * stats[r * 2 + 1]);
      }
      setOutputAtIndex(index, s);`,
    );
    return run(args, p, ['dy', 'x', 'stats']);
  },
  /** Exact GELU, 0.5·x·(1 + erf(x/√2)), in the plain composition's order. */
  GrokGelu: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const p = new ElementwiseProgram(
      'grokGelu',
      ['x'],
      x.shape,
      `
      let v = x[index];
      setOutputAtIndex(index, v * (erfApprox(v * ${Math.SQRT1_2}) + 1.0) * 0.5);`,
    );
    return run(args, p, ['x']);
  },
  /** dy·(Φ(x) + x·φ(x)). */
  GrokGeluGrad: (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const p = new ElementwiseProgram(
      'grokGeluGrad',
      ['x', 'dy'],
      x.shape,
      `
      let v = x[index];
      let pdf = exp(v * v * -0.5) * ${1 / Math.sqrt(2 * Math.PI)};
      setOutputAtIndex(index, dy[index] * ((erfApprox(v * ${Math.SQRT1_2}) + 1.0) * 0.5 + v * pdf));`,
    );
    return run(args, p, ['x', 'dy']);
  },
  /** The softmax gradient along the last axis: p·(dp − Σ dp·p), rows of p, dp [R, T]. */
  GrokSoftmaxGrad: (args) => {
    const probs = args.inputs.probs as tf.TensorInfo;
    const T = probs.shape[probs.shape.length - 1] as number;
    const p = new ElementwiseProgram(
      `grokSoftmaxGrad${T}`,
      ['probs', 'dp'],
      probs.shape,
      `
      let start = (index / ${T}) * ${T};
      var s = 0.0;
      for (var j = 0; j < ${T}; j = j + 1) { s = s + dp[start + j] * probs[start + j]; }
      setOutputAtIndex(index, probs[index] * (dp[index] - s));`,
    );
    return run(args, p, ['probs', 'dp']);
  },
  /**
   * One of the four results of a Grokfast-EMA + Adam/AdamW step (attr `which`: 0 the new slow
   * gradient, 1 m, 2 v, 3 θ), each from the same inputs, so the step is four passes. The step's
   * numbers (learning rate, bias corrections, α, λ, …: ADAM_HYPER) come in `hyper`, a small input
   * rather than uniforms, so that a recorded step replays with new ones (src/engine/replay).
   */
  GrokAdamStep: (args) => {
    const theta = args.inputs.theta as tf.TensorInfo;
    const a = args.attrs as Record<string, number>;
    const h = (name: (typeof ADAM_HYPER)[number]) => `hyper[${ADAM_HYPER.indexOf(name)}]`;
    const p = new ElementwiseProgram(
      'grokAdamStep',
      ['theta', 'grad', 'm', 'v', 'slow', 'hyper'],
      theta.shape,
      `
      let g = grad[index];
      var gs = slow[index];
      if (${h('firstSlow')} > 0.5) {
        gs = g;
      } else {
        gs = gs * ${h('alpha')} + g * ${h('oneMinusAlpha')};
      }
      var gf = g;
      if (${h('useSlow')} > 0.5) { gf = g + gs * ${h('lambda')}; }
      let th = theta[index];
      if (${h('coupledWd')} > 0.0) { gf = gf + th * ${h('coupledWd')}; }
      let m2 = m[index] * ${h('beta1')} + gf * ${h('oneMinusBeta1')};
      let v2 = v[index] * ${h('beta2')} + gf * gf * ${h('oneMinusBeta2')};
      var out = gs;
      if (uniforms.which == 1) { out = m2; }
      if (uniforms.which == 2) { out = v2; }
      if (uniforms.which == 3) {
        let denom = sqrt(v2) * ${h('invSqrtBc2')} + ${h('eps')};
        out = th * ${h('decay')} - m2 / denom * ${h('stepSize')};
      }
      setOutputAtIndex(index, out);`,
      'which : i32,',
    );
    return run(args, p, ['theta', 'grad', 'm', 'v', 'slow', 'hyper'], [{ type: 'int32', data: [a.which as number] }]);
  },
};

let installed = false;

/**
 * Registers the fused kernels for the webgpu backend (once; call after loading it). Throws, naming
 * the versions, where tfjs's WebGPU backend lacks what they use (the backend's own version is not
 * exported; every @tensorflow package of a release shares tfjs-core's).
 */
export function installWebGpuKernels(): void {
  if (installed) return;
  const user = 'The fused WebGPU kernels (src/engine/kernels/webgpu.ts)';
  requireTfjsInternals(user, WebGPUBackend.prototype, ['runWebGPUProgram'], tf.version_core);
  requireTfjsInternals(user, webgpu_util, ['flatDispatchLayout', 'computeDispatch'], tf.version_core);
  requireTfjsInternals(
    'One submit per training step (src/engine/kernels/webgpu.ts)',
    WebGPUBackend.prototype,
    ['endComputePassEncoder', 'submitQueue'],
    tf.version_core,
  );
  installed = true;
  for (const [kernelName, kernelFunc] of Object.entries(KERNELS)) {
    tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc: kernelFunc });
  }
  submitOncePerStep(true);
}

/** Dispatches tfjs may queue before it submits them by itself: above any step's, below no limit. */
const DISPATCHES_PER_SUBMIT = 4096;
/** tfjs's own: it submits every 15 dispatches. */
const TFJS_DISPATCHES_PER_SUBMIT = 15;

/** What submitStep reaches of tfjs's WebGPU backend (not its public API; checked above). */
interface SubmittingBackend {
  commandEncoder: unknown;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/**
 * On (the default once installed): tfjs queues a whole training step, and the trainer submits it as
 * one command buffer when the step is issued, instead of tfjs submitting every 15 dispatches (7–8
 * submits a step for the small config, about 12 for the paper's), each one a round of validation and
 * scheduling on the host. Read-backs and copies still submit what is queued before them, as in tfjs.
 * The kernels and their order are the same either way, so the numbers are too. Off: tfjs's own.
 */
export function submitOncePerStep(on: boolean): void {
  tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', on ? DISPATCHES_PER_SUBMIT : TFJS_DISPATCHES_PER_SUBMIT);
  setStepSubmitter(
    on
      ? () => {
          const backend = tf.backend() as unknown as SubmittingBackend;
          if (backend.commandEncoder === null || backend.commandEncoder === undefined) return;
          backend.endComputePassEncoder();
          backend.submitQueue();
        }
      : null,
  );
}

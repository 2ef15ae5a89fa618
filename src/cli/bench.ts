// npm run bench -- [--backends cpu,wasm,webgpu] [--configs small,paper] [--steps N] [--ops auto|fast|plain]
//                  [--replay on|off|both] [--threads N] [--grok] [--gpu]
// Prints, per config and backend: ms per training step (wall clock), host ms per step (the time the
// JavaScript thread spends issuing a step: on webgpu what bounds the step while the GPU waits for it;
// on cpu and wasm the step itself), ms per full evaluation, ms per inside view, kernels per step
// (tf.profile), and on webgpu real GPU dispatches and queue submits per step (counted at
// dispatchWorkgroups and GPUQueue.submit over the timed steps), and the tensors alive before and after
// the timed steps. With --grok, also the
// steps and wall-clock seconds to grok of the classroom preset and the paper's Grokfast-EMA preset,
// evaluations included, as the page would train them. --gpu is the real-GPU mode: webgpu only, with
// --grok, and it says which adapter ran (a software one is no GPU). --threads N runs wasm on tfjs's
// multi-threaded build with N threads (default 1, the single-threaded build; tfjs allows at most half
// the logical cores), as the page does when cross-origin isolated. --replay: on webgpu, steps replayed
// from their capture (src/engine/replay, what the engine does), on tfjs's kernels, or a row of each
// (the default). Numbers only; nothing asserted.
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { PRESETS, SMALL_GROKKING_CONFIG } from '../config/presets';
import { type Config, DEFAULT_CONFIG } from '../config/schema';
import { stepReplay } from '../engine/kernels/fused';
import { FAST_OPS, type ModelOps, opsForBackend, PLAIN_OPS } from '../engine/ops';
import { milestones, Trainer } from '../engine/trainer';
import { nodeWebGpuAdapter, useNodeBackend } from '../node/backends';
import { countGpuWork } from '../node/gpu-counters';
import { useNodeWasmThreads } from '../node/wasm-threads';
import { type BenchArgs, benchHelpText, parseBenchArgs } from './bench-args';

/**
 * Timed steps per config; on a hardware GPU more, since its clocks rise only under sustained load
 * (an H200 timed over 5 paper steps gave 81 ms/step, over its 1,060-step grokking run 29 with evaluations).
 */
const CONFIGS: Record<string, { config: Config; steps: number; gpuSteps: number }> = {
  paper: { config: { ...DEFAULT_CONFIG }, steps: 5, gpuSteps: 200 },
  small: { config: { ...SMALL_GROKKING_CONFIG }, steps: 300, gpuSteps: 300 },
};

/** The runs timed to their grokking step with --grok. */
const GROK_RUNS = ['classroom', 'paper-ema'] as const;

/** Kernels that only relabel a buffer on GPU backends (no dispatch). */
const METADATA_KERNELS = new Set(['Reshape', 'Identity']);

interface Row {
  config: string;
  backend: string;
  msPerStep: number;
  /** The synchronous part of each step: the JavaScript thread's time to build and queue it. */
  hostMsPerStep: number;
  msPerEval: number;
  /** One inside view (answer grid, spectrum, projections, attention), computed as the worker does. */
  msPerView: number;
  kernels: number;
  nonMetadata: number;
  /** WebGPU only: compute passes and queue submits per step, counted where they are issued. */
  dispatches: number | null;
  submits: number | null;
  tensorsBefore: number;
  tensors: number;
  steps: number;
  /** Whether the timed steps were replayed (Trainer.replayStatus). */
  replay: string;
}

interface GrokRow {
  run: string;
  backend: string;
  memorised: number | null;
  grokked: number | null;
  seconds: number;
  msPerStep: number;
}

/** A per-step count: whole when it is, else one decimal (submits for read-backs spread over steps). */
function fmtCount(n: number | null): string {
  if (n === null) return '–';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

async function measure(name: string, base: Config, steps: number, ops: ModelOps): Promise<Omit<Row, 'backend'>> {
  // Evaluation is timed on its own: with `eval` at its maximum, the timed steps hold none.
  const trainer = new Trainer({ ...base, eval: 10000, steps: 10000000 }, ops);
  // Warm-up: shader compilation, first allocations, and on webgpu the steps captured for the replay.
  await trainer.advance(3);
  // The kernels of a step as tfjs runs it (a replayed step runs none through tfjs).
  const replaying = stepReplay();
  stepReplay(false);
  const profile = await tf.profile(() => trainer.stepOnce());
  stepReplay(replaying);
  const kernels = profile.kernels.length;
  const nonMetadata = profile.kernels.filter((k) => !METADATA_KERNELS.has(k.name)).length;
  // Host time: advance() calls stepOnce() for every step, and stepOnce only issues work (the
  // backend runs it asynchronously on webgpu), so its own duration is the JavaScript thread's share.
  let hostMs = 0;
  const issue = trainer.stepOnce.bind(trainer);
  trainer.stepOnce = () => {
    const t = performance.now();
    issue();
    hostMs += performance.now() - t;
  };
  await trainer.advance(3);
  hostMs = 0;
  const tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  const timed = () => trainer.advance(steps).then(() => undefined);
  const gpu = tf.getBackend() === 'webgpu' ? await countGpuWork(timed) : (await timed(), null);
  const msPerStep = (performance.now() - t0) / steps;
  const hostMsPerStep = hostMs / steps;
  const tensors = tf.memory().numTensors;
  const replay = trainer.replayStatus;
  const evalOnly = new Trainer({ ...base, eval: 1, steps: 10 }, ops);
  // Warm-up: the first evaluation also takes the progress measures; on webgpu the next two are
  // captured for their replay.
  await evalOnly.advance(4);
  const t1 = performance.now();
  await evalOnly.advance(1);
  const msPerEval = performance.now() - t1 - msPerStep;
  evalOnly.dispose();
  await trainer.inside({ a: 1, b: 2 }); // warm-up: builds the table's tensors
  const t2 = performance.now();
  const views = 3;
  for (let i = 0; i < views; i++) await trainer.inside({ a: 1, b: 2 });
  const msPerView = (performance.now() - t2) / views;
  trainer.dispose();
  return {
    config: name,
    msPerStep,
    hostMsPerStep,
    msPerEval: Math.max(0, msPerEval),
    msPerView,
    kernels,
    nonMetadata,
    dispatches: gpu && gpu.dispatches / steps,
    submits: gpu && gpu.submits / steps,
    tensorsBefore,
    tensors,
    steps,
    replay,
  };
}

/** Trains a preset until it groks (or its budget ends), evaluating as the preset says; wall clock. */
async function timeToGrok(id: (typeof GROK_RUNS)[number], ops: ModelOps): Promise<Omit<GrokRow, 'backend'>> {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  const t = new Trainer(preset.config, ops);
  const t0 = performance.now();
  while (!t.outcome && milestones(t.events).grokked === null) {
    await t.advance(preset.config.eval * 10);
    process.stderr.write(`\r${id}: step ${t.step}, ${((performance.now() - t0) / 1000).toFixed(0)} s   `);
  }
  process.stderr.write('\n');
  const seconds = (performance.now() - t0) / 1000;
  const { memorised, grokked } = milestones(t.events);
  t.dispose();
  return { run: id, memorised, grokked, seconds, msPerStep: (1000 * seconds) / t.step };
}

function printRow(row: Row): void {
  console.log(
    `${row.config.padEnd(6)} ${row.backend.padEnd(7)} ${row.msPerStep.toFixed(1).padStart(9)} ms/step ` +
      `(host ${row.hostMsPerStep.toFixed(1)}) ` +
      `${row.msPerEval.toFixed(1).padStart(9)} ms/eval ${row.msPerView.toFixed(1).padStart(8)} ms/view ${String(row.kernels).padStart(5)} kernels/step ` +
      `(${row.nonMetadata} excluding reshape/identity)${row.dispatches === null ? '' : `, ${fmtCount(row.dispatches)} GPU dispatches/step, ${fmtCount(row.submits)} queue submits/step`}; ` +
      `tensors alive ${row.tensorsBefore} after 7 steps, ${row.tensors} after ${row.steps + 7}` +
      (row.dispatches === null ? '' : `; step replay: ${row.replay}`),
  );
}

async function main(args: BenchArgs): Promise<void> {
  const { backends, configs: names, steps: stepsOverride, ops: opsName, threads, grok } = args;
  const replayModes = args.replay === 'both' ? [true, false] : [args.replay === 'on'];
  const gpuMode = args.gpu;
  useNodeWasmThreads(threads);
  const rows: Row[] = [];
  const grokRows: GrokRow[] = [];
  for (const name of backends) {
    try {
      await useNodeBackend(name);
    } catch (e) {
      console.log(`${name}: skipped (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    const backend = name === 'wasm' ? `wasm ${getThreadsCount()}t` : name;
    let hardwareGpu = false;
    if (name === 'webgpu') {
      const adapter = await nodeWebGpuAdapter();
      console.log(
        `webgpu adapter: ${adapter.description}${adapter.software ? ' (a software adapter: no GPU, numbers show overhead, not GPU speed)' : ''}`,
      );
      if (gpuMode && adapter.software)
        console.log('--gpu: this machine has no hardware GPU adapter; the numbers below are not GPU numbers');
      hardwareGpu = !adapter.software;
    }
    // auto: what the engine uses on this backend (the fast ops, but plain on cpu).
    const ops = opsName === 'plain' ? PLAIN_OPS : opsName === 'fast' ? FAST_OPS : opsForBackend();
    for (const config of names) {
      const entry = CONFIGS[config];
      if (!entry) throw new Error(`unknown config ${config}; expected one of ${Object.keys(CONFIGS).join(', ')}`);
      for (const replay of name === 'webgpu' ? replayModes : [false]) {
        stepReplay(replay);
        const label = name === 'webgpu' ? `${backend}${replay ? ', replayed' : ', tfjs steps'}` : backend;
        const steps = stepsOverride ?? (hardwareGpu ? entry.gpuSteps : entry.steps);
        const row = { backend: label, ...(await measure(config, entry.config, steps, ops)) };
        rows.push(row);
        printRow(row);
      }
      stepReplay(true);
    }
    for (const replay of grok ? (name === 'webgpu' ? replayModes : [false]) : []) {
      stepReplay(replay);
      const label = name === 'webgpu' ? `${backend}${replay ? ', replayed' : ', tfjs steps'}` : backend;
      for (const id of GROK_RUNS) {
        const r = { backend: label, ...(await timeToGrok(id, ops)) };
        grokRows.push(r);
        console.log(
          `${id} on ${label}: memorised ${r.memorised ?? '–'}, grokked ${r.grokked ?? 'not within its budget'}, ${r.seconds.toFixed(1)} s (${r.msPerStep.toFixed(1)} ms/step with evaluations)`,
        );
      }
      stepReplay(true);
    }
  }
  console.log(`\nops: ${opsName}`);
  console.log(
    '| config | backend | ms/step | host ms/step | ms/eval | ms/view | kernels/step | non-metadata kernels | GPU dispatches/step | queue submits/step | tensors alive (after 7 → N+7 steps) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.config} | ${r.backend} | ${r.msPerStep.toFixed(1)} | ${r.hostMsPerStep.toFixed(1)} | ${r.msPerEval.toFixed(1)} | ${r.msPerView.toFixed(1)} | ${r.kernels} | ${r.nonMetadata} | ${fmtCount(r.dispatches)} | ${fmtCount(r.submits)} | ${r.tensorsBefore} → ${r.tensors} |`,
    );
  }
  if (grokRows.length > 0) {
    console.log(
      '\n| run | backend | memorised | grokked (val ≥ 95%) | wall seconds to grok | ms/step with evaluations |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const r of grokRows) {
      console.log(
        `| ${r.run} | ${r.backend} | ${r.memorised ?? '–'} | ${r.grokked ?? 'not within budget'} | ${r.seconds.toFixed(1)} | ${r.msPerStep.toFixed(1)} |`,
      );
    }
  }
}

const parsed = parseBenchArgs(process.argv.slice(2), Object.keys(CONFIGS));
if (parsed.kind === 'help') {
  process.stdout.write(`${benchHelpText(Object.keys(CONFIGS))}\n`);
} else if (parsed.kind === 'error') {
  for (const e of parsed.errors) process.stderr.write(`npm run bench: ${e}\n`);
  process.stderr.write('Nothing was run. See npm run bench -- --help\n');
  process.exitCode = 2;
} else {
  main(parsed.args).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}

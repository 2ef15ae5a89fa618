// npm run bench -- [--backends cpu,wasm,webgpu] [--steps N] [--configs paper,small]
// Prints, per config and backend: ms per training step, ms per full evaluation, kernels per step
// (tf.profile) and the tensors alive after N steps. Numbers only; nothing is asserted.
import * as tf from '@tensorflow/tfjs';
import { type Config, DEFAULT_CONFIG } from '../config/schema';
import type { BackendName } from '../engine/backend';
import { Trainer } from '../engine/trainer';
import { useNodeBackend } from '../node/backends';
import { SMALL_GROKKING_CONFIG } from '../config/presets';

const CONFIGS: Record<string, { config: Config; steps: number }> = {
  paper: { config: { ...DEFAULT_CONFIG }, steps: 3 },
  small: { config: { ...SMALL_GROKKING_CONFIG }, steps: 50 },
};

/** Kernels that only relabel a buffer on GPU backends (no dispatch). */
const METADATA_KERNELS = new Set(['Reshape', 'Identity']);

interface Row {
  config: string;
  backend: string;
  msPerStep: number;
  msPerEval: number;
  /** One inside view (answer grid, spectrum, projections, attention), computed as the worker does. */
  msPerView: number;
  kernels: number;
  dispatches: number;
  tensorsBefore: number;
  tensors: number;
  steps: number;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function measure(name: string, base: Config, steps: number): Promise<Omit<Row, 'backend'>> {
  // Evaluation is timed on its own: with `eval` at its maximum, the timed steps hold none.
  const trainer = new Trainer({ ...base, eval: 10000, steps: 10000000 });
  await trainer.advance(1); // warm-up: shader compilation, first allocations
  const profile = await tf.profile(() => trainer.stepOnce());
  const kernels = profile.kernels.length;
  const dispatches = profile.kernels.filter((k) => !METADATA_KERNELS.has(k.name)).length;
  await trainer.advance(1);
  const tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  await trainer.advance(steps);
  const msPerStep = (performance.now() - t0) / steps;
  const tensors = tf.memory().numTensors;
  const evalOnly = new Trainer({ ...base, eval: 1, steps: 3 });
  await evalOnly.advance(1);
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
  return { config: name, msPerStep, msPerEval: Math.max(0, msPerEval), msPerView, kernels, dispatches, tensorsBefore, tensors, steps };
}

async function main(): Promise<void> {
  const backends = (flag('backends') ?? 'cpu,wasm,webgpu').split(',') as BackendName[];
  const names = (flag('configs') ?? 'small,paper').split(',');
  const stepsOverride = flag('steps') ? Number(flag('steps')) : undefined;
  const rows: Row[] = [];
  for (const backend of backends) {
    try {
      await useNodeBackend(backend);
    } catch (e) {
      console.log(`${backend}: skipped (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    for (const name of names) {
      const entry = CONFIGS[name];
      if (!entry) throw new Error(`unknown config ${name}; expected one of ${Object.keys(CONFIGS).join(', ')}`);
      const row = { backend, ...(await measure(name, entry.config, stepsOverride ?? entry.steps)) };
      rows.push(row);
      console.log(
        `${name.padEnd(6)} ${backend.padEnd(7)} ${row.msPerStep.toFixed(1).padStart(9)} ms/step ` +
        `${row.msPerEval.toFixed(1).padStart(9)} ms/eval ${row.msPerView.toFixed(1).padStart(8)} ms/view ${String(row.kernels).padStart(5)} kernels/step ` +
        `(${row.dispatches} excluding reshape/identity); tensors alive ${row.tensorsBefore} after 2 steps, ` +
        `${row.tensors} after ${row.steps + 2}`,
      );
    }
  }
  console.log('\n| config | backend | ms/step | ms/eval | ms/view | kernels/step | non-metadata kernels | tensors alive (after 2 → N+2 steps) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.config} | ${r.backend} | ${r.msPerStep.toFixed(1)} | ${r.msPerEval.toFixed(1)} | ${r.msPerView.toFixed(1)} | ${r.kernels} | ${r.dispatches} | ${r.tensorsBefore} → ${r.tensors} |`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

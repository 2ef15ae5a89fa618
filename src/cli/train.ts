// npm run train -- [flags]: one experiment, headless, metrics as JSON lines.
import { createWriteStream, type WriteStream } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { familyOf } from '../config/tasks';
import { configToQuery } from '../config/url';
import { backendGpuDevice, watchGpuErrors } from '../engine/gpu-errors';
import { type MetricRecord, milestones, Trainer } from '../engine/trainer';
import { useNodeBackend } from '../node/backends';
import { APP_VERSION } from '../version';
import { helpText, parseTrainArgs } from './args';
import { runEnd, runToEnd } from './run-loop';
import { formatDuration, Progress, progressLine } from './progress';

/** Steps per advance() call: small enough to redraw the progress line and stop on Ctrl-C promptly. */
const CHUNK = 50;

async function main(): Promise<number> {
  const parsed = parseTrainArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    for (const e of parsed.errors) process.stderr.write(`error: ${e}\n`);
    process.stderr.write('Nothing was trained. See npm run train -- --help\n');
    return 2;
  }
  const { config, backend, out, quiet, stopAfterGrok, notes } = parsed.args;
  for (const note of notes) process.stderr.write(`note: ${note}\n`);
  try {
    await useNodeBackend(backend);
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 3;
  }

  const sink: WriteStream | NodeJS.WriteStream = out ? createWriteStream(out) : process.stdout;
  const emit = (obj: object) => sink.write(`${JSON.stringify(obj)}\n`);
  const query = configToQuery(config);
  emit({ type: 'run', app: `grok-lab ${APP_VERSION}`, backend: tf.getBackend(), config, link: `?${query}` });

  const trainer = new Trainer(config);
  const progress = new Progress(process.stderr, !quiet);
  // Ctrl-C (SIGINT) or a process manager's SIGTERM stops after the chunk in hand and still writes the
  // summary; a second signal exits at once. Under npm, Ctrl-C arrives twice (from the terminal to the
  // whole process group, and forwarded by npm): a repeat within a second is that same press.
  let stopRequestedAt: number | null = null;
  const onStop = (signal: NodeJS.Signals) => {
    if (stopRequestedAt === null) stopRequestedAt = Date.now();
    else if (Date.now() - stopRequestedAt > 1000) process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  // A GPU error leaves invalid buffers behind and every number after it wrong (src/engine/gpu-errors.ts):
  // the run stops after the chunk in hand and says so.
  let gpuError: { message: string; step: number } | null = null;
  const device = backendGpuDevice(tf.backend());
  if (device) watchGpuErrors(device, (message) => (gpuError ??= { message, step: trainer.step }));
  const stopRequested = () => stopRequestedAt !== null || gpuError !== null;
  process.on('SIGINT', onStop);
  process.on('SIGTERM', onStop);

  let last: MetricRecord | undefined;
  const started = Date.now();
  const endAt = await runToEnd(trainer, {
    chunk: CHUNK,
    stopAfterGrok,
    stopRequested,
    onChunk: async (records, events) => {
      for (const r of records) emit({ type: 'metrics', ...r });
      for (const { type: event, ...rest } of events) emit({ type: 'event', event, ...rest });
      last = records.at(-1) ?? last;
      const rate = trainer.step / Math.max(1e-9, trainer.elapsedMs / 1000);
      progress.update(progressLine(trainer.step, config.steps, rate, last), Boolean(trainer.outcome));
      // Metric reads resolve as microtasks on cpu/wasm: give file writes and Ctrl-C a turn.
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
  progress.end();
  process.off('SIGINT', onStop);
  process.off('SIGTERM', onStop);

  const { memorised, grokked, delay, grokkedOod } = milestones(trainer.events);
  const reasoning = familyOf(config.task).splits.ood;
  const ended = runEnd(trainer, endAt, stopAfterGrok);
  // Set in the device's error callback: TypeScript, not seeing that, narrows `gpuError` to null here.
  const failure = gpuError as { message: string; step: number } | null;
  const { end, status } = failure
    ? {
        end: 'stopped' as const,
        status:
          `stopped at step ${trainer.step}: the GPU reported an error after step ${failure.step} (${failure.message}); ` +
          'the metrics after that step cannot be trusted',
      }
    : ended;
  if (failure) emit({ type: 'event', event: 'gpu-error', step: failure.step, message: failure.message });
  const summary = {
    type: 'summary',
    end,
    status,
    steps: trainer.step,
    memorised,
    grokked,
    delay,
    ...(reasoning ? { grokkedOod } : {}),
    final: last ?? null,
    ms: Math.round(trainer.elapsedMs),
    wallMs: Date.now() - started,
    backend: tf.getBackend(),
  };
  emit(summary);
  const lines = [
    `${status} after ${trainer.step} steps in ${formatDuration(Date.now() - started)} on ${tf.getBackend()}` +
      ` (${(trainer.step / Math.max(1e-9, trainer.elapsedMs / 1000)).toFixed(1)} steps/s)`,
    memorised !== null
      ? `memorised (train ≥ 99%) at step ${memorised}`
      : 'never memorised (train accuracy stayed below 99%)',
    grokked !== null
      ? `grokked (${reasoning ? 'test-ID' : 'val'} ≥ 95%) at step ${grokked}`
      : `not grokked within ${trainer.step} steps`,
  ];
  if (reasoning)
    lines.push(
      grokkedOod !== null ? `test-OOD ≥ 95% at step ${grokkedOod}` : `test-OOD below 95% for all ${trainer.step} steps`,
    );
  if (delay !== null) lines.push(`delay (grokked − memorised): ${delay} steps`);
  if (last)
    lines.push(
      `last evaluation, step ${last.step}: train ${(100 * last.trainAcc).toFixed(1)}%, ` +
        (reasoning
          ? `test-ID ${(100 * last.valAcc).toFixed(1)}%, test-OOD ${(100 * (last.oodAcc ?? 0)).toFixed(1)}%`
          : `val ${(100 * last.valAcc).toFixed(1)}%`),
    );
  if (failure)
    lines.push(
      `error: the GPU reported an error after step ${failure.step} (${failure.message}); the metrics after that step ` +
        'cannot be trusted (on a GPU shared by many runs, run fewer at once)',
    );
  process.stderr.write(`${lines.join('\n')}\n`);
  trainer.dispose();
  if (out) await new Promise<void>((resolve) => (sink as WriteStream).end(resolve));
  return trainer.outcome?.kind === 'diverged' || failure ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);

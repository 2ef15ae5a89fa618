// npm run sweep -- [flags]: many runs of `npm run train`, a few at a time, each in its own process
// (one wasm run uses one core), with a summary kept current. `merge` joins the shards' folders.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_KEYS } from '../config/schema';
import type { GridPoint } from '../sweep/grid';
import { isDone, pendingRow, readRun, seedLines, type SweepRow, tally } from '../sweep/summary';
import { formatDuration, Progress } from './progress';
import {
  failureReason,
  mergeFolders,
  PART_EXT,
  readEndedRun,
  RUN_EXT,
  summaryBase,
  writeManifest,
  writeSummary,
} from './sweep-files';
import { parseSweepArgs, type SweepArgs, sweepHelpText } from './sweep-args';

// train.ts beside this file under tsx; train.mjs beside it in the GPU bundle (deploy/gpu).
const TRAIN_SCRIPT = fileURLToPath(new URL(`./train${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

function merge(dirs: string[], out: string): number {
  const merged = mergeFolders(dirs);
  for (const w of merged.warnings) process.stderr.write(`warning: ${w}\n`);
  mkdirSync(out, { recursive: true });
  writeSummary(out, 'summary', merged.manifest, merged.rows);
  const counts = tally(merged.rows);
  process.stderr.write(
    `merged ${merged.rows.length - merged.missing.length} runs from ${dirs.length} folder${dirs.length === 1 ? '' : 's'} into ${join(out, 'summary.csv')} and summary.json` +
      ` (${counts.grokked + counts.finished} ended, ${counts.diverged} diverged)\n`,
  );
  if (merged.missing.length > 0) {
    const shown = merged.missing.slice(0, 10).join(' ');
    const more = merged.missing.length > 10 ? ` and ${merged.missing.length - 10} more` : '';
    process.stderr.write(
      `${merged.missing.length} of ${merged.manifest?.total} runs have no finished file: ${shown}${more}\n`,
    );
    return 1;
  }
  return 0;
}

/** Every key as a flag, so the child trains exactly this config whatever its defaults. */
function trainFlags(point: GridPoint, a: SweepArgs, part: string): string[] {
  const flags = CONFIG_KEYS.flatMap((k) => [`--${k}`, String(point.config[k])]);
  flags.push('--backend', a.backend, '--out', part, '--quiet');
  if (a.stopAfterGrok !== null) flags.push('--stop-after-grok', String(a.stopAfterGrok));
  return flags;
}

async function sweep(a: SweepArgs): Promise<number> {
  mkdirSync(a.out, { recursive: true });
  // Every problem with the folder is found before anything runs.
  const rows = new Map<string, SweepRow>();
  const todo: GridPoint[] = [];
  const conflicts: string[] = [];
  for (const point of a.points) {
    const ended = readEndedRun(a.out, point);
    if (ended && 'conflict' in ended) conflicts.push(ended.conflict);
    else if (ended && isDone(ended.row.status)) rows.set(point.name, ended.row);
    else {
      rows.set(point.name, pendingRow(point.name, point.config, 'pending'));
      todo.push(point);
    }
  }
  if (conflicts.length > 0) {
    for (const c of conflicts.slice(0, 3)) process.stderr.write(`error: ${c}\n`);
    if (conflicts.length > 3) process.stderr.write(`error: and ${conflicts.length - 3} more runs like these\n`);
    process.stderr.write('Nothing was run.\n');
    return 2;
  }
  const manifest = { base: a.base, axes: a.axes, total: a.total };
  writeManifest(a.out, a.base, a.axes, a.total);
  const summaryName = summaryBase(a.shard);
  const ordered = () => a.points.map((p) => rows.get(p.name) as SweepRow);
  const saveSummary = () => writeSummary(a.out, summaryName, manifest, ordered());

  const skipped = a.points.length - todo.length;
  const shardText = a.shard ? ` (shard ${a.shard.index}/${a.shard.count} of a ${a.total}-run grid)` : '';
  process.stderr.write(
    `sweep: ${a.points.length} runs${shardText}, ${skipped} already ended, ${todo.length} to run, ${Math.min(a.jobs, Math.max(1, todo.length))} at a time, in ${a.out}\n`,
  );
  saveSummary();

  const running = new Map<string, ChildProcess>();
  const started = Date.now();
  const wall: number[] = [];
  // An object, not two lets: the handler sets them, and the compiler cannot see a closure do that.
  const stop: { signal: NodeJS.Signals | null; at: number } = { signal: null, at: 0 };
  const onSignal = (s: NodeJS.Signals) => {
    if (stop.signal !== null && Date.now() - stop.at > 1000) {
      for (const child of running.values()) child.kill('SIGKILL');
      process.exit(s === 'SIGINT' ? 130 : 143);
    }
    if (stop.signal === null) {
      stop.signal = s;
      stop.at = Date.now();
      process.stderr.write(`\n${s}: stopping ${running.size} running run(s); finished runs are kept\n`);
      for (const child of running.values()) child.kill('SIGTERM');
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const progress = new Progress(process.stderr, !a.quiet);
  const draw = (force = false) => {
    const c = tally(ordered());
    const ended = c.finished + c.grokked + c.diverged;
    const left = c.pending + c.running;
    const mean = wall.length > 0 ? wall.reduce((x, y) => x + y, 0) / wall.length : NaN;
    const eta = left === 0 ? '0s' : formatDuration(mean * Math.ceil(left / a.jobs) || NaN);
    progress.update(
      `sweep ${ended}/${a.points.length} ended · ${c.running} running · ${c.pending} pending` +
        `${c.failed ? ` · ${c.failed} failed` : ''}${c.stopped ? ` · ${c.stopped} stopped` : ''} · ${formatDuration(Date.now() - started)} · ETA ${eta}`,
      force,
    );
  };
  const ticker = setInterval(draw, 1000);

  const runOne = (point: GridPoint): Promise<void> =>
    new Promise((resolve) => {
      const part = join(a.out, `${point.name}${PART_EXT}`);
      const final = join(a.out, `${point.name}${RUN_EXT}`);
      const t0 = Date.now();
      const child = spawn(process.execPath, [...process.execArgv, TRAIN_SCRIPT, ...trainFlags(point, a, part)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      running.set(point.name, child);
      rows.set(point.name, pendingRow(point.name, point.config, 'running'));
      saveSummary();
      draw(true);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + String(d)).slice(-4000)));
      let finished = false;
      const finish = (code: number | null, error?: string) => {
        // 'error' (it could not start) and 'exit' may both come: the first one counts.
        if (finished) return;
        finished = true;
        running.delete(point.name);
        const text = existsSync(part) ? readFileSync(part, 'utf8') : '';
        const read = text ? readRun(text, point.name, `${point.name}${RUN_EXT}`) : null;
        if (read?.ok && isDone(read.row.status)) {
          renameSync(part, final);
          rows.set(point.name, read.row);
          wall.push(Date.now() - t0);
        } else if (read?.ok && read.row.status === 'stopped' && (stop.signal !== null || code === 0)) {
          // Stopped by the sweep's own signal: it keeps what it measured, and a rerun starts it again.
          rows.set(point.name, { ...read.row, file: `${point.name}${PART_EXT}` });
        } else {
          const why = failureReason(error, read, stderr, code);
          rows.set(point.name, pendingRow(point.name, point.config, 'failed', why));
          if (!text) rmSync(part, { force: true });
        }
        saveSummary();
        resolve();
      };
      child.on('error', (e) => finish(null, e.message));
      child.on('exit', (code) => finish(code));
    });

  const queue = [...todo];
  const workers = Array.from({ length: Math.min(a.jobs, queue.length) }, async () => {
    for (let point = queue.shift(); point && stop.signal === null; point = queue.shift()) await runOne(point);
  });
  await Promise.all(workers);
  clearInterval(ticker);
  draw(true);
  progress.end();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  const c = tally(ordered());
  const lines = [
    `${stop.signal ? `stopped by ${stop.signal}` : 'sweep done'} after ${formatDuration(Date.now() - started)}: ` +
      `${c.finished + c.grokked} ended (${c.grokked} stopped after grokking), ${c.diverged} diverged, ` +
      `${c.failed} failed, ${c.stopped} stopped, ${c.pending} not started`,
    `summary: ${join(a.out, `${summaryName}.csv`)} and .json`,
  ];
  const grokked = ordered().filter((r) => r.grokked !== null).length;
  lines.push(`${grokked} of ${a.points.length} runs grokked`);
  if (a.axes.some((axis) => axis.key === 'seed')) lines.push(...seedLines(ordered()).map((l) => `  ${l}`));
  for (const r of ordered().filter((row) => row.status === 'failed')) lines.push(`failed: ${r.name}: ${r.error}`);
  if (stop.signal || c.failed > 0 || c.stopped > 0) lines.push('Run the same command again to run what is left.');
  process.stderr.write(`${lines.join('\n')}\n`);
  if (stop.signal) return stop.signal === 'SIGINT' ? 130 : 143;
  return c.failed > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const parsed = parseSweepArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(`${sweepHelpText()}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    for (const e of parsed.errors) process.stderr.write(`error: ${e}\n`);
    process.stderr.write('Nothing was run. See npm run sweep -- --help\n');
    return 2;
  }
  if (parsed.kind === 'merge') return merge(parsed.dirs, parsed.out);
  return sweep(parsed.args);
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

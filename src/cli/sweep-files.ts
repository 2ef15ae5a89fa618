// A sweep's folder on disk: NAME.jsonl per ended run (NAME.jsonl.part while it runs), sweep.json
// (the grid, so `merge` can order rows and name missing runs) and the summaries. Writes go through a
// temporary file and a rename, so a reader (or another shard on a shared file system) never sees
// half a file.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS, type Config } from '../config/schema';
import { APP_VERSION } from '../version';
import { type Axis, expandGrid, type GridPoint } from '../sweep/grid';
import { type Shard } from '../sweep/shard';
import { pendingRow, readRun, type SweepRow, tally, toCsv } from '../sweep/summary';

export const MANIFEST = 'sweep.json';
export const RUN_EXT = '.jsonl';
export const PART_EXT = '.jsonl.part';

export interface Manifest {
  app: string;
  base: Config;
  axes: Axis[];
  total: number;
}

export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeManifest(dir: string, base: Config, axes: readonly Axis[], total: number): void {
  mkdirSync(dir, { recursive: true });
  const manifest: Manifest = { app: `grok-lab ${APP_VERSION}`, base, axes: [...axes], total };
  writeAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readManifest(dir: string): Manifest | null {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return null;
  try {
    const m: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (m === null || typeof m !== 'object') return null;
    const { axes, base } = m as Partial<Manifest>;
    return Array.isArray(axes) && base && typeof base === 'object' ? (m as Manifest) : null;
  } catch {
    return null;
  }
}

/** The keys where two configs differ, e.g. "wd 0.01 here, 0.1 in the file". */
export function configDifference(expected: Config, found: Config): string | null {
  const diff = CONFIG_KEYS.filter((k) => expected[k] !== found[k]).map(
    (k) => `${k} ${String(expected[k])} here, ${String(found[k])} in the file`,
  );
  return diff.length > 0 ? diff.join('; ') : null;
}

/** An ended run's row from DIR/NAME.jsonl, or null when there is none (or it did not end). */
export function readEndedRun(dir: string, point: GridPoint): { row: SweepRow } | { conflict: string } | null {
  const file = `${point.name}${RUN_EXT}`;
  const path = join(dir, file);
  if (!existsSync(path)) return null;
  const read = readRun(readFileSync(path, 'utf8'), point.name, file);
  if (!read.ok) return null;
  const diff = configDifference(point.config, read.row.config);
  if (diff) return { conflict: `${path} was run with other settings (${diff}); use another --out or move it away` };
  return { row: read.row };
}

/**
 * Why a run counts as failed, for its summary row: the spawn error, else why its file could not be
 * read (a run that exits 0 with a file this sweep cannot read, e.g. one written by a newer train
 * command with keys this sweep does not know), else the run's own error lines, else its exit code.
 */
export function failureReason(
  error: string | undefined,
  read: ReturnType<typeof readRun> | null,
  stderr: string,
  code: number | null,
): string {
  if (error) return error;
  if (read && !read.ok) return read.message;
  const errors = stderr
    .split('\n')
    .filter((l) => l.startsWith('error'))
    .join(' ')
    .slice(0, 500);
  return errors || `exit code ${code}`;
}

export function summaryBase(shard: Shard | null): string {
  return shard ? `summary.shard-${shard.index}-of-${shard.count}` : 'summary';
}

export function writeSummary(
  dir: string,
  base: string,
  manifest: Omit<Manifest, 'app'> | null,
  rows: readonly SweepRow[],
): void {
  writeAtomic(join(dir, `${base}.csv`), toCsv(rows));
  const json = { app: `grok-lab ${APP_VERSION}`, sweep: manifest, counts: tally(rows), runs: rows };
  writeAtomic(join(dir, `${base}.json`), `${JSON.stringify(json, null, 2)}\n`);
}

export interface Merged {
  rows: SweepRow[];
  manifest: Omit<Manifest, 'app'> | null;
  /** Grid points with no ended run in any folder. */
  missing: string[];
  warnings: string[];
}

/**
 * One table from the run files of several folders (the shards of one sweep). With the sweep's
 * manifest the rows follow the grid and missing runs are named; without one, every run file found,
 * by name.
 */
export function mergeFolders(dirs: readonly string[]): Merged {
  const warnings: string[] = [];
  const found = new Map<string, SweepRow>();
  for (const dir of dirs) {
    if (!existsSync(dir)) {
      warnings.push(`${dir}: no such folder`);
      continue;
    }
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(RUN_EXT)) continue;
      const name = file.slice(0, -RUN_EXT.length);
      const read = readRun(readFileSync(join(dir, file), 'utf8'), name, file);
      if (!read.ok) {
        warnings.push(read.message);
        continue;
      }
      const seen = found.get(name);
      if (seen && configDifference(seen.config, read.row.config))
        warnings.push(`${join(dir, file)}: a run of the same name with other settings was found first; kept that one`);
      if (!seen) found.set(name, read.row);
    }
  }
  const manifests = dirs.map(readManifest).filter((m): m is Manifest => m !== null);
  const first = manifests[0] ?? null;
  const same =
    first !== null &&
    manifests.every((m) => JSON.stringify([m.base, m.axes]) === JSON.stringify([first.base, first.axes]));
  if (first && !same)
    warnings.push('the folders hold different sweeps (their sweep.json differ); rows are listed by name');
  if (!first || !same) {
    const rows = [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { rows, manifest: null, missing: [], warnings };
  }
  const { points } = expandGrid(first.base, first.axes);
  const rows: SweepRow[] = [];
  const missing: string[] = [];
  for (const point of points) {
    const row = found.get(point.name);
    if (row && !configDifference(point.config, row.config)) rows.push(row);
    else {
      missing.push(point.name);
      rows.push(pendingRow(point.name, point.config, 'pending', 'no finished run file in these folders'));
    }
  }
  return { rows, manifest: { base: first.base, axes: first.axes, total: first.total }, missing, warnings };
}

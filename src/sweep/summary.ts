// A sweep's summary: one row per run, read from the run's JSON-lines file (what `npm run train`
// writes), and the whole table as CSV or JSON. Pure: files are read and written by the caller.
import { CONFIG_KEYS, type Config, withKeysAddedLater } from '../config/schema';
import { checkShape, list, nullable, num as between, object, type Shape, text } from '../config/shape';
import { CONFIG_SHAPE, validateConfig } from '../config/validate';
import { type MetricRecord, milestones, type RunEvent } from '../engine/metrics';
import { FLOAT32, SHARE, STEP } from '../runs/inside-file';
import { type Axis, MAX_GRID_POINTS, parseGrid } from './grid';

/** How a run stands: the first four come from its file, the rest from the sweep running it. */
export const RUN_STATUSES = ['finished', 'grokked', 'diverged', 'stopped', 'failed', 'running', 'pending'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface SweepRow {
  name: string;
  status: RunStatus;
  /** Optimizer steps taken (`steps`, the config key, is the budget). */
  stepsTaken: number;
  memorised: number | null;
  grokked: number | null;
  /** test-OOD ≥ 95% (reasoning tasks). */
  grokkedOod: number | null;
  trainAcc: number | null;
  valAcc: number | null;
  oodAcc: number | null;
  trainLoss: number | null;
  valLoss: number | null;
  /** Training time, and wall time of the whole run (start-up excluded), in seconds. */
  trainSeconds: number | null;
  wallSeconds: number | null;
  config: Config;
  /** The run's file, relative to the sweep's folder; '' when it has none yet. */
  file: string;
  /** Why a run failed (its last error line). */
  error?: string;
}

/** Did the run reach an end that a rerun would only repeat? */
export function isDone(status: RunStatus): boolean {
  return status === 'finished' || status === 'grokked' || status === 'diverged';
}

interface Line {
  type?: unknown;
  [k: string]: unknown;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** The status in a summary line: its `end`, or (files written before `end` existed) its words. */
function endOf(summary: Line): RunStatus {
  const end = summary.end;
  if (end === 'finished' || end === 'grokked' || end === 'diverged' || end === 'stopped') return end;
  const words = typeof summary.status === 'string' ? summary.status : '';
  if (words === 'finished') return 'finished';
  if (words.startsWith('diverged')) return 'diverged';
  return 'stopped';
}

export type ReadRun = { ok: true; row: SweepRow } | { ok: false; message: string };

/**
 * A run's row from its JSON-lines text. A file cut short (the run still going, or killed) gives a
 * row with status `stopped` and what was measured so far; a file with no valid run line is refused.
 */
export function readRun(text: string, name: string, file: string): ReadRun {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object') lines.push(parsed as Line);
    } catch {
      // A last line cut off mid-write; everything before it still counts.
    }
  }
  const run = lines.find((l) => l.type === 'run');
  if (!run || !run.config || typeof run.config !== 'object')
    return { ok: false, message: `${file}: no run line; not a file written by npm run train` };
  const given = withKeysAddedLater(run.config as Record<string, unknown>);
  const issues = validateConfig(given);
  if (issues.length > 0) return { ok: false, message: `${file}: its config is not valid here (${issues[0]?.message})` };
  const config = given as unknown as Config;
  const metrics = lines.filter((l) => l.type === 'metrics');
  const last = metrics.at(-1);
  const summary = lines.find((l) => l.type === 'summary');
  const event = (kind: string) => num(lines.find((l) => l.type === 'event' && l.event === kind)?.step);
  return {
    ok: true,
    row: {
      name,
      status: summary ? endOf(summary) : 'stopped',
      stepsTaken: num(summary?.steps) ?? num(last?.step) ?? 0,
      memorised: event('memorised'),
      grokked: event('grokked'),
      grokkedOod: event('grokked-ood'),
      trainAcc: num(last?.trainAcc),
      valAcc: num(last?.valAcc),
      oodAcc: num(last?.oodAcc),
      trainLoss: num(last?.trainLoss),
      valLoss: num(last?.valLoss),
      trainSeconds: num(summary?.ms) === null ? null : (num(summary?.ms) as number) / 1000,
      wallSeconds: num(summary?.wallMs) === null ? null : (num(summary?.wallMs) as number) / 1000,
      config,
      file,
    },
  };
}

/** A row from what a run measured (the page's sweep, where no file is written). */
export function rowFromRun(
  name: string,
  config: Config,
  status: RunStatus,
  run: {
    step: number;
    records: readonly MetricRecord[];
    events: readonly RunEvent[];
    elapsedMs: number;
    wallMs: number;
  },
  error?: string,
): SweepRow {
  const last = run.records.at(-1);
  const { memorised, grokked, grokkedOod } = milestones(run.events);
  return {
    name,
    status,
    stepsTaken: run.step,
    memorised,
    grokked,
    grokkedOod,
    trainAcc: last?.trainAcc ?? null,
    valAcc: last?.valAcc ?? null,
    oodAcc: last?.oodAcc ?? null,
    trainLoss: last?.trainLoss ?? null,
    valLoss: last?.valLoss ?? null,
    trainSeconds: run.elapsedMs / 1000,
    wallSeconds: run.wallMs / 1000,
    config,
    file: '',
    ...(error !== undefined ? { error } : {}),
  };
}

/** What a row holds before its run measured anything (and what a hand-made row may leave out, with its file). */
const UNMEASURED = {
  memorised: null,
  grokked: null,
  grokkedOod: null,
  trainAcc: null,
  valAcc: null,
  oodAcc: null,
  trainLoss: null,
  valLoss: null,
  trainSeconds: null,
  wallSeconds: null,
} as const;

/** A row for a run with no file yet. */
export function pendingRow(
  name: string,
  config: Config,
  status: 'pending' | 'running' | 'failed',
  error?: string,
): SweepRow {
  return {
    name,
    status,
    stepsTaken: 0,
    ...UNMEASURED,
    config,
    file: '',
    ...(error !== undefined ? { error } : {}),
  };
}

const RESULT_COLUMNS = [
  'name',
  'status',
  'stepsTaken',
  'memorised',
  'grokked',
  'grokkedOod',
  'trainAcc',
  'valAcc',
  'oodAcc',
  'trainLoss',
  'valLoss',
  'trainSeconds',
  'wallSeconds',
] as const;

/** The CSV header: results, then every config key, then the file and any error. */
export const CSV_COLUMNS: readonly string[] = [...RESULT_COLUMNS, ...CONFIG_KEYS, 'file', 'error'];

function csvCell(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly SweepRow[]): string {
  const out = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    const cells = [
      ...RESULT_COLUMNS.map((c) => row[c]),
      ...CONFIG_KEYS.map((k) => row.config[k]),
      row.file,
      row.error ?? '',
    ];
    out.push(cells.map(csvCell).join(','));
  }
  return `${out.join('\n')}\n`;
}

/** Counts per status, for the progress line and the end of a sweep. */
export function tally(rows: readonly SweepRow[]): Record<RunStatus, number> {
  const counts: Record<RunStatus, number> = {
    finished: 0,
    grokked: 0,
    diverged: 0,
    stopped: 0,
    failed: 0,
    running: 0,
    pending: 0,
  };
  for (const row of rows) counts[row.status]++;
  return counts;
}

/** The median of numbers sorted ascending; null for none. */
export function median(sorted: readonly number[]): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * One line per point of the grid with its seeds together: how many grokked, the median steps to grok
 * and the spread, e.g. "wd=0.01: grokked 3 of 3 seeds, median 2,350 steps (2,100–2,800)".
 */
export function seedLines(rows: readonly SweepRow[]): string[] {
  const groups = new Map<string, SweepRow[]>();
  for (const row of rows) {
    const key = row.name.replace(/(^|,)seed=\d+/, '').replace(/^,/, '') || 'every seed';
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const n = (x: number) => Math.round(x).toLocaleString('en');
  return [...groups].map(([key, group]) => {
    const steps = group.flatMap((r) => (r.grokked === null ? [] : [r.grokked])).sort((a, b) => a - b);
    const m = steps.length;
    const head = `${key}: grokked ${m} of ${group.length} seed${group.length === 1 ? '' : 's'}`;
    if (m === 0) return head;
    const spread = m > 1 ? ` (${n(steps[0] as number)}–${n(steps[m - 1] as number)})` : '';
    return `${head}, median ${n(median(steps) as number)} steps${spread}`;
  });
}

const SECONDS = nullable({ kind: 'number', min: 0, max: Number.MAX_VALUE, range: '(finite) from 0' });

/** A row of a summary file, field by field: what readRun, rowFromRun and pendingRow can write. */
export const SUMMARY_ROW_SHAPE: Shape = object(
  {
    name: { kind: 'text', nonEmpty: true },
    status: text(RUN_STATUSES),
    stepsTaken: STEP,
    memorised: nullable(STEP),
    grokked: nullable(STEP),
    grokkedOod: nullable(STEP),
    trainAcc: nullable(SHARE),
    valAcc: nullable(SHARE),
    oodAcc: nullable(SHARE),
    trainLoss: nullable(FLOAT32),
    valLoss: nullable(FLOAT32),
    trainSeconds: SECONDS,
    wallSeconds: SECONDS,
    config: CONFIG_SHAPE,
    file: text(),
    error: text(),
  },
  // A row holds what its run measured; a hand-made (or older) one may leave out what it did not.
  {
    optional: ['error'],
    defaults: { ...UNMEASURED, file: '' },
  },
);

/** A summary.json as npm run sweep writes it (`counts` and `app` are not read). */
export const SUMMARY_SHAPE: Shape = object({
  sweep: object(
    {
      base: CONFIG_SHAPE,
      axes: list(
        object({
          key: { kind: 'either', of: [text(CONFIG_KEYS)], what: 'a config key' },
          values: list(
            { kind: 'either', of: [between(-Number.MAX_VALUE, Number.MAX_VALUE), text()], what: 'a number or a text' },
            { max: MAX_GRID_POINTS },
          ),
        }),
        { max: CONFIG_KEYS.length },
      ),
    },
    { optional: ['base'] },
  ),
  // No sweep runs more than a grid may hold (and the view spreads the rows' steps into Math.min).
  runs: list(SUMMARY_ROW_SHAPE, { max: MAX_GRID_POINTS }),
});

export type ParsedSummary =
  { ok: true; base: Config | null; axes: Axis[]; rows: SweepRow[] } | { ok: false; message: string };

/**
 * Reads a summary.json: every field checked by type and range, the first wrong one named; configs
 * from before a key existed take its default of then. `name` is the file's, for the messages.
 */
export function parseSummary(text: string, name: string): ParsedSummary {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: `${name}: not JSON; choose the summary.json that npm run sweep writes` };
  }
  const checked = checkShape(SUMMARY_SHAPE, data);
  if (!checked.ok)
    return {
      ok: false,
      message: `${name}: not a sweep summary (${checked.message}); choose the summary.json that npm run sweep writes`,
    };
  const summary = checked.value as {
    sweep: { base?: Config; axes: { key: string; values: (number | string)[] }[] };
    runs: SweepRow[];
  };
  const grid = parseGrid(summary.sweep.axes.map((a) => `${a.key}=${a.values.map(String).join(',')}`));
  if (!grid.ok) return { ok: false, message: `${name}: its grid is not valid here: ${grid.errors[0]}` };
  return { ok: true, base: summary.sweep.base ?? null, axes: grid.axes, rows: summary.runs };
}

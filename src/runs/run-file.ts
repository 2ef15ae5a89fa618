// A run as a file: JSON with everything needed to look at it again (config, metrics, events, which
// lab and backend made it), and the checks an imported file must pass before it changes anything.
import { type Config, LIVE_KEYS, type LiveKey, withKeysAddedLater } from '../config/schema';
import { isReasoning } from '../config/tasks';
import { validateConfig } from '../config/validate';
import type { MetricRecord, RunEvent } from '../engine/metrics';
import { APP_VERSION } from '../version';
import { checkInsideData, type InsideViewData } from './inside-file';

export const RUN_FILE_FORMAT = 'grok-lab-run';
export const RUN_FILE_VERSION = 1;

/** The Fourier sparsity of the number embeddings at one step (see engine/inside/fourier). */
export interface SparsityPoint {
  step: number;
  value: number;
}

export type { InsideViewData };

export interface RunData {
  name: string;
  /** The config the run started with; live changes are in `events`. */
  config: Config;
  records: MetricRecord[];
  events: RunEvent[];
  backend: string;
  /** The embeddings' sparsity at each inside view (absent in files from before the views). */
  sparsity?: SparsityPoint[];
  /** The last inside view: answer grid, spectrum, projection, attention (absent likewise). */
  inside?: InsideViewData;
}

export interface RunFile extends RunData {
  format: typeof RUN_FILE_FORMAT;
  version: typeof RUN_FILE_VERSION;
  app: string;
  exportedAt: string;
}

/**
 * The same run, whatever its name: the same settings, metrics and events (an export imported again,
 * or the same file imported twice); runs with no metrics yet are never the same.
 */
export function sameRun(a: RunData, b: RunData): boolean {
  return (
    a.records.length > 0 &&
    a.records.length === b.records.length &&
    JSON.stringify(a.config) === JSON.stringify(b.config) &&
    JSON.stringify(a.events) === JSON.stringify(b.events) &&
    JSON.stringify(a.records.at(-1)) === JSON.stringify(b.records.at(-1))
  );
}

export function toRunFile(run: RunData, now = new Date()): RunFile {
  return {
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    app: `grok-lab ${APP_VERSION}`,
    exportedAt: now.toISOString(),
    ...run,
  };
}

export const runFileJson = (run: RunData, now?: Date): string => JSON.stringify(toRunFile(run, now), null, 1);

const METRIC_KEYS = ['step', 'trainLoss', 'trainAcc', 'valLoss', 'valAcc', 'weightNorm', 'gradNorm', 'ms'] as const;
/** test-OOD, in the records of the reasoning tasks only. */
const OOD_KEYS = ['oodLoss', 'oodAcc'] as const;

const MILESTONES = ['memorised', 'grokked', 'grokked-ood', 'finished', 'diverged'];

export type Parsed = { ok: true; run: RunData } | { ok: false; message: string };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStep = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

/** Reads a run file; anything malformed or foreign is refused with a message saying what and where. */
export function parseRunFile(text: string): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: 'not a Grok Lab run file: it is not JSON' };
  }
  return parseRunObject(data);
}

/** The checks of parseRunFile on an already parsed value (e.g. from browser storage). */
export function parseRunObject(data: unknown): Parsed {
  if (!isObject(data) || data.format !== RUN_FILE_FORMAT) {
    return { ok: false, message: `not a Grok Lab run file: "format" should be "${RUN_FILE_FORMAT}"` };
  }
  if (data.version !== RUN_FILE_VERSION) {
    return {
      ok: false,
      message: `run file version ${JSON.stringify(data.version)} is not supported; this lab reads version ${RUN_FILE_VERSION}`,
    };
  }
  if (typeof data.name !== 'string' || data.name.trim() === '')
    return { ok: false, message: 'run file: "name" should be a non-empty text' };
  if (typeof data.backend !== 'string') return { ok: false, message: 'run file: "backend" should be a text' };
  if (!isObject(data.config)) return { ok: false, message: 'run file: "config" is missing' };
  const stored = data.config;
  const given = withKeysAddedLater(stored);
  const issues = validateConfig(given);
  if (issues.length > 0)
    return { ok: false, message: `run file: bad config: ${issues.map((i) => i.message).join('; ')}` };
  const config = given as unknown as Config;

  if (!Array.isArray(data.records)) return { ok: false, message: 'run file: "records" should be a list' };
  const records: MetricRecord[] = [];
  for (const [i, r] of data.records.entries()) {
    if (!isObject(r)) return { ok: false, message: `run file: record ${i + 1} is not an object` };
    const keys = isReasoning(config.task) ? [...METRIC_KEYS, ...OOD_KEYS] : METRIC_KEYS;
    for (const k of keys) {
      if (typeof r[k] !== 'number' || !Number.isFinite(r[k]))
        return { ok: false, message: `run file: record ${i + 1}: "${k}" should be a finite number` };
    }
    if (!isStep(r.step) || (records.length > 0 && r.step <= (records.at(-1) as MetricRecord).step)) {
      return { ok: false, message: `run file: record ${i + 1}: steps should be whole numbers in increasing order` };
    }
    records.push(Object.fromEntries(keys.map((k) => [k, r[k]])) as unknown as MetricRecord);
  }

  if (!Array.isArray(data.events)) return { ok: false, message: 'run file: "events" should be a list' };
  const events: RunEvent[] = [];
  for (const [i, e] of data.events.entries()) {
    const where = `run file: event ${i + 1}`;
    if (!isObject(e) || !isStep(e.step))
      return { ok: false, message: `${where}: needs a type and a whole-number step` };
    if (MILESTONES.includes(e.type as string)) {
      events.push({ type: e.type as 'memorised', step: e.step });
    } else if (e.type === 'change') {
      if (!(LIVE_KEYS as string[]).includes(e.key as string))
        return { ok: false, message: `${where}: "${String(e.key)}" is not a live key` };
      const ok = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
      if (!ok(e.from) || !ok(e.to)) return { ok: false, message: `${where}: "from" and "to" should be values` };
      events.push({
        type: 'change',
        step: e.step,
        key: e.key as LiveKey,
        from: e.from as number | string,
        to: e.to as number | string,
      });
    } else {
      return { ok: false, message: `${where}: unknown type ${JSON.stringify(e.type)}` };
    }
  }
  const run: RunData = { name: data.name.trim(), config, records, events, backend: data.backend };
  // The inside views are optional: files from before them, and runs that never showed them, have none.
  if (data.sparsity !== undefined) {
    if (!Array.isArray(data.sparsity)) return { ok: false, message: 'run file: "sparsity" should be a list' };
    const points: SparsityPoint[] = [];
    for (const [i, q] of data.sparsity.entries()) {
      const ok =
        isObject(q) &&
        isStep(q.step) &&
        typeof q.value === 'number' &&
        q.value >= 0 &&
        q.value <= 1 &&
        (points.length === 0 || q.step > (points.at(-1) as SparsityPoint).step);
      if (!ok)
        return {
          ok: false,
          message: `run file: sparsity point ${i + 1}: needs increasing whole-number steps and a value from 0 to 1`,
        };
      points.push({ step: q.step as number, value: q.value as number });
    }
    run.sparsity = points;
  }
  if (data.inside !== undefined) {
    const problem = checkInsideData(data.inside, config);
    if (problem) return { ok: false, message: `run file: "inside": ${problem}` };
    run.inside = data.inside as InsideViewData;
  }
  return { ok: true, run };
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One row per evaluation, with the events up to that step in an `events` column (for spreadsheets). */
export function runCsv(run: RunData): string {
  const keys = isReasoning(run.config.task) ? [...METRIC_KEYS, ...OOD_KEYS] : METRIC_KEYS;
  const lines = [[...keys, 'events'].join(',')];
  let next = 0;
  const events = [...run.events].sort((a, b) => a.step - b.step);
  for (const r of run.records) {
    const here: string[] = [];
    while (next < events.length && (events[next] as RunEvent).step <= r.step) {
      const e = events[next] as RunEvent;
      here.push(e.type === 'change' ? `${e.key}=${e.to} at ${e.step}` : `${e.type} at ${e.step}`);
      next++;
    }
    lines.push([...keys.map((k) => String(r[k])), csvCell(here.join('; '))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

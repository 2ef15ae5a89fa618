// A run as a file: JSON with everything needed to look at it again (config, metrics, events, which
// lab and backend made it), and the checks an imported file must pass before it changes anything.
import { type Config, LIVE_KEYS } from '../config/schema';
import { brief, checkShape, int, isObject, list, num, object, type Shape, text } from '../config/shape';
import { familyOf } from '../config/tasks';
import { CONFIG_SHAPE } from '../config/validate';
import { type MetricRecord, PROGRESS_KEYS, type RunEvent } from '../engine/metrics';
import { APP_VERSION } from '../version';
import { FLOAT32, type InsideViewData, insideShape, SHARE, STEP } from './inside-file';

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
/** The logit lens, in the records of the composition task (absent in files from before it). */
const LENS_KEYS = ['bridgeId', 'bridgeOod'] as const;

export type Parsed = { ok: true; run: RunData } | { ok: false; message: string };

/**
 * What a run file holds, field by field, for a run of `config` (the test-OOD metrics of the reasoning
 * tasks and the sizes of the inside views follow from it). Ranges are what the lab can write:
 * accuracies and sparsities are shares, losses and norms are float32 values (the engine computes in
 * float32, so nothing above its largest finite value), steps are at most the largest step budget.
 */
export function runFileShape(config: Config): Shape {
  const family = familyOf(config.task);
  const metrics: Record<string, Shape> = {
    step: STEP,
    trainLoss: FLOAT32,
    trainAcc: SHARE,
    valLoss: FLOAT32,
    valAcc: SHARE,
    weightNorm: FLOAT32,
    gradNorm: FLOAT32,
    ms: { kind: 'number', min: 0, max: Number.MAX_VALUE, range: '(finite) from 0' },
    ...(family.splits.ood ? { oodLoss: FLOAT32, oodAcc: SHARE } : {}),
    ...(family.logitLens ? { bridgeId: SHARE, bridgeOod: SHARE } : {}),
  };
  // The progress measures: in some records of a + b, a − b, a · b and a ÷ b (not in files from before them).
  const progress: Record<string, Shape> =
    family.inside === 'facts'
      ? {}
      : {
          keyFrequencies: list(int(1, Math.floor(config.p / 2)), { max: Math.floor(config.p / 2) }),
          sparsity: SHARE,
          restrictedLoss: FLOAT32,
          excludedLoss: FLOAT32,
        };
  const milestone = object({ step: STEP });
  const value: Shape = {
    kind: 'either',
    of: [num(-Number.MAX_VALUE, Number.MAX_VALUE), text()],
    what: 'a number or a text',
  };
  return object(
    {
      name: { kind: 'text', nonEmpty: true },
      backend: text(),
      config: CONFIG_SHAPE,
      records: list(object({ ...metrics, ...progress }, { optional: [...Object.keys(progress), ...LENS_KEYS] }), {
        increasing: 'step',
      }),
      events: list({
        kind: 'tagged',
        tag: 'type',
        variants: {
          memorised: milestone,
          grokked: milestone,
          'grokked-ood': milestone,
          finished: milestone,
          diverged: milestone,
          change: object({ step: STEP, key: text(LIVE_KEYS), from: value, to: value }),
        },
      }),
      sparsity: list(object({ step: STEP, value: SHARE }), { increasing: 'step' }),
      inside: insideShape(config),
    },
    // The inside views are optional: files from before them, and runs that never showed them, have none.
    { optional: ['sparsity', 'inside'] },
  );
}

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
      message: `run file version ${brief(data.version)} is not supported; this lab reads version ${RUN_FILE_VERSION}`,
    };
  }
  // The config first: the shape of the rest follows from it.
  const config = checkShape(CONFIG_SHAPE, data.config, 'config');
  if (!config.ok) return { ok: false, message: `run file: ${config.message}` };
  const run = checkShape(runFileShape(config.value as Config), data);
  return run.ok ? { ok: true, run: run.value as RunData } : { ok: false, message: `run file: ${run.message}` };
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One row per evaluation, with the events up to that step in an `events` column (for spreadsheets). */
export function runCsv(run: RunData): string {
  const family = familyOf(run.config.task);
  const lens = family.logitLens && run.records.some((r) => r.bridgeId !== undefined);
  const keys = [...METRIC_KEYS, ...(family.splits.ood ? OOD_KEYS : []), ...(lens ? LENS_KEYS : [])] as const;
  // The progress measures' columns when a record has them, empty in the rows without.
  const progress = run.records.some((r) => r.restrictedLoss !== undefined);
  const progressCells = (r: MetricRecord) =>
    progress
      ? [...PROGRESS_KEYS.map((k) => (r[k] === undefined ? '' : String(r[k]))), (r.keyFrequencies ?? []).join(' ')]
      : [];
  const lines = [[...keys, ...(progress ? [...PROGRESS_KEYS, 'keyFrequencies'] : []), 'events'].join(',')];
  let next = 0;
  const events = [...run.events].sort((a, b) => a.step - b.step);
  for (const r of run.records) {
    const here: string[] = [];
    while (next < events.length && (events[next] as RunEvent).step <= r.step) {
      const e = events[next] as RunEvent;
      here.push(e.type === 'change' ? `${e.key}=${e.to} at ${e.step}` : `${e.type} at ${e.step}`);
      next++;
    }
    lines.push([...keys.map((k) => String(r[k] ?? '')), ...progressCells(r), csvCell(here.join('; '))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

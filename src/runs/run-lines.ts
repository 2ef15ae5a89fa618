// A run that `npm run train` (or a sweep, one NAME.jsonl per run) wrote as JSON lines, read as a run
// the runs list can show: its run line gives the config and backend, its metrics lines the records,
// its event lines the events. The result passes the same field-by-field checks as a run file.
import { withKeysAddedLater } from '../config/schema';
import { isObject } from '../config/shape';
import { type Parsed, parseRunFile, parseRunObject, RUN_FILE_FORMAT, RUN_FILE_VERSION } from './run-file';

/** The name a run takes from its file: `wd=0.01,seed=1.jsonl` is the run `wd=0.01,seed=1`. */
export function runNameOf(fileName: string): string {
  return fileName.replace(/\.jsonl(\.part)?$/, '').replace(/\.json$/, '') || fileName;
}

/** Does the text start like `npm run train`'s output (a `run` line), not like one JSON document? */
export function looksLikeRunLines(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '');
  if (!first) return false;
  try {
    const line: unknown = JSON.parse(first);
    return isObject(line) && line.type === 'run';
  } catch {
    return false;
  }
}

/**
 * Reads `npm run train`'s JSON lines as a run named `name`. A file cut short (a `.jsonl.part` of a
 * run still going or stopped) gives the run as far as it went; a run the GPU failed is refused.
 */
export function parseRunLines(text: string, name: string): Parsed {
  const lines: Record<string, unknown>[] = [];
  const rows = text.split('\n');
  for (const [i, raw] of rows.entries()) {
    if (raw.trim() === '') continue;
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      // Only the last line may be cut off mid-write; a bad line before it is a broken file.
      if (rows.slice(i + 1).every((r) => r.trim() === '')) break;
      return { ok: false, message: `line ${i + 1} is not JSON` };
    }
    if (!isObject(line)) return { ok: false, message: `line ${i + 1} is not a JSON object` };
    lines.push(line);
  }
  const run = lines.find((l) => l.type === 'run');
  if (!run || !isObject(run.config)) return { ok: false, message: 'no run line; not a file written by npm run train' };
  const gpuError = lines.find((l) => l.type === 'event' && l.event === 'gpu-error');
  if (gpuError)
    return {
      ok: false,
      message: `the GPU reported an error after step ${String(gpuError.step)} in this run, so its metrics cannot be trusted`,
    };
  const without = (l: Record<string, unknown>, key: string) =>
    Object.fromEntries(Object.entries(l).filter(([k]) => k !== key));
  return parseRunObject({
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    name,
    backend: run.backend,
    // Runs written before a config key existed ran with its default of then.
    config: withKeysAddedLater(run.config),
    records: lines.filter((l) => l.type === 'metrics').map((l) => without(l, 'type')),
    events: lines
      .filter((l) => l.type === 'event')
      .map(({ event, ...rest }) => ({ ...without(rest, 'type'), type: event })),
  });
}

/** An imported file: a run file (`.json`, exported by the page) or `npm run train`'s JSON lines. */
export function parseImportedRun(text: string, fileName: string): Parsed {
  return looksLikeRunLines(text) ? parseRunLines(text, runNameOf(fileName)) : parseRunFile(text);
}

// A sweep's grid: values for some config keys (listed or as a range), every combination of them on
// top of a base config, in a fixed order. Pure: the CLI and the page expand the same grid the same
// way, so a run's name and its place in the grid mean the same everywhere (shards included).
import type { Config, ConfigKey } from '../config/schema';
import { isConfigKey, parseValue, show, validateConfig } from '../config/validate';

export interface Axis {
  key: ConfigKey;
  /** Parsed values, in the order given, no repeats. */
  values: Config[ConfigKey][];
}

export interface GridPoint {
  /** Place in the whole grid, from 0. */
  index: number;
  /** Unique within the grid and stable: the swept keys with their values, e.g. "wd=0.01,seed=2". */
  name: string;
  config: Config;
}

export type GridParse = { ok: true; axes: Axis[] } | { ok: false; errors: string[] };

/** The most runs one grid may hold: a typo like 1e-4:1:1e5 should not start a hundred thousand. */
export const MAX_GRID_POINTS = 10_000;

/** Up to 12 significant digits, so 0.3 + 0.1·k prints as 0.4, not 0.30000000000000004. */
const tidy = (x: number) => Number(x.toPrecision(12));

/**
 * A range "from:to:count" (evenly spaced, both ends included) or "from:to:count:log" (evenly spaced
 * in log scale); null when `text` is not a range at all.
 */
function expandRange(text: string): { values: string[] } | { error: string } | null {
  const parts = text.split(':');
  if (parts.length < 3 || parts.length > 4) return parts.length === 1 ? null : { error: 'a range is from:to:count' };
  const [fromText, toText, countText, scale] = parts as [string, string, string, string | undefined];
  const from = Number(fromText);
  const to = Number(toText);
  const count = Number(countText);
  if (fromText.trim() === '' || !Number.isFinite(from))
    return { error: `range start ${show(fromText)} is not a number` };
  if (toText.trim() === '' || !Number.isFinite(to)) return { error: `range end ${show(toText)} is not a number` };
  if (!Number.isInteger(count) || count < 2 || count > 1000)
    return { error: `range count ${show(countText)} is not an integer from 2 to 1000` };
  if (scale !== undefined && scale !== 'log') return { error: `range scale ${show(scale)} is not valid; expected log` };
  if (scale === 'log' && (from <= 0 || to <= 0)) return { error: 'a log range needs both ends above 0' };
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = i / (count - 1);
    const x = scale === 'log' ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from);
    values.push(String(tidy(x)));
  }
  return { values };
}

/**
 * Parses axes like "wd=0,0.001,0.01" or "frac=0.3:0.8:6" (several in one string, separated by
 * spaces, or one per string). Every value is checked against the schema; every problem is named.
 */
export function parseGrid(specs: readonly string[]): GridParse {
  const errors: string[] = [];
  const axes: Axis[] = [];
  const items = specs.flatMap((s) => s.split(/\s+/)).filter((s) => s !== '');
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      errors.push(`grid: ${show(item)} is not key=values (e.g. wd=0,0.001,0.01 or frac=0.3:0.8:6)`);
      continue;
    }
    const key = item.slice(0, eq);
    const text = item.slice(eq + 1);
    if (!isConfigKey(key)) {
      errors.push(`grid: ${key}: unknown key (docs/CONFIG.md lists them)`);
      continue;
    }
    if (axes.some((a) => a.key === key)) {
      errors.push(`grid: ${key}: given more than once`);
      continue;
    }
    const raws: string[] = [];
    let badRange = false;
    for (const part of text.split(',')) {
      const range = expandRange(part);
      if (range === null) raws.push(part);
      else if ('error' in range) {
        errors.push(`grid: ${key}=${part}: ${range.error}`);
        badRange = true;
      } else raws.push(...range.values);
    }
    if (badRange) continue;
    if (raws.length === 0 || raws.some((r) => r.trim() === '')) {
      errors.push(`grid: ${key}: empty value in ${show(text)}`);
      continue;
    }
    const values: Config[ConfigKey][] = [];
    for (const raw of raws) {
      const parsed = parseValue(key, raw);
      if (!parsed.ok) errors.push(`grid: ${parsed.message}`);
      else if (values.includes(parsed.value))
        errors.push(`grid: ${key}: ${show(raw)} repeats a value (${show(parsed.value)}) already in the grid`);
      else values.push(parsed.value);
    }
    axes.push({ key, values });
  }
  const points = axes.reduce((n, a) => n * Math.max(1, a.values.length), 1);
  if (errors.length === 0 && points > MAX_GRID_POINTS)
    errors.push(`grid: ${points} runs is more than ${MAX_GRID_POINTS}; split it into several sweeps`);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, axes };
}

/** The run's name: each swept key with its value, in the grid's key order. */
export function pointName(axes: readonly Axis[], config: Config): string {
  return axes.map((a) => `${a.key}=${String(config[a.key])}`).join(',') || 'base';
}

/**
 * Every combination of the axes' values over `base`, the last axis varying fastest. A combination
 * that breaks a cross-key rule (e.g. heads not dividing dim) is an error naming it, not skipped.
 */
export function expandGrid(base: Config, axes: readonly Axis[]): { points: GridPoint[]; errors: string[] } {
  const points: GridPoint[] = [];
  const errors: string[] = [];
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  for (let index = 0; index < total; index++) {
    const config: Config = { ...base };
    let rest = index;
    for (let i = axes.length - 1; i >= 0; i--) {
      const axis = axes[i] as Axis;
      (config as Record<ConfigKey, unknown>)[axis.key] = axis.values[rest % axis.values.length];
      rest = Math.floor(rest / axis.values.length);
    }
    const name = pointName(axes, config);
    const issues = validateConfig(config as unknown as Record<string, unknown>);
    if (issues.length > 0) errors.push(`grid: ${name}: ${issues.map((i) => i.message).join('; ')}`);
    else points.push({ index, name, config });
  }
  return { points, errors };
}

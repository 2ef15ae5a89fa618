// Checks and parses config values from any source (URL, CLI, import, UI) against the schema.
// A bad value is reported with the key, the value and what is valid, and falls back to the base
// value (normally the default) so the rest of the config still loads.
import {
  CONFIG_KEYS,
  type Config,
  type ConfigKey,
  DEFAULT_CONFIG,
  type KeySpec,
  type NumberSpec,
  SCHEMA,
  withKeysAddedLater,
} from './schema';
import { FAMILIES } from './tasks';
import { brief, isObject, type Shape } from './shape';

export interface ConfigIssue {
  key: string;
  /** The value as it was given, for display. */
  value: string;
  message: string;
}

export interface CheckedConfig {
  config: Config;
  /** Bad values; each of these keys holds its fallback in `config`. */
  errors: ConfigIssue[];
  /** Keys that are not part of the schema; never used. */
  unknown: string[];
}

export function isConfigKey(key: string): key is ConfigKey {
  return Object.prototype.hasOwnProperty.call(SCHEMA, key);
}

export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  try {
    // JSON.stringify gives undefined for these, though typed as always giving a string.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
    return JSON.stringify(value);
  } catch {
    // Nested too deep to print (String() would recurse as deep): say what it is instead.
    return brief(value);
  }
}

/** What a key accepts, in words: "an integer from 1 to 4", "one of none, ema, ma". */
export function validRange(key: ConfigKey): string {
  const spec = SCHEMA[key] as KeySpec<string> | NumberSpec;
  if (spec.kind === 'enum') return `one of ${spec.values.join(', ')}`;
  if (spec.rule) return spec.rule.valid;
  const what = spec.kind === 'int' ? 'an integer' : 'a number';
  return `${what} from ${spec.min} to ${spec.max}`;
}

export type Parsed<V> = { ok: true; value: V } | { ok: false; message: string };

/** Parses one value (a string from a URL or the command line, or a JSON value) for one key. */
export function parseValue<K extends ConfigKey>(key: K, raw: unknown): Parsed<Config[K]> {
  const spec = SCHEMA[key] as KeySpec<string> | NumberSpec;
  const bad = (why: string): Parsed<Config[K]> => ({
    ok: false,
    message: `${key}: ${show(raw)} ${why}; expected ${validRange(key)}`,
  });
  if (spec.kind === 'enum') {
    if (typeof raw !== 'string') return bad('is not a name');
    const s = raw.trim();
    return spec.values.includes(s) ? { ok: true, value: s as Config[K] } : bad('is not valid');
  }
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && raw.trim() !== '') n = Number(raw.trim());
  else return bad('is not a number');
  if (!Number.isFinite(n)) return bad('is not a number');
  if (spec.kind === 'int' && !Number.isInteger(n)) return bad('is not an integer');
  if (n < spec.min || n > spec.max) return bad('is out of range');
  if (spec.rule && !spec.rule.test(n)) return bad('is not valid');
  return { ok: true, value: n as Config[K] };
}

/**
 * Rules that involve more than one key. Each issue blames the key that should fall back: the one
 * the user changed from its default (a default value is never the one to blame).
 */
function crossKeyIssues(c: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (c.dim % c.heads !== 0) {
    issues.push(
      c.dim !== DEFAULT_CONFIG.dim
        ? {
            key: 'dim',
            value: String(c.dim),
            message: `dim: ${c.dim} is not divisible by heads (${c.heads}); expected a width from 16 to 256 divisible by heads`,
          }
        : {
            key: 'heads',
            value: String(c.heads),
            message: `heads: ${c.heads} does not divide dim (${c.dim}); expected a head count from 1 to 8 that divides dim`,
          },
    );
  }
  // Each family's rules among its keys, on every config (a config carries every family's keys).
  for (const family of Object.values(FAMILIES)) {
    for (const rule of family.rules ?? []) {
      const issue = rule(c, DEFAULT_CONFIG);
      if (issue) issues.push(issue);
    }
  }
  return issues;
}

/**
 * Builds a config from loose input (e.g. URL parameters). Every known key is parsed; a bad one is
 * reported and keeps its value from `base`; unknown keys are reported and ignored. The result is
 * always a valid config.
 */
export function checkConfig(input: Readonly<Record<string, unknown>>, base: Config = DEFAULT_CONFIG): CheckedConfig {
  const config: Config = { ...base };
  const errors: ConfigIssue[] = [];
  const unknown: string[] = [];
  const target = config as unknown as Record<ConfigKey, unknown>;
  for (const [key, raw] of Object.entries(input)) {
    if (!isConfigKey(key)) {
      unknown.push(key);
      continue;
    }
    const parsed = parseValue(key, raw);
    if (parsed.ok) target[key] = parsed.value;
    else errors.push({ key, value: show(raw), message: parsed.message });
  }
  // Each pass resets the blamed keys to their defaults; defaults are never blamed, so this ends.
  for (let issues = crossKeyIssues(config); issues.length > 0; issues = crossKeyIssues(config)) {
    for (const issue of issues) {
      errors.push(issue);
      const key = issue.key as ConfigKey;
      target[key] = DEFAULT_CONFIG[key];
    }
  }
  return { config, errors, unknown };
}

/** All problems of a complete config (typed values, as in JSON, not strings); empty when it is valid. */
export function validateConfig(c: Readonly<Record<string, unknown>>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const key of CONFIG_KEYS) {
    if (!(key in c)) {
      issues.push({ key, value: 'missing', message: `${key}: missing; expected ${validRange(key)}` });
      continue;
    }
    const raw = c[key];
    // A complete config (a file's, a program's) holds numbers as numbers: "11" for p is a hand edit
    // or another program's mistake, and kept as text it would break whatever reads p next.
    if (SCHEMA[key].kind !== 'enum' && typeof raw !== 'number') {
      issues.push({
        key,
        value: show(raw),
        message: `${key}: ${show(raw)} is not a number; expected ${validRange(key)}`,
      });
      continue;
    }
    const parsed = parseValue(key, raw);
    if (!parsed.ok) issues.push({ key, value: show(raw), message: parsed.message });
  }
  for (const key of Object.keys(c)) {
    if (!isConfigKey(key)) issues.push({ key, value: show(c[key]), message: `${key}: unknown key` });
  }
  if (issues.length === 0) issues.push(...crossKeyIssues(c as unknown as Config));
  return issues;
}

export type Edit = { ok: true; config: Config } | { ok: false; message: string };

/**
 * One key changed by hand (a control): the new value must be valid on its own and together with the
 * rest of the config; otherwise nothing changes and the message says why.
 */
export function editConfig(config: Config, key: ConfigKey, raw: unknown): Edit {
  const parsed = parseValue(key, raw);
  if (!parsed.ok) return parsed;
  const next = { ...config, [key]: parsed.value };
  const cross = crossKeyIssues(next).find((issue) => issue.key === key) ?? crossKeyIssues(next)[0];
  if (cross) return { ok: false, message: crossMessageFor(key, next, cross) };
  return { ok: true, config: next };
}

/** A cross-key rule broken by an edit, worded from the edited key's side. */
function crossMessageFor(key: ConfigKey, c: Config, issue: ConfigIssue): string {
  if (key === 'heads')
    return `heads: ${c.heads} does not divide dim (${c.dim}); expected a head count that divides dim`;
  if (key === 'dim')
    return `dim: ${c.dim} is not divisible by heads (${c.heads}); expected a width from 16 to 256 divisible by heads`;
  if (issue.key === 'frac' && key !== 'frac')
    return `${key}: ${show(c[key])} leaves no equation for training or validation at frac ${c.frac}`;
  return issue.message;
}

/**
 * A complete config in a file, as a shape for checkShape: the keys added since the file was written
 * take the defaults of then (withKeysAddedLater), and the first bad key is named.
 */
export const CONFIG_SHAPE: Shape = {
  kind: 'custom',
  read: (x) => {
    if (!isObject(x)) return { ok: false, message: `${brief(x)} is not a config (an object of settings)` };
    const given = withKeysAddedLater(x);
    const issues = validateConfig(given);
    return issues.length > 0
      ? { ok: false, message: (issues[0] as ConfigIssue).message }
      : { ok: true, value: given as unknown as Config };
  },
};

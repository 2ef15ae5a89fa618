// The share link: the query string holds every config key that differs from its default, by its
// schema name, plus the UI-only keys autoplay, present and race, and `backend` where one is pinned (auto,
// the default, picks the fastest). A bare address opens the page's own default (the small preset),
// so a link to a config equal to the schema defaults still names one key (`p`): any config key in a
// link means "these settings, defaults for the rest". A sweep's link adds `sweep` (the grid, as the
// command line writes it) and `sweepStop`.
import { BACKEND_PINS, type BackendPin } from '../engine/backend-names';
import { CONFIG_KEYS, type Config, DEFAULT_CONFIG } from './schema';
import { checkConfig, type ConfigIssue } from './validate';

export const UI_KEYS = ['autoplay', 'present', 'race'] as const;
export type UiKey = (typeof UI_KEYS)[number];
export type UiFlags = Record<UiKey, boolean>;

export interface ShareState {
  config: Config;
  ui: UiFlags;
  backend: BackendPin;
  errors: ConfigIssue[];
  unknown: string[];
  /** Whether the link names any setting of the experiment (then `config` is its config). */
  named: boolean;
  /** A sweep on this config (`sweep=` the grid, `sweepStop=` steps after grokking); checked where it runs. */
  sweep: SweepLink | null;
}

export interface SweepLink {
  grid: string;
  stopAfterGrok: number | null;
}

/** The query string of a sweep's link: the base config's, then the grid. */
export function sweepToQuery(config: Config, sweep: SweepLink, backend: BackendPin = 'auto'): string {
  const params = new URLSearchParams(configToQuery(config, {}, backend));
  params.set('sweep', sweep.grid);
  if (sweep.stopAfterGrok !== null) params.set('sweepStop', String(sweep.stopAfterGrok));
  return params.toString();
}

/** Query string (without '?') of the keys that differ from the defaults, in schema order. */
export function configToQuery(config: Config, ui: Partial<UiFlags> = {}, backend: BackendPin = 'auto'): string {
  const params = new URLSearchParams();
  for (const key of CONFIG_KEYS) {
    if (config[key] !== DEFAULT_CONFIG[key]) params.set(key, String(config[key]));
  }
  if (params.toString() === '') params.set('p', String(config.p));
  for (const key of UI_KEYS) if (ui[key]) params.set(key, '1');
  if (backend !== 'auto') params.set('backend', backend);
  return params.toString();
}

/** Accepts a whole link, a '?query' or a bare 'key=value&…' string. */
export function parseShareLink(link: string): ShareState {
  const trimmed = link.trim();
  const q = trimmed.indexOf('?');
  const query = (q >= 0 ? trimmed.slice(q + 1) : trimmed.includes('=') ? trimmed : '').split('#')[0] ?? '';
  const params = new URLSearchParams(query);
  const input: Record<string, string> = {};
  const ui: UiFlags = { autoplay: false, present: false, race: false };
  let backend: BackendPin = 'auto';
  const uiErrors: ConfigIssue[] = [];
  const repeated = new Set<string>();
  let sweep: SweepLink | null = null;
  let sweepStop: number | null = null;
  for (const [key, value] of params) {
    if (key === 'sweep') {
      sweep = { grid: value, stopAfterGrok: null };
      continue;
    }
    if (key === 'sweepStop') {
      if (/^\d+$/.test(value)) sweepStop = Number(value);
      else
        uiErrors.push({
          key,
          value: JSON.stringify(value),
          message: `sweepStop: ${JSON.stringify(value)} is not valid; expected a whole number of steps, 0 or more`,
        });
      continue;
    }
    if (key === 'backend') {
      if ((BACKEND_PINS as readonly string[]).includes(value)) backend = value as BackendPin;
      else
        uiErrors.push({
          key,
          value: JSON.stringify(value),
          message: `backend: ${JSON.stringify(value)} is not valid; expected one of ${BACKEND_PINS.join(', ')}`,
        });
      continue;
    }
    if ((UI_KEYS as readonly string[]).includes(key)) {
      if (value === '1' || value === '0') ui[key as UiKey] = value === '1';
      else
        uiErrors.push({
          key,
          value: JSON.stringify(value),
          message: `${key}: ${JSON.stringify(value)} is not valid; expected 1 or 0`,
        });
      continue;
    }
    if (key in input) repeated.add(key);
    input[key] = value;
  }
  const checked = checkConfig(input);
  const errors = [...checked.errors, ...uiErrors];
  for (const key of repeated) {
    errors.push({ key, value: input[key] ?? '', message: `${key}: given more than once; the last value was used` });
  }
  const named = Object.keys(input).some((key) => (CONFIG_KEYS as readonly string[]).includes(key));
  if (sweep) sweep.stopAfterGrok = sweepStop;
  return { config: checked.config, ui, backend, errors, unknown: checked.unknown, named, sweep };
}

// A race: the current config against its baseline, the same settings with the Grokfast filter off.
import { type Config, type LiveKey, type Schema, SCHEMA } from '../config/schema';

/** The baseline a config races against: everything equal (weight decay included) but no filter. */
export function baselineOf(config: Config): Config {
  return { ...config, filter: 'none' };
}

/** Why this config cannot race its baseline, or null when it can. */
export function raceUnavailable(config: Config): string | null {
  return config.filter === 'none'
    ? 'The filter is off (filter none), so this config is its own baseline: choose EMA or MA to race against it.'
    : null;
}

/**
 * Whether a live change made during a race applies to the baseline too: the optimizer's settings do
 * (all else stays equal); the filter's do not (the baseline has none).
 */
export const appliesToBaseline = (key: LiveKey): boolean => !(SCHEMA as Schema)[key].grokfast;

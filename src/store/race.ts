// A race: the current config against its baseline, the same settings with the Grokfast filter off,
// trained in lockstep. The race's rules: its baseline, when a config can race, which live changes
// the baseline shares, what the run controls act on, when it is decided and what it says.
import { type Config, type LiveKey, type Schema, SCHEMA } from '../config/schema';
import { milestones, type RunEvent } from '../engine/metrics';
import { speedup } from '../runs/compare';
import type { RunStatus } from '../runs/status';

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

/**
 * What the run controls act on: in a race, running while either run trains, paused while either
 * can go on; otherwise the current run's status.
 */
export function groupStatus(s: { status: RunStatus; race: { status: RunStatus } | null }): RunStatus {
  if (!s.race) return s.status;
  const both = [s.status, s.race.status];
  for (const st of ['error', 'running', 'paused', 'starting'] as const) if (both.includes(st)) return st;
  return s.status;
}

/** The race is decided once both runs have grokked: it pauses there once, and play trains both on. */
export const raceDecided = (events: readonly RunEvent[], baseline: readonly RunEvent[]): boolean =>
  milestones(events).grokked !== null && milestones(baseline).grokked !== null;

/**
 * The race's verdict so far, from the Grokfast run's and the baseline's events and the baseline's
 * step: the speed-up once both grokked, a lower bound while only the Grokfast run has ("at least
 * 1.8× fewer steps": the baseline needs more than its steps so far), null while neither has.
 */
export function raceSpeedup(
  events: readonly RunEvent[],
  baseline: readonly RunEvent[],
  baselineStep: number,
): string | null {
  const done = speedup(events, baseline);
  if (done) return done;
  const a = milestones(events).grokked;
  const b = milestones(baseline).grokked;
  if (a !== null && a > 0 && b === null)
    return `at least ${(baselineStep / a).toFixed(1)}× fewer steps to grok (the baseline has not grokked by step ${baselineStep.toLocaleString('en-US')})`;
  if (b !== null && a === null) return `the baseline grokked first, at step ${b.toLocaleString('en-US')}`;
  return null;
}

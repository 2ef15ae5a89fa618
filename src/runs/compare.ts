// How runs compare: which settings differ, and how many times fewer steps one needed to grok.
import { CONFIG_KEYS, type Config } from '../config/schema';
import { milestones, type RunEvent } from '../engine/metrics';

/** "filter=ema, lambda=5": the settings of `config` that differ from `reference`. */
export function configDiff(config: Config, reference: Config): string {
  return CONFIG_KEYS.filter((k) => config[k] !== reference[k])
    .map((k) => `${k}=${String(config[k])}`)
    .join(', ');
}

/** "4.1× fewer steps to grok" (or more), when both runs grokked. */
export function speedup(events: readonly RunEvent[], reference: readonly RunEvent[]): string | null {
  const a = milestones(events).grokked;
  const b = milestones(reference).grokked;
  if (a === null || b === null || a === 0) return null;
  if (a === b) return 'same steps to grok';
  return a < b ? `${(b / a).toFixed(1)}× fewer steps to grok` : `${(a / b).toFixed(1)}× more steps to grok`;
}

// Training speed from the worker's progress reports, over a short window so it follows changes.

export interface RateSample {
  step: number;
  /** Training time of the run at that step. */
  ms: number;
}

const WINDOW_MS = 2000;

/** Steps per second of training time over roughly the last two seconds (0 until two samples). */
export function stepsPerSecond(samples: readonly RateSample[]): number {
  const last = samples.at(-1);
  if (!last) return 0;
  let first = last;
  for (let i = samples.length - 2; i >= 0; i--) {
    const s = samples[i] as RateSample;
    first = s;
    if (last.ms - s.ms >= WINDOW_MS) break;
  }
  const ms = last.ms - first.ms;
  return ms > 0 ? (1000 * (last.step - first.step)) / ms : 0;
}

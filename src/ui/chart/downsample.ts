// Thins metric records for drawing while keeping their visual envelope: the step range is cut into
// buckets, and each bucket keeps the records holding the min and max of every plotted series.
import type { MetricRecord } from '../../engine/metrics';

export type StepScale = 'linear' | 'log';

/** The series the charts draw; their extremes survive downsampling. */
export const PLOTTED = ['trainAcc', 'valAcc', 'trainLoss', 'valLoss', 'oodAcc', 'oodLoss'] as const;

/** The series plotted from these records: test-OOD's only where there is one (the reasoning tasks). */
const plotted = (records: readonly MetricRecord[]) =>
  records[0]?.oodAcc === undefined ? PLOTTED.slice(0, 4) : PLOTTED;

/** Records kept per bucket at most: a min and a max per plotted series. */
const perBucket = (records: readonly MetricRecord[]) => plotted(records).length * 2;

/**
 * At most max(maxPoints, 2) of `records` (which must be in step order), in step order, without duplicates;
 * the first and last are always kept. Under budget, `records` itself is returned. O(n) per call.
 */
export function downsample(
  records: readonly MetricRecord[],
  maxPoints = 400,
  scale: StepScale = 'linear',
): readonly MetricRecord[] {
  if (records.length <= Math.max(maxPoints, 2)) return records;
  // Correlated series (loss low where accuracy is high) usually share records, so start with room for
  // ~4 per bucket; when a noisy run overshoots, retry with fewer buckets, ending at a count that cannot.
  const safe = Math.max(0, Math.floor((maxPoints - 2) / perBucket(records)));
  let buckets = Math.max(safe, Math.floor((maxPoints - 2) / 4));
  for (let tries = 0; ; tries++) {
    const kept = pick(records, buckets, scale);
    if (kept.length <= maxPoints || buckets <= safe) return kept.map((i) => records[i] as MetricRecord);
    buckets = tries < 2 ? Math.max(safe, Math.floor((buckets * maxPoints) / kept.length)) : safe;
  }
}

/** Indices of the kept records, ascending. */
function pick(records: readonly MetricRecord[], buckets: number, scale: StepScale): number[] {
  const last = records.length - 1;
  const out = [0];
  if (buckets > 0) {
    const bucketOf = bucketer(records, buckets, scale);
    const keys = plotted(records);
    const lo = new Array<number>(keys.length).fill(0);
    const hi = new Array<number>(keys.length).fill(0);
    const flush = (): void => {
      const idx = [...lo, ...hi].sort((a, b) => a - b);
      // Buckets run in step order, so anything not past the last kept index is a duplicate.
      for (const i of idx) if (i > (out[out.length - 1] as number)) out.push(i);
    };
    let current = -1;
    for (let i = 0; i <= last; i++) {
      const r = records[i] as MetricRecord;
      const b = bucketOf(r.step);
      if (b !== current) {
        if (current >= 0) flush();
        current = b;
        lo.fill(i);
        hi.fill(i);
        continue;
      }
      for (let s = 0; s < keys.length; s++) {
        const key = keys[s] as (typeof PLOTTED)[number];
        const v = r[key] ?? 0;
        if (v < ((records[lo[s] as number] as MetricRecord)[key] ?? 0)) lo[s] = i;
        if (v > ((records[hi[s] as number] as MetricRecord)[key] ?? 0)) hi[s] = i;
      }
    }
    flush();
  }
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/** Maps a step to its bucket, 0..buckets-1: equal widths in step, or in log(step) for a log axis. */
function bucketer(records: readonly MetricRecord[], buckets: number, scale: StepScale): (step: number) => number {
  const first = (records[0] as MetricRecord).step;
  const end = (records[records.length - 1] as MetricRecord).step;
  const clamp = (x: number): number => Math.min(buckets - 1, Math.max(0, Math.floor(x * buckets)));
  if (scale === 'log') {
    // Step 0 has no place on a log axis: it joins the first bucket.
    const start = records.find((r) => r.step > 0)?.step;
    if (start !== undefined && end > start) {
      const span = Math.log(end / start);
      return (step) => (step <= start ? 0 : clamp(Math.log(step / start) / span));
    }
  }
  const span = end - first;
  return span > 0 ? (step) => clamp((step - first) / span) : () => 0;
}

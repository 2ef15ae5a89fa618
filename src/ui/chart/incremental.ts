// Downsampling for a run that only grows: a full pass when the run has grown by a few percent since
// the last one, and in between the last result with the new records appended as they are. Keeps a
// 100,000-step history cheap to redraw several times a second.
import type { MetricRecord } from '../../engine/metrics';
import { downsample, type StepScale } from './downsample';

/** New records drawn as they are before the next full pass, as a share of the records behind them. */
const SLACK = 0.03;

export interface DownsampleCache {
  first: MetricRecord | undefined;
  length: number;
  scale: StepScale;
  out: readonly MetricRecord[];
}

export function downsampleGrowing(
  records: readonly MetricRecord[],
  maxPoints: number,
  scale: StepScale,
  cache: DownsampleCache | null,
): { out: readonly MetricRecord[]; cache: DownsampleCache } {
  const sameRun =
    cache !== null && cache.first === records[0] && cache.scale === scale && records.length >= cache.length;
  if (
    sameRun &&
    records.length - cache.length <= Math.max(0, Math.floor(cache.length * SLACK)) &&
    cache.length > maxPoints
  ) {
    return { out: cache.out.concat(records.slice(cache.length)), cache };
  }
  const out = downsample(records, maxPoints, scale);
  return { out, cache: { first: records[0], length: records.length, scale, out } };
}

/**
 * Each run's last pass, keyed by its first record (a run's records are appended to, never edited):
 * components stay pure functions of their props, and the charts of one run share the work.
 */
const lastPass = new WeakMap<MetricRecord, Map<string, DownsampleCache>>();

/** `downsampleGrowing` with the cache kept here, per run, scale and point budget. */
export function downsampleRun(
  records: readonly MetricRecord[],
  maxPoints: number,
  scale: StepScale,
): readonly MetricRecord[] {
  const first = records[0];
  if (!first) return records;
  let passes = lastPass.get(first);
  if (!passes) lastPass.set(first, (passes = new Map<string, DownsampleCache>()));
  const key = `${scale}/${maxPoints}`;
  const { out, cache } = downsampleGrowing(records, maxPoints, scale, passes.get(key) ?? null);
  passes.set(key, cache);
  return out;
}

// Text for the charts: axis ticks, tooltip values, marker labels and the caption.
import type { LiveKey } from '../../config/schema';
import type { LiveValue, MetricRecord } from '../../engine/metrics';

const STEP = new Intl.NumberFormat('en');
const STEP_COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

/** 4450 -> "4,450". */
export function formatStep(step: number): string {
  return STEP.format(step);
}

/** Axis ticks: 12500 -> "12.5K". */
export function formatStepTick(step: number): string {
  return STEP_COMPACT.format(step);
}

/** 0.9512 -> "95.1%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Three significant digits; exponent form below 0.001 so tiny losses stay short: 1.23e-5. */
export function formatLoss(loss: number): string {
  if (!Number.isFinite(loss)) return String(loss);
  return loss !== 0 && Math.abs(loss) < 1e-3 ? loss.toExponential(2) : String(Number(loss.toPrecision(3)));
}

/** Ticks at powers of ten: 1 -> "1", 10 -> "10", 0.001 -> "1e-3". */
export function formatDecade(value: number): string {
  const e = Math.round(Math.log10(value));
  return e === 0 ? '1' : e === 1 ? '10' : `1e${e}`;
}

const KEY_LABEL: Record<LiveKey, string> = {
  lr: 'lr',
  wd: 'wd',
  alpha: 'α',
  lambda: 'λ',
  window: 'window',
  filter: 'filter',
};

/** A live change as a marker label: "λ=5", "filter=ma". */
export function changeLabel(key: LiveKey, to: LiveValue): string {
  const value = typeof to === 'number' ? String(Number(to.toPrecision(4))) : to;
  return `${KEY_LABEL[key]}=${value}`;
}

/** The line above the charts, from the milestone steps; null when there is nothing to say yet. */
export function milestoneCaption(memorised: number | null, grokked: number | null): string | null {
  if (grokked !== null) {
    if (memorised === null || grokked <= memorised) return `grokked at step ${formatStep(grokked)}`;
    return `grokked ${formatStep(grokked - memorised)} steps after memorising`;
  }
  return memorised !== null ? `memorised at step ${formatStep(memorised)}, not grokked yet` : null;
}

/** "42 s", "3 min 5 s", "1 h 2 min": a wait in words. */
export function waitText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * What a run is doing as the charts show it, and what comes next: memorising (train accuracy rising),
 * then the wait for the jump (steps and seconds of training since memorising), then the milestone
 * caption. Null before the first evaluation.
 */
export function runStory(
  records: readonly MetricRecord[],
  memorised: number | null,
  grokked: number | null,
): string | null {
  const last = records.at(-1);
  if (!last) return null;
  if (grokked !== null) return milestoneCaption(memorised, grokked);
  if (memorised === null)
    return `memorising: train accuracy rising (${formatPercent(last.trainAcc)} at step ${formatStep(last.step)})`;
  const at = records.find((r) => r.step >= memorised);
  const waited = at ? waitText(last.ms - at.ms) : '';
  return `memorised at step ${formatStep(memorised)}; waiting for the jump: ${formatStep(last.step - memorised)} steps${waited ? ` (${waited} of training)` : ''} so far`;
}

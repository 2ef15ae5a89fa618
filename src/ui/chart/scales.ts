// Axis domains and ticks for the charts, and how far across the plot a step falls.
import type { StepScale } from './downsample';

export type Domain = readonly [number, number];

/**
 * x runs from 0 (linear) or the first positive step (log, which has no 0) to a round number at or
 * above the last step. Rounding up keeps the axes still while a run goes on: they change only when
 * the run passes the next round number, so the chart frame is redrawn rarely (the lines are drawn
 * on their own layer).
 */
export function stepDomain(firstPositive: number, last: number, scale: StepScale): Domain {
  return scale === 'log'
    ? [firstPositive, roundUp(Math.max(last, firstPositive * 10))]
    : [0, roundUp(Math.max(last, 10))];
}

const ROUND = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is ≥ n (n > 0). */
export function roundUp(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  const m = ROUND.find((r) => r * power >= n * (1 - 1e-12)) ?? 10;
  return Number((m * power).toPrecision(12));
}

/** The powers of ten from ≤ min to ≥ max of the positive, finite values; null when there are none. */
export function decadeDomain(values: readonly (number | null)[]): Domain | null {
  let min = Infinity;
  let max = 0;
  for (const v of values) {
    if (v === null || !(v > 0) || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max === 0) return null;
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max) - 1e-9));
  return [decade(lo), decade(hi)];
}

/** Powers of ten inside the domain, thinned to at most maxTicks; the domain's ends if fewer than two. */
export function decadeTicks([lo, hi]: Domain, maxTicks = 8): number[] {
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  if (b - a < 1) return lo === hi ? [lo] : [lo, hi];
  const stride = Math.ceil((b - a + 1) / maxTicks);
  const ticks: number[] = [];
  for (let e = a; e <= b; e += stride) ticks.push(decade(e));
  return ticks;
}

/** About `count` round ticks (1, 2 or 5 times a power of ten apart) inside a linear domain, as d3 picks them. */
export function linearTicks([lo, hi]: Domain, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const err = raw / power;
  const step = power * (err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1);
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** Where a step falls across the plot, 0 (left) to 1 (right). */
export function axisFraction(step: number, [lo, hi]: Domain, scale: StepScale): number {
  if (hi <= lo) return 0;
  return scale === 'log' ? Math.log(step / lo) / Math.log(hi / lo) : (step - lo) / (hi - lo);
}

// Parsed rather than 10 ** e, which is inexact for some negative e.
function decade(e: number): number {
  return Number(`1e${e}`);
}

// Where a chart's plot area lies in its box and how values map to pixels there, and which tick labels
// fit: the pure part of the chart frame (ChartFrame.tsx draws it). The frame was recharts' until
// issue 25 item 9: its redraw on each new axis range (tens of ms, ~30 times in a run's first few
// thousand steps) was the main thread's long tasks while training.
import type { Domain } from './scales';

/** Space around the plot area, px: the y axis's labels on the left, the x axis's under it. */
export const MARGIN = { top: 8, right: 12 } as const;
export const Y_AXIS_WIDTH = 48;
export const X_AXIS_HEIGHT = 30;
/** Tick marks' length, and the gap between a mark and its label. */
export const TICK_SIZE = 6;
export const TICK_MARGIN = 2;
/** Tick labels' font size (px), and the least room kept between two of them along an axis. */
export const TICK_FONT_PX = 13;
export const MIN_TICK_GAP = 16;
/** An estimate of a tick label's width per character at 13 px (digits, k, %, e): no DOM measuring. */
const TICK_CHAR_PX = 7.5;

export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The plot area in a chart box of this size; null while the box has no room for one. */
export function plotArea(boxWidth: number, boxHeight: number): PlotArea | null {
  const width = boxWidth - Y_AXIS_WIDTH - MARGIN.right;
  const height = boxHeight - MARGIN.top - X_AXIS_HEIGHT;
  if (!(width > 0) || !(height > 0)) return null;
  return { left: Y_AXIS_WIDTH, top: MARGIN.top, width, height };
}

/**
 * Maps a value in `domain` onto `range` (pixels; a y axis passes [bottom, top]), linearly or by its
 * logarithm. Values outside the domain map outside the range. Undefined where the value has no
 * place: not finite, or not positive on a log axis.
 */
export function axisScale(
  scale: 'linear' | 'log',
  [d0, d1]: Domain,
  [r0, r1]: readonly [number, number],
): (v: number) => number | undefined {
  if (scale === 'log') {
    if (!(d0 > 0) || !(d1 > 0)) throw new Error(`a log axis needs a positive domain, got [${d0}, ${d1}]`);
    const l0 = Math.log(d0);
    const span = Math.log(d1) - l0;
    return (v) =>
      v > 0 && Number.isFinite(v) ? r0 + (span === 0 ? 0.5 : (Math.log(v) - l0) / span) * (r1 - r0) : undefined;
  }
  const span = d1 - d0;
  return (v) => (Number.isFinite(v) ? r0 + (span === 0 ? 0.5 : (v - d0) / span) * (r1 - r0) : undefined);
}

/** A tick label's estimated extent along its axis: its width on an x axis, a line on a y axis. */
export function labelSize(label: string, axis: 'x' | 'y'): number {
  return axis === 'x' ? label.length * TICK_CHAR_PX : TICK_FONT_PX;
}

/**
 * Where the x axis's tick labels go: under their ticks, but the last one moved left as far as it
 * must to end by `end` (the plot's right edge), as recharts' "preserveEnd" did, so that a long last
 * label ("2.5K") is not cut off at the chart's edge.
 */
export function xLabelPositions(at: readonly number[], sizes: readonly number[], end: number): number[] {
  return at.map((c, i) => (i === at.length - 1 ? Math.min(c, end - (sizes[i] ?? 0) / 2) : c));
}

/**
 * Which ticks keep their label: from the last one back, a label is kept when it stays MIN_TICK_GAP
 * clear of the last label kept (as recharts' "preserveEnd" did), so labels never overlap and the
 * highest value is always named. `at` are the ticks' pixel positions, `sizes` their labels' extents.
 */
export function labelledTicks(at: readonly number[], sizes: readonly number[], gap = MIN_TICK_GAP): boolean[] {
  const keep = at.map(() => false);
  let edge: { lo: number; hi: number } | null = null;
  for (let i = at.length - 1; i >= 0; i--) {
    const c = at[i] as number;
    const half = (sizes[i] ?? 0) / 2;
    const lo = c - half;
    const hi = c + half;
    if (edge === null || hi + gap <= edge.lo || lo >= edge.hi + gap) {
      keep[i] = true;
      edge = { lo, hi };
    }
  }
  return keep;
}

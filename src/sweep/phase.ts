// A sweep's table as a phase diagram: the swept keys with more than one value (seeds aside) become
// the axes, one or two of them; each cell gathers its seeds' runs and says when they grokked.
import type { ConfigKey } from '../config/schema';
import type { Axis } from './grid';
import { median, type SweepRow } from './summary';

export interface PhaseCell {
  /** Index into xValues and yValues (0 when there is no y axis). */
  x: number;
  y: number;
  rows: SweepRow[];
  /** Steps to grok of the seeds that grokked, ascending. */
  grokked: number[];
  /** Seeds that ended without grokking (by the step budget, or diverged or failed). */
  notGrokked: number;
  /** Seeds stopped before their end without grokking (a cancelled sweep): neither grokked nor not. */
  stopped: number;
  /** Seeds still to run or running. */
  waiting: number;
  /** Median steps to grok over the seeds that grokked; null when none did. */
  median: number | null;
}

export interface PhaseDiagram {
  xKey: ConfigKey;
  yKey: ConfigKey | null;
  xValues: unknown[];
  yValues: unknown[];
  cells: PhaseCell[];
  /** Keys held at one value across the sweep, with it. */
  fixed: { key: ConfigKey; value: unknown }[];
  seeds: number;
}

export type PhaseResult = { ok: true; diagram: PhaseDiagram } | { ok: false; message: string };

const ENDED = new Set(['finished', 'grokked', 'diverged', 'failed', 'stopped']);

export function phaseDiagram(axes: readonly Axis[], rows: readonly SweepRow[]): PhaseResult {
  const shown = axes.filter((a) => a.key !== 'seed' && a.values.length > 1);
  const seeds = axes.find((a) => a.key === 'seed')?.values.length ?? 1;
  if (shown.length === 0)
    return { ok: false, message: 'the grid varies no key but the seed: give a key two values or more' };
  if (shown.length > 2)
    return {
      ok: false,
      message: `the page draws one or two keys against each other; this grid varies ${shown.map((a) => a.key).join(', ')} (the command line's npm run sweep takes any number)`,
    };
  const [xAxis, yAxis] = shown as [Axis, Axis | undefined];
  const cells: PhaseCell[] = [];
  const yCount = yAxis?.values.length ?? 1;
  for (let y = 0; y < yCount; y++)
    for (let x = 0; x < xAxis.values.length; x++)
      cells.push({ x, y, rows: [], grokked: [], notGrokked: 0, stopped: 0, waiting: 0, median: null });
  for (const row of rows) {
    const x = xAxis.values.indexOf(row.config[xAxis.key]);
    const y = yAxis ? yAxis.values.indexOf(row.config[yAxis.key]) : 0;
    const cell = cells[y * xAxis.values.length + x];
    if (x < 0 || y < 0 || !cell) continue;
    cell.rows.push(row);
    if (row.grokked !== null) cell.grokked.push(row.grokked);
    else if (row.status === 'stopped') cell.stopped++;
    else if (ENDED.has(row.status)) cell.notGrokked++;
    else cell.waiting++;
  }
  for (const cell of cells) {
    cell.grokked.sort((a, b) => a - b);
    cell.median = median(cell.grokked);
  }
  return {
    ok: true,
    diagram: {
      xKey: xAxis.key,
      yKey: yAxis?.key ?? null,
      xValues: [...xAxis.values],
      yValues: yAxis ? [...yAxis.values] : [],
      cells,
      fixed: axes
        .filter((a) => a.key !== 'seed' && a.values.length === 1)
        .map((a) => ({ key: a.key, value: a.values[0] })),
      seeds,
    },
  };
}

// The sweep as a heatmap: one cell per point of the grid (its seeds together), coloured by the median
// steps to grok on a log scale from fast (dark blue) to slow (yellow); grey hatching where no seed
// grokked by the budget; outlined while runs are still to come. A cell opens its runs in the lab.
import type { KeyboardEvent } from 'react';
import type { PhaseCell, PhaseDiagram } from '../../sweep/phase';
import { count } from '../format';

const CELL_W = 64;
const CELL_H = 40;
const LEFT = 72;
const TOP = 24;
const BOTTOM = 44;

/** Fast → slow: dark blue, teal, yellow (a viridis-like ramp, readable in grey too), by t from 0 to 1. */
const RAMP = [
  [11, 61, 145],
  [42, 157, 143],
  [242, 201, 76],
] as const;

function colourAt(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const [a, b] = [RAMP[i] as readonly number[], RAMP[i + 1] as readonly number[]];
  return `rgb(${a.map((v, k) => Math.round(v + ((b[k] as number) - v) * (x - i))).join(',')})`;
}

export function cellText(cell: PhaseCell, budget: number): string {
  const seeds = cell.rows.map((r) => {
    const seed = `seed ${r.config.seed}`;
    if (r.grokked !== null) return `${seed}: grokked at ${count(r.grokked)}`;
    if (r.status === 'pending') return `${seed}: waiting`;
    if (r.status === 'running') return `${seed}: running, step ${count(r.stepsTaken)}`;
    if (r.status === 'diverged') return `${seed}: diverged at ${count(r.stepsTaken)}`;
    if (r.status === 'failed') return `${seed}: failed (${r.error ?? 'no reason given'})`;
    if (r.status === 'stopped') return `${seed}: stopped at ${count(r.stepsTaken)}`;
    return `${seed}: not grokked by ${count(budget)}`;
  });
  const head =
    cell.median !== null
      ? `median ${count(cell.median)} steps to grok (${cell.grokked.length} of ${cell.rows.length} seeds)`
      : cell.waiting > 0
        ? 'still running'
        : cell.notGrokked === 0 && cell.stopped > 0
          ? 'stopped before the end (the sweep was cancelled)'
          : `not grokked by ${count(budget)}`;
  return `${head}; ${seeds.join('; ')}`;
}

export function PhaseHeatmap({
  diagram,
  budget,
  onOpen,
}: {
  diagram: PhaseDiagram;
  budget: number;
  onOpen: (cell: PhaseCell) => void;
}) {
  const cols = diagram.xValues.length;
  const rows = Math.max(1, diagram.yValues.length);
  const width = LEFT + cols * CELL_W + 8;
  const height = TOP + rows * CELL_H + BOTTOM;
  const steps = diagram.cells.flatMap((c) => c.grokked);
  const lo = Math.log(Math.max(1, Math.min(budget, ...steps)));
  const hi = Math.log(Math.max(2, budget));
  const shade = (median: number) => colourAt(hi > lo ? (Math.log(median) - lo) / (hi - lo) : 0);
  const label = (v: unknown) => String(v);
  const key = (e: KeyboardEvent, cell: PhaseCell) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(cell);
    }
  };
  return (
    <svg
      className="phase-heatmap"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="group"
      aria-label={`Steps to grok by ${diagram.xKey}${diagram.yKey ? ` and ${diagram.yKey}` : ''}`}
    >
      <defs>
        <pattern id="not-grokked" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#d9d9de" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#9a9aa5" strokeWidth="2" />
        </pattern>
      </defs>
      {diagram.cells.map((cell) => {
        const x = LEFT + cell.x * CELL_W;
        // The first y value at the bottom, as on a plot.
        const y = TOP + (rows - 1 - cell.y) * CELL_H;
        const done = cell.waiting === 0;
        // Stopped, no seed grokked and none ran to its end: nothing is known, so no hatching.
        const stopped = done && cell.median === null && cell.notGrokked === 0 && cell.stopped > 0;
        const fill = cell.median !== null ? shade(cell.median) : done && !stopped ? 'url(#not-grokked)' : '#fff';
        const dark = cell.median !== null && (hi <= lo || (Math.log(cell.median) - lo) / (hi - lo) < 0.6);
        const text =
          cell.median !== null
            ? count(cell.median)
            : stopped
              ? 'stopped'
              : done
                ? cell.rows.some((r) => r.status === 'diverged' || r.status === 'failed')
                  ? '✕'
                  : '—'
                : '…';
        const partial = cell.grokked.length > 0 && cell.grokked.length < cell.rows.length;
        return (
          <g
            key={`${cell.x}-${cell.y}`}
            className="phase-cell"
            role="button"
            tabIndex={0}
            aria-label={`${diagram.xKey} ${label(diagram.xValues[cell.x])}${diagram.yKey ? `, ${diagram.yKey} ${label(diagram.yValues[cell.y])}` : ''}: ${cellText(cell, budget)}`}
            data-median={cell.median ?? ''}
            onClick={() => onOpen(cell)}
            onKeyDown={(e) => key(e, cell)}
          >
            <title>{cellText(cell, budget)}</title>
            <rect
              x={x + 1}
              y={y + 1}
              width={CELL_W - 2}
              height={CELL_H - 2}
              fill={fill}
              stroke={done && !stopped ? 'none' : '#5a5a66'}
              strokeDasharray={done && !stopped ? undefined : stopped ? '1 3' : '3 3'}
            />
            <text
              x={x + CELL_W / 2}
              y={y + CELL_H / 2 + (partial ? -3 : 4)}
              textAnchor="middle"
              fontSize={stopped ? '11' : '12'}
              fill={dark ? '#fff' : '#1b1b1f'}
            >
              {text}
            </text>
            {partial && (
              <text
                x={x + CELL_W / 2}
                y={y + CELL_H / 2 + 11}
                textAnchor="middle"
                fontSize="10"
                fill={dark ? '#fff' : '#1b1b1f'}
              >
                {cell.grokked.length}/{cell.rows.length}
              </text>
            )}
          </g>
        );
      })}
      {diagram.xValues.map((v, i) => (
        <text
          key={`x${i}`}
          x={LEFT + i * CELL_W + CELL_W / 2}
          y={TOP + rows * CELL_H + 16}
          textAnchor="middle"
          fontSize="12"
        >
          {label(v)}
        </text>
      ))}
      <text
        x={LEFT + (cols * CELL_W) / 2}
        y={TOP + rows * CELL_H + 36}
        textAnchor="middle"
        fontSize="12"
        fontWeight="600"
      >
        {diagram.xKey}
      </text>
      {diagram.yValues.map((v, i) => (
        <text
          key={`y${i}`}
          x={LEFT - 8}
          y={TOP + (rows - 1 - i) * CELL_H + CELL_H / 2 + 4}
          textAnchor="end"
          fontSize="12"
        >
          {label(v)}
        </text>
      ))}
      {diagram.yKey && (
        <text x={LEFT - 8} y={TOP - 8} textAnchor="end" fontSize="12" fontWeight="600">
          {diagram.yKey}
        </text>
      )}
    </svg>
  );
}

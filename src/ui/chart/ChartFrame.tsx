// A chart's frame as one small SVG: grid, axes with their ticks and labels, and the markers' lines.
// It changes only when an axis range, a marker or the chart's size does; the lines are drawn on a
// canvas over it (LineLayer). A few dozen elements, drawn in about a millisecond: recharts drew the
// same frame through its own store and text measuring in tens of ms (issue 25, item 9).
import { memo } from 'react';
import type { Geometry } from './LineLayer';
import { formatStepTick } from './format';
import { labelledTicks, labelSize, TICK_FONT_PX, TICK_MARGIN, TICK_SIZE, xLabelPositions } from './frame';
import type { Marker } from './markers';
import type { StepAxis, ValueAxis } from './MetricChart';
import { COLORS } from './theme';

const AXIS_COLOR = '#666';
const TICK_COLOR = '#333';

interface Props {
  width: number;
  height: number;
  geometry: Geometry;
  x: StepAxis;
  y: ValueAxis;
  markers: readonly Marker[];
}

interface Tick {
  value: number;
  at: number;
  label: string;
  /** Where its label goes along the axis (the last x label may sit left of its tick), if it has one. */
  labelAt: number | null;
}

/** The ticks inside the plot, with their positions and where their labels go, if they fit. */
function placeTicks(
  values: readonly number[],
  scale: (v: number) => number | undefined,
  label: (v: number) => string,
  axis: 'x' | 'y',
  range: readonly [number, number],
): Tick[] {
  const [lo, hi] = [Math.min(...range), Math.max(...range)];
  const placed = values.flatMap((value) => {
    const at = scale(value);
    return at === undefined || at < lo - 0.5 || at > hi + 0.5 ? [] : [{ value, at, label: label(value) }];
  });
  const sizes = placed.map((t) => labelSize(t.label, axis));
  const at = placed.map((t) => t.at);
  const labelAt = axis === 'x' ? xLabelPositions(at, sizes, hi) : at;
  const keep = labelledTicks(labelAt, sizes);
  return placed.map((t, i) => ({ ...t, labelAt: keep[i] ? (labelAt[i] ?? t.at) : null }));
}

export const ChartFrame = memo(function ChartFrame({ width, height, geometry: g, x, y, markers }: Props) {
  const right = g.left + g.width;
  const bottom = g.top + g.height;
  const xTicks = placeTicks(x.ticks, g.x, formatStepTick, 'x', [g.left, right]);
  const yTicks = placeTicks(y.ticks, g.y, y.tick, 'y', [g.top, bottom]);
  return (
    <svg className="metric-frame" width={width} height={height} aria-hidden="true">
      <g stroke={COLORS.grid} strokeDasharray="3 3">
        {yTicks.map((t) => (
          <line key={t.value} x1={g.left} x2={right} y1={t.at} y2={t.at} />
        ))}
        {xTicks.map((t) => (
          <line key={t.value} x1={t.at} x2={t.at} y1={g.top} y2={bottom} />
        ))}
      </g>
      {markers.map((m, i) => {
        const at = g.x(m.step);
        if (at === undefined || at < g.left - 0.5 || at > right + 0.5) return null;
        return (
          <line
            key={i}
            x1={at}
            x2={at}
            y1={g.top}
            y2={bottom}
            stroke={m.color}
            strokeWidth={m.milestone ? 2 : 1.5}
            strokeDasharray={m.milestone ? undefined : '4 3'}
          />
        );
      })}
      <g stroke={AXIS_COLOR}>
        <line x1={g.left} x2={right} y1={bottom} y2={bottom} />
        <line x1={g.left} x2={g.left} y1={g.top} y2={bottom} />
        {xTicks.map((t) => (
          <line key={t.value} x1={t.at} x2={t.at} y1={bottom} y2={bottom + TICK_SIZE} />
        ))}
        {yTicks.map((t) => (
          <line key={t.value} x1={g.left - TICK_SIZE} x2={g.left} y1={t.at} y2={t.at} />
        ))}
      </g>
      <g fill={TICK_COLOR} fontSize={TICK_FONT_PX}>
        {xTicks.map(
          (t) =>
            t.labelAt !== null && (
              <text
                key={t.value}
                className="metric-tick"
                x={t.labelAt}
                y={bottom + TICK_SIZE + TICK_MARGIN}
                dy="0.71em"
                textAnchor="middle"
              >
                {t.label}
              </text>
            ),
        )}
        {yTicks.map(
          (t) =>
            t.labelAt !== null && (
              <text
                key={t.value}
                className="metric-tick"
                x={g.left - TICK_SIZE - TICK_MARGIN}
                y={t.labelAt}
                dy="0.355em"
                textAnchor="end"
              >
                {t.label}
              </text>
            ),
        )}
      </g>
    </svg>
  );
});

// One live line chart (train and validation against step) with the run's markers. Recharts draws the
// frame (axes, grid, markers), which changes only when an axis range or a marker does; the lines are
// drawn on a canvas layer over it (LineLayer), which is all that changes on a new evaluation.
import { memo, useEffect, useMemo, useState } from 'react';
import {
  CartesianGrid,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
} from 'recharts';
import { type Geometry, LineLayer, type OverlayRows } from './LineLayer';
import type { ChartRow, Series } from './rows';
import type { StepScale } from './downsample';
import { formatStep, formatStepTick } from './format';
import { layoutLabels, type Marker } from './markers';
import type { Domain } from './scales';
import { COLORS } from './theme';

export interface StepAxis {
  scale: StepScale;
  domain: Domain;
  ticks: number[];
}

export interface ValueAxis {
  scale: 'linear' | 'log';
  domain: Domain;
  ticks: number[];
  tick: (v: number) => string;
  /** Tooltip value text. */
  value: (v: number) => string;
}

interface Props {
  testId: string;
  title: string;
  /** What a screen reader hears for the whole chart. */
  description: string;
  rows: readonly ChartRow[];
  x: StepAxis;
  y: ValueAxis;
  series: readonly Series[];
  markers: readonly Marker[];
  overlays: readonly OverlayRows[];
}

const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };
const Y_AXIS_WIDTH = 48;
/** Recharts' default height of the x axis, under the plot area. */
const X_AXIS_HEIGHT = 30;
const TICK = { fontSize: 13, fill: '#333' };
const LABEL_LINE = 15;

export function MetricChart({ testId, title, description, rows, x, y, series, markers, overlays }: Props) {
  const [geometry, setGeometry] = useState<Geometry | null>(null);
  const last = rows[rows.length - 1];
  return (
    <figure
      className="metric-chart"
      data-testid={testId}
      data-points={rows.length}
      data-last-step={last?.step ?? 0}
      role="img"
      aria-label={description}
    >
      <figcaption className="metric-chart-title">
        {title}
        <span className="metric-legend" aria-hidden="true">
          {series.map((s) => (
            <span key={s.key} className="metric-legend-item">
              <svg width="24" height="8">
                <line x1="0" y1="4" x2="24" y2="4" stroke={s.color} strokeWidth="2" strokeDasharray={s.dash} />
              </svg>
              {s.name}
            </span>
          ))}
          {overlays.map((o) => (
            <span key={o.id} className="metric-legend-item" data-overlay={o.name}>
              <svg width="24" height="8">
                <line x1="0" y1="4" x2="24" y2="4" stroke={o.color} strokeWidth="2" />
              </svg>
              {o.name}
            </span>
          ))}
        </span>
      </figcaption>
      <div className="metric-plot">
        <ChartFrame x={x} y={y} markers={markers} onGeometry={setGeometry} />
        <LineLayer
          rows={rows}
          series={series}
          overlays={overlays}
          geometry={geometry}
          value={y.value}
          stepText={(s) => `step ${formatStep(s)}`}
        />
        {geometry && <MarkerLabels markers={markers} geometry={geometry} />}
      </div>
    </figure>
  );
}

interface FrameProps {
  x: StepAxis;
  y: ValueAxis;
  markers: readonly Marker[];
  onGeometry: (g: Geometry | null) => void;
}

/** Axes, grid and markers: memoised, so a new evaluation does not redraw them. */
const ChartFrame = memo(function ChartFrame({ x, y, markers, onGeometry }: FrameProps) {
  return (
    // As tall as .metric-plot, whose height the page's CSS sets (lower on a phone, by the screen's
    // height in classroom mode), so that a chart fits the first screen.
    <ResponsiveContainer width="100%" height="100%" minWidth={0}>
      <LineChart margin={MARGIN} accessibilityLayer={false}>
        <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" />
        <XAxis
          dataKey="step"
          type="number"
          scale={x.scale}
          domain={x.domain}
          allowDataOverflow
          ticks={x.ticks}
          tickFormatter={formatStepTick}
          tick={TICK}
          minTickGap={16}
          height={X_AXIS_HEIGHT}
        />
        <YAxis
          type="number"
          scale={y.scale}
          domain={y.domain}
          allowDataOverflow
          ticks={y.ticks}
          tickFormatter={y.tick}
          tick={TICK}
          width={Y_AXIS_WIDTH}
        />
        {markers.map((m, i) => (
          <ReferenceLine
            key={i}
            x={m.step}
            stroke={m.color}
            strokeWidth={m.milestone ? 2 : 1.5}
            strokeDasharray={m.milestone ? undefined : '4 3'}
          />
        ))}
        <GeometryProbe onGeometry={onGeometry} />
      </LineChart>
    </ResponsiveContainer>
  );
});

/** Reports the plot area and recharts' scales to the line layer whenever they change. */
function GeometryProbe({ onGeometry }: { onGeometry: (g: Geometry | null) => void }) {
  const area = usePlotArea();
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  useEffect(() => {
    onGeometry(
      area && xScale && yScale
        ? {
            left: area.x,
            top: area.y,
            width: area.width,
            height: area.height,
            x: (v) => xScale(v),
            y: (v) => yScale(v),
          }
        : null,
    );
  }, [area, xScale, yScale, onGeometry]);
  return null;
}

/**
 * The markers' labels, in rows where they would overlap each other (layoutLabels), drawn above the
 * curves with a halo of the page's background, so that no line runs through a label.
 */
function MarkerLabels({ markers, geometry }: { markers: readonly Marker[]; geometry: Geometry }) {
  const placed = useMemo(() => layoutLabels(markers, geometry.width), [markers, geometry.width]);
  return (
    <svg
      className="metric-labels"
      width={geometry.left + geometry.width + MARGIN.right}
      height={geometry.top + geometry.height + X_AXIS_HEIGHT + MARGIN.bottom}
      aria-hidden="true"
    >
      {placed.map((m, i) => {
        const at = geometry.x(m.step);
        if (m.row === null || at === undefined || at < geometry.left || at > geometry.left + geometry.width)
          return null;
        return (
          <text
            key={i}
            x={m.labelLeft ? at - 4 : at + 4}
            y={geometry.top + 12 + m.row * LABEL_LINE}
            textAnchor={m.labelLeft ? 'end' : 'start'}
            fill={m.color}
            fontSize={12}
            fontWeight={m.milestone ? 600 : 400}
            // A halo of the page's background (attributes, not CSS, so that the PNG export keeps it).
            stroke="#fafafa"
            strokeWidth={4}
            strokeLinejoin="round"
            paintOrder="stroke"
          >
            {m.label}
          </text>
        );
      })}
    </svg>
  );
}

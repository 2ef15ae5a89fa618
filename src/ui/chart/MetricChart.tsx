// One live line chart (train and validation against step) with the run's markers. Memoised: it redraws
// only when its rows, axes or markers change, not on every parent render.
import { memo, useMemo, useState, type ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepScale } from './downsample';
import { formatStep, formatStepTick } from './format';
import { layoutLabels, type Marker } from './markers';
import type { Domain } from './scales';
import { COLORS } from './theme';

/** One drawn point; a null loss (not positive or not finite) leaves a gap on the log axis. */
export interface ChartRow {
  step: number;
  trainAcc: number;
  valAcc: number;
  trainLoss: number | null;
  valLoss: number | null;
}

export interface Series {
  key: keyof Omit<ChartRow, 'step'>;
  name: string;
  color: string;
  dash?: string;
}

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
}

const HEIGHT = 240;
const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };
const Y_AXIS_WIDTH = 48;
/** Plot width assumed until the container reports its size. */
const DEFAULT_WIDTH = 600;
const TICK = { fontSize: 13, fill: '#333' };
const LABEL_LINE = 15;

// Dark legend text rather than recharts' line-coloured text: the coloured icon already says which line.
const legendText = (value: ReactNode): ReactNode => <span className="metric-legend-text">{value}</span>;

export const MetricChart = memo(function MetricChart({ testId, title, description, rows, x, y, series, markers }: Props) {
  const [width, setWidth] = useState(0);
  const plotWidth = (width || DEFAULT_WIDTH) - Y_AXIS_WIDTH - MARGIN.left - MARGIN.right;
  const placed = useMemo(() => layoutLabels(markers, plotWidth), [markers, plotWidth]);
  const last = rows[rows.length - 1];
  return (
    <figure className="metric-chart" data-testid={testId} data-points={rows.length} data-last-step={last?.step ?? 0} role="img" aria-label={description}>
      <figcaption className="metric-chart-title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={HEIGHT} minWidth={0} onResize={(w) => setWidth(w)}>
        <LineChart data={rows} margin={MARGIN} accessibilityLayer={false}>
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
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(label: ReactNode) => (typeof label === 'number' ? `step ${formatStep(label)}` : label)}
            formatter={(v) => (typeof v === 'number' ? y.value(v) : String(v))}
          />
          <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 14 }} formatter={legendText} />
          {placed.map((m, i) => (
            <ReferenceLine
              key={i}
              x={m.step}
              stroke={m.color}
              strokeWidth={m.milestone ? 2 : 1.5}
              strokeDasharray={m.milestone ? undefined : '4 3'}
              label={{
                value: m.label,
                position: m.labelLeft ? 'insideTopRight' : 'insideTopLeft',
                dy: m.row * LABEL_LINE,
                fill: m.color,
                fontSize: 12,
                fontWeight: m.milestone ? 600 : 400,
                halo: true,
              }}
            />
          ))}
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              type="linear"
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dash}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

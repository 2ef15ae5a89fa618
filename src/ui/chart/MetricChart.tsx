// One live line chart (train and validation against step) with the run's markers. ChartFrame draws the
// frame (axes, grid, markers), which changes only when an axis range, a marker or the size does; the
// lines are drawn on a canvas layer over it (LineLayer), which is all that changes on a new evaluation.
import { type RefObject, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ChartFrame } from './ChartFrame';
import { type Geometry, LineLayer, type OverlayRows } from './LineLayer';
import type { ChartRow, Series } from './rows';
import type { StepScale } from './downsample';
import { formatStep } from './format';
import { axisScale, MARGIN, plotArea, X_AXIS_HEIGHT } from './frame';
import { layoutLabels, type Marker } from './markers';
import type { Domain } from './scales';

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

const LABEL_LINE = 15;

export function MetricChart({ testId, title, description, rows, x, y, series, markers, overlays }: Props) {
  const plot = useRef<HTMLDivElement>(null);
  const size = useBoxSize(plot);
  const geometry = useMemo((): Geometry | null => {
    const area = size && plotArea(size.width, size.height);
    if (!area) return null;
    return {
      ...area,
      x: axisScale(x.scale, x.domain, [area.left, area.left + area.width]),
      y: axisScale(y.scale, y.domain, [area.top + area.height, area.top]),
    };
  }, [size, x, y]);
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
      <div className="metric-plot" ref={plot}>
        {size && geometry && (
          <ChartFrame width={size.width} height={size.height} geometry={geometry} x={x} y={y} markers={markers} />
        )}
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

/**
 * The box's size in px, kept up to date (a resize, the phone's layout, classroom mode's chart height);
 * null before it is first measured.
 */
function useBoxSize(box: RefObject<HTMLElement | null>): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = (width: number, height: number) =>
      setSize((old) => (old && old.width === width && old.height === height ? old : { width, height }));
    const r = el.getBoundingClientRect();
    measure(r.width, r.height);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) measure(entry.contentRect.width, entry.contentRect.height);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [box]);
  return size;
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
      height={geometry.top + geometry.height + X_AXIS_HEIGHT}
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

// The live lines of one chart, drawn on a canvas over the frame's plot area. An SVG line chart redraws
// its whole tree whenever its data change (tens of ms per update with recharts); here only this canvas
// is redrawn, about a millisecond for a few hundred points, while the frame (axes, grid, markers) stays put.
import { type PointerEvent, useEffect, useRef, useState } from 'react';
import type { ChartRow, Series } from './rows';

/** Where the plot area is in the chart, and how data map to pixels there (src/ui/chart/frame.ts). */
export interface Geometry {
  left: number;
  top: number;
  width: number;
  height: number;
  x: (step: number) => number | undefined;
  y: (value: number) => number | undefined;
}

/** Another run drawn under the current one, in its own colour. */
export interface OverlayRows {
  id: number;
  name: string;
  color: string;
  rows: readonly ChartRow[];
}

interface Props {
  rows: readonly ChartRow[];
  series: readonly Series[];
  overlays: readonly OverlayRows[];
  geometry: Geometry | null;
  /** Tooltip text for a value of this chart. */
  value: (v: number) => string;
  stepText: (step: number) => string;
}

export function LineLayer({ rows, series, overlays, geometry, value, stepText }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ row: ChartRow; px: number } | null>(null);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !geometry) return;
    draw(c, rows, series, overlays, geometry);
  }, [rows, series, overlays, geometry]);

  if (!geometry) return null;
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const row = nearest(rows, geometry, e.clientX - rect.left + geometry.left);
    setHover(row ? { row, px: (geometry.x(row.step) ?? 0) - geometry.left } : null);
  };
  return (
    <>
      <canvas
        ref={canvas}
        className="metric-lines"
        style={{ left: geometry.left, top: geometry.top, width: geometry.width, height: geometry.height }}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(null)}
      />
      {hover && (
        <div
          className="metric-tooltip"
          style={{
            top: geometry.top + 4,
            ...(hover.px < geometry.width / 2
              ? { left: geometry.left + hover.px + 12 }
              : { right: `calc(100% - ${geometry.left + hover.px - 12}px)` }),
          }}
        >
          <div>{stepText(hover.row.step)}</div>
          {series.map((s) => {
            const v = hover.row[s.key];
            return (
              <div key={s.key} style={{ color: s.color }}>
                {s.name}: {v === null ? '–' : value(v)}
              </div>
            );
          })}
        </div>
      )}
    </>
  );
}

function draw(
  c: HTMLCanvasElement,
  rows: readonly ChartRow[],
  series: readonly Series[],
  overlays: readonly OverlayRows[],
  g: Geometry,
): void {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(g.width * ratio));
  const h = Math.max(1, Math.round(g.height * ratio));
  if (c.width !== w || c.height !== h) {
    c.width = w;
    c.height = h;
  }
  const ctx = c.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, g.width, g.height);
  ctx.lineJoin = 'round';
  const lines = [
    ...overlays.flatMap((o) =>
      series.map((s) => ({ rows: o.rows, key: s.key, color: o.color, dash: s.dash, width: 1.5 })),
    ),
    ...series.map((s) => ({ rows, key: s.key, color: s.color, dash: s.dash, width: 2 })),
  ];
  for (const s of lines) {
    ctx.lineWidth = s.width;
    ctx.strokeStyle = s.color;
    ctx.setLineDash(s.dash ? s.dash.split(' ').map(Number) : []);
    ctx.beginPath();
    // A point with no neighbour on its line (the first evaluation, or one between gaps) is drawn as a
    // dot: a line through one point draws nothing, and the chart would stay blank until the second.
    const lone: [number, number][] = [];
    let segment: [number, number][] = []; // a null value (no loss on a log axis) breaks the line
    const endSegment = () => {
      if (segment.length === 1) lone.push(segment[0] as [number, number]);
      segment = [];
    };
    for (const r of s.rows) {
      const v = r[s.key];
      const px = g.x(r.step);
      const py = v === null ? undefined : g.y(v);
      if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
        endSegment();
        continue;
      }
      const x = px - g.left;
      const y = Math.min(g.height + 1, Math.max(-1, py - g.top));
      if (segment.length > 0) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      segment.push([x, y]);
    }
    endSegment();
    ctx.stroke();
    ctx.fillStyle = s.color;
    for (const [x, y] of lone) {
      ctx.beginPath();
      ctx.arc(x, y, s.width + 1.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}

/** The row drawn nearest to a horizontal pixel position (rows are in step order). */
function nearest(rows: readonly ChartRow[], g: Geometry, px: number): ChartRow | null {
  let lo = 0;
  let hi = rows.length - 1;
  if (hi < 0) return null;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((g.x((rows[mid] as ChartRow).step) ?? 0) < px) lo = mid;
    else hi = mid;
  }
  const a = rows[lo] as ChartRow;
  const b = rows[hi] as ChartRow;
  return Math.abs((g.x(a.step) ?? 0) - px) <= Math.abs((g.x(b.step) ?? 0) - px) ? a : b;
}

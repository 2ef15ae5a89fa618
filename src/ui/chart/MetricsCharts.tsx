// The live accuracy and loss charts, stacked, with the run's markers and the grokking delay above them.
import { useEffect, useMemo } from 'react';
import { milestones, type MetricRecord, type RunEvent } from '../../engine/metrics';
import './chart.css';
import { downsample, type StepScale } from './downsample';
import { downsampleRun } from './incremental';
import { formatDecade, formatLoss, formatPercent, formatStep, runStory } from './format';
import { buildMarkers } from './markers';
import type { StepAxis, ValueAxis } from './MetricChart';
import type { ChartRow, Series } from './rows';
import { decadeDomain, decadeTicks, linearTicks, stepDomain } from './scales';
import { COLORS, TRAIN_DASH } from './theme';
import { onDemand } from '../on-demand';

// The chart itself comes in a chunk of its own (it held recharts, about half of the page's script,
// until the frame was drawn by hand; now a few kB): the first screen of a visit has no curve yet
// ("press play"), so the page does not wait for it. MetricsCharts fetches it once drawn, so it is there by the first
// evaluation; a failed fetch is shown where a chart would be.
const loadMetricChart = () => import('./MetricChart').then((m) => m.MetricChart);
const MetricChart = onDemand(loadMetricChart, 'the chart');

/** Another run to draw with the current one. */
export interface Overlay {
  id: number;
  name: string;
  color: string;
  records: readonly MetricRecord[];
  /** With events, its milestones are marked too, labelled with `label` (e.g. a racing baseline). */
  marked?: { label: string; events: readonly RunEvent[] };
}

export interface MetricsChartsProps {
  records: readonly MetricRecord[];
  events: readonly RunEvent[];
  xScale: StepScale;
  overlays?: readonly Overlay[];
  /** Whether the run trains now (the empty state then says when the first evaluation comes). */
  training?: boolean;
  /** Steps between evaluations. */
  evalEvery?: number;
}

const NO_OVERLAYS: readonly Overlay[] = [];

/** Points drawn per chart at most: enough for the envelope at any width, few enough to redraw often. */
export const MAX_POINTS = 400;

const ACC_SERIES: readonly Series[] = [
  { key: 'trainAcc', name: 'train', color: COLORS.train, dash: TRAIN_DASH },
  { key: 'valAcc', name: 'validation', color: COLORS.validation },
];
const LOSS_SERIES: readonly Series[] = [
  { key: 'trainLoss', name: 'train', color: COLORS.train, dash: TRAIN_DASH },
  { key: 'valLoss', name: 'validation', color: COLORS.validation },
];
/** The reasoning tasks' three splits: validation is test-ID, and test-OOD joins it. */
const REASONING_ACC_SERIES: readonly Series[] = [
  { key: 'trainAcc', name: 'train', color: COLORS.train, dash: TRAIN_DASH },
  { key: 'valAcc', name: 'test-ID', color: COLORS.validation },
  { key: 'oodAcc', name: 'test-OOD', color: COLORS.ood },
];
const REASONING_LOSS_SERIES: readonly Series[] = [
  { key: 'trainLoss', name: 'train', color: COLORS.train, dash: TRAIN_DASH },
  { key: 'valLoss', name: 'test-ID', color: COLORS.validation },
  { key: 'oodLoss', name: 'test-OOD', color: COLORS.ood },
];
const ACC_AXIS: ValueAxis = {
  scale: 'linear',
  domain: [0, 1],
  ticks: [0, 0.25, 0.5, 0.75, 1],
  tick: (v) => `${Math.round(v * 100)}%`,
  value: formatPercent,
};
/** Loss axis before any positive loss arrives. */
const FALLBACK_LOSS_DOMAIN = [1e-3, 10] as const;

export function MetricsCharts({
  records,
  events,
  xScale,
  overlays = NO_OVERLAYS,
  training = false,
  evalEvery,
}: MetricsChartsProps) {
  useEffect(() => {
    loadMetricChart().catch(() => undefined);
  }, []);
  const rows = useMemo(
    () => downsampleRun(drawable(records, xScale), MAX_POINTS, xScale).map(toRow),
    [records, xScale],
  );
  const { memorised, grokked } = useMemo(() => milestones(events), [events]);
  const overlayRows = useMemo(
    () =>
      overlays.map((o) => ({
        id: o.id,
        name: o.name,
        color: o.color,
        rows: downsample(drawable(o.records, xScale), MAX_POINTS, xScale).map(toRow),
      })),
    [overlays, xScale],
  );

  // A reasoning task's records carry test-OOD: three curves per chart, the second named test-ID.
  const reasoning = records[0]?.oodAcc !== undefined;
  const first = rows[0] ?? overlayRows.find((o) => o.rows.length > 0)?.rows[0];
  const last = rows[rows.length - 1];
  const from = Math.min(first?.step ?? 1, ...overlayRows.map((o) => o.rows[0]?.step ?? Infinity));
  const to = Math.max(last?.step ?? 1, ...overlayRows.map((o) => o.rows.at(-1)?.step ?? 0));
  // Axis objects keep their identity until their range changes, so the charts' frames are not redrawn.
  const [x0, x1] = stepDomain(from, to, xScale);
  const x = useMemo((): StepAxis => {
    const domain = [x0, x1] as const;
    return { scale: xScale, domain, ticks: xScale === 'log' ? decadeTicks(domain) : linearTicks(domain) };
  }, [x0, x1, xScale]);
  const [l0, l1] = useMemo(
    () =>
      decadeDomain(
        [...rows, ...overlayRows.flatMap((o) => o.rows)].flatMap((r) => [r.trainLoss, r.valLoss, r.oodLoss]),
      ) ?? FALLBACK_LOSS_DOMAIN,
    [rows, overlayRows],
  );
  const lossAxis = useMemo((): ValueAxis => {
    const domain = [l0, l1] as const;
    return { scale: 'log', domain, ticks: decadeTicks(domain), tick: formatDecade, value: formatLoss };
  }, [l0, l1]);
  const marked = useMemo(
    () => overlays.flatMap((o) => (o.marked ? [{ ...o.marked, color: o.color }] : [])),
    [overlays],
  );
  const markers = useMemo(() => buildMarkers(events, x.domain, xScale, marked), [events, x, xScale, marked]);

  const caption = runStory(records, memorised, grokked);
  // The racing baseline's own story: its wait is what the race is about.
  const baselineStories = overlays.flatMap((o) => {
    if (!o.marked) return [];
    const m = milestones(o.marked.events);
    const story = runStory(o.records, m.memorised, m.grokked);
    return story ? [`${o.marked.label}: ${story}`] : [];
  });
  if (!first) {
    return (
      <section className="metrics-charts" aria-label="Training charts">
        <p className="metrics-empty" data-testid="charts-empty">
          {training
            ? `Training: the first evaluation comes at step ${formatStep(evalEvery ?? 1)}, then the curves start`
            : 'No evaluations yet: press play'}
        </p>
      </section>
    );
  }
  const latest = last ? `Latest at step ${formatStep(last.step)}` : 'No evaluation of the current run yet';
  return (
    <section className="metrics-charts" aria-label="Training charts">
      <p className="metrics-caption" aria-live="polite" data-testid="run-story">
        {caption}
      </p>
      {baselineStories.map((story) => (
        <p key={story} className="metrics-caption" data-testid="baseline-story">
          {story}
        </p>
      ))}
      <MetricChart
        testId="accuracy-chart"
        title="Accuracy"
        description={
          `Accuracy against training step, train and validation, 0 to 100%. ${latest}: ` +
          (last
            ? `train ${fmtNullable(last.trainAcc, formatPercent)}, validation ${fmtNullable(last.valAcc, formatPercent)}.`
            : '')
        }
        rows={rows}
        x={x}
        y={ACC_AXIS}
        series={reasoning ? REASONING_ACC_SERIES : ACC_SERIES}
        overlays={overlayRows}
        markers={markers}
      />
      <MetricChart
        testId="loss-chart"
        title="Loss"
        description={
          `Loss against training step on a log scale, train and validation. ${latest}: ` +
          (last
            ? `train ${fmtNullable(last.trainLoss, formatLoss)}, validation ${fmtNullable(last.valLoss, formatLoss)}.`
            : '')
        }
        rows={rows}
        x={x}
        y={lossAxis}
        series={reasoning ? REASONING_LOSS_SERIES : LOSS_SERIES}
        overlays={overlayRows}
        markers={markers}
      />
    </section>
  );
}

/** A log axis has no place for step 0, so those records are dropped there. */
function drawable(records: readonly MetricRecord[], xScale: StepScale): readonly MetricRecord[] {
  let start = 0;
  if (xScale === 'log') while (start < records.length && (records[start] as MetricRecord).step <= 0) start++;
  return start === 0 ? records : records.slice(start);
}

export function toRow(r: MetricRecord): ChartRow {
  return {
    step: r.step,
    trainAcc: r.trainAcc,
    valAcc: r.valAcc,
    trainLoss: positive(r.trainLoss),
    valLoss: positive(r.valLoss),
    oodAcc: r.oodAcc ?? null,
    oodLoss: r.oodLoss === undefined ? null : positive(r.oodLoss),
    weightNorm: r.weightNorm,
    sparsity: null,
    restrictedLoss: r.restrictedLoss === undefined ? null : positive(r.restrictedLoss),
    excludedLoss: r.excludedLoss === undefined ? null : positive(r.excludedLoss),
    bridgeId: r.bridgeId ?? null,
    bridgeOod: r.bridgeOod ?? null,
  };
}

function positive(v: number): number | null {
  return v > 0 && Number.isFinite(v) ? v : null;
}

function fmtNullable(v: number | null, format: (v: number) => string): string {
  return v === null ? 'not available' : format(v);
}

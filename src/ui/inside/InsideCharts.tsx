// Two quantities against step, with the run's markers: the weight norm (weight decay pulls it down as
// the network trades memorising for a simpler, general solution) and the embeddings' Fourier sparsity.
import type { Op } from '../../config/operations';
import { hasFourierGroup } from '../../engine/inside/group';
import { noFourier, NotApplicable } from './NotApplicable';
import { ProgressChart } from './ProgressChart';
import { useMemo } from 'react';
import type { MetricRecord, RunEvent } from '../../engine/metrics';
import type { SparsityPoint } from '../../runs/run-file';
import type { StepScale } from '../chart/downsample';
import { formatPercent } from '../chart/format';
import { downsampleRun } from '../chart/incremental';
import { buildMarkers } from '../chart/markers';
import { SHARE_AXIS } from '../chart/share-axis';
import { MetricChart, type StepAxis, type ValueAxis } from '../chart/MetricChart';
import type { ChartRow, Series } from '../chart/rows';
import { MAX_POINTS, toRow } from '../chart/MetricsCharts';
import { decadeTicks, linearTicks, roundUp, stepDomain } from '../chart/scales';
import { COLORS } from '../chart/theme';

const NORM_SERIES: readonly Series[] = [{ key: 'weightNorm', name: 'weight norm', color: COLORS.train }];
const SPARSITY_SERIES: readonly Series[] = [{ key: 'sparsity', name: 'top-5 share', color: COLORS.validation }];

interface Props {
  records: readonly MetricRecord[];
  events: readonly RunEvent[];
  sparsity: readonly SparsityPoint[];
  xScale: StepScale;
  /** The run's operation: the Fourier charts need its group (+, −, ·, ÷). */
  op: Op;
}

export function InsideCharts({ records, events, sparsity, xScale, op }: Props) {
  const fourier = hasFourierGroup(op);
  const rows = useMemo(() => {
    const drawable = xScale === 'log' ? records.filter((r) => r.step > 0) : records;
    return downsampleRun(drawable, MAX_POINTS, xScale).map(toRow);
  }, [records, xScale]);
  const sparsityRows = useMemo(
    (): ChartRow[] =>
      sparsity
        .filter((q) => xScale === 'linear' || q.step > 0)
        .map((q) => ({
          step: q.step,
          trainAcc: null,
          valAcc: null,
          trainLoss: null,
          valLoss: null,
          oodAcc: null,
          oodLoss: null,
          weightNorm: null,
          sparsity: q.value,
          restrictedLoss: null,
          excludedLoss: null,
          bridgeId: null,
          bridgeOod: null,
        })),
    [sparsity, xScale],
  );

  const first = Math.min(rows[0]?.step ?? Infinity, sparsityRows[0]?.step ?? Infinity);
  const last = Math.max(rows.at(-1)?.step ?? 1, sparsityRows.at(-1)?.step ?? 1);
  const [x0, x1] = stepDomain(Number.isFinite(first) ? first : 1, last, xScale);
  const x = useMemo(
    (): StepAxis => ({
      scale: xScale,
      domain: [x0, x1],
      ticks: xScale === 'log' ? decadeTicks([x0, x1]) : linearTicks([x0, x1]),
    }),
    [x0, x1, xScale],
  );
  const top = roundUp(Math.max(1e-3, ...rows.map((r) => r.weightNorm ?? 0)));
  const normAxis = useMemo(
    (): ValueAxis => ({
      scale: 'linear',
      domain: [0, top],
      ticks: linearTicks([0, top]),
      tick: (v) => v.toPrecision(2).replace(/\.0+$/, ''),
      value: (v) => v.toPrecision(4),
    }),
    [top],
  );
  const markers = useMemo(() => buildMarkers(events, x.domain, xScale), [events, x, xScale]);
  const latest = rows.at(-1);
  return (
    <div className="inside-charts">
      <div data-testid="weight-norm-chart">
        <MetricChart
          testId="weight-norm-line"
          title="Weight norm"
          description={`L2 norm of all parameters against step${latest ? `; ${latest.weightNorm?.toPrecision(4)} at step ${latest.step}` : ''}.`}
          rows={rows}
          x={x}
          y={normAxis}
          series={NORM_SERIES}
          markers={markers}
          overlays={[]}
        />
      </div>
      {fourier ? (
        <div data-testid="sparsity-chart">
          <MetricChart
            testId="sparsity-line"
            title="Fourier sparsity"
            description={`Share of the number embeddings' energy in their 5 largest frequencies against step${sparsityRows.length ? `; ${formatPercent(sparsityRows.at(-1)?.sparsity ?? 0)} at step ${sparsityRows.at(-1)?.step}` : ''}.`}
            rows={sparsityRows}
            x={x}
            y={SHARE_AXIS}
            series={SPARSITY_SERIES}
            markers={markers}
            overlays={[]}
          />
        </div>
      ) : (
        <NotApplicable testId="sparsity-chart" title="Fourier sparsity" why={noFourier(op)} />
      )}
      {fourier ? (
        <ProgressChart records={records} x={x} markers={markers} op={op} />
      ) : (
        <NotApplicable testId="progress-chart" title="Progress measures" why={noFourier(op)} />
      )}
    </div>
  );
}

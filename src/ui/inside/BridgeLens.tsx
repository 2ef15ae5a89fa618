// The composition task's logit lens (Wang et al. 2024): where the bridge entity b of a fact
// (h, r1, r2) → t, h –r1→ b –r2→ t, can be read off the residual stream, at the current step (a layer
// × position grid for test-ID and test-OOD facts) and over steps (its best middle layer at the r1
// position, beside test-ID and test-OOD accuracy). Another task has no bridge: the view says so.
import { useMemo } from 'react';
import { familyOf, type TaskName } from '../../config/tasks';
import type { LensView } from '../../engine/inside/lens-view';
import type { MetricRecord, RunEvent } from '../../engine/metrics';
import type { StepScale } from '../chart/downsample';
import { formatPercent } from '../chart/format';
import { downsampleRun } from '../chart/incremental';
import { buildMarkers } from '../chart/markers';
import { SHARE_AXIS } from '../chart/share-axis';
import { MetricChart, type StepAxis } from '../chart/MetricChart';
import { MAX_POINTS, toRow } from '../chart/MetricsCharts';
import type { Series } from '../chart/rows';
import { decadeTicks, linearTicks, stepDomain } from '../chart/scales';
import { COLORS, TRAIN_DASH } from '../chart/theme';
import { LensGrid } from './LensGrid';
import { NotApplicable } from './NotApplicable';

/** Why the lens says nothing for the comparison task. */
export const NO_BRIDGE =
  'Does not apply here: a comparison (e1, a, e2) → <, = or > has no bridge entity to look for; the ' +
  'logit lens reads the composition task, where h –r1→ b –r2→ t passes through b.';

const SERIES: readonly Series[] = [
  { key: 'bridgeId', name: 'bridge, test-ID', color: COLORS.validation },
  { key: 'bridgeOod', name: 'bridge, test-OOD', color: COLORS.ood },
  { key: 'valAcc', name: 'test-ID accuracy', color: COLORS.validation, dash: TRAIN_DASH },
  { key: 'oodAcc', name: 'test-OOD accuracy', color: COLORS.ood, dash: TRAIN_DASH },
];

interface Props {
  task: TaskName;
  lens: LensView | undefined;
  records: readonly MetricRecord[];
  events: readonly RunEvent[];
  xScale: StepScale;
}

export function BridgeLens({ task, lens, records, events, xScale }: Props) {
  if (!familyOf(task).logitLens) return <NotApplicable testId="bridge-lens" title="Logit lens" why={NO_BRIDGE} />;
  return (
    <div className="inside-views">
      <figure className="inside-view" data-testid="bridge-lens" data-step={lens?.step ?? 0}>
        <figcaption>
          <strong>Logit lens: the bridge entity</strong>{' '}
          <span className="of">
            each layer’s residual stream read through the final LayerNorm and output layer: how often the bridge b of
            (h, r1, r2) is the top entity{lens ? ` at step ${lens.step}` : ''}. In the paper it forms at r1 in the
            middle layers as the model groks. The last block at r1 answers the atomic fact (h, r1) → b itself, so b
            shows there for both once the atomic facts are memorised.
          </span>
        </figcaption>
        {lens ? (
          <div className="lens-grids">
            <LensGrid title="test-ID" grid={lens.id} testId="lens-test-ID" positions={lens.positions} />
            <LensGrid title="test-OOD" grid={lens.ood} testId="lens-test-OOD" positions={lens.positions} />
          </div>
        ) : null}
      </figure>
      <BridgeChart records={records} events={events} xScale={xScale} />
    </div>
  );
}

function BridgeChart({ records, events, xScale }: Omit<Props, 'task' | 'lens'>) {
  const rows = useMemo(() => {
    const drawable = xScale === 'log' ? records.filter((r) => r.step > 0) : records;
    return downsampleRun(drawable, MAX_POINTS, xScale).map(toRow);
  }, [records, xScale]);
  const [x0, x1] = stepDomain(rows[0]?.step ?? 1, rows.at(-1)?.step ?? 1, xScale);
  const x = useMemo(
    (): StepAxis => ({
      scale: xScale,
      domain: [x0, x1],
      ticks: xScale === 'log' ? decadeTicks([x0, x1]) : linearTicks([x0, x1]),
    }),
    [x0, x1, xScale],
  );
  const markers = useMemo(() => buildMarkers(events, x.domain, xScale), [events, x, xScale]);
  const last = rows.at(-1);
  return (
    <div data-testid="bridge-chart">
      <MetricChart
        testId="bridge-line"
        title="Bridge at r1 (best middle layer)"
        description={`Share of test-ID and test-OOD facts whose bridge entity is the top entity at the r1 position, at the best layer between the embeddings and the last block, against step${last?.bridgeId != null ? `; ${formatPercent(last.bridgeId)} and ${formatPercent(last.bridgeOod ?? 0)} at step ${last.step}` : ''}.`}
        rows={rows}
        x={x}
        y={SHARE_AXIS}
        series={SERIES}
        markers={markers}
        overlays={[]}
      />
    </div>
  );
}

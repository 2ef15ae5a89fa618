// Nanda et al.'s (2023) progress measures against step, beside the training and validation loss: the
// restricted loss (the logits kept to the key frequencies) falls before validation accuracy jumps, as
// the general circuit forms; the excluded loss (those frequencies removed, on the training set) rises
// after it, as the memorised answers fade. The records carry them every 100 steps or so
// (engine/inside/progress.ts, docs/CONFIG.md "Metrics").
import { useMemo } from 'react';
import type { Op } from '../../config/operations';
import type { MetricRecord } from '../../engine/metrics';
import { downsample } from '../chart/downsample';
import { formatDecade, formatLoss, formatStep } from '../chart/format';
import type { Marker } from '../chart/markers';
import { MetricChart, type StepAxis, type ValueAxis } from '../chart/MetricChart';
import { MAX_POINTS, toRow } from '../chart/MetricsCharts';
import type { Series } from '../chart/rows';
import { decadeDomain, decadeTicks } from '../chart/scales';
import { COLORS, TRAIN_DASH } from '../chart/theme';

const SERIES: readonly Series[] = [
  { key: 'trainLoss', name: 'train', color: COLORS.train, dash: TRAIN_DASH },
  { key: 'valLoss', name: 'validation', color: COLORS.validation },
  { key: 'restrictedLoss', name: 'restricted', color: COLORS.grokked },
  { key: 'excludedLoss', name: 'excluded', color: COLORS.memorised, dash: '2 3' },
];

const FALLBACK_DOMAIN = [1e-3, 10] as const;

/** Why the reasoning tasks have no progress measures. */
export const NO_PROGRESS_REASONING =
  'Does not apply here: the progress measures (Nanda et al. 2023) read the Fourier structure of the ' +
  'arithmetic table (a + b, a − b, a · b, a ÷ b mod p); the reasoning tasks have none.';

interface Props {
  records: readonly MetricRecord[];
  x: StepAxis;
  markers: readonly Marker[];
  op: Op;
}

export function ProgressChart({ records, x, markers, op }: Props) {
  const measured = useMemo(
    () => records.filter((r) => r.restrictedLoss !== undefined && (x.scale === 'linear' || r.step > 0)),
    [records, x.scale],
  );
  const rows = useMemo(() => downsample(measured, MAX_POINTS, x.scale).map(toRow), [measured, x.scale]);
  const [l0, l1] = useMemo(
    () =>
      decadeDomain(rows.flatMap((r) => [r.trainLoss, r.valLoss, r.restrictedLoss, r.excludedLoss])) ?? FALLBACK_DOMAIN,
    [rows],
  );
  const y = useMemo((): ValueAxis => {
    const domain = [l0, l1] as const;
    return { scale: 'log', domain, ticks: decadeTicks(domain), tick: formatDecade, value: formatLoss };
  }, [l0, l1]);
  const latest = measured.at(-1);
  const keys = latest?.keyFrequencies ?? [];
  const over = op === 'mul' || op === 'div' ? ' (over the logarithms of 1…p−1)' : '';
  return (
    <div data-testid="progress-chart" data-key-frequencies={keys.join(' ')} data-points={rows.length}>
      <MetricChart
        testId="progress-line"
        title="Progress measures"
        description={`Training, validation, restricted and excluded loss against step${
          latest
            ? `; at step ${latest.step}: restricted ${formatLoss(latest.restrictedLoss ?? NaN)}, excluded ${formatLoss(latest.excludedLoss ?? NaN)}, key frequencies ${keys.join(', ')}`
            : ''
        }.`}
        rows={rows}
        x={x}
        y={y}
        series={SERIES}
        markers={markers}
        overlays={[]}
      />
      <p className="inside-readout" data-testid="key-frequencies">
        {latest ? (
          <>
            Key frequencies at step {formatStep(latest.step)}
            {over}: <strong>k = {keys.join(', ')}</strong>. Restricted loss: the logits kept to them; excluded loss:
            them removed (training set).
          </>
        ) : (
          'The progress measures appear with the first evaluation (then every 100 steps or so).'
        )}
      </p>
    </div>
  );
}

// A value axis for shares (0–100%): accuracies, sparsity, the logit lens's decodability.
import { formatPercent } from './format';
import type { ValueAxis } from './MetricChart';

export const SHARE_AXIS: ValueAxis = {
  scale: 'linear',
  domain: [0, 1],
  ticks: [0, 0.25, 0.5, 0.75, 1],
  tick: (v) => `${Math.round(v * 100)}%`,
  value: formatPercent,
};

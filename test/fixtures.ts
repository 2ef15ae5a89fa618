// What several tests share: the paper's published setup and the tiny configs the engine trains in
// seconds on the cpu backend.
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import type { MetricRecord } from '../src/engine/metrics';

/**
 * The Grokfast paper's setup for x·y mod 97 (Lee et al. 2024, docs/REFERENCE.md), without the
 * filter settings, which differ between its runs.
 */
export const PAPER_SETUP = {
  op: 'mul',
  p: 97,
  frac: 0.5,
  layers: 2,
  dim: 128,
  heads: 4,
  opt: 'adam',
  lr: 0.001,
  beta1: 0.9,
  beta2: 0.98,
  batch: 512,
  warmup: 10,
  eval: 10,
} as const satisfies Partial<Config>;

/** a + b mod 11 on a one-block, width-16 model: 40 steps in well under a second on cpu. */
export const TINY_CONFIG: Config = {
  ...DEFAULT_CONFIG,
  op: 'add',
  p: 11,
  frac: 0.5,
  layers: 1,
  dim: 16,
  heads: 2,
  batch: 16,
  steps: 40,
  eval: 10,
  lr: 0.003,
};

/** A metric record at `step`, of a run that has neither memorised nor grokked unless `values` say so. */
export const metricRecord = (step: number, values: Partial<MetricRecord> = {}): MetricRecord => ({
  step,
  trainLoss: 1,
  trainAcc: 0.5,
  valLoss: 2,
  valAcc: 0.1,
  weightNorm: 10,
  gradNorm: 1,
  ms: step,
  ...values,
});

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

/**
 * Comparison facts in the paper's format, small enough for SwiftShader: six positions, two targets
 * each (the answer and </a>).
 */
export const TINY_PAPER_COMPARE = {
  task: 'compare',
  format: 'paper',
  entities: 8,
  attributes: 2,
  values: 3,
  phi: 1,
  ood: 0.25,
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

/** A valid config in which every key differs from its default (the link and codec round-trips). */
export const EVERY_KEY_CHANGED: Config = {
  task: 'compare',
  entities: 50,
  phi: 3,
  ood: 0.2,
  testid: 0.2,
  format: 'paper',
  relations: 10,
  degree: 4,
  attributes: 3,
  values: 10,
  op: 'sub',
  p: 31,
  frac: 0.4,
  bzero: 'exclude',
  layers: 1,
  dim: 48,
  heads: 3,
  block: 'grokfast',
  tie: 'tied',
  init: 'gpt2',
  dropout: 0.1,
  opt: 'adamw',
  lr: 0.002,
  wd: 0.1,
  decay: 'matrices',
  beta1: 0.85,
  beta2: 0.99,
  batch: 128,
  warmup: 5,
  firstlr: 'zero',
  clip: 0.5,
  filter: 'ma',
  alpha: 0.9,
  lambda: 3,
  window: 20,
  seed: 7,
  steps: 1234,
  eval: 25,
};

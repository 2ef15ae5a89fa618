// The arithmetic task: every equation a ∘ b = c of one operation (mod p, or on S5), a share of them
// for training and the rest for validation (Power et al. 2022; Lee et al. 2024). Its keys, and what
// the page and engine ask of it; the data is src/engine/tasks/mod.ts, the operations ../operations.
import { equationCount, equationText, OPERATIONS, OPS, ZERO_ROWS } from '../operations';
import type { Config, EnumSpec, NumberSpec } from '../schema';
import type { FamilyPreset, TaskFamily } from './family';

export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

export const MOD_KEYS = {
  op: {
    kind: 'enum',
    default: 'mul',
    values: OPS,
    group: 'Task',
    live: false,
    tasks: ['mod'],
    label: 'operation',
    help:
      `what the network learns: ${OPS.filter((op) => OPERATIONS[op].domain === 'mod p').join(', ')} mod p; ` +
      `${OPS.filter((op) => OPERATIONS[op].domain === 'S5').join(', ')} on the permutations of five items (S5)`,
  },
  p: {
    kind: 'int',
    default: 97,
    min: 3,
    max: 113,
    group: 'Task',
    live: false,
    tasks: ['mod'],
    label: 'modulus p',
    rule: { test: isPrime, valid: 'a prime from 3 to 113' },
    help: 'the prime modulus; the table has p² equations (p·(p−1) for div); the S5 operations do not use it',
  },
  frac: {
    kind: 'number',
    default: 0.5,
    min: 0.05,
    max: 0.95,
    group: 'Task',
    live: false,
    tasks: ['mod'],
    label: 'training fraction',
    help: 'share of all equations used for training; the rest is validation',
  },
  bzero: {
    kind: 'enum',
    default: 'include',
    values: ZERO_ROWS,
    group: 'Task',
    live: false,
    tasks: ['mod'],
    label: 'b = 0 rows',
    help: 'include: the whole table; exclude: leave out the equations with b = 0 (in S5, b the identity), as the Grokfast code does (0 < b < p: 9,312 equations for p = 97)',
  },
} as const satisfies Record<string, NumberSpec | EnumSpec>;

/**
 * Groks on a CPU in about a minute (tfjs wasm backend): `a + b mod 23` with 60% of the
 * table for training, a 1-layer dim-32 Transformer, Adam with L2 weight decay 0.005 (the Grokfast
 * paper's optimizer and EMA weight decay) and minibatches of 64. Without a filter it memorises at
 * step 1,750 (validation 12%) and generalises at 6,300; with Grokfast-EMA (α 0.98, λ 5) it
 * generalises at 3,000 (seed 0, wasm; the README has the table).
 *
 * Tuned by hand: at this size Adam's coupled weight decay sits on a knife edge. At wd 0.006 the run
 * never learns (weights shrink to a constant prediction); at 50% training data the baseline has not
 * generalised after 20,000 steps.
 */
const SMALL_GROKKING = {
  op: 'add',
  p: 23,
  frac: 0.6,
  layers: 1,
  dim: 32,
  heads: 4,
  opt: 'adam',
  lr: 0.003,
  wd: 0.005,
  batch: 64,
  filter: 'none',
  alpha: 0.98,
  lambda: 5,
  eval: 50,
  steps: 10000,
} as const satisfies Partial<Config>;

/** The same experiment with Grokfast-EMA switched on. */
const SMALL_GROKFAST = { ...SMALL_GROKKING, filter: 'ema' } as const satisfies Partial<Config>;

/**
 * The Grokfast paper's setup as its code runs it: x·y mod 97 with 0 < y < p (9,312 equations), 50%
 * train, 2 layers, dim 128, the code's block (LayerNorm applied to the residual stream itself) and its
 * LambdaLR warmup (learning rate 0 on the first step). The rest are the schema defaults.
 */
export const PAPER_SETUP = {
  block: 'grokfast',
  bzero: 'exclude',
  firstlr: 'zero',
  steps: 50000,
} as const satisfies Partial<Config>;

/** Its presets, as ../presets.ts lists them (each a real, tested experiment: test/grokking.test.ts). */
export const MOD_PRESETS = [
  {
    id: 'classroom-race',
    name: 'Race: Grokfast vs none',
    description:
      'Watch the baseline (no filter) memorise and only much later grok, if at all; Grokfast-EMA brings the jump forward. Over ten seeds Grokfast-EMA grokked in all ten (median 3,300 steps), the baseline in three by step 12,000. Move α and λ to see it move. The bare address opens this.',
    config: SMALL_GROKFAST,
    race: true,
  },
  {
    id: 'classroom',
    name: 'Classroom demo',
    description:
      'The small model with Grokfast-EMA: memorises at step 900, groks at 3,000 (seed 0; over ten seeds all ten grok, median 3,300, 2,050–4,800). About 12 s on one CPU core (wasm).',
    config: SMALL_GROKFAST,
  },
  {
    id: 'small-cpu',
    name: 'Small, no filter',
    description:
      'The same small model without Grokfast: memorises at 1,750, groks at 6,300 (seed 0; over ten seeds only three grok by step 12,000). Made for CPUs; switch the filter to ema live to see it speed up.',
    config: SMALL_GROKKING,
  },
  {
    id: 'no-weight-decay',
    name: 'No weight decay',
    description:
      'The small model with weight decay 0: memorises at step 550, but validation is still 23% at step 8,000. Weight decay is what makes it generalise.',
    config: { ...SMALL_GROKKING, wd: 0, steps: 8000 },
  },
  {
    id: 'paper-ema',
    name: 'Paper: Grokfast-EMA',
    description:
      'Lee et al. 2024 as its code runs it (the code’s block, its table without b = 0, learning rate 0 on the first step): α 0.98, λ 2, Adam weight decay 0.005; validation ≥ 95% at step 910 in the paper. Here (wasm, evaluations every 50 steps) 4 of 5 seeds grokked by step 1,500, median 1,150 (950, 950, 1,350 and 1,500 for seeds 1 to 4); seed 0 was still at 25% training accuracy at step 1,500. Best on a GPU: about 0.3 s a step on one CPU core.',
    config: { ...PAPER_SETUP, filter: 'ema', alpha: 0.98, lambda: 2, wd: 0.005 },
  },
  {
    id: 'paper-ma',
    name: 'Paper: Grokfast-MA',
    description:
      'Lee et al. 2024 as its code runs it (the code’s block, its table without b = 0, learning rate 0 on the first step): window 100, λ 5, Adam weight decay 0.01; validation ≥ 95% at step 790 in the paper. Here (wasm, evaluations every 50 steps) 5 of 5 seeds grokked, median 1,350 (750, 1,400, 950, 1,400 and 1,350 for seeds 0 to 4); with the standard block two seeds of three had neither memorised nor grokked by step 2,000. Best on a GPU: about 0.3 s a step on one CPU core.',
    config: { ...PAPER_SETUP, filter: 'ma', window: 100, lambda: 5, wd: 0.01 },
  },
  {
    id: 'paper-baseline',
    name: 'Paper: baseline',
    description:
      'The paper’s baseline, on its code’s setup: no filter and no weight decay; 39,890 steps to 95% validation in the paper. Here (wasm) seeds 0 and 1 memorised by step 400 and were still at 23% and 26% validation at step 5,100, where they were stopped; 39,890 steps take hours a seed on a CPU: a run for a GPU. Compare it with the next preset before crediting Grokfast with all of that.',
    config: { ...PAPER_SETUP, filter: 'none', wd: 0, steps: 60000 },
  },
  {
    id: 'paper-baseline-wd',
    name: 'Paper: honest baseline',
    description:
      'No filter, but the EMA run’s weight decay (0.005), on the paper’s code’s setup: the fair comparison for Grokfast-EMA. Here (wasm, evaluations every 50 steps, a 2,500-step budget) 3 of 5 seeds grokked, median 1,850 (1,350 to 2,300); seeds 1 and 3 had not (training accuracy 46% and 89%). Grokfast-EMA: 4 of 5, median 1,150.',
    config: { ...PAPER_SETUP, filter: 'none', wd: 0.005 },
  },
  {
    id: 'nanda-add-113',
    name: 'Nanda: a + b mod 113',
    description:
      'Nanda et al. 2023: 30% train, 1 layer, AdamW with weight decay 1, full batch; groks around step 8,000–10,000. (Their model has ReLU and no LayerNorm; ours keeps GELU and LayerNorm.)',
    config: {
      op: 'add',
      p: 113,
      frac: 0.3,
      layers: 1,
      dim: 128,
      heads: 4,
      opt: 'adamw',
      lr: 0.001,
      wd: 1,
      batch: 0,
      filter: 'none',
      steps: 20000,
      eval: 50,
    },
  },
] as const satisfies readonly FamilyPreset[];

export const MOD_FAMILY: TaskFamily = {
  name: 'mod',
  summary: 'an arithmetic table (op, p, frac)',
  learns: (c) => equationText(c.op, c.p),
  lede: (c, learns) => [
    'A Transformer learns ',
    { code: learns },
    ` from ${Math.round(c.frac * 100)}% of the table. Training accuracy saturates first; validation accuracy jumps much later: that jump is `,
    { em: 'grokking' },
    '. Grokfast (α, λ) amplifies the slow part of the gradient to bring it sooner.',
  ],
  splits: { val: 'val', ood: false },
  inside: 'table',
  logitLens: false,
  seqLen: () => 4,
  presets: MOD_PRESETS,
  presetGroup: 'Presets:',
  smallPreset: 'small-cpu',
  sizeKey: 'p',
  smallName: () => 'the small preset',
  smallAdvice: () =>
    'The small preset (add mod 23, a 1-layer model) groks in a few thousand steps and suits this backend.',
  rules: [
    (c) => {
      const n = equationCount(c.op, c.p, c.bzero);
      const train = Math.round(c.frac * n);
      if (train >= 1 && train <= n - 1) return null;
      return {
        key: 'frac',
        value: String(c.frac),
        message:
          `frac: ${c.frac} gives ${train} of ${n} equations for training with ${c.op} (${equationText(c.op, c.p)}); ` +
          'expected a fraction that leaves at least one equation for training and one for validation',
      };
    },
  ],
};

// Named configs. Each one is a real, tested experiment (see test/grokking.test.ts).
import { type Config, DEFAULT_CONFIG } from './schema';
import { familyOf, type TaskName } from './tasks';

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
export const SMALL_GROKKING_CONFIG: Config = {
  ...DEFAULT_CONFIG,
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
};

/** The same experiment with Grokfast-EMA switched on. */
export const SMALL_GROKFAST_CONFIG: Config = { ...SMALL_GROKKING_CONFIG, filter: 'ema' };

/**
 * The reasoning tasks (Wang et al. 2024) at a scale a CPU trains in under an hour: a 2-layer width-64
 * model (128 for composition), AdamW lr 10⁻³, batch 512, φ 7.2 and 10% OOD; measured in README
 * "Reasoning tasks".
 */
const REASONING_SMALL: Config = {
  ...DEFAULT_CONFIG,
  layers: 2,
  dim: 64,
  heads: 4,
  opt: 'adamw',
  lr: 0.001,
  batch: 512,
  filter: 'none',
  phi: 7.2,
  ood: 0.1,
  steps: 20000,
  eval: 250,
};

/**
 * Width and weight decay decide it here: at width 64 test-ID climbs to 87–94.9% and never reaches 95%
 * (wd 0.5–1; 0.1 memorises and stays at 5%); at width 128 with wd 0.7 it groks (README).
 */
export const COMPOSE_SMALL_CONFIG: Config = {
  ...REASONING_SMALL,
  task: 'compose',
  entities: 100,
  relations: 10,
  degree: 10,
  dim: 128,
  wd: 0.7,
};

export const COMPARE_SMALL_CONFIG: Config = {
  ...REASONING_SMALL,
  task: 'compare',
  entities: 100,
  attributes: 5,
  values: 20,
  wd: 1,
};

/**
 * The paper's data at full scale, with the lab's largest model (4 layers, width 256; theirs: 8 layers,
 * width 768) and the paper's optimizer: AdamW lr 10⁻⁴, wd 0.1, batch 512.
 */
const REASONING_PAPER: Config = {
  ...DEFAULT_CONFIG,
  layers: 4,
  dim: 256,
  heads: 8,
  opt: 'adamw',
  lr: 0.0001,
  wd: 0.1,
  batch: 512,
  filter: 'none',
  phi: 7.2,
  steps: 300000,
  eval: 2000,
};

export type PresetId =
  | 'classroom-race'
  | 'classroom'
  | 'small-cpu'
  | 'no-weight-decay'
  | 'paper-ema'
  | 'paper-ma'
  | 'paper-baseline'
  | 'paper-baseline-wd'
  | 'nanda-add-113'
  | 'compose-small'
  | 'compare-small'
  | 'compose-paper'
  | 'compare-paper';

export interface Preset {
  id: PresetId;
  name: string;
  /** One or two sentences: what it shows, and what was measured (or published) for it. */
  description: string;
  config: Config;
  /** Opens as a race against its baseline (the same settings, filter off). */
  race?: true;
}

/**
 * The Grokfast paper's setup as its code runs it: x·y mod 97 with 0 < y < p (9,312 equations), 50%
 * train, 2 layers, dim 128, the code's block (LayerNorm applied to the residual stream itself) and its
 * LambdaLR warmup (learning rate 0 on the first step). The rest are the schema defaults.
 */
export const PAPER_CONFIG: Config = {
  ...DEFAULT_CONFIG,
  block: 'grokfast',
  bzero: 'exclude',
  firstlr: 'zero',
  steps: 50000,
};
const PAPER = PAPER_CONFIG;

export const PRESETS: readonly Preset[] = [
  {
    id: 'classroom-race',
    name: 'Race: Grokfast vs none',
    description:
      'Watch the baseline (no filter) memorise and only much later grok, if at all; Grokfast-EMA brings the jump forward. Over ten seeds Grokfast-EMA grokked in all ten (median 3,300 steps), the baseline in three by step 12,000. Move α and λ to see it move. The bare address opens this.',
    config: SMALL_GROKFAST_CONFIG,
    race: true,
  },
  {
    id: 'classroom',
    name: 'Classroom demo',
    description:
      'The small model with Grokfast-EMA: memorises at step 900, groks at 3,000 (seed 0; over ten seeds all ten grok, median 3,300, 2,050–4,800). About 12 s on one CPU core (wasm).',
    config: SMALL_GROKFAST_CONFIG,
  },
  {
    id: 'small-cpu',
    name: 'Small, no filter',
    description:
      'The same small model without Grokfast: memorises at 1,750, groks at 6,300 (seed 0; over ten seeds only three grok by step 12,000). Made for CPUs; switch the filter to ema live to see it speed up.',
    config: SMALL_GROKKING_CONFIG,
  },
  {
    id: 'no-weight-decay',
    name: 'No weight decay',
    description:
      'The small model with weight decay 0: memorises at step 550, but validation is still 23% at step 8,000. Weight decay is what makes it generalise.',
    config: { ...SMALL_GROKKING_CONFIG, wd: 0, steps: 8000 },
  },
  {
    id: 'paper-ema',
    name: 'Paper: Grokfast-EMA',
    description:
      'Lee et al. 2024 as its code runs it (the code’s block, its table without b = 0, learning rate 0 on the first step): α 0.98, λ 2, Adam weight decay 0.005; validation ≥ 95% at step 910 in the paper. Here (wasm, evaluations every 50 steps) seeds 1 and 2 both grokked at 950 (memorised at 850); seed 0, stopped at step 650 to make room, had not begun to memorise (training accuracy 3%). Best on a GPU: about 0.3 s a step on one CPU core.',
    config: { ...PAPER, filter: 'ema', alpha: 0.98, lambda: 2, wd: 0.005 },
  },
  {
    id: 'paper-ma',
    name: 'Paper: Grokfast-MA',
    description:
      'Lee et al. 2024 as its code runs it (the code’s block, its table without b = 0, learning rate 0 on the first step): window 100, λ 5, Adam weight decay 0.01; validation ≥ 95% at step 790 in the paper. Here (wasm, evaluations every 50 steps) 3 of 3 seeds grokked, median 950 (750, 1,400 and 950 for seeds 0, 1 and 2); with the standard block two seeds of three had neither memorised nor grokked by step 2,000. Best on a GPU: about 0.3 s a step on one CPU core.',
    config: { ...PAPER, filter: 'ma', window: 100, lambda: 5, wd: 0.01 },
  },
  {
    id: 'paper-baseline',
    name: 'Paper: baseline',
    description:
      'The paper’s baseline, on its code’s setup: no filter and no weight decay; 39,890 steps to 95% validation in the paper. Not measured here (at 0.5 to 1.1 s a step on this shared 2-core CPU a seed would take 6 to 12 hours): a run for a GPU. Compare it with the next preset before crediting Grokfast with all of that.',
    config: { ...PAPER, filter: 'none', wd: 0, steps: 60000 },
  },
  {
    id: 'paper-baseline-wd',
    name: 'Paper: honest baseline',
    description:
      'No filter, but the EMA run’s weight decay (0.005), on the paper’s code’s setup: the fair comparison for Grokfast-EMA. Not yet measured over seeds with the code’s table and warmup; with the code’s block but the lab’s table and warmup, on an H200 to step 1,250, 2 of 3 seeds grokked (1,200 and 1,250), and with the standard block none had begun to memorise. A PyTorch replica (standard block) grokked at 5,200 steps.',
    config: { ...PAPER, filter: 'none', wd: 0.005 },
  },
  {
    id: 'nanda-add-113',
    name: 'Nanda: a + b mod 113',
    description:
      'Nanda et al. 2023: 30% train, 1 layer, AdamW with weight decay 1, full batch; groks around step 8,000–10,000. (Their model has ReLU and no LayerNorm; ours keeps GELU and LayerNorm.)',
    config: {
      ...DEFAULT_CONFIG,
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
  {
    id: 'compose-small',
    name: 'Composition, small',
    description:
      'Two-hop facts about 100 entities (10 relations each, φ 7.2, 10% of the atomic facts OOD), a 2-layer width-128 model, AdamW wd 0.7: memorised by step 750; test-ID climbs long after and groks (95%) at 6,500 on wasm (8,500 on a GPU), while test-OOD stays at chance (0–5%): the paper’s composition result. On wasm with 2 cores it trained at 2.3 to 3.7 steps a second (the steps/s readout says what this machine does).',
    config: COMPOSE_SMALL_CONFIG,
  },
  {
    id: 'compare-small',
    name: 'Comparison, small',
    description:
      'Comparisons among 100 entities (5 attributes, 20 values, φ 7.2, 10% of the entities OOD per attribute), AdamW wd 1: test-ID reaches 84% by step 2,000 and test-OOD 60%, far above guessing (47.5%), then both level off (86% and 68% at step 11,000). Neither has grokked here, unlike the paper’s larger runs.',
    config: COMPARE_SMALL_CONFIG,
  },
  {
    id: 'compose-paper',
    name: 'Wang et al.: composition',
    description:
      'The paper’s composition data at full scale (2,000 entities, 200 relations, 20 per entity, φ 7.2, 5% of the atomic facts OOD) with the lab’s largest model and the paper’s AdamW (lr 10⁻⁴, wd 0.1). The paper saw test-ID grok after about 10⁵ steps and test-OOD stay near zero. Made for a GPU: not run to the end here.',
    config: { ...REASONING_PAPER, task: 'compose', entities: 2000, relations: 200, degree: 20, ood: 0.05 },
  },
  {
    id: 'compare-paper',
    name: 'Wang et al.: comparison',
    description:
      'The paper’s comparison data at full scale (1,000 entities, 20 attributes, 20 values, φ 7.2, 10% of the entities OOD per attribute) with the lab’s largest model and the paper’s AdamW (lr 10⁻⁴, wd 0.1). The paper saw test-ID and test-OOD both grok. Made for a GPU: not run to the end here.',
    config: { ...REASONING_PAPER, task: 'compare', entities: 1000, attributes: 20, values: 20, ood: 0.1 },
  },
];

export function presetById(id: PresetId): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  return preset;
}

/** The preset sized for a CPU in each task family: what the page suggests on a slow backend. */
export function smallPresetFor(task: TaskName): Preset {
  return presetById(familyOf(task).smallPreset);
}

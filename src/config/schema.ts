// The one schema of an experiment. Every key is declared here once; the URL codec, the CLI flags,
// presets, import validation, the UI controls and the reference docs/CONFIG.md (npm run docs) are all
// derived from it.
import type { Op, ZeroRows } from './operations';
import { FAMILIES, TASK_KEYS, type TaskName, TASKS } from './tasks';
import type { FormatName } from './tasks/reasoning';

export { isPrime } from './tasks/mod';

export type { FormatName, Op, ZeroRows };
export { FORMATS } from './tasks/reasoning';

export const OPTIMIZERS = ['adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** What the first step's learning rate is: see `warmupLr` (src/engine/optimizer.ts). */
export const FIRST_LRS = ['warmup', 'zero'] as const;
export type FirstLr = (typeof FIRST_LRS)[number];

export const BLOCKS = ['standard', 'grokfast'] as const;
export type BlockName = (typeof BLOCKS)[number];

/** Which parameters weight decay applies to: see `decayMask` (src/engine/optimizer.ts). */
export const DECAYS = ['all', 'matrices'] as const;
export type DecayName = (typeof DECAYS)[number];

export const TIES = ['untied', 'tied'] as const;
export type TieName = (typeof TIES)[number];

/** How the weights start: see `parameterDefs` (src/engine/model.ts). */
export const INITS = ['pytorch', 'gpt2'] as const;
export type InitName = (typeof INITS)[number];

export const FILTERS = ['none', 'ema', 'ma'] as const;
export type FilterName = (typeof FILTERS)[number];

/**
 * How a slider's track maps to values: linear, or `towards-one` for a momentum like α, whose useful
 * values crowd towards 1 (the track moves −log10(1 − α), so 0.9, 0.99 and 0.999 are evenly spaced).
 */
export type SliderScale = 'linear' | 'towards-one';

export interface Config {
  task: TaskName;
  op: Op;
  p: number;
  frac: number;
  bzero: ZeroRows;
  entities: number;
  phi: number;
  ood: number;
  testid: number;
  format: FormatName;
  relations: number;
  degree: number;
  attributes: number;
  values: number;
  layers: number;
  dim: number;
  heads: number;
  block: BlockName;
  tie: TieName;
  init: InitName;
  dropout: number;
  opt: OptimizerName;
  lr: number;
  wd: number;
  decay: DecayName;
  beta1: number;
  beta2: number;
  batch: number;
  warmup: number;
  firstlr: FirstLr;
  clip: number;
  filter: FilterName;
  alpha: number;
  lambda: number;
  window: number;
  seed: number;
  steps: number;
  eval: number;
}

export type ConfigKey = keyof Config;

export type Group = 'Task' | 'Model' | 'Optimizer' | 'Grokfast' | 'Run';

interface SpecBase {
  label: string;
  /** One line for a tooltip, the CLI's --help and the UI. */
  help: string;
  group: Group;
  /** May change while a run is going on (docs/CONFIG.md, "Live keys"). */
  live: boolean;
  /**
   * A Grokfast setting: a race's baseline has no filter, so a live change of it goes to the
   * Grokfast run only (every other live change goes to both, keeping all else equal).
   */
  grokfast?: true;
  /** The task families the key applies to (src/config/tasks); absent: every one. */
  tasks?: readonly TaskName[];
}

export interface NumberSpec extends SpecBase {
  kind: 'int' | 'number';
  default: number;
  min: number;
  max: number;
  /**
   * A slider beside the number field, named by the symbol (so that "alpha" names one control), moving
   * in steps of `step`.
   */
  slider?: { symbol: string; step: number; scale?: SliderScale };
  /** Extra single-key rule beyond the range, returning what is valid when it fails. */
  rule?: { test: (v: number) => boolean; valid: string };
}

export interface EnumSpec<T extends string = string> extends SpecBase {
  kind: 'enum';
  default: T;
  values: readonly T[];
}

export type KeySpec<V> = [V] extends [string] ? EnumSpec<V> : NumberSpec;

export type Schema = { [K in ConfigKey]: KeySpec<Config[K]> };

export const SCHEMA = {
  task: {
    kind: 'enum',
    default: 'mod',
    values: TASKS,
    group: 'Task',
    live: false,
    label: 'task',
    help: TASKS.map((t) => `${t}: ${FAMILIES[t].summary}`).join('; '),
  },
  ...TASK_KEYS,
  layers: {
    kind: 'int',
    default: 2,
    min: 1,
    max: 4,
    group: 'Model',
    live: false,
    label: 'layers',
    help: 'Transformer blocks',
  },
  dim: {
    kind: 'int',
    default: 128,
    min: 16,
    max: 256,
    group: 'Model',
    live: false,
    label: 'width',
    help: 'model width (divisible by heads); the MLP is 4× wider',
  },
  heads: {
    kind: 'int',
    default: 4,
    min: 1,
    max: 8,
    group: 'Model',
    live: false,
    label: 'heads',
    help: 'attention heads per block',
  },
  block: {
    kind: 'enum',
    default: 'standard',
    values: BLOCKS,
    group: 'Model',
    live: false,
    label: 'block',
    help: 'standard: pre-LayerNorm, x + attn(LN(x)); grokfast: the Grokfast code’s, x = LN(x) then x + attn(x) (the residual carries the normalised x)',
  },
  tie: {
    kind: 'enum',
    default: 'untied',
    values: TIES,
    group: 'Model',
    live: false,
    label: 'output layer',
    help: 'untied: its own weights; tied: the token embedding matrix transposed, logits = x·Eᵀ (GPT-2)',
  },
  init: {
    kind: 'enum',
    default: 'pytorch',
    values: INITS,
    group: 'Model',
    live: false,
    label: 'initial weights',
    help: 'pytorch: the Grokfast code’s (embeddings N(0, 1), layers PyTorch’s defaults); gpt2: HF GPT-2’s, N(0, 0.02), the residual projections N(0, 0.02/√(2·layers)), biases 0',
  },
  dropout: {
    kind: 'number',
    default: 0,
    min: 0,
    max: 0.9,
    group: 'Model',
    live: false,
    label: 'dropout',
    help: 'training only, where GPT-2 has it: the embeddings, the attention probabilities, the attention and MLP outputs; drawn from the seed',
  },
  opt: {
    kind: 'enum',
    default: 'adam',
    values: OPTIMIZERS,
    group: 'Optimizer',
    live: false,
    label: 'optimizer',
    help: 'adam: L2 weight decay added to the gradient (Grokfast paper); adamw: decoupled (Power et al.)',
  },
  lr: {
    kind: 'number',
    default: 0.001,
    min: 1e-5,
    max: 0.1,
    group: 'Optimizer',
    live: true,
    label: 'learning rate',
    help: 'peak learning rate, reached after the warmup',
  },
  wd: {
    kind: 'number',
    default: 0.005,
    min: 0,
    max: 10,
    group: 'Optimizer',
    live: true,
    label: 'weight decay',
    help: 'pulls weights towards zero; the strongest single lever for grokking',
  },
  decay: {
    kind: 'enum',
    default: 'all',
    values: DECAYS,
    group: 'Optimizer',
    live: false,
    label: 'decayed parameters',
    help: 'all: weight decay on every parameter; matrices: not on biases and LayerNorm gains and biases, as the Wang et al. code (GPT-2; embeddings decay)',
  },
  beta1: {
    kind: 'number',
    default: 0.9,
    min: 0,
    max: 0.999,
    group: 'Optimizer',
    live: false,
    label: 'Adam β1',
    help: 'decay of the running mean of gradients',
  },
  beta2: {
    kind: 'number',
    default: 0.98,
    min: 0,
    max: 0.9999,
    group: 'Optimizer',
    live: false,
    label: 'Adam β2',
    help: 'decay of the running mean of squared gradients',
  },
  batch: {
    kind: 'int',
    default: 512,
    min: 0,
    max: 100000,
    group: 'Optimizer',
    live: false,
    label: 'batch size',
    help: 'minibatch size, capped at the training set; 0 = full batch; reshuffled every epoch',
  },
  warmup: {
    kind: 'int',
    default: 10,
    min: 0,
    max: 100000,
    group: 'Optimizer',
    live: false,
    label: 'warmup steps',
    help: 'the learning rate rises linearly to its peak over these steps, then stays there (no decay)',
  },
  firstlr: {
    kind: 'enum',
    default: 'warmup',
    values: FIRST_LRS,
    group: 'Optimizer',
    live: false,
    label: 'first step’s rate',
    help: 'warmup: step t has lr·t/warmup (step 1 lr/warmup); zero: lr·(t−1)/warmup, as the Grokfast code’s LambdaLR (step 1 has lr 0, the peak comes one step later)',
  },
  clip: {
    kind: 'number',
    default: 0,
    min: 0,
    max: 100,
    group: 'Optimizer',
    live: false,
    label: 'gradient clipping',
    help: 'the largest global L2 norm of the gradient the optimizer gets (after the Grokfast filter), scaled down to it when larger; 0 = off (the Wang et al. code: 1, HF’s max_grad_norm)',
  },
  filter: {
    kind: 'enum',
    default: 'ema',
    values: FILTERS,
    group: 'Grokfast',
    live: true,
    grokfast: true,
    label: 'filter',
    help: 'Grokfast gradient filter: none, exponential moving average or windowed mean',
  },
  alpha: {
    kind: 'number',
    default: 0.98,
    min: 0,
    max: 0.9999,
    group: 'Grokfast',
    live: true,
    grokfast: true,
    slider: { symbol: 'α', step: 0.005, scale: 'towards-one' },
    label: 'alpha',
    help: 'EMA momentum: closer to 1 keeps a slower part of the gradient',
  },
  lambda: {
    kind: 'number',
    default: 2,
    min: 0,
    max: 20,
    group: 'Grokfast',
    live: true,
    grokfast: true,
    slider: { symbol: 'λ', step: 0.1 },
    label: 'lambda',
    help: 'how strongly the slow gradient is amplified (0 = no filter)',
  },
  window: {
    kind: 'int',
    default: 100,
    min: 1,
    max: 1000,
    group: 'Grokfast',
    live: true,
    grokfast: true,
    label: 'window',
    help: 'MA filter: number of past gradients averaged',
  },
  seed: {
    kind: 'int',
    default: 0,
    min: 0,
    max: 2147483647,
    group: 'Run',
    live: false,
    label: 'seed',
    help: 'fixes the data split, the initial weights and the batch order',
  },
  steps: {
    kind: 'int',
    default: 100000,
    min: 1,
    max: 10000000,
    group: 'Run',
    live: false,
    label: 'step budget',
    help: 'the run stops after this many optimizer steps',
  },
  eval: {
    kind: 'int',
    default: 10,
    min: 1,
    max: 10000,
    group: 'Run',
    live: false,
    label: 'eval every',
    help: 'evaluate the whole training and validation sets every this many steps',
  },
} as const satisfies Schema;

export const CONFIG_KEYS = Object.keys(SCHEMA) as ConfigKey[];

export const LIVE_KEYS = CONFIG_KEYS.filter((k) => SCHEMA[k].live);

/** Whether `key` is a setting of `task` (the others are kept, and mean nothing to it). */
export function appliesTo(key: ConfigKey, task: TaskName): boolean {
  const { tasks } = (SCHEMA as Schema)[key];
  return tasks === undefined || tasks.includes(task);
}

/** The keys that may change while a run goes on: those whose schema entry says `live: true`. */
export type LiveKey = { [K in ConfigKey]: (typeof SCHEMA)[K]['live'] extends true ? K : never }[ConfigKey];

export function defaultConfig(): Config {
  const out: Record<string, number | string> = {};
  for (const k of CONFIG_KEYS) out[k] = SCHEMA[k].default;
  return out as unknown as Config;
}

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze(defaultConfig());

/**
 * Keys the config gained after run files (and checkpoints, and sweep run files) were first written:
 * a file without them is from before, when every run learnt the arithmetic table with the standard
 * block, the whole table, the lab's warmup, the untied output layer, PyTorch's initial weights, no
 * dropout, decay on every parameter, no gradient clipping, and (reasoning runs) the lab's fact format
 * and a test-ID share of 0.1, so they take their defaults.
 */
const KEYS_ADDED_LATER: readonly ConfigKey[] = [
  'task',
  'entities',
  'phi',
  'ood',
  'relations',
  'degree',
  'attributes',
  'values',
  'block',
  'bzero',
  'firstlr',
  'tie',
  'init',
  'dropout',
  'decay',
  'testid',
  'format',
  'clip',
];

/** A stored config with the keys added since it was written set to their defaults. */
export function withKeysAddedLater(stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const added = Object.fromEntries(KEYS_ADDED_LATER.filter((k) => !(k in stored)).map((k) => [k, DEFAULT_CONFIG[k]]));
  return { ...added, ...stored };
}

// What the two reasoning tasks (Wang et al. 2024) share: keys and most of their descriptor
// (./compose.ts, ./compare.ts have their own keys and the rest).
import type { Config, EnumSpec, NumberSpec } from '../schema';
import type { TaskFamily } from './family';

/** How a fact is written and what the loss covers: see the `format` key, and src/engine/tasks/facts.ts. */
export const FORMATS = ['lab', 'paper'] as const;
export type FormatName = (typeof FORMATS)[number];

export const REASONING_KEYS = {
  entities: {
    kind: 'int',
    default: 200,
    min: 4,
    max: 2000,
    group: 'Task',
    live: false,
    tasks: ['compose', 'compare'],
    label: 'entities',
    help: 'how many entities the facts are about (the paper: 2,000 for composition, 1,000 for comparison)',
  },
  phi: {
    kind: 'number',
    default: 7.2,
    min: 0,
    max: 100,
    group: 'Task',
    live: false,
    tasks: ['compose', 'compare'],
    label: 'φ (inferred per atomic)',
    help: 'inferred training facts per in-distribution atomic fact; the speed of grokking follows it',
  },
  ood: {
    kind: 'number',
    default: 0.1,
    min: 0.01,
    max: 0.5,
    group: 'Task',
    live: false,
    tasks: ['compose', 'compare'],
    label: 'OOD share',
    help: 'share of the atomic facts (composition) or of the entities per attribute (comparison) kept out of distribution',
  },
  testid: {
    kind: 'number',
    default: 0.1,
    min: 0.001,
    max: 0.5,
    group: 'Task',
    live: false,
    tasks: ['compose', 'compare'],
    label: 'test-ID share',
    help: 'share of the in-distribution chains (composition) or entity pairs (comparison) held out for test-ID, at most 3,000 facts (the paper: 0.005 for composition, 0.1 for comparison)',
  },
  format: {
    kind: 'enum',
    default: 'lab',
    values: FORMATS,
    group: 'Task',
    live: false,
    tasks: ['compose', 'compare'],
    label: 'fact format',
    help: 'lab: four tokens [h, r1, r2, PAD] or [e1, a, e2, PAD], one shared <, =, > for every attribute, the loss on the answer alone; paper: the Wang et al. code’s sequences ("h r1 r2" then the tail; "a <q> e1 <mask> e2" then one of 3 labels per attribute) and its six special tokens, the answer fed back in and the loss on the answer and on the end token </a> (their mean)',
  },
} as const satisfies Record<string, NumberSpec | EnumSpec<FormatName>>;

/**
 * The reasoning tasks (Wang et al. 2024) at a scale a CPU trains in under an hour: a 2-layer width-64
 * model (128 for composition), AdamW lr 10⁻³, batch 512, φ 7.2 and 10% OOD; measured in README
 * "Reasoning tasks".
 */
export const REASONING_SMALL = {
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
} as const satisfies Partial<Config>;

/**
 * The paper's data at full scale, with the lab's largest model (4 layers, width 256; theirs: 8 layers,
 * width 768, 12 heads) and the paper code's training (main.py with simpletransformers and HF GPT-2):
 * AdamW lr 10⁻⁴, β (0.9, 0.999), wd 0.1 on all but biases and LayerNorms, batch 512, 2,000 warmup
 * steps from learning rate 0 then constant (`constant_schedule_with_warmup`), GPT-2's init, tied
 * embeddings, dropout 0.1, gradient-norm clipping at 1, and its facts' format (format=paper: its token
 * sequences, per-attribute comparison labels, the loss on the answer and on </a>). Not the lab's: fp16
 * and GPT-2's 50,257-token softmax (see the README's reasoning section).
 */
export const REASONING_PAPER = {
  layers: 4,
  dim: 256,
  heads: 8,
  opt: 'adamw',
  lr: 0.0001,
  wd: 0.1,
  beta2: 0.999,
  decay: 'matrices',
  warmup: 2000,
  firstlr: 'zero',
  clip: 1,
  init: 'gpt2',
  tie: 'tied',
  dropout: 0.1,
  batch: 512,
  filter: 'none',
  phi: 7.2,
  format: 'paper',
  steps: 300000,
  eval: 2000,
} as const satisfies Partial<Config>;

/** What the two reasoning families' descriptors share (./compose.ts and ./compare.ts add the rest). */
export const REASONING_FAMILY = {
  lede: (c, learns) => [
    'A Transformer learns ',
    { code: learns },
    `: every atomic fact, and from φ = ${c.phi} inferred facts per atomic one it must learn to reason implicitly (Wang et al. 2024). Training accuracy saturates first; test-ID accuracy (new inferences from familiar facts) jumps much later: that jump is `,
    { em: 'grokking' },
    '. test-OOD asks about facts only ever seen alone: in the paper, composition stays near chance there and comparison gets it.',
  ],
  splits: { val: 'test-ID', ood: true },
  inside: 'facts',
  presetGroup: 'Reasoning:',
  sizeKey: 'entities',
  smallName: (small) => `“${small.name}”`,
  smallAdvice: (small) =>
    `The preset “${small.name}” (${small.config.entities} entities, a ${small.config.layers}-layer width-${small.config.dim} model) is sized for this backend.`,
} as const satisfies Partial<TaskFamily>;

// The comparison task (Wang et al. 2024): comparing entities' attributes. Its keys and descriptor;
// the generator is src/engine/tasks/compare.ts.
import type { Config, NumberSpec } from '../schema';
import type { FamilyPreset, TaskFamily } from './family';
import { REASONING_FAMILY, REASONING_PAPER, REASONING_SMALL } from './reasoning';

export const COMPARE_KEYS = {
  attributes: {
    kind: 'int',
    default: 5,
    min: 1,
    max: 20,
    group: 'Task',
    live: false,
    tasks: ['compare'],
    label: 'attributes',
    help: 'attributes each entity has a value for (the paper: 20)',
  },
  values: {
    kind: 'int',
    default: 20,
    min: 2,
    max: 100,
    group: 'Task',
    live: false,
    tasks: ['compare'],
    label: 'values per attribute',
    help: 'each value is drawn from 0 … values − 1 (the paper: 20)',
  },
} as const satisfies Record<string, NumberSpec>;

const COMPARE_SMALL = {
  ...REASONING_SMALL,
  entities: 100,
  attributes: 5,
  values: 20,
  wd: 1,
} as const satisfies Partial<Config>;

export const COMPARE_PRESETS = [
  {
    id: 'compare-small',
    name: 'Comparison, small',
    description:
      'Comparisons among 100 entities (5 attributes, 20 values, φ 7.2, 10% of the entities OOD per attribute), AdamW wd 1: test-ID reaches 84% by step 2,000 and test-OOD 60%, far above guessing (47.5%), then both level off (86% and 68% at step 11,000). Neither has grokked here, unlike the paper’s larger runs.',
    config: COMPARE_SMALL,
  },
  {
    id: 'compare-paper',
    name: 'Wang et al.: comparison',
    description:
      'The paper’s comparison data at full scale (1,000 entities, 20 attributes, 20 values, φ 7.2, 10% of the entities OOD per attribute, 10% of the ID pairs held out for test-ID) with the lab’s largest model (4 layers, width 256; the paper’s: 8 × 768) trained as the paper’s code trains GPT-2: AdamW lr 10⁻⁴, β₂ 0.999, wd 0.1 on all but biases and LayerNorms, 2,000 warmup steps, GPT-2’s init, tied embeddings, dropout 0.1, gradient norm clipped at 1, in its code’s format (“a <q> e1 <mask> e2” then one of the attribute’s 3 labels and </a>, the loss on both; not its fp16 or GPT-2’s 50,257-token softmax). The paper saw test-ID and test-OOD both grok. Made for a GPU: not run to the end here.',
    config: { ...REASONING_PAPER, entities: 1000, attributes: 20, values: 20, ood: 0.1, testid: 0.1 },
  },
] as const satisfies readonly FamilyPreset[];

export const COMPARE_FAMILY: TaskFamily = {
  ...REASONING_FAMILY,
  name: 'compare',
  summary: 'comparing attributes (Wang et al. 2024)',
  learns: (c) => `comparisons of ${c.entities} entities' attributes`,
  logitLens: false,
  seqLen: (c) => (c.format === 'paper' ? 6 : 4),
  presets: COMPARE_PRESETS,
  smallPreset: 'compare-small',
};

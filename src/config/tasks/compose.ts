// The composition task (Wang et al. 2024): two-hop facts. Its keys and descriptor; the generator is
// src/engine/tasks/compose.ts.
import type { Config, NumberSpec } from '../schema';
import type { FamilyPreset, TaskFamily } from './family';
import { REASONING_FAMILY, REASONING_PAPER, REASONING_SMALL } from './reasoning';

export const COMPOSE_KEYS = {
  relations: {
    kind: 'int',
    default: 20,
    min: 1,
    max: 200,
    group: 'Task',
    live: false,
    tasks: ['compose'],
    label: 'relations',
    help: 'kinds of relation between entities (the paper: 200)',
  },
  degree: {
    kind: 'int',
    default: 5,
    min: 1,
    max: 20,
    group: 'Task',
    live: false,
    tasks: ['compose'],
    label: 'relations per entity',
    help: 'relations each entity has a tail for, at most `relations` (the paper: 20)',
  },
} as const satisfies Record<string, NumberSpec>;

/**
 * Width and weight decay decide it here: at width 64 test-ID climbs to 87–94.9% and never reaches 95%
 * (wd 0.5–1; 0.1 memorises and stays at 5%); at width 128 with wd 0.7 it groks (README).
 */
const COMPOSE_SMALL = {
  ...REASONING_SMALL,
  entities: 100,
  relations: 10,
  degree: 10,
  dim: 128,
  wd: 0.7,
} as const satisfies Partial<Config>;

export const COMPOSE_PRESETS = [
  {
    id: 'compose-small',
    name: 'Composition, small',
    description:
      'Two-hop facts about 100 entities (10 relations each, φ 7.2, 10% of the atomic facts OOD), a 2-layer width-128 model, AdamW wd 0.7: memorised by step 750; test-ID climbs long after and groks (95%) at 6,500 on wasm (8,500 on a GPU), while test-OOD stays at chance (0–5%): the paper’s composition result. On wasm with 2 cores it trained at 2.3 to 3.7 steps a second (the steps/s readout says what this machine does).',
    config: COMPOSE_SMALL,
  },
  {
    id: 'compose-paper',
    name: 'Wang et al.: composition',
    description:
      'The paper’s composition data at full scale (2,000 entities, 200 relations, 20 per entity, φ 7.2, 5% of the atomic facts OOD, 0.5% of the ID chains held out for test-ID) in its code’s format (“h r1 r2” then the tail and </a>, the loss on both) with the lab’s largest model (4 layers, width 256; the paper’s: 8 × 768) trained as the paper’s code trains GPT-2: AdamW lr 10⁻⁴, β₂ 0.999, wd 0.1 on all but biases and LayerNorms, 2,000 warmup steps, GPT-2’s init, tied embeddings, dropout 0.1, gradient norm clipped at 1 (not its fp16 or GPT-2’s 50,257-token softmax). The paper saw test-ID grok after about 10⁵ steps and test-OOD stay near zero. Made for a GPU: not run to the end here.',
    config: { ...REASONING_PAPER, entities: 2000, relations: 200, degree: 20, ood: 0.05, testid: 0.005 },
  },
] as const satisfies readonly FamilyPreset[];

export const COMPOSE_FAMILY: TaskFamily = {
  ...REASONING_FAMILY,
  name: 'compose',
  summary: 'two-hop facts',
  learns: (c) => `two-hop facts about ${c.entities} entities (composition)`,
  logitLens: true,
  seqLen: () => 4,
  presets: COMPOSE_PRESETS,
  smallPreset: 'compose-small',
  rules: [
    (c, defaults) => {
      if (c.degree <= c.relations) return null;
      return c.degree !== defaults.degree
        ? {
            key: 'degree',
            value: String(c.degree),
            message: `degree: ${c.degree} is more than relations (${c.relations}); expected at most as many relations per entity as there are relations`,
          }
        : {
            key: 'relations',
            value: String(c.relations),
            message: `relations: ${c.relations} is fewer than the relations per entity (degree ${c.degree}); expected at least ${c.degree}`,
          };
    },
  ],
};

// The composition task (Wang et al. 2024): two-hop facts. Its keys and descriptor; the generator is
// src/engine/tasks/compose.ts.
import type { NumberSpec } from '../schema';
import type { TaskFamily } from './family';
import { REASONING_FAMILY } from './reasoning';

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

export const COMPOSE_FAMILY: TaskFamily = {
  ...REASONING_FAMILY,
  name: 'compose',
  summary: 'two-hop facts',
  learns: (c) => `two-hop facts about ${c.entities} entities (composition)`,
  logitLens: true,
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

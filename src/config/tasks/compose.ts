// Keys of the composition task (the generator is src/engine/tasks/compose.ts).
import type { NumberSpec } from '../schema';

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

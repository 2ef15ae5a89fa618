// Keys that the two reasoning tasks share (./compose.ts, ./compare.ts have their own).
import type { NumberSpec } from '../schema';

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
} as const satisfies Record<string, NumberSpec>;

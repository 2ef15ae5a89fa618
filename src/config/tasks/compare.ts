// The comparison task (Wang et al. 2024): comparing entities' attributes. Its keys and descriptor;
// the generator is src/engine/tasks/compare.ts.
import type { NumberSpec } from '../schema';
import type { TaskFamily } from './family';
import { REASONING_FAMILY } from './reasoning';

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

export const COMPARE_FAMILY: TaskFamily = {
  ...REASONING_FAMILY,
  name: 'compare',
  summary: 'comparing attributes (Wang et al. 2024)',
  learns: (c) => `comparisons of ${c.entities} entities' attributes`,
  logitLens: false,
  smallPreset: 'compare-small',
};

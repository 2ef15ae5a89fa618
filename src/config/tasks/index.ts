// The task families a run can learn (the schema's `task` key), one module each. A family's module
// holds its keys (with `tasks: [its name]`), its presets and its descriptor (./family.ts: what it
// learns in words, its splits, which inside views apply, its preset group and small preset, its
// cross-key rules); its engine half (src/engine/tasks/family.ts: the data generator, what reads the
// model) is the module of the same name in src/engine/tasks. Nothing else in the lab asks a task's
// name: it asks the family (test/task-branches.test.ts holds it to that).
//
// To add a family: a module here with its keys, presets and descriptor; an entry in FAMILIES, its keys
// in TASK_KEYS and its presets in PresetId below (and its keys' types in the Config interface of
// ../schema.ts); its engine half in src/engine/tasks with an entry in ENGINE_FAMILIES there (TypeScript
// asks for it). test/task-families.test.ts checks every family the same way; `npm run docs` rewrites
// docs/CONFIG.md.
import { COMPARE_FAMILY, COMPARE_KEYS, type COMPARE_PRESETS } from './compare';
import { COMPOSE_FAMILY, COMPOSE_KEYS, type COMPOSE_PRESETS } from './compose';
import type { TaskFamily } from './family';
import { MOD_FAMILY, MOD_KEYS, type MOD_PRESETS } from './mod';
import { REASONING_KEYS } from './reasoning';

export type { FamilyPreset, TaskFamily, TextPart } from './family';

/** Every family by its name, in the order the schema lists them. */
export const FAMILIES = { mod: MOD_FAMILY, compose: COMPOSE_FAMILY, compare: COMPARE_FAMILY } as const;

export type TaskName = keyof typeof FAMILIES;

export const TASKS = Object.keys(FAMILIES) as readonly TaskName[];

/** Every preset's id (../presets.ts lists them all, family by family). */
export type PresetId = (typeof MOD_PRESETS | typeof COMPOSE_PRESETS | typeof COMPARE_PRESETS)[number]['id'];

/** The families' keys, in the schema's order (each says in `tasks` which families it applies to). */
export const TASK_KEYS = { ...MOD_KEYS, ...REASONING_KEYS, ...COMPOSE_KEYS, ...COMPARE_KEYS } as const;

/** The descriptor of `task`'s family; a name that is none (an unchecked value) is refused, named. */
export function familyOf(task: TaskName): TaskFamily {
  const family = (FAMILIES as Partial<Record<string, TaskFamily>>)[task];
  if (!family) throw new Error(`task: ${JSON.stringify(task)} is not a task family; expected ${TASKS.join(', ')}`);
  return family;
}

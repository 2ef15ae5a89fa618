// The engine halves of the task families (./family.ts), one per family of src/config/tasks/index.ts
// (TypeScript asks for an entry for each), and the data of a run's task, whichever family it is.
import type { Config } from '../../config/schema';
import { type TaskName, TASKS } from '../../config/tasks';
import { COMPARE_ENGINE } from './compare';
import { COMPOSE_ENGINE } from './compose';
import type { EngineFamily, RunData } from './family';
import { MOD_ENGINE } from './mod';

export type { EngineFamily, RunData };

export const ENGINE_FAMILIES: Readonly<Record<TaskName, EngineFamily>> = {
  mod: MOD_ENGINE,
  compose: COMPOSE_ENGINE,
  compare: COMPARE_ENGINE,
};

/** The engine half of `task`'s family; a name that is none (an unchecked value) is refused, named. */
export function engineFamilyOf(task: TaskName): EngineFamily {
  const family = (ENGINE_FAMILIES as Partial<Record<string, EngineFamily>>)[task];
  if (!family) throw new Error(`task: ${JSON.stringify(task)} is not a task family; expected ${TASKS.join(', ')}`);
  return family;
}

export function makeRunData(c: Config): RunData {
  return engineFamilyOf(c.task).makeData(c);
}

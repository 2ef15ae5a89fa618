// The task families a run can learn (the schema's `task` key). Each family brings its own keys, in
// its own module: ./reasoning.ts (shared by composition and comparison), ./compose.ts, ./compare.ts;
// the arithmetic task's keys (op, p, frac) are in the schema itself.

export const TASKS = ['mod', 'compose', 'compare'] as const;
export type TaskName = (typeof TASKS)[number];

/** The reasoning tasks (Wang et al. 2024): they have a third split, test-OOD. */
export const REASONING_TASKS: readonly TaskName[] = ['compose', 'compare'];

export const isReasoning = (task: TaskName): boolean => REASONING_TASKS.includes(task);

/** What a run of this config learns, in a few words: "a · b mod 97", "two-hop facts over 200 entities". */
export function taskText(c: { task: TaskName; entities: number; equation: string }): string {
  if (c.task === 'compose') return `two-hop facts about ${c.entities} entities (composition)`;
  if (c.task === 'compare') return `comparisons of ${c.entities} entities' attributes`;
  return c.equation;
}

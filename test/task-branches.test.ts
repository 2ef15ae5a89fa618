// Issue 27: a task family is one module (src/config/tasks/<family>.ts, with its engine side in
// src/engine/tasks/) and the rest of the lab asks the family's descriptor (src/config/tasks/index.ts)
// rather than the task's name. This scans src/ outside those two folders for what asking the name
// looks like: comparing a task or a task name, a switch case on one, the old isReasoning helper.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASKS } from '../src/config/tasks';

const ROOT = join(__dirname, '..', 'src');
const TASK_MODULES = ['config/tasks/', 'engine/tasks/'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every way of asking which task a run has that the lab has used, for these task names. */
function taskBranches(text: string, names: readonly string[]): string[] {
  const name = `['"\`](?:${names.join('|')})['"\`]`;
  const patterns = [
    new RegExp(`[!=]==?\\s*${name}`, 'g'), // x === 'mod'
    new RegExp(`${name}\\s*[!=]==?`, 'g'), // 'mod' === x
    new RegExp(`case\\s+${name}`, 'g'), // case 'mod':
    /\btask\s*[!=]==?/g, // task === …, c.task !== …
    /switch\s*\(\s*[\w.]*\btask\s*\)/g, // switch (c.task)
    /\bisReasoning\b|\bREASONING_TASKS\b/g, // the helper that named two tasks
  ];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[0]));
}

describe('task families', () => {
  it('are asked through their descriptor: no branch on a task name outside src/config/tasks and src/engine/tasks', () => {
    const found = sources(ROOT)
      .map((path) => relative(ROOT, path).replaceAll('\\', '/'))
      .filter((path) => !TASK_MODULES.some((dir) => path.startsWith(dir)))
      .flatMap((path) => taskBranches(readFileSync(join(ROOT, path), 'utf8'), TASKS).map((hit) => `${path}: ${hit}`));
    expect(found).toEqual([]);
  });

  it('the scan finds each way of branching it looks for', () => {
    const names = ['mod', 'compose'];
    expect(taskBranches("if (c.task === 'mod') x();", names)).toEqual(["=== 'mod'", 'task ===']);
    expect(taskBranches("'compose' !== t", names)).toEqual(["'compose' !=="]);
    expect(taskBranches("switch (config.task) { case 'mod': }", names)).toEqual(["case 'mod'", 'switch (config.task)']);
    expect(taskBranches('isReasoning(task)', names)).toEqual(['isReasoning']);
    expect(taskBranches("const op = 'mod'; family.testOod", names)).toEqual([]);
  });
});

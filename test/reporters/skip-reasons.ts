// A vitest reporter beside the default one: vitest's default output counts skipped tests but hides
// why each was skipped (the note given to context.skip). This lists them, grouped by reason, after
// the run, so that e.g. "no WebGPU in this Node (...)" shows wherever the WebGPU tests were skipped.
import type { Reporter, TestModule } from 'vitest/node';

/** A skipped test and the note it was skipped with. */
export interface SkippedTest {
  file: string;
  name: string;
  reason: string;
}

/** The lines that list skipped tests under their reasons; none where no test gave one. */
export function skipReasonLines(skipped: readonly SkippedTest[]): string[] {
  const byReason = new Map<string, SkippedTest[]>();
  for (const t of skipped) byReason.set(t.reason, [...(byReason.get(t.reason) ?? []), t]);
  const lines: string[] = [];
  for (const [reason, tests] of byReason) {
    lines.push(`Skipped ${tests.length} test${tests.length === 1 ? '' : 's'}: ${reason}`);
    for (const t of tests) lines.push(`  ↓ ${t.file} > ${t.name}`);
  }
  return lines;
}

/** The tests skipped with a note. Tests left out by a filter, .skip or .only carry none: not listed. */
export function skippedWithReason(modules: readonly TestModule[]): SkippedTest[] {
  const found: SkippedTest[] = [];
  for (const m of modules) {
    for (const test of m.children.allTests('skipped')) {
      const result = test.result();
      if (result.state === 'skipped' && result.note)
        found.push({ file: m.relativeModuleId, name: test.fullName, reason: result.note });
    }
  }
  return found;
}

export default class SkipReasonsReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const lines = skipReasonLines(skippedWithReason(modules));
    if (lines.length > 0) process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}

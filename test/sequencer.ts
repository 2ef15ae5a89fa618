// Starts the slowest test files first. On a fresh clone vitest has no timings cached and orders the
// files by size, so a long file (the grokking runs) could start last and run alone at the end while
// the other worker idles: measured, it was the tail of the unit tests on a 2-core machine.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The longest files, longest first (measured with `npx vitest run` on a 2-core machine). */
const SLOWEST_FIRST = [
  'grokking.test.ts',
  'presets.test.ts',
  'sweep.test.ts',
  'trainer.test.ts',
  'dispatches.test.ts',
  'cli.test.ts',
  'ops.test.ts',
];

const rank = (spec: TestSpecification): number => {
  const i = SLOWEST_FIRST.findIndex((name) => spec.moduleId.endsWith(`/test/${name}`));
  return i === -1 ? SLOWEST_FIRST.length : i;
};

export default class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // A stable sort: the rest keep the order vitest gave them.
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map((x) => x.spec);
  }
}

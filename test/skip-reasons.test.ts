// The reporter that shows why each test was skipped (vitest's default output only counts them).
import { describe, expect, it } from 'vitest';
import type { TestModule } from 'vitest/node';
import { skippedWithReason, skipReasonLines } from './reporters/skip-reasons';

type Result = { state: 'passed' } | { state: 'skipped'; note: string | undefined };

/** The little of vitest's TestModule the reporter reads. */
function fakeModule(file: string, tests: Record<string, Result>): TestModule {
  const cases = Object.entries(tests).map(([name, result]) => ({ fullName: `suite > ${name}`, result: () => result }));
  const module = {
    relativeModuleId: file,
    children: {
      *allTests(state?: string) {
        yield* cases.filter((c) => state === undefined || c.result().state === state);
      },
    },
  };
  return module as unknown as TestModule; // a structural stand-in: TestModule is a class with much more
}

describe('skip reasons in the test output', () => {
  it('lists every test skipped with a note under its reason, and not those skipped without one', () => {
    const modules = [
      fakeModule('test/a.test.ts', {
        gpu1: { state: 'skipped', note: 'no WebGPU in this Node (no adapter)' },
        runs: { state: 'passed' },
        filtered: { state: 'skipped', note: undefined },
      }),
      fakeModule('test/b.test.ts', {
        gpu2: { state: 'skipped', note: 'no WebGPU in this Node (no adapter)' },
        threads: { state: 'skipped', note: 'no SharedArrayBuffer' },
      }),
    ];
    expect(skipReasonLines(skippedWithReason(modules))).toEqual([
      'Skipped 2 tests: no WebGPU in this Node (no adapter)',
      '  ↓ test/a.test.ts > suite > gpu1',
      '  ↓ test/b.test.ts > suite > gpu2',
      'Skipped 1 test: no SharedArrayBuffer',
      '  ↓ test/b.test.ts > suite > threads',
    ]);
  });

  it('prints nothing where no test was skipped with a reason', () => {
    expect(skipReasonLines(skippedWithReason([fakeModule('test/a.test.ts', { ok: { state: 'passed' } })]))).toEqual([]);
  });
});

import { defineConfig } from 'vitest/config';
import SkipReasonsReporter from './test/reporters/skip-reasons.ts';
import SlowestFirstSequencer from './test/sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // tfjs keeps one global engine per process: each test file gets its own process.
    pool: 'forks',
    // One process per core: vitest's default leaves a core free, which on a 2-core machine ran the
    // files one at a time (5.5 min instead of 2.3 here).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { sequencer: SlowestFirstSequencer },
    // The default output, then why each skipped test was skipped (the default reporter hides it).
    reporters: ['default', new SkipReasonsReporter()],
  },
});

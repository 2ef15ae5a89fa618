import { defineConfig } from 'vitest/config';
import SkipReasonsReporter from './test/reporters/skip-reasons.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // tfjs keeps one global engine per process: each test file gets its own process.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The default output, then why each skipped test was skipped (the default reporter hides it).
    reporters: ['default', new SkipReasonsReporter()],
  },
});

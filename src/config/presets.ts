// Named configs. Each one is a real, tested experiment (see test/grokking.test.ts).
import { type Config, DEFAULT_CONFIG } from './schema';

/**
 * Groks on a CPU in a few minutes: small enough for tfjs's wasm backend and for CI, with the same
 * optimizer family as the Grokfast paper. Measured steps are in the README and the test.
 */
export const SMALL_GROKKING_CONFIG: Config = {
  ...DEFAULT_CONFIG,
  op: 'add', p: 23, frac: 0.5, layers: 1, dim: 32, heads: 4, batch: 0, lr: 0.001, wd: 0.01, eval: 50, steps: 8000,
};

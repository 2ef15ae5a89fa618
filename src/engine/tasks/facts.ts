// What the reasoning tasks (./compose.ts, ./compare.ts) have in common: facts written as four tokens
// and an answer, as the arithmetic task writes its equations (../data.ts), and the splits they make.
import type { Equations } from '../data';
import type { Random } from '../random';

/** One fact: four input tokens (the model answers at the last) and the answer token. */
export type Fact = readonly [number, number, number, number, number];

/**
 * A reasoning task's facts. Training holds every atomic fact and a sample of the inferred facts of
 * in-distribution (ID) atoms; the two test sets hold inferred facts never trained on: test-ID built from
 * ID atoms, test-OOD from out-of-distribution atoms, whose atomic facts alone were trained on.
 */
export interface ReasoningSplits {
  train: Equations;
  testId: Equations;
  testOod: Equations;
  /** How the training set is made up. */
  atomic: number;
  inferred: number;
}

export function toEquations(facts: readonly Fact[]): Equations {
  const tokens = new Int32Array(facts.length * 4);
  const answers = new Int32Array(facts.length);
  facts.forEach((f, i) => {
    tokens.set(f.slice(0, 4), i * 4);
    answers[i] = f[4];
  });
  return { tokens, answers, count: facts.length };
}

/**
 * A uniform sample of at most `size` of the facts offered, in memory of that size whatever comes
 * (reservoir sampling): the paper-scale comparison task offers some twenty million.
 */
export class Reservoir {
  readonly facts: Fact[] = [];
  private seen = 0;

  constructor(
    private readonly size: number,
    private readonly rng: Random,
  ) {}

  offer(fact: Fact): void {
    const i = this.seen++;
    if (i < this.size) this.facts.push(fact);
    else {
      const j = this.rng.int(i + 1);
      if (j < this.size) this.facts[j] = fact;
    }
  }
}

/** The first `n` of `xs` after a seeded shuffle (all of them when there are fewer). */
export function sample<T>(xs: T[], n: number, rng: Random): T[] {
  rng.shuffle(xs);
  return xs.slice(0, Math.max(0, Math.min(xs.length, Math.round(n))));
}

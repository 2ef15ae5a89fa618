// What the reasoning tasks (./compose.ts, ./compare.ts) have in common: facts written as four tokens
// and an answer, as the arithmetic task writes its equations (../data.ts), and the splits they make.
import type { Equations } from '../data';
import type { Random } from '../random';

/** One fact: four input tokens (padded) and the answer token. */
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

/** Where the causal model reads the answer: an atomic fact's at its relation or attribute (position
 * 1), an inferred fact's at the position after it (2), as in the paper's code, where `h r` is followed
 * by its tail and `h r1 r2` by its. So the first hop of a chain is computed at the very position, from
 * the very inputs, where the atomic fact it uses was learned. */
export const READ_ATOMIC = 1;
export const READ_INFERRED = 2;

/** Facts as equations; `pad` marks an atomic fact (its third token). */
export function toEquations(facts: readonly Fact[], pad: number): Equations {
  const tokens = new Int32Array(facts.length * 4);
  const answers = new Int32Array(facts.length);
  const readAt = new Uint8Array(facts.length);
  facts.forEach((f, i) => {
    tokens.set(f.slice(0, 4), i * 4);
    answers[i] = f[4];
    readAt[i] = f[2] === pad ? READ_ATOMIC : READ_INFERRED;
  });
  return { tokens, answers, count: facts.length, readAt };
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

// What the reasoning tasks (./compose.ts, ./compare.ts) have in common: facts made as four tokens and
// an answer, written in the run's format (format=lab: as made, as the arithmetic task writes its
// equations, ../data.ts; format=paper: as the Wang et al. code writes them), and the splits they make.
import type { Equations } from '../data';
import type { Random } from '../random';

/**
 * One fact as the generators make it (the lab's format): four input tokens (an atomic fact's third
 * and fourth are PAD, an inferred fact's fourth) and the answer token.
 */
export type Fact = readonly [number, number, number, number, number];

/** How a run writes its facts (the `format` key): a row of `seqLen` tokens for each fact. */
export interface FactFormat {
  seqLen: number;
  /** The fact's row (seqLen tokens), where its answer is read, and the answer token in this format. */
  write: (fact: Fact) => { row: readonly number[]; readAt: number; answer: number };
  /** The end token, a second target after the answer (Equations.end); absent: the answer alone. */
  end?: number;
}

/** The lab's format: facts as made, [h, r1, r2, PAD] / [e1, a, e2, PAD], read as READ_* say. */
export const labFormat = (pad: number): FactFormat => ({
  seqLen: 4,
  write: (f) => ({ row: f.slice(0, 4), readAt: f[2] === pad ? READ_ATOMIC : READ_INFERRED, answer: f[4] }),
});

/**
 * The special tokens of the Wang et al. code's vocabulary, in its order, after the task's own tokens
 * (entities, relations or attributes and values). Only <q>, <mask> and </a> occur in its facts.
 */
export const PAPER_SPECIALS = ['<mask>', '<sep>', '<a>', '</a>', '<q>', '</q>'] as const;
export const paperSpecial = (first: number, name: (typeof PAPER_SPECIALS)[number]) =>
  first + PAPER_SPECIALS.indexOf(name);

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

/** Where the causal model reads the answer in the lab's format: an atomic fact's at its relation or
 * attribute (position 1), an inferred fact's at the position after it (2), as in the paper's code, where
 * `h r` is followed by its tail and `h r1 r2` by its. So the first hop of a chain is computed at the very
 * position, from the very inputs, where the atomic fact it uses was learned. (format=paper reads an
 * atomic fact at 1 too, a composition at 2, a comparison at 4: after `a <q> e1 <mask> e2`.) */
export const READ_ATOMIC = 1;
export const READ_INFERRED = 2;

/** Facts as equations, written in `format`. */
export function toEquations(facts: readonly Fact[], format: FactFormat): Equations {
  const T = format.seqLen;
  const tokens = new Int32Array(facts.length * T);
  const answers = new Int32Array(facts.length);
  const readAt = new Uint8Array(facts.length);
  facts.forEach((f, i) => {
    const { row, readAt: at, answer } = format.write(f);
    tokens.set(row, i * T);
    answers[i] = answer;
    readAt[i] = at;
  });
  return {
    tokens,
    answers,
    count: facts.length,
    seqLen: T,
    readAt,
    ...(format.end !== undefined && { end: format.end }),
  };
}

/** Whether row `i` of a reasoning task's `eq` is an atomic fact: read at READ_ATOMIC in either format. */
export const isAtomic = (eq: Equations, i: number): boolean => eq.readAt?.[i] === READ_ATOMIC;

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

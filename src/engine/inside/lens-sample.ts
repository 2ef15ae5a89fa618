// The facts the logit lens reads (./logit-lens.ts): a fixed, seeded sample of a composition run's
// test-ID and test-OOD facts, each with its bridge entity, which the facts themselves do not carry:
// b is the tail of the atomic fact (h, r1), and every atomic fact is in the training set.
import type { Equations } from '../data';
import { Random, STREAM } from '../random';
import { isAtomic } from '../tasks/facts';
import { LENS_FACTS, lensPositions } from './lens-view';

export interface LensFacts {
  /** Row-major [count, seqLen] tokens [h, r1, r2, PAD] (format=paper: [h, r1, r2, t]). */
  tokens: Int32Array;
  /** Tokens per row. */
  seqLen: number;
  /** The bridge entity b of each fact. */
  bridges: Int32Array;
  count: number;
}

export interface LensSample {
  id: LensFacts;
  ood: LensFacts;
  /** The positions' names (lensPositions). */
  positions: readonly string[];
}

/** A composition run's splits: atomic facts are those of `train` read at READ_ATOMIC (either format). */
export interface ComposeSets {
  train: Equations;
  testId: Equations;
  testOod: Equations;
}

/**
 * Up to `max` facts of each test set, drawn by a shuffle seeded with `seed` (its own stream: the
 * same facts whatever the model), with their bridges. A fact whose first hop is not among the
 * atomic facts cannot be a composition fact: that is a bug in the data, and it throws.
 */
export function lensSample(sets: ComposeSets, seed: number, max = LENS_FACTS): LensSample {
  const { train } = sets;
  const T = train.seqLen;
  // (h, r) → t, keyed h · stride + r: every token is below stride.
  const stride = train.tokens.reduce((m, t) => Math.max(m, t), 0) + 1;
  const tails = new Map<number, number>();
  for (let i = 0; i < train.count; i++) {
    const row = train.tokens.subarray(i * T, (i + 1) * T);
    if (isAtomic(train, i)) tails.set((row[0] as number) * stride + (row[1] as number), train.answers[i] as number);
  }
  const rng = new Random(seed, STREAM.lens);
  const pick = (eq: Equations): LensFacts => {
    const order = Array.from({ length: eq.count }, (_, i) => i);
    rng.shuffle(order);
    const rows = order.slice(0, Math.max(0, Math.min(eq.count, Math.floor(max))));
    const tokens = new Int32Array(rows.length * T);
    const bridges = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      const fact = eq.tokens.subarray(row * T, (row + 1) * T);
      const bridge = tails.get((fact[0] as number) * stride + (fact[1] as number));
      if (bridge === undefined || isAtomic(eq, row))
        throw new Error(`lens: fact ${Array.from(fact).join(' ')} is not a composition of two atomic facts`);
      tokens.set(fact, i * T);
      bridges[i] = bridge;
    });
    return { tokens, seqLen: T, bridges, count: rows.length };
  };
  // With an end token the tail is fed back in at the fourth position (format=paper).
  return { id: pick(sets.testId), ood: pick(sets.testOod), positions: lensPositions(train.end !== undefined) };
}

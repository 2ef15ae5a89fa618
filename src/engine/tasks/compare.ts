// Comparison (Wang et al. 2024): each entity has a value for each attribute. Atomic facts say
// (e, a) → v; inferred facts compare two entities on one attribute: (e1, a, e2) → <, = or >. For
// each attribute a share of the entities is out of distribution: their atomic facts are trained on,
// but no comparison involving them; a pair of two ID entities is training material (a few pairs held
// out for test-ID), a pair of two OOD entities is test-OOD, a mixed pair is not used. Unlike
// composition, transformers learn to compare OOD entities too.
//
// Tokens: entities 0…E−1, attributes E…E+A−1, values E+A…E+A+V−1, then <, =, > and PAD. An atomic
// fact is [e, a, PAD, PAD] → its value, read at a; an inferred one [e1, a, e2, PAD] → <, = or >, read
// at e2 (./facts.ts says why). (The paper has three comparison tokens per attribute; here the three
// are shared.)
import { Random, STREAM } from '../random';
import { type Fact, type ReasoningSplits, Reservoir, sample, toEquations } from './facts';
import type { EngineFamily } from './family';
import { reasoningData, reasoningSettings } from './reasoning';

export interface CompareSettings {
  entities: number;
  attributes: number;
  /** Values per attribute, 0…values−1, drawn uniformly for each (entity, attribute). */
  values: number;
  /** Share of the entities that are out of distribution, drawn anew for each attribute. */
  oodShare: number;
  /** φ: inferred training facts per ID atomic fact (fewer when fewer pairs exist). */
  phi: number;
  /** Share of the ID pairs held out for test-ID (both orders). */
  testShare: number;
  /** At most this many facts in each test set. */
  maxTest: number;
}

export interface CompareTask extends ReasoningSplits {
  vocab: number;
  /** A token as the views print it: e12, a3, 7, <, =, > and · (PAD). */
  tokenName: (token: number) => string;
}

/** The paper's scale (its comparison notebook); the lab's presets scale it down. */
export const PAPER_COMPARE: CompareSettings = {
  entities: 1000,
  attributes: 20,
  values: 20,
  oodShare: 0.1,
  phi: 7.2,
  testShare: 0.1,
  maxTest: 3000,
};

const RELATIONS = ['<', '=', '>'] as const;

export function makeCompareTask(s: CompareSettings, seed: number): CompareTask {
  const { entities: E, attributes: A, values: V } = s;
  const LESS = E + A + V;
  const PAD = LESS + 3;
  const rng = new Random(seed, STREAM.facts);
  const value = Array.from({ length: E * A }, () => rng.int(V)); // value[e·A + a]

  const atomic: Fact[] = [];
  const idAtoms = A * (E - Math.min(E, Math.round(s.oodShare * E)));
  const inferred = new Reservoir(Math.round(s.phi * idAtoms), rng);
  const testId = new Reservoir(s.maxTest, rng);
  const testOod = new Reservoir(s.maxTest, rng);
  const compare = (e1: number, e2: number, a: number): Fact => {
    const v1 = value[e1 * A + a] as number;
    const v2 = value[e2 * A + a] as number;
    return [e1, E + a, e2, PAD, LESS + (v1 < v2 ? 0 : v1 === v2 ? 1 : 2)];
  };
  for (let a = 0; a < A; a++) {
    const ood = new Uint8Array(E);
    const all = Array.from({ length: E }, (_, e) => e);
    for (const e of sample(all, s.oodShare * E, rng)) ood[e] = 1;
    for (let e = 0; e < E; e++) {
      atomic.push([e, E + a, PAD, PAD, E + A + (value[e * A + a] as number)]);
    }
    for (let e1 = 0; e1 < E; e1++) {
      for (let e2 = e1 + 1; e2 < E; e2++) {
        const to =
          !ood[e1] && !ood[e2]
            ? rng.uniform() < s.testShare
              ? testId
              : inferred
            : ood[e1] && ood[e2]
              ? testOod
              : null;
        to?.offer(compare(e1, e2, a));
        to?.offer(compare(e2, e1, a));
      }
    }
  }
  return {
    vocab: PAD + 1,
    tokenName: (t) =>
      t < E
        ? `e${t}`
        : t < E + A
          ? `a${t - E}`
          : t < LESS
            ? String(t - E - A)
            : t < PAD
              ? (RELATIONS[t - LESS] as string)
              : '·',
    train: toEquations([...atomic, ...inferred.facts], PAD),
    testId: toEquations(testId.facts, PAD),
    testOod: toEquations(testOod.facts, PAD),
    atomic: atomic.length,
    inferred: inferred.facts.length,
  };
}

export const COMPARE_ENGINE: EngineFamily = {
  makeData: (c) =>
    reasoningData(c, makeCompareTask({ ...reasoningSettings(c), attributes: c.attributes, values: c.values }, c.seed)),
};

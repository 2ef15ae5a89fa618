// Comparison (Wang et al. 2024): each entity has a value for each attribute. Atomic facts say
// (e, a) → v; inferred facts compare two entities on one attribute: (e1, a, e2) → <, = or >. For
// each attribute a share of the entities is out of distribution: their atomic facts are trained on,
// but no comparison involving them; a pair of two ID entities is training material (a few pairs held
// out for test-ID), a pair of two OOD entities is test-OOD, a mixed pair is not used. Unlike
// composition, transformers learn to compare OOD entities too.
//
// Tokens (format=lab): entities 0…E−1, attributes E…E+A−1, values E+A…E+A+V−1, then <, =, > and
// PAD. An atomic fact is [e, a, PAD, PAD] → its value, read at a; an inferred one [e1, a, e2, PAD] →
// <, = or >, read at e2 (./facts.ts says why); the three are shared by every attribute. format=paper
// (the paper's code): after the values its six special tokens, then three labels per attribute (a's
// <, =, >: the code's <attr_a_0>, <attr_a_1>, <attr_a_2>), then PAD. An atomic fact is [e, a, v, PAD,
// PAD, PAD], v read at a and `</a>` at v; an inferred one [a, <q>, e1, <mask>, e2, label], the label
// read at e2 (position 4) and `</a>` at the label (5).
import type { FormatName } from '../../config/schema';
import { Random, STREAM } from '../random';
import {
  type Fact,
  type FactFormat,
  labFormat,
  PAPER_SPECIALS,
  paperSpecial,
  type ReasoningSplits,
  Reservoir,
  sample,
  toEquations,
} from './facts';
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
  /** How the facts are written (the `format` key); absent: lab. */
  format?: FormatName;
}

export interface CompareTask extends ReasoningSplits {
  vocab: number;
  /** A token as the views print it: e12, a3, 7, <, =, >, the paper's specials and labels (a3:<) and · (PAD). */
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
  format: 'paper',
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
  if (s.format === 'paper') {
    const format = paperCompareFormat(E, A, V);
    const labels = LESS + PAPER_SPECIALS.length;
    return {
      vocab: labels + 3 * A + 1,
      tokenName: (t) =>
        t < LESS
          ? entityAttributeValue(t, E, A)
          : t < labels
            ? (PAPER_SPECIALS[t - LESS] as string)
            : t < labels + 3 * A
              ? `a${Math.floor((t - labels) / 3)}:${RELATIONS[(t - labels) % 3] as string}`
              : '·',
      train: toEquations([...atomic, ...inferred.facts], format),
      testId: toEquations(testId.facts, format),
      testOod: toEquations(testOod.facts, format),
      atomic: atomic.length,
      inferred: inferred.facts.length,
    };
  }
  const format = labFormat(PAD);
  return {
    vocab: PAD + 1,
    tokenName: (t) => (t < LESS ? entityAttributeValue(t, E, A) : t < PAD ? (RELATIONS[t - LESS] as string) : '·'),
    train: toEquations([...atomic, ...inferred.facts], format),
    testId: toEquations(testId.facts, format),
    testOod: toEquations(testOod.facts, format),
    atomic: atomic.length,
    inferred: inferred.facts.length,
  };
}

/** e12, a3 or a value's number (the tokens below the first relation or special). */
const entityAttributeValue = (t: number, E: number, A: number) =>
  t < E ? `e${t}` : t < E + A ? `a${t - E}` : String(t - E - A);

/**
 * The paper code's comparison facts: "e a" then "v </a>"; "a <q> e1 <mask> e2" then "label </a>", the
 * label one of attribute a's three. The row holds the answer too (fed back in), so `</a>` is predicted
 * at the answer's position; PAD (never a target, after every position read) fills an atomic fact's row.
 */
function paperCompareFormat(E: number, A: number, V: number): FactFormat {
  const labPad = E + A + V + 3;
  const less = E + A + V; // the lab's shared <, =, >
  const specials = E + A + V;
  const labels = specials + PAPER_SPECIALS.length;
  const pad = labels + 3 * A;
  const q = paperSpecial(specials, '<q>');
  const mask = paperSpecial(specials, '<mask>');
  return {
    seqLen: 6,
    end: paperSpecial(specials, '</a>'),
    write: ([e1, a, e2, , answer]) => {
      if (e2 === labPad) return { row: [e1, a, answer, pad, pad, pad], readAt: 1, answer };
      const label = labels + 3 * (a - E) + (answer - less);
      return { row: [a, q, e1, mask, e2, label], readAt: 4, answer: label };
    },
  };
}

export const COMPARE_ENGINE: EngineFamily = {
  makeData: (c) =>
    reasoningData(
      c,
      makeCompareTask(
        { ...reasoningSettings(c), attributes: c.attributes, values: c.values, format: c.format },
        c.seed,
      ),
    ),
};

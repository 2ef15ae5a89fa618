// Composition (Wang et al. 2024, "Grokked Transformers are Implicit Reasoners"): entities linked by
// relations, one tail per (entity, relation). Atomic facts say (h, r) → t; inferred facts chain two:
// (h, r1, r2) → t where h –r1→ b –r2→ t. The model sees every atomic fact and some inferred ones, and
// must learn to compose: on test-ID it answers chains of atoms it has seen composed elsewhere, on
// test-OOD chains of atoms it has only ever seen alone. Split as the paper's code does: a share of
// the atomic facts is OOD; a chain of two ID atoms is training material (a few held out for test-ID),
// a chain of two OOD atoms is test-OOD, a mixed chain is not used.
//
// Tokens (format=lab): entities 0…E−1, relations E…E+R−1, then PAD. An atomic fact is [h, r, PAD,
// PAD], its answer (an entity) read at r; an inferred one is [h, r1, r2, PAD], read at r2 (./facts.ts
// says why). format=paper (the paper's code): after the relations its six special tokens, then PAD; an
// atomic fact is [h, r, t, PAD], t read at r and `</a>` at t; an inferred one [h, r1, r2, t], t read at
// r2 and `</a>` at t. The same positions, so the same reads and the same logit lens.
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

export interface ComposeSettings {
  entities: number;
  relations: number;
  /** How many relations each entity has a tail for (drawn from `relations`). */
  perEntity: number;
  /** Share of the atomic facts that are out of distribution. */
  oodShare: number;
  /** φ: inferred training facts per ID atomic fact (fewer when fewer chains exist). */
  phi: number;
  /** Share of the ID chains held out for test-ID. */
  testShare: number;
  /** At most this many facts in each test set. */
  maxTest: number;
  /** How the facts are written (the `format` key); absent: lab. */
  format?: FormatName;
}

export interface ComposeTask extends ReasoningSplits {
  vocab: number;
  /** A token as the views print it: e12, r3, the paper's specials (<q>, </a>, …) and · (PAD). */
  tokenName: (token: number) => string;
}

/** The paper's scale (its composition notebook); the lab's presets scale it down. */
export const PAPER_COMPOSE: ComposeSettings = {
  entities: 2000,
  relations: 200,
  perEntity: 20,
  oodShare: 0.05,
  phi: 7.2,
  testShare: 0.005,
  maxTest: 3000,
  format: 'paper',
};

export function makeComposeTask(s: ComposeSettings, seed: number): ComposeTask {
  const E = s.entities;
  const R = s.relations;
  const PAD = E + R;
  const rng = new Random(seed, STREAM.facts);

  // tail[h·R + r]: the tail of (h, r), −1 where h has no relation r; out[h]: h's relations.
  const tail = new Int32Array(E * R).fill(-1);
  const out: number[][] = [];
  for (let h = 0; h < E; h++) {
    const rs = sample(
      Array.from({ length: R }, (_, r) => r),
      s.perEntity,
      rng,
    );
    out.push(rs);
    for (const r of rs) tail[h * R + r] = rng.int(E);
  }
  const atoms = out.flatMap((rs, h) => rs.map((r) => h * R + r));
  const ood = new Uint8Array(E * R);
  for (const atom of sample(atoms.slice(), s.oodShare * atoms.length, rng)) ood[atom] = 1;

  const atomic: Fact[] = atoms.map((atom) => [Math.floor(atom / R), E + (atom % R), PAD, PAD, tail[atom] as number]);
  const idAtoms = atoms.length - atoms.filter((a) => ood[a]).length;
  const inferred = new Reservoir(Math.round(s.phi * idAtoms), rng);
  const testId = new Reservoir(s.maxTest, rng);
  const testOod = new Reservoir(s.maxTest, rng);
  for (const first of atoms) {
    const h = Math.floor(first / R);
    const bridge = tail[first] as number;
    for (const r2 of out[bridge] as number[]) {
      const second = bridge * R + r2;
      const fact: Fact = [h, E + (first % R), E + r2, PAD, tail[second] as number];
      if (!ood[first] && !ood[second]) (rng.uniform() < s.testShare ? testId : inferred).offer(fact);
      else if (ood[first] && ood[second]) testOod.offer(fact);
    }
  }
  const paper = s.format === 'paper';
  const format = paper ? paperComposeFormat(E, R) : labFormat(PAD);
  const specials = paper ? PAPER_SPECIALS.length : 0;
  return {
    vocab: E + R + specials + 1,
    tokenName: (t) =>
      t < E ? `e${t}` : t < E + R ? `r${t - E}` : t < E + R + specials ? (PAPER_SPECIALS[t - E - R] as string) : '·',
    train: toEquations([...atomic, ...inferred.facts], format),
    testId: toEquations(testId.facts, format),
    testOod: toEquations(testOod.facts, format),
    atomic: atomic.length,
    inferred: inferred.facts.length,
  };
}

/**
 * The paper code's composition facts: "h r" then "t </a>", "h r1 r2" then "t </a>". The row holds the
 * answer too (fed back in), so `</a>` is predicted at t's position; the vocabulary's six special tokens
 * follow the relations, then PAD (never a target, and after every position read: the mask is causal).
 */
function paperComposeFormat(E: number, R: number): FactFormat {
  const labPad = E + R;
  const pad = E + R + PAPER_SPECIALS.length;
  return {
    seqLen: 4,
    end: paperSpecial(E + R, '</a>'),
    write: ([h, r1, r2, , t]) =>
      r2 === labPad ? { row: [h, r1, t, pad], readAt: 1, answer: t } : { row: [h, r1, r2, t], readAt: 2, answer: t },
  };
}

export const COMPOSE_ENGINE: EngineFamily = {
  makeData: (c) =>
    reasoningData(
      c,
      makeComposeTask(
        { ...reasoningSettings(c), relations: c.relations, perEntity: c.degree, format: c.format },
        c.seed,
      ),
    ),
};

// What the logit lens shows (read by ./logit-lens.ts), without tfjs so that the page can use it: for a
// fixed sample of inferred composition facts (h, r1, r2) → t with bridge entity b (h –r1→ b), whether
// b can be read off the residual stream at each layer and position (Wang et al. 2024, "Grokked
// Transformers are Implicit Reasoners": once grokked, b is decodable at the r1 position in the middle
// layers for test-ID facts, and never for test-OOD ones).

/** Facts sampled per test split, at most. */
export const LENS_FACTS = 200;

/** Where r1 is: the second token of [h, r1, r2, PAD] (or, format=paper, [h, r1, r2, t]). */
export const R1_POSITION = 1;

/** The positions' names: the fourth is PAD, or the tail t where the answer is fed back in (format=paper). */
export const lensPositions = (answerFedBack: boolean): readonly string[] => [
  'h',
  'r1',
  'r2',
  answerFedBack ? 't' : 'PAD',
];

/** One split's lens: per layer (0: the embeddings, l: after block l) and position. */
export interface LensGrid {
  /** Facts in the sample. */
  facts: number;
  /**
   * top1[layer][position]: the share of the facts whose bridge entity is the top entity, strictly
   * above every other entity (a tie counts as not decoded), in the logits that the final LayerNorm
   * and the output layer make of the residual stream there.
   */
  top1: number[][];
  /** mrr[layer][position]: the mean of 1 / the bridge's rank among the entities (ties rank it last). */
  mrr: number[][];
}

export interface LensView {
  step: number;
  /** The grid's columns by name (lensPositions); absent: the lab format's, h, r1, r2, PAD. */
  positions?: readonly string[];
  /** test-ID and test-OOD facts. */
  id: LensGrid;
  ood: LensGrid;
}

/**
 * The lens's figure over steps: the share of facts whose bridge is the top entity at the r1 position,
 * at the best of the layers between the embeddings and the last block (the paper's code reads the
 * same layers). The last layer is left out: at r1 the model is trained to answer the atomic fact
 * (h, r1) → b itself, so b shows there, for ID and OOD facts alike, as soon as the atomic facts are
 * memorised; the embeddings hold the input alone. Null for a one-block model, which has no layer
 * in between.
 */
export function bridgeAtR1(grid: LensGrid): number | null {
  const middle = grid.top1.slice(1, -1);
  return middle.length === 0 ? null : Math.max(...middle.map((row) => row[R1_POSITION] ?? 0));
}

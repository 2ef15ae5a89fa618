// What the inside views of a reasoning task show at one step (read by inside/facts.ts). Without
// tfjs, so the page can take FACT_SPLITS from here: facts.ts imports tfjs-core, which the page must
// not load (lint/no-tfjs-in-page.js).
import type { LensView } from './lens-view';

/** Facts shown per split. */
export const FACTS_SHOWN = 24;

export const FACT_SPLITS = ['train', 'test-ID', 'test-OOD'] as const;

export interface ShownFact {
  /**
   * The fact's row of tokens as people read them: the question up to `readAt`, then (format=paper)
   * the answer fed back in and padding, or (format=lab) padding.
   */
  input: string[];
  /** Where the answer is read: the question is input[0…readAt]. */
  readAt: number;
  answer: string;
  predicted: string;
  /** The model's probability for its answer. */
  confidence: number;
  right: boolean;
}

export interface FactsView {
  step: number;
  /** Per split (FACT_SPLITS order): its first FACTS_SHOWN inferred facts, answered. */
  splits: ShownFact[][];
  /** The fact whose attention is shown, and each block's maps [layer][head][row][column]. */
  query: { split: number; index: number; maps: number[][][][] };
  /** The composition task's logit lens (where each fact's bridge entity is decodable); absent elsewhere. */
  lens?: LensView;
}

// What the views of the model's inside show at one step: its answer on every cell of the table, the
// number embeddings' Fourier spectrum and 2-D projection, and the attention for one pair.
import type { Projection } from './pca';

export interface InsideView {
  step: number;
  p: number;
  /** Per cell a·p + b: 1 a training pair, 2 a validation pair, 0 no equation (b = 0 for div). */
  split: Uint8Array;
  /** Per cell: the true answer (−1 where there is no equation). */
  answer: Int16Array;
  /** Per cell: the model's answer (the most likely token) and its probability. */
  predicted: Int16Array;
  confidence: Float32Array;
  /**
   * Norm of the number embeddings per frequency k = 0 … ⌊n/2⌋ over the operation's group (see
   * groupSpectrum and group.ts): the numbers 0…p−1 for + and −, 1…p−1 by their discrete logarithm for
   * · and ÷ (n = p − 1, the same count of frequencies for odd p).
   */
  spectrum: number[];
  /** Share of the energy in the 5 largest frequencies (see sparsity). */
  sparsity: number;
  /** The number embeddings 0…p−1 on their first two principal axes. */
  pca: Projection;
  /** The same embeddings on the plane of the strongest frequency k, over the same group (see frequencyPlane). */
  plane: { k: number; x: number[]; y: number[] };
  /** The pair whose attention is shown, and each block's maps [layer][head][row][column] (T × T). */
  attention: { a: number; b: number; maps: number[][][][] };
}

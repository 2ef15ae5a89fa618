// Nanda et al.'s (2023) progress measures, read off the model at an evaluation: its key frequencies,
// the restricted loss and the excluded loss, and the sparsity of the embeddings' spectrum. They show
// the general circuit growing before the jump in validation accuracy and memorisation fading after it.
//
// Definitions (the paper's §5.1, "Restricted loss" and "Excluded loss", applied to the logits as its
// text says; its code does the same projection on the MLP activations before the unembedding):
// - Key frequencies: the KEY_FREQUENCIES largest k ≥ 1 of the number embeddings' spectrum at this step
//   (the paper takes the final model's; live there is no final model yet).
// - Each logit column c, as a function of the cell (a, b) over the whole table, is split into its
//   projections onto the directions cos(w_k·s) and sin(w_k·s), w_k = 2πk/n, of each key frequency k,
//   where s is the answer's position in the group (s = a + b for a + b; log a + log b for a · b; minus
//   for − and ÷), plus the constant (the column's mean), plus the rest. Over the whole table every s
//   has the same number of cells, so these directions are orthogonal and the split is unique.
// - Restricted loss: cross-entropy over the whole table of the logits kept to the constant and the
//   key directions. Low when the key frequencies alone do the task.
// - Excluded loss: cross-entropy over the training set of the logits with the key directions removed.
//   High when the model needs the key frequencies even on the pairs it could have memorised.
// Under · and ÷ the cells with a or b = 0 (no logarithm) are left out of both.
import type { Equations } from '../data';
import { SEQ_LEN } from '../data';
import { groupSpectrum, sparsity, topFrequencies } from './fourier';
import { answerPosition, type FourierGroup } from './group';

/** How many key frequencies the restricted and excluded losses use (Nanda et al. found 5 for p = 113). */
export const KEY_FREQUENCIES = 5;

export interface ProgressMeasures {
  /** The key frequencies k, strongest first (positions in the group: k/n turns per step of s). */
  keyFrequencies: number[];
  /** Share of the embeddings' energy in their 5 largest frequencies (see sparsity). */
  sparsity: number;
  restrictedLoss: number;
  excludedLoss: number;
}

/** The rows the losses read: the table's cells in the order of the logits handed to them. */
export interface ProgressRows {
  /** Per row: the answer's position s in the group, −1 for a cell outside it. */
  position: Int32Array;
  /** Per row: the answer token. */
  label: Int32Array;
  /** Per row: 1 for a training pair. */
  train: Uint8Array;
}

/** The rows of these sets of equations, one after the other (training first, say, then validation). */
export function progressRows(
  group: FourierGroup,
  sets: ReadonlyArray<{ eq: Equations; train: boolean }>,
): ProgressRows {
  const count = sets.reduce((s, x) => s + x.eq.count, 0);
  const rows: ProgressRows = {
    position: new Int32Array(count),
    label: new Int32Array(count),
    train: new Uint8Array(count),
  };
  let r = 0;
  for (const { eq, train } of sets) {
    for (let i = 0; i < eq.count; i++, r++) {
      rows.position[r] = answerPosition(group, eq.tokens[i * SEQ_LEN] as number, eq.tokens[i * SEQ_LEN + 2] as number);
      rows.label[r] = eq.answers[i] as number;
      rows.train[r] = train ? 1 : 0;
    }
  }
  return rows;
}

/** Cross-entropy of the V logits in `row` for answer `label` (log-sum-exp from the largest). */
function crossEntropy(row: Float64Array, label: number): number {
  let max = -Infinity;
  for (let c = 0; c < row.length; c++) max = Math.max(max, row[c] as number);
  let sum = 0;
  for (let c = 0; c < row.length; c++) sum += Math.exp((row[c] as number) - max);
  return max + Math.log(sum) - (row[label] as number);
}

/**
 * The restricted and excluded losses of `logits` (rows × V, row-major, in the order of `rows`) for
 * the given key frequencies. Costs a few passes over the logits: 9,409 × 99 for a · b mod 97.
 * Null when the table has no cell in the group or no training cell there.
 */
export function progressLosses(
  group: FourierGroup,
  logits: ArrayLike<number>,
  V: number,
  rows: ProgressRows,
  keyFrequencies: readonly number[],
): { restrictedLoss: number; excludedLoss: number } | null {
  const { n } = group;
  const count = rows.position.length;
  // S[s·V + c]: the logits summed over the cells whose answer sits at s; cells[s]: how many.
  const S = new Float64Array(n * V);
  const cells = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < count; r++) {
    const s = rows.position[r] as number;
    if (s < 0) continue;
    cells[s] = (cells[s] as number) + 1;
    total++;
    for (let c = 0; c < V; c++) S[s * V + c] = (S[s * V + c] as number) + (logits[r * V + c] as number);
  }
  if (total === 0) return null;
  // key[s·V + c]: the part of column c along the key directions, as a function of s.
  const key = new Float64Array(n * V);
  const coef = new Float64Array(V);
  for (const k of keyFrequencies) {
    for (const table of [group.cos, group.sin]) {
      const wave = (s: number) => table[(k * s) % n] as number;
      let norm2 = 0;
      for (let s = 0; s < n; s++) norm2 += (cells[s] as number) * wave(s) ** 2;
      if (norm2 < 1e-9 * total) continue; // the sine of k = 0 or of the Nyquist frequency: no direction
      coef.fill(0);
      for (let s = 0; s < n; s++) {
        const w = wave(s);
        for (let c = 0; c < V; c++) coef[c] = (coef[c] as number) + (S[s * V + c] as number) * w;
      }
      for (let s = 0; s < n; s++) {
        const w = wave(s) / norm2;
        for (let c = 0; c < V; c++) key[s * V + c] = (key[s * V + c] as number) + (coef[c] as number) * w;
      }
    }
  }
  const mean = new Float64Array(V);
  for (let s = 0; s < n; s++) for (let c = 0; c < V; c++) mean[c] = (mean[c] as number) + (S[s * V + c] as number);
  mean.forEach((x, c) => (mean[c] = x / total));
  // Restricted: the logits are mean + key[s], the same for every cell at s: one log-sum-exp per s.
  const row = new Float64Array(V);
  const restrictedAt = (s: number, label: number) => {
    for (let c = 0; c < V; c++) row[c] = (mean[c] as number) + (key[s * V + c] as number);
    return crossEntropy(row, label);
  };
  const restrictedBy = new Float64Array(n * V).fill(NaN); // by s·V + label
  let restrictedSum = 0;
  let excludedSum = 0;
  let trainCount = 0;
  for (let r = 0; r < count; r++) {
    const s = rows.position[r] as number;
    if (s < 0) continue;
    const label = rows.label[r] as number;
    let ce = restrictedBy[s * V + label] as number;
    if (Number.isNaN(ce)) ce = restrictedBy[s * V + label] = restrictedAt(s, label);
    restrictedSum += ce;
    if (rows.train[r] === 1) {
      for (let c = 0; c < V; c++) row[c] = (logits[r * V + c] as number) - (key[s * V + c] as number);
      excludedSum += crossEntropy(row, label);
      trainCount++;
    }
  }
  if (trainCount === 0) return null;
  return { restrictedLoss: restrictedSum / total, excludedLoss: excludedSum / trainCount };
}

/**
 * Every progress measure at one step: the spectrum of the embeddings (rows 0…p−1 of `embedding`, d
 * columns) in the group, its key frequencies and sparsity, and the losses of `logits`.
 */
export function progressMeasures(
  group: FourierGroup,
  embedding: ArrayLike<number>,
  d: number,
  logits: ArrayLike<number>,
  V: number,
  rows: ProgressRows,
): ProgressMeasures | null {
  const spectrum = groupSpectrum(group, embedding, d);
  const keyFrequencies = topFrequencies(spectrum, KEY_FREQUENCIES);
  const losses = progressLosses(group, logits, V, rows, keyFrequencies);
  return losses && { keyFrequencies, sparsity: sparsity(spectrum), ...losses };
}

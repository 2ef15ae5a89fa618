// Reads the inside views off a model at one step (see InsideView): its answer on every cell of the
// table, its number embeddings (Fourier spectrum, projections) and the attention for one pair. Reads
// the model only: training is unaffected.
import * as tf from '@tensorflow/tfjs-core';
import { firstB, type Op, type ZeroRows } from '../../config/operations';
import { SEQ_LEN } from '../data';
import type { Transformer } from '../model';
import { frequencyPlane, groupSpectrum, sparsity, topFrequencies } from './fourier';
import { additiveGroup, fourierGroup } from './group';
import { pca2 } from './pca';
import type { AnswerTable } from './table';
import type { InsideView } from './view';

const clampInt = (x: number, lo: number, hi: number) =>
  Math.min(hi, Math.max(lo, Math.round(Number.isFinite(x) ? x : lo)));

/** The pair (a, b) kept inside the table of `op` mod p (without its b = 0 rows where `bzero` leaves them out). */
function pairInTable(op: Op, p: number, bzero: ZeroRows, pair: { a: number; b: number }): { a: number; b: number } {
  return { a: clampInt(pair.a, 0, p - 1), b: clampInt(pair.b, firstB(op, bzero), p - 1) };
}

export async function readInside(
  model: Transformer,
  op: Op,
  table: AnswerTable,
  step: number,
  pair: { a: number; b: number },
  bzero: ZeroRows = 'include',
): Promise<InsideView> {
  const { p } = table;
  const { dim, heads, layers } = model.shape;
  const { a, b } = pairInTable(op, p, bzero, pair);
  const pairTokens = tf.tensor2d([a, p, b, p + 1], [1, SEQ_LEN], 'int32');
  const { best, chance, embedding, maps } = tf.tidy(() => {
    const bestParts: tf.Tensor1D[] = [];
    const chanceParts: tf.Tensor1D[] = [];
    for (const tokens of table.chunks) {
      const probs = tf.softmax(model.logits(tokens));
      bestParts.push(probs.argMax<tf.Tensor1D>(1));
      chanceParts.push(probs.max<tf.Tensor1D>(1));
    }
    return {
      best: tf.concat(bestParts),
      chance: tf.concat(chanceParts),
      embedding: model.embedding.slice([0, 0], [p, dim]),
      maps: tf.stack(model.attention(pairTokens)), // [layers, 1, H, T, T]
    };
  });
  pairTokens.dispose();
  const [bestV, chanceV, embV, mapsV] = await Promise.all([best.data(), chance.data(), embedding.data(), maps.data()]);
  tf.dispose([best, chance, embedding, maps]);

  const predicted = new Int16Array(p * p).fill(-1);
  const confidence = new Float32Array(p * p);
  table.cells.forEach((cell, i) => {
    predicted[cell] = bestV[i] as number;
    confidence[cell] = chanceV[i] as number;
  });
  // Over the operation's group (the discrete logarithm for · and ÷); ops with none keep the order
  // 0…p−1, which the page does not show (it says the spectrum does not apply).
  const group = fourierGroup(op, p) ?? additiveGroup(p);
  const spectrum = groupSpectrum(group, embV, dim);
  const strongest = topFrequencies(spectrum, 1)[0] ?? 1;
  const T = SEQ_LEN;
  const nested = Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) =>
      Array.from({ length: T }, (_, r) =>
        Array.from(mapsV.subarray(((l * heads + h) * T + r) * T, ((l * heads + h) * T + r + 1) * T)),
      ),
    ),
  );
  return {
    step,
    p,
    split: table.split.slice(),
    answer: table.answer.slice(),
    predicted,
    confidence,
    spectrum,
    sparsity: sparsity(spectrum),
    pca: pca2(embV, p, dim),
    plane: { k: strongest, ...frequencyPlane(embV, p, dim, strongest, group) },
    attention: { a, b, maps: nested },
  };
}

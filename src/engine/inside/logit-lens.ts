// The logit lens for composition (Wang et al. 2024): the residual stream at each layer and position,
// read through the final LayerNorm and the output layer as if the model stopped there, and where in
// those logits each sampled fact's bridge entity ranks among the entities. Reads the model only.
import * as tf from '@tensorflow/tfjs-core';
import type { Transformer } from '../model';
import type { LensFacts, LensSample } from './lens-sample';
import type { LensGrid, LensView } from './lens-view';

/**
 * The lens over `sample` (entities are tokens 0…entities−1). One forward pass over both splits' facts;
 * per layer, the rank of each bridge among the entity logits at every position, read back once.
 */
export async function readLens(
  model: Transformer,
  sample: LensSample,
  entities: number,
  step: number,
): Promise<LensView> {
  const splits = [sample.id, sample.ood];
  const n = sample.id.count + sample.ood.count;
  const layers = model.shape.layers + 1;
  const T = sample.id.seqLen;
  const positions = sample.positions;
  if (n === 0) return { step, positions, id: emptyGrid(layers, 0, T), ood: emptyGrid(layers, 0, T) };
  const tokens = new Int32Array(n * T);
  const bridges = new Int32Array(n);
  tokens.set(sample.id.tokens);
  tokens.set(sample.ood.tokens, sample.id.count * T);
  bridges.set(sample.id.bridges);
  bridges.set(sample.ood.bridges, sample.id.count);

  const ranks = tf.tidy(() => {
    const input = tf.tensor2d(tokens, [n, T], 'int32');
    const isBridge = tf.oneHot(tf.tensor1d(bridges, 'int32'), entities).cast('float32').expandDims(1); // [n, 1, E]
    // Each layer in its own tidy: only its ranks [n, T] outlive it (not its logits [n·T, vocab]).
    const perLayer = model.residualStream(input).map((x) =>
      tf.tidy(() => {
        const logits = model
          .readOut(x)
          .slice([0, 0], [n * T, entities])
          .reshape<tf.Tensor3D>([n, T, entities]);
        // The bridge's own logit (one product is non-zero: exact), then how many entities reach it.
        const own = logits.mul(isBridge).sum(2, true);
        return logits.greaterEqual(own).cast('float32').sum(2);
      }),
    );
    return tf.stack(perLayer); // [layers, n, T]
  });
  const values = await ranks.data();
  ranks.dispose();

  let first = 0;
  const [id, ood] = splits.map((facts: LensFacts) => {
    const grid = emptyGrid(layers, facts.count, T);
    for (let l = 0; l < layers; l++) {
      for (let t = 0; t < T; t++) {
        let top = 0;
        let reciprocal = 0;
        for (let i = first; i < first + facts.count; i++) {
          const rank = values[(l * n + i) * T + t] as number;
          if (rank === 1) top++;
          // rank 0: the bridge's logit is NaN (a diverged model) and is not decoded.
          if (rank >= 1) reciprocal += 1 / rank;
        }
        (grid.top1[l] as number[])[t] = facts.count ? top / facts.count : 0;
        (grid.mrr[l] as number[])[t] = facts.count ? reciprocal / facts.count : 0;
      }
    }
    first += facts.count;
    return grid;
  }) as [LensGrid, LensGrid];
  return { step, positions, id, ood };
}

function emptyGrid(layers: number, facts: number, T: number): LensGrid {
  const zeros = () => Array.from({ length: layers }, () => new Array<number>(T).fill(0));
  return { facts, top1: zeros(), mrr: zeros() };
}

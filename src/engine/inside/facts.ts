// The inside views of a reasoning task (task=compose|compare): how the model answers a sample of each
// split's facts, and each block's attention for one chosen fact. Reads the model only.
import * as tf from '@tensorflow/tfjs-core';
import { type Equations, SEQ_LEN } from '../data';
import { oneHotFloat, type Transformer } from '../model';
import type { RunData } from '../tasks';
import { READ_INFERRED } from '../tasks/facts';
import { FACT_SPLITS, FACTS_SHOWN, type FactsView } from './facts-view';

/** The inferred facts among `eq` (atomic ones have PAD third), up to `n`. */
function inferred(eq: Equations, pad: number, n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < eq.count && out.length < n; i++) {
    const row = Array.from(eq.tokens.subarray(i * SEQ_LEN, (i + 1) * SEQ_LEN));
    if (row[2] !== pad) out.push([...row, eq.answers[i] as number]);
  }
  return out;
}

export async function readFacts(
  model: Transformer,
  data: RunData,
  step: number,
  query: { split: number; index: number },
): Promise<FactsView> {
  const pad = data.vocab - 1;
  const sets = [data.train, data.val, data.ood ?? data.val].map((eq) => inferred(eq, pad, FACTS_SHOWN));
  const rows = sets.flat();
  const split = Math.min(FACT_SPLITS.length - 1, Math.max(0, Math.round(query.split)));
  const index = Math.min((sets[split]?.length ?? 1) - 1, Math.max(0, Math.round(query.index)));
  const chosen = sets[split]?.[index] ?? rows[0] ?? [0, 0, 0, 0];
  const tokens = tf.tensor2d(
    rows.flatMap((r) => r.slice(0, SEQ_LEN)),
    [rows.length, SEQ_LEN],
    'int32',
  );
  const queryTokens = tf.tensor2d(chosen.slice(0, SEQ_LEN), [1, SEQ_LEN], 'int32');
  const { best, chance, maps } = tf.tidy(() => {
    const readAt = oneHotFloat(tf.fill<tf.Rank.R1>([rows.length], READ_INFERRED, 'int32'), SEQ_LEN);
    const probs = tf.softmax(model.logits(tokens, readAt));
    return {
      best: probs.argMax(1),
      chance: probs.max(1),
      maps: tf.stack(model.attention(queryTokens)), // [layers, 1, H, T, T]
    };
  });
  tf.dispose([tokens, queryTokens]);
  const [bestV, chanceV, mapsV] = await Promise.all([best.data(), chance.data(), maps.data()]);
  tf.dispose([best, chance, maps]);

  const name = data.tokenName;
  let at = 0;
  const splits = sets.map((set) =>
    set.map((r) => {
      const predicted = bestV[at] as number;
      const confidence = chanceV[at++] as number;
      return {
        input: r.slice(0, SEQ_LEN).map(name),
        answer: name(r[SEQ_LEN] as number),
        predicted: name(predicted),
        confidence,
        right: predicted === r[SEQ_LEN],
      };
    }),
  );
  const { layers, heads } = model.shape;
  const T = SEQ_LEN;
  const nested = Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) =>
      Array.from({ length: T }, (_, r) =>
        Array.from(mapsV.subarray(((l * heads + h) * T + r) * T, ((l * heads + h) * T + r + 1) * T)),
      ),
    ),
  );
  return { step, splits, query: { split, index, maps: nested } };
}

// The inside views of a reasoning task (task=compose|compare): how the model answers a sample of each
// split's facts, and each block's attention for one chosen fact. Reads the model only.
import * as tf from '@tensorflow/tfjs-core';
import type { Equations } from '../data';
import { oneHotFloat, type Transformer } from '../model';
import type { RunData } from '../tasks';
import { isAtomic } from '../tasks/facts';
import { FACT_SPLITS, FACTS_SHOWN, type FactsView } from './facts-view';

/** One inferred fact of a split: its row of tokens, its answer, and where the answer is read. */
interface Row {
  tokens: number[];
  answer: number;
  readAt: number;
}

/** The inferred facts among `eq` (atomic ones are read at READ_ATOMIC), up to `n`. */
function inferred(eq: Equations, n: number): Row[] {
  const out: Row[] = [];
  const T = eq.seqLen;
  for (let i = 0; i < eq.count && out.length < n; i++) {
    if (isAtomic(eq, i)) continue;
    const tokens = Array.from(eq.tokens.subarray(i * T, (i + 1) * T));
    out.push({ tokens, answer: eq.answers[i] as number, readAt: eq.readAt?.[i] ?? T - 1 });
  }
  return out;
}

export async function readFacts(
  model: Transformer,
  data: RunData,
  step: number,
  query: { split: number; index: number },
): Promise<FactsView> {
  const T = data.train.seqLen;
  const sets = [data.train, data.val, data.ood ?? data.val].map((eq) => inferred(eq, FACTS_SHOWN));
  const rows = sets.flat();
  const split = Math.min(FACT_SPLITS.length - 1, Math.max(0, Math.round(query.split)));
  const index = Math.min((sets[split]?.length ?? 1) - 1, Math.max(0, Math.round(query.index)));
  const chosen = sets[split]?.[index] ?? rows[0] ?? { tokens: new Array<number>(T).fill(0), answer: 0, readAt: T - 1 };
  const tokens = tf.tensor2d(
    rows.flatMap((r) => r.tokens),
    [rows.length, T],
    'int32',
  );
  const queryTokens = tf.tensor2d(chosen.tokens, [1, T], 'int32');
  const { best, chance, maps } = tf.tidy(() => {
    // Each fact read at its own position (the answer's; in the paper's format the row goes on).
    const readAt = oneHotFloat(
      tf.tensor1d(
        rows.map((r) => r.readAt),
        'int32',
      ),
      T,
    );
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
        input: r.tokens.map(name),
        readAt: r.readAt,
        answer: name(r.answer),
        predicted: name(predicted),
        confidence,
        right: predicted === r.answer,
      };
    }),
  );
  const { layers, heads } = model.shape;
  const nested = Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) =>
      Array.from({ length: T }, (_, r) =>
        Array.from(mapsV.subarray(((l * heads + h) * T + r) * T, ((l * heads + h) * T + r + 1) * T)),
      ),
    ),
  );
  return { step, splits, query: { split, index, maps: nested } };
}

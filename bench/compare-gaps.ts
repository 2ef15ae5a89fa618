// Which comparisons a comparison run gets wrong: trains a task=compare link and, at every evaluation,
// reports accuracy on the inferred facts of each split by the gap |v1 − v2| between the two values
// (0 is "=", 5 stands for 5 and more). Writes the run's JSON lines (as npm run train does) to OUT and
// the gaps to OUT.gap. Used for README "What the lab reproduces". SIGTERM stops it after the
// evaluation in hand.
//   node --import tsx bench/compare-gaps.ts '?task=compare&entities=100&dim=64&opt=adamw&wd=1&phi=18&filter=none&steps=20000&eval=250' out.jsonl
import { appendFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { configToQuery, parseShareLink } from '../src/config/url';
import { type Equations, SEQ_LEN } from '../src/engine/data';
import { oneHotFloat } from '../src/engine/model';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';

const MAX_GAP = 5;

async function main(): Promise<void> {
  const [query, out] = process.argv.slice(2);
  if (!query || !out) throw new Error("usage: node --import tsx bench/compare-gaps.ts '<link with task=compare>' OUT");
  const link = parseShareLink(query);
  if (link.errors.length > 0) throw new Error(link.errors.map((e) => e.message).join('; '));
  const c = link.config;
  if (c.task !== 'compare') throw new Error(`task: ${c.task}; this tool reads comparison runs (task=compare)`);
  if (c.format !== 'lab')
    throw new Error(`format: ${c.format}; this tool reads the lab's rows [e1, a, e2, PAD] (format=lab)`);
  await useNodeBackend('wasm');
  const trainer = new Trainer(c);
  const data = trainer.task;
  const E = c.entities;
  const A = c.attributes;
  const pad = data.vocab - 1;
  // Every (entity, attribute) value, read off the atomic facts (all of them are training facts).
  const value = new Map<number, number>();
  const train = data.train;
  for (let i = 0; i < train.count; i++) {
    const row = train.tokens.subarray(i * SEQ_LEN, (i + 1) * SEQ_LEN);
    if (row[2] === pad)
      value.set((row[0] as number) * A + ((row[1] as number) - E), (train.answers[i] as number) - E - A);
  }

  /** Accuracy in percent by gap 0…MAX_GAP, as "0:16 1:60 …", over the inferred facts of `eq`. */
  async function byGap(eq: Equations): Promise<string> {
    const tokens: number[] = [];
    const gaps: number[] = [];
    const answers: number[] = [];
    const reads: number[] = [];
    for (let i = 0; i < eq.count; i++) {
      const row = eq.tokens.subarray(i * SEQ_LEN, (i + 1) * SEQ_LEN);
      if (row[2] === pad) continue;
      const a = (row[1] as number) - E;
      const v1 = value.get((row[0] as number) * A + a) ?? 0;
      const v2 = value.get((row[2] as number) * A + a) ?? 0;
      tokens.push(...row);
      gaps.push(Math.min(MAX_GAP, Math.abs(v1 - v2)));
      answers.push(eq.answers[i] as number);
      reads.push(eq.readAt ? (eq.readAt[i] as number) : SEQ_LEN - 1);
    }
    const predicted = tf.tidy(() =>
      trainer.model
        .logits(tf.tensor2d(tokens, [gaps.length, SEQ_LEN], 'int32'), oneHotFloat(tf.tensor1d(reads, 'int32'), SEQ_LEN))
        .argMax(1),
    );
    const p = await predicted.data();
    predicted.dispose();
    const right = new Array<number>(MAX_GAP + 1).fill(0);
    const all = new Array<number>(MAX_GAP + 1).fill(0);
    gaps.forEach((g, i) => {
      all[g] = (all[g] as number) + 1;
      if (p[i] === answers[i]) right[g] = (right[g] as number) + 1;
    });
    return all.map((n, g) => `${g}:${n === 0 ? '–' : ((100 * (right[g] as number)) / n).toFixed(0)}`).join(' ');
  }

  writeFileSync(`${out}.gap`, `${JSON.stringify({ link: query, config: c })}\n`);
  writeFileSync(
    out,
    `${JSON.stringify({ type: 'run', app: 'grok-lab bench/compare-gaps', backend: tf.getBackend(), config: c, link: `?${configToQuery(c)}` })}\n`,
  );
  // An object: the compiler cannot see the signal handler change a plain let.
  const stop = { requested: false };
  process.on('SIGTERM', () => (stop.requested = true));
  while (!trainer.outcome && !stop.requested) {
    // Reads resolve as microtasks on wasm: without a macrotask turn the SIGTERM handler never runs.
    await new Promise((resolve) => setImmediate(resolve));
    const { records } = await trainer.advance(c.eval);
    for (const r of records) appendFileSync(out, `${JSON.stringify({ type: 'metrics', ...r })}\n`);
    const r = records.at(-1);
    if (!r || !data.ood) continue;
    const gaps = { gapTrain: await byGap(data.train), gapId: await byGap(data.val), gapOod: await byGap(data.ood) };
    appendFileSync(
      `${out}.gap`,
      `${JSON.stringify({ step: r.step, trainAcc: r.trainAcc, testId: r.valAcc, testOod: r.oodAcc, ...gaps })}\n`,
    );
  }
  trainer.dispose();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

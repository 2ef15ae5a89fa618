// Fuzzing both imports (issue 29): a few hundred files made by breaking good ones at random (a
// value replaced, a field removed, text for a number, deep nesting, a cut) go through the run-file
// and summary checks. None may throw; each is accepted or refused with a message; what is accepted
// holds only values the lab can write, and reads back the same when written out again.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { validateConfig } from '../src/config/validate';
import { Random } from '../src/engine/random';
import { parseRunFile, type RunData, runFileJson, toRunFile } from '../src/runs/run-file';
import { phaseDiagram } from '../src/sweep/phase';
import { parseSummary, seedLines, toCsv } from '../src/sweep/summary';
import { metricRecord } from './fixtures';

const FILES = 300;

/** Values a hand edit or another program might put anywhere. */
const ODD: unknown[] = [
  null,
  -1,
  0,
  1.0000000000000002,
  1.5,
  1e308,
  -1e308,
  '11',
  '1e308',
  'abc',
  '',
  true,
  {},
  [],
  [null],
  [[[1]]],
  { step: 1 },
  '@@deep 100000@@',
  '@@deep 5000@@',
];

/** JSON text with each "@@deep N@@" written out as N nested lists (too deep for JSON.stringify). */
const json = (x: unknown) =>
  JSON.stringify(x).replace(/"@@deep (\d+)@@"/g, (_, n: string) => `${'['.repeat(Number(n))}1${']'.repeat(Number(n))}`);

/** Every path to a value inside `x` (objects and lists), the root included. */
function paths(x: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(x)) x.forEach((v, i) => paths(v, [...at, i], out));
  else if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) paths(v, [...at, k], out);
  return out;
}

/** A copy of `good` broken in one to three places, as text. */
function broken(good: unknown, rng: Random): string {
  const x = structuredClone(good) as Record<string, unknown>;
  const all = paths(x).filter((p) => p.length > 0);
  const times = 1 + rng.int(3);
  for (let n = 0; n < times; n++) {
    const path = all[rng.int(all.length)] as (string | number)[];
    let parent: unknown = x;
    for (const key of path.slice(0, -1)) {
      if (parent === null || typeof parent !== 'object') break;
      parent = (parent as Record<string | number, unknown>)[key];
    }
    if (parent === null || typeof parent !== 'object') continue;
    const holder = parent as Record<string | number, unknown>;
    const key = path.at(-1) as string | number;
    const value = holder[key];
    const kind = rng.int(5);
    if (kind === 0) Reflect.deleteProperty(holder, key);
    else if (kind === 1 && typeof value === 'number') holder[key] = String(value);
    else if (kind === 2 && typeof value === 'number') holder[key] = value * -3 + 1e-12;
    else holder[key] = ODD[rng.int(ODD.length)];
  }
  const text = json(x);
  // Now and then a file cut short.
  return rng.int(20) === 0 ? text.slice(0, rng.int(text.length)) : text;
}

const RUN: RunData = {
  name: 'fuzzed',
  config: SMALL_GROKKING_CONFIG,
  records: [metricRecord(50), metricRecord(100, { trainAcc: 1, valAcc: 0.4 })],
  events: [
    { type: 'memorised', step: 100 },
    { type: 'change', step: 70, key: 'lambda', from: 5, to: 2 },
  ],
  backend: 'wasm',
  sparsity: [
    { step: 50, value: 0.3 },
    { step: 100, value: 1 },
  ],
};

describe('fuzzing the imports', () => {
  it(`run files: ${FILES} broken files are each read or refused with a message, never thrown on`, () => {
    const rng = new Random(29);
    const good = toRunFile(RUN);
    let accepted = 0;
    for (let i = 0; i < FILES; i++) {
      const text = broken(good, rng);
      const parsed = parseRunFile(text);
      if (!parsed.ok) {
        expect(parsed.message).toMatch(/^(run file|not a Grok Lab run file)\b.+/);
        continue;
      }
      accepted++;
      const { run } = parsed;
      expect(validateConfig(run.config as unknown as Record<string, unknown>)).toEqual([]);
      for (const r of run.records) {
        for (const v of Object.values(r)) expect(typeof v).toBe('number');
        expect(r.trainAcc >= 0 && r.trainAcc <= 1 && r.valAcc >= 0 && r.valAcc <= 1).toBe(true);
      }
      for (const q of run.sparsity ?? []) expect(q.value >= 0 && q.value <= 1).toBe(true);
      expect(parseRunFile(runFileJson(run))).toEqual({ ok: true, run });
    }
    // Some breaks are harmless (an extra field, a name changed): the good part still reads.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(FILES);
  });

  it(`sweep summaries: ${FILES} broken files are each read or refused with a message, and what is read draws`, () => {
    const rng = new Random(290);
    const good: unknown = JSON.parse(readFileSync('docs/runs/sweeps/small-seeds/summary.json', 'utf8'));
    let accepted = 0;
    for (let i = 0; i < FILES; i++) {
      const text = broken(good, rng);
      const parsed = parseSummary(text, 'summary.json');
      if (!parsed.ok) {
        expect(parsed.message).toMatch(/^summary\.json: .+/);
        continue;
      }
      accepted++;
      for (const row of parsed.rows) {
        expect(typeof row.name).toBe('string');
        for (const v of [row.grokked, row.memorised, row.stepsTaken])
          expect(v === null || Number.isInteger(v)).toBe(true);
        for (const v of [row.trainAcc, row.valAcc]) expect(v === null || (v >= 0 && v <= 1)).toBe(true);
        expect(validateConfig(row.config as unknown as Record<string, unknown>)).toEqual([]);
      }
      // What the sweep view does with an imported summary.
      const phase = phaseDiagram(parsed.axes, parsed.rows);
      expect(typeof phase.ok).toBe('boolean');
      seedLines(parsed.rows);
      toCsv(parsed.rows);
    }
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(FILES);
  });
});

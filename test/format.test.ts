// Issue 27, point 2: the reasoning tasks' facts in the Wang et al. code's format (format=paper): its
// token sequences, per-attribute comparison labels, its special tokens, and the loss on the answer and
// on the end token </a>; and format=lab (the default) unchanged, bit for bit.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import { familyOf } from '../src/config/tasks';
import { configToQuery, parseShareLink } from '../src/config/url';
import { CONFIG_SHAPE } from '../src/config/validate';
import type { Equations } from '../src/engine/data';
import { lensSample } from '../src/engine/inside/lens-sample';
import { oneHotFloat, Transformer } from '../src/engine/model';
import { makeRunData } from '../src/engine/tasks';
import { type CompareSettings, makeCompareTask } from '../src/engine/tasks/compare';
import { type ComposeSettings, makeComposeTask } from '../src/engine/tasks/compose';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

const rowOf = (eq: Equations, i: number) => Array.from(eq.tokens.subarray(i * eq.seqLen, (i + 1) * eq.seqLen));

describe('comparison in the paper’s format', () => {
  const S: CompareSettings = {
    entities: 12,
    attributes: 4,
    values: 5,
    oodShare: 0.25,
    phi: 3,
    testShare: 0.1,
    maxTest: 10_000,
  };
  const { entities: E, attributes: A, values: V } = S;
  const lab = makeCompareTask(S, 3);
  const paper = makeCompareTask({ ...S, format: 'paper' }, 3);
  const SPECIALS = E + A + V;
  const LABELS = SPECIALS + 6;

  it('has the code’s vocabulary: entities, attributes, values, six specials, 3 labels per attribute, then PAD', () => {
    expect(paper.vocab).toBe(E + A + V + 6 + 3 * A + 1);
    const names = Array.from({ length: paper.vocab }, (_, t) => paper.tokenName(t));
    expect(names.slice(SPECIALS, LABELS)).toEqual(['<mask>', '<sep>', '<a>', '</a>', '<q>', '</q>']);
    expect(names.slice(LABELS, LABELS + 6)).toEqual(['a0:<', 'a0:=', 'a0:>', 'a1:<', 'a1:=', 'a1:>']);
    expect(names[paper.vocab - 1]).toBe('·');
    expect(new Set(names).size).toBe(names.length);
  });

  it('writes each fact as the notebook does, the same facts as the lab’s format in the same order', () => {
    for (const [l, p] of [
      [lab.train, paper.train],
      [lab.testId, paper.testId],
      [lab.testOod, paper.testOod],
    ] as const) {
      expect(p.seqLen).toBe(6);
      expect(p.count).toBe(l.count);
      expect(p.end).toBe(SPECIALS + 3); // </a>
      for (let i = 0; i < l.count; i++) {
        const [e1, a, e2] = rowOf(l, i) as [number, number, number];
        const names = rowOf(p, i).map(paper.tokenName);
        if (l.readAt?.[i] === 1) {
          // "e a" then "v </a>": the value read at a, </a> at v.
          expect(names).toEqual([`e${e1}`, `a${a - E}`, lab.tokenName(l.answers[i] as number), '·', '·', '·']);
          expect(p.answers[i]).toBe(l.answers[i]);
          expect(p.readAt?.[i]).toBe(1);
        } else {
          // "a <q> e1 <mask> e2" then "label </a>": the label read at e2 (4), </a> at the label (5).
          const relation = lab.tokenName(l.answers[i] as number);
          const label = `a${a - E}:${relation}`;
          expect(names).toEqual([`a${a - E}`, '<q>', `e${e1}`, '<mask>', `e${e2}`, label]);
          expect(paper.tokenName(p.answers[i] as number)).toBe(label);
          expect(p.readAt?.[i]).toBe(4);
        }
      }
    }
  });

  it('gives (attribute 3, e5, e9) with v5 < v9 the tokens [a3, <q>, e5, <mask>, e9, <attr_3_0>]', () => {
    // The values, from the atomic facts.
    const value = new Map<string, number>();
    // No entity OOD and no pair held out: every comparison trains.
    const all = makeCompareTask({ ...S, format: 'paper', oodShare: 0, testShare: 0, phi: 1e6 }, 3);
    for (let i = 0; i < all.train.count; i++) {
      const [e, a, v] = rowOf(all.train, i) as [number, number, number];
      if (all.train.readAt?.[i] === 1) value.set(`${e},${a - E}`, v - E - A);
    }
    const facts = all.train;
    const at = Array.from({ length: facts.count }, (_, i) => rowOf(facts, i)).findIndex(
      (r) => r[0] === E + 3 && r[2] === 5 && r[4] === 9,
    );
    expect(at).toBeGreaterThanOrEqual(0);
    const v5 = value.get('5,3') as number;
    const v9 = value.get('9,3') as number;
    const relation = v5 < v9 ? 0 : v5 === v9 ? 1 : 2;
    expect(rowOf(facts, at)).toEqual([E + 3, SPECIALS + 4, 5, SPECIALS, 9, LABELS + 3 * 3 + relation]);
    expect(facts.answers[at]).toBe(LABELS + 3 * 3 + relation);
    expect(facts.readAt?.[at]).toBe(4);
  });
});

describe('composition in the paper’s format', () => {
  const S: ComposeSettings = {
    entities: 30,
    relations: 5,
    perEntity: 3,
    oodShare: 0.2,
    phi: 2,
    testShare: 0.1,
    maxTest: 10_000,
  };
  const { entities: E, relations: R } = S;
  const lab = makeComposeTask(S, 4);
  const paper = makeComposeTask({ ...S, format: 'paper' }, 4);

  it('writes "h r" then "t </a>" and "h r1 r2" then "t </a>", its specials after the relations', () => {
    expect(paper.vocab).toBe(E + R + 6 + 1);
    expect([E + R + 3, E + R + 4, E + R].map(paper.tokenName)).toEqual(['</a>', '<q>', '<mask>']);
    for (const [l, p] of [
      [lab.train, paper.train],
      [lab.testId, paper.testId],
      [lab.testOod, paper.testOod],
    ] as const) {
      expect(p.seqLen).toBe(4);
      expect(p.end).toBe(E + R + 3);
      expect(Array.from(p.answers)).toEqual(Array.from(l.answers));
      expect(Array.from(p.readAt ?? [])).toEqual(Array.from(l.readAt ?? []));
      for (let i = 0; i < l.count; i++) {
        const [h, r1, r2] = rowOf(l, i) as [number, number, number];
        const t = l.answers[i] as number;
        expect(rowOf(p, i)).toEqual(l.readAt?.[i] === 1 ? [h, r1, t, E + R + 6] : [h, r1, r2, t]);
      }
    }
  });
});

describe('the loss on the answer and on </a>', () => {
  it('is the mean of the answer’s and the end token’s cross-entropies (HF’s token mean), not the answer’s alone', async () => {
    const model = Transformer.init({ vocab: 7, seqLen: 3, dim: 8, heads: 2, layers: 1 }, 5);
    const tokens = tf.tensor2d([1, 2, 3, 4, 0, 6], [2, 3], 'int32');
    // Fact 0: answer 3 read at 1, end 5 at 2; fact 1: answer 6 read at 0, end 5 at 1.
    const [answerRead, endRead] = [
      [1, 0],
      [2, 1],
    ].map((at) => oneHotFloat(tf.tensor1d(at, 'int32'), 3));
    const ce = (logits: tf.Tensor2D, targets: number[]) =>
      tf
        .logSoftmax(logits)
        .mul(oneHotFloat(tf.tensor1d(targets, 'int32'), 7))
        .sum(1)
        .neg()
        .array() as Promise<number[]>;
    const answerCe = await ce(model.logits(tokens, answerRead), [3, 6]);
    const endCe = await ce(model.logits(tokens, endRead), [5, 5]);
    const both = oneHotFloat(tf.tensor1d([1, 2, 0, 1], 'int32'), 3);
    const loss = await model.loss(tokens, oneHotFloat(tf.tensor1d([3, 5, 6, 5], 'int32'), 7), both).array();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(loss).toBeCloseTo(mean([...answerCe, ...endCe]), 5);
    expect(Math.abs(loss - mean(answerCe))).toBeGreaterThan(1e-3);
    model.dispose();
  });

  const TINY: Config = {
    ...DEFAULT_CONFIG,
    task: 'compare',
    format: 'paper',
    entities: 16,
    attributes: 2,
    values: 4,
    phi: 2,
    ood: 0.25,
    layers: 1,
    dim: 16,
    heads: 2,
    batch: 64,
    steps: 4,
    eval: 2,
    filter: 'none',
  };

  it('is what a paper-format run reports: the training loss’s definition, the accuracy on the answer alone', async () => {
    const t = new Trainer(TINY);
    await t.advance(2);
    const [record] = t.records;
    const eq = t.task.train;
    const T = eq.seqLen;
    const reads = (offset: number) =>
      oneHotFloat(
        tf.tensor1d(
          Array.from(eq.readAt as Uint8Array, (p) => p + offset),
          'int32',
        ),
        T,
      );
    const tokens = tf.tensor2d(eq.tokens, [eq.count, T], 'int32');
    const answerLogits = t.model.logits(tokens, reads(0));
    const endLogits = t.model.logits(tokens, reads(1));
    const ce = (logits: tf.Tensor2D, targets: tf.Tensor1D) =>
      tf.logSoftmax(logits).mul(oneHotFloat(targets, t.task.vocab)).sum().neg();
    const answers = tf.tensor1d(eq.answers, 'int32');
    const ends = tf.fill<tf.Rank.R1>([eq.count], eq.end as number, 'int32');
    const loss = (await ce(answerLogits, answers)
      .add(ce(endLogits, ends))
      .div(2 * eq.count)
      .array()) as number;
    const acc = ((await answerLogits.argMax(1).equal(answers).sum().array()) as number) / eq.count;
    expect(record?.trainLoss).toBeCloseTo(loss, 4);
    expect(record?.trainAcc).toBeCloseTo(acc, 6);
    t.dispose();
  });

  it('lets a paper-format comparison run learn on wasm (the loss falls over 40 steps), with no tensor left behind', async () => {
    await useNodeBackend('wasm');
    try {
      const before = tf.memory().numTensors;
      const t = new Trainer({ ...TINY, lr: 0.01, steps: 40, eval: 10, batch: 32 });
      await t.advance(40);
      expect(t.outcome?.kind).toBe('finished');
      const losses = t.records.map((r) => r.trainLoss);
      expect(losses).toHaveLength(4);
      expect(losses[3] as number).toBeLessThan((losses[0] as number) * 0.8);
      t.dispose();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await useNodeBackend('cpu');
    }
  });
});

describe('format=lab, the default, is the lab’s data and training as before', () => {
  /** FNV-1a over 16-bit halves: a fingerprint of a typed array. */
  function fnv(xs: ArrayLike<number>): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < xs.length; i++) {
      h ^= (xs[i] as number) & 0xffff;
      h = Math.imul(h, 0x01000193) >>> 0;
      h ^= (xs[i] as number) >>> 16;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }
  const base: Config = {
    ...DEFAULT_CONFIG,
    layers: 1,
    dim: 16,
    heads: 2,
    batch: 32,
    steps: 4,
    eval: 2,
    entities: 30,
    phi: 2,
    ood: 0.3,
  };
  // Measured with the code before the format key (commit f29194d), on cpu: [count, tokens, answers,
  // readAt] per split, then [trainLoss, valLoss, oodLoss, trainAcc] at steps 2 and 4.
  const BEFORE = [
    {
      config: { ...base, task: 'compose', relations: 6, degree: 3 } as Config,
      vocab: 37,
      sets: [
        [216, 97480949, 3459670619, 1225169197],
        [18, 2966271630, 1586749077, 711191397],
        [19, 3713313267, 1602712687, 569942847],
      ],
      records: [
        [3.753403663635254, 3.69085955619812, 3.442444324493408, 0.018518518656492233],
        [3.7442142963409424, 3.677337646484375, 3.4489195346832275, 0.023148147389292717],
      ],
    },
    {
      config: { ...base, task: 'compare', attributes: 3, values: 5 } as Config,
      vocab: 42,
      sets: [
        [216, 534208595, 853670508, 1225169197],
        [126, 3557703877, 573689293, 806809381],
        [216, 730052965, 2022918789, 1478579525],
      ],
      records: [
        [3.77980637550354, 3.7851271629333496, 3.6315042972564697, 0.03703703731298447],
        [3.7555434703826904, 3.763310432434082, 3.611257314682007, 0.0416666679084301],
      ],
    },
  ];

  for (const { config, vocab, sets, records } of BEFORE) {
    it(`gives ${config.task} without a format the same data and the same losses, bit for bit`, async () => {
      expect(config.format).toBe('lab');
      const d = makeRunData(config);
      expect(d.vocab).toBe(vocab);
      expect(
        [d.train, d.val, d.ood as Equations].map((e) => [e.count, fnv(e.tokens), fnv(e.answers), fnv(e.readAt ?? [])]),
      ).toEqual(sets);
      const t = new Trainer(config);
      await t.advance(4);
      expect(t.records.map((r) => [r.trainLoss, r.valLoss, r.oodLoss, r.trainAcc])).toEqual(records);
      t.dispose();
    });
  }
});

describe('the format and test-ID share keys', () => {
  it('round-trip through a link, and an old link (without them) means the lab’s format and 0.1', () => {
    const old = parseShareLink('?task=compose&entities=100');
    expect(old.errors).toEqual([]);
    expect(old.config).toMatchObject({ format: 'lab', testid: 0.1 });
    expect(configToQuery(old.config)).toBe('task=compose&entities=100');
    const paper = parseShareLink('?task=compose&testid=0.005&format=paper');
    expect(paper.errors).toEqual([]);
    expect(paper.config).toMatchObject({ format: 'paper', testid: 0.005 });
    expect(parseShareLink(`?${configToQuery(paper.config)}`).config).toEqual(paper.config);
    expect(parseShareLink('?testid=0&format=gpt2').errors.map((e) => e.message)).toEqual([
      'testid: "0" is out of range; expected a number from 0.001 to 0.5',
      'format: "gpt2" is not valid; expected one of lab, paper',
    ]);
  });

  it('takes its defaults in a stored config from before them', () => {
    const stored = { ...DEFAULT_CONFIG, task: 'compare' } as Record<string, unknown>;
    delete stored.format;
    delete stored.testid;
    const read = CONFIG_SHAPE.kind === 'custom' ? CONFIG_SHAPE.read(stored) : null;
    expect(read).toEqual({ ok: true, value: { ...DEFAULT_CONFIG, task: 'compare' } });
  });

  it('holds out the share it says for test-ID', () => {
    const c: Config = { ...DEFAULT_CONFIG, task: 'compose', entities: 60, relations: 8, degree: 4, phi: 100 };
    const tenth = makeRunData(c);
    const half = makeRunData({ ...c, testid: 0.5 });
    const ratio = (d: typeof tenth) => d.val.count / (d.val.count + (d.train.count - 60 * 4));
    expect(ratio(tenth)).toBeGreaterThan(0.05);
    expect(ratio(tenth)).toBeLessThan(0.15);
    expect(ratio(half)).toBeGreaterThan(0.4);
    expect(ratio(half)).toBeLessThan(0.6);
  });

  it('sizes each family’s sequences as its data does', () => {
    for (const c of [
      { ...DEFAULT_CONFIG, p: 11 },
      { ...DEFAULT_CONFIG, task: 'compose', entities: 30 },
      { ...DEFAULT_CONFIG, task: 'compose', entities: 30, format: 'paper' },
      { ...DEFAULT_CONFIG, task: 'compare', entities: 30 },
      { ...DEFAULT_CONFIG, task: 'compare', entities: 30, format: 'paper' },
    ] as Config[]) {
      const d = makeRunData(c);
      for (const eq of [d.train, d.val, ...(d.ood ? [d.ood] : [])]) expect(eq.seqLen).toBe(familyOf(c.task).seqLen(c));
    }
  });
});

describe('the inside views of a paper-format run', () => {
  const compare: Config = {
    ...DEFAULT_CONFIG,
    task: 'compare',
    format: 'paper',
    entities: 16,
    attributes: 2,
    values: 4,
    phi: 2,
    ood: 0.25,
    layers: 2,
    dim: 16,
    heads: 2,
    batch: 64,
    steps: 4,
    eval: 2,
  };

  it('reads each comparison at e2 (position 4), its row shown with the label fed back in', async () => {
    const t = new Trainer(compare);
    await t.advance(2);
    const before = tf.memory().numTensors;
    const view = await t.facts({ split: 1, index: 0 });
    expect(tf.memory().numTensors).toBe(before);
    const shown = view.splits[0] ?? [];
    expect(shown.length).toBeGreaterThan(0);
    // The model's own answers at position 4 for the first training comparisons.
    const eq = t.task.train;
    const rows = Array.from({ length: eq.count }, (_, i) => i).filter((i) => eq.readAt?.[i] === 4);
    const picked = rows.slice(0, shown.length);
    const tokens = tf.tensor2d(
      picked.flatMap((i) => rowOf(eq, i)),
      [picked.length, 6],
      'int32',
    );
    const predicted = (await t.model
      .logits(tokens, oneHotFloat(tf.fill<tf.Rank.R1>([picked.length], 4, 'int32'), 6))
      .argMax(1)
      .array()) as number[];
    shown.forEach((f, k) => {
      expect(f.readAt).toBe(4);
      expect(f.input).toHaveLength(6);
      expect(f.input[1]).toBe('<q>');
      expect(f.input[5]).toBe(f.answer);
      expect(f.predicted).toBe(t.task.tokenName(predicted[k] as number));
    });
    expect(view.query.maps[0]?.[0]).toHaveLength(6);
    t.dispose();
  });

  it('finds the bridges of the same facts as the lab’s format, at the same positions (the logit lens)', async () => {
    const compose: Config = {
      ...DEFAULT_CONFIG,
      task: 'compose',
      entities: 40,
      relations: 6,
      degree: 3,
      ood: 0.3,
      phi: 2,
      layers: 2,
      dim: 16,
      heads: 2,
      steps: 2,
      eval: 2,
    };
    const lab = makeRunData(compose);
    const paper = makeRunData({ ...compose, format: 'paper' });
    const sample = (d: typeof lab) => lensSample({ train: d.train, testId: d.val, testOod: d.ood as Equations }, 1);
    const [l, p] = [sample(lab), sample(paper)];
    expect(p.id.count).toBeGreaterThan(0);
    expect(Array.from(p.id.bridges)).toEqual(Array.from(l.id.bridges));
    expect(Array.from(p.ood.bridges)).toEqual(Array.from(l.ood.bridges));
    for (let i = 0; i < p.id.count; i++)
      expect(Array.from(p.id.tokens.subarray(i * 4, i * 4 + 3))).toEqual(
        Array.from(l.id.tokens.subarray(i * 4, i * 4 + 3)),
      );
    const t = new Trainer({ ...compose, format: 'paper' });
    await t.advance(2);
    expect(t.records[0]?.bridgeId).toBeGreaterThanOrEqual(0);
    const lens = await t.lens();
    expect(lens.id.top1[0]).toHaveLength(4);
    expect(lens.positions).toEqual(['h', 'r1', 'r2', 't']);
    expect(l.positions).toEqual(['h', 'r1', 'r2', 'PAD']);
    const view = await t.facts({ split: 0, index: 0 });
    for (const f of view.splits.flat()) {
      expect(f.readAt).toBe(2);
      expect(f.input[3]).toBe(f.answer);
    }
    t.dispose();
  });
});

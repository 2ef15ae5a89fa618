import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmaFilter, MaFilter, NoFilter } from '../src/engine/filters';
import { useNodeBackend } from '../src/node/backends';

beforeAll(async () => {
  await useNodeBackend('cpu');
});

/** Feeds gradients through a filter and returns the outputs as plain arrays. */
async function run(
  filter: { apply: EmaFilter['apply'] },
  grads: number[][],
  settings: Array<{ alpha: number; lambda: number; window: number }>,
) {
  const outs: number[][] = [];
  for (let i = 0; i < grads.length; i++) {
    const g = tf.tensor1d(grads[i] as number[]);
    const out = filter.apply(
      g,
      settings[Math.min(i, settings.length - 1)] as { alpha: number; lambda: number; window: number },
    );
    outs.push(Array.from(await out.data()));
    if (out !== g) out.dispose();
    g.dispose();
  }
  return outs;
}

const expectClose = (actual: number[][], expected: number[][]) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo((expected[i] as number[])[j] as number, 5)));
};

describe('EMA filter', () => {
  it('starts from the first gradient: the first output is (1 + λ)·g₀', async () => {
    const f = new EmaFilter();
    expectClose(await run(f, [[1, -2]], [{ alpha: 0.98, lambda: 2, window: 1 }]), [[3, -6]]);
    f.dispose();
  });

  it('follows ĝ ← α·ĝ + (1−α)·g, output g + λ·ĝ (hand-computed)', async () => {
    const f = new EmaFilter();
    // α = 0.5, λ = 1; g = 2, 4, 0:
    // ĝ = 2 → out 4; ĝ = 0.5·2 + 0.5·4 = 3 → out 7; ĝ = 1.5 → out 1.5
    expectClose(await run(f, [[2], [4], [0]], [{ alpha: 0.5, lambda: 1, window: 1 }]), [[4], [7], [1.5]]);
    f.dispose();
  });

  it('is the identity for λ = 0 but still tracks ĝ', async () => {
    const f = new EmaFilter();
    const grads = [
      [1, 2, 3],
      [-4, 5, 0.5],
      [7, 7, 7],
    ];
    expectClose(await run(f, grads, [{ alpha: 0.9, lambda: 0, window: 1 }]), grads);
    expect(Array.from(await (f.slow as tf.Tensor).data())[0]).toBeCloseTo(0.9 * (0.9 * 1 + 0.1 * -4) + 0.1 * 7, 5);
    f.dispose();
  });

  it('uses α and λ changed mid-run from the next step, keeping ĝ', async () => {
    const f = new EmaFilter();
    // step 0: α .5 λ 1, g 2 → ĝ 2, out 4. step 1: α .25 λ 3, g 6 → ĝ .25·2 + .75·6 = 5, out 6 + 15 = 21
    const outs = await run(
      f,
      [[2], [6]],
      [
        { alpha: 0.5, lambda: 1, window: 1 },
        { alpha: 0.25, lambda: 3, window: 1 },
      ],
    );
    expectClose(outs, [[4], [21]]);
    f.dispose();
  });

  it("keeps its own copy: disposing the caller's gradient does not affect it", async () => {
    const f = new EmaFilter();
    const g = tf.tensor1d([1]);
    const out = f.apply(g, { alpha: 0.5, lambda: 1, window: 1 });
    out.dispose();
    g.dispose();
    expect(Array.from(await (f.slow as tf.Tensor).data())).toEqual([1]);
    f.dispose();
  });
});

describe('MA filter', () => {
  it('leaves gradients alone until `window` are held, then adds λ·mean of the last window', async () => {
    const f = new MaFilter();
    const s = { alpha: 0, lambda: 2, window: 3 };
    // g = 1, 2, 3, 4, 5 → 1, 2, 3 + 2·2 = 7, 4 + 2·3 = 10, 5 + 2·4 = 13
    expectClose(await run(f, [[1], [2], [3], [4], [5]], [s]), [[1], [2], [7], [10], [13]]);
    expect(f.held).toBe(3);
    f.dispose();
  });

  it('with window 1 adds λ·g', async () => {
    const f = new MaFilter();
    expectClose(
      await run(
        f,
        [
          [1, -1],
          [3, 0],
        ],
        [{ alpha: 0, lambda: 5, window: 1 }],
      ),
      [
        [6, -6],
        [18, 0],
      ],
    );
    f.dispose();
  });

  it('is the identity for λ = 0', async () => {
    const f = new MaFilter();
    const grads = [[1], [2], [3], [4]];
    expectClose(await run(f, grads, [{ alpha: 0, lambda: 0, window: 2 }]), grads);
    f.dispose();
  });

  it('follows a window shrunk or grown mid-run, keeping the gradients it holds', async () => {
    const f = new MaFilter();
    const w3 = { alpha: 0, lambda: 1, window: 3 };
    const w2 = { alpha: 0, lambda: 1, window: 2 };
    const w4 = { alpha: 0, lambda: 1, window: 4 };
    // g 1,2,3 (w3) → 1, 2, 3+2=5; g 4 (w2): held 3,4 → 4+3.5=7.5; g 5 (w4): held 3,4,5 → 5 (not full);
    // g 6 (w4): held 3,4,5,6 → 6 + 4.5 = 10.5
    const outs = await run(f, [[1], [2], [3], [4], [5], [6]], [w3, w3, w3, w2, w4, w4]);
    expectClose(outs, [[1], [2], [5], [7.5], [5], [10.5]]);
    f.dispose();
  });

  it('stays exact over many steps (the running sum is refreshed)', async () => {
    const f = new MaFilter();
    const s = { alpha: 0, lambda: 1, window: 7 };
    const grads = Array.from({ length: 60 }, (_, i) => [Math.sin(i) * 1000, 1e-3 * i]);
    const outs = await run(f, grads, [s]);
    for (let i = 6; i < 60; i++) {
      const last = grads.slice(i - 6, i + 1);
      for (let j = 0; j < 2; j++) {
        const mean = last.reduce((a, g) => a + (g[j] as number), 0) / 7;
        expect((outs[i] as number[])[j]).toBeCloseTo(((grads[i] as number[])[j] as number) + mean, 2);
      }
    }
    f.dispose();
  });

  it('frees what it holds', async () => {
    const before = tf.memory().numTensors;
    const f = new MaFilter();
    await run(
      f,
      Array.from({ length: 10 }, (_, i) => [i]),
      [{ alpha: 0, lambda: 1, window: 4 }],
    );
    expect(tf.memory().numTensors).toBe(before + 5); // 4 held + the running sum
    f.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('no filter', () => {
  it('returns the gradient itself', () => {
    const g = tf.tensor1d([1, 2]);
    expect(new NoFilter().apply(g)).toBe(g);
    g.dispose();
  });
});

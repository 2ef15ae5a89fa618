import { describe, expect, it } from 'vitest';
import { Random } from '../src/engine/random';

describe('Random', () => {
  it('repeats for the same seed and stream, and differs across streams and seeds', () => {
    const draw = (seed: number, stream: number) => {
      const r = new Random(seed, stream);
      return Array.from({ length: 8 }, () => r.nextUint32());
    };
    expect(draw(1, 0)).toEqual(draw(1, 0));
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
    expect(draw(1, 0)).not.toEqual(draw(2, 0));
  });

  it('gives golden values (the split and the initial weights of every shared link depend on them)', () => {
    const r = new Random(0, 1);
    expect(Array.from({ length: 4 }, () => r.nextUint32())).toMatchInlineSnapshot(`
      [
        2912310008,
        1835508950,
        3532805520,
        3941377565,
      ]
    `);
  });

  it('draws uniform and normal numbers with the right moments', () => {
    const r = new Random(7);
    const n = 100_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeCloseTo(1, 1);
  });

  it('shuffles into a permutation', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i);
    new Random(3).shuffle(xs);
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(xs).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

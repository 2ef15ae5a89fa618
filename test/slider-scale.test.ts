// α's slider spreads its useful values (0.9 to 0.999) over the track instead of the last tenth.
import { describe, expect, it } from 'vitest';
import { track } from '../src/ui/controls/slider-scale';

describe('slider scales', () => {
  it('linear: the track is the value', () => {
    const t = track('linear', 0, 20, 0.1);
    expect([t.min, t.max, t.step, t.toPosition(2.5), t.toValue(2.5)]).toEqual([0, 20, 0.1, 2.5, 2.5]);
  });

  it('towards-one: 0.9, 0.99 and 0.999 evenly spaced, round values on the way back', () => {
    const t = track('towards-one', 0, 0.9999, 0.005);
    expect(t.min).toBe(0);
    expect(t.max).toBeCloseTo(4, 9);
    for (const [alpha, at] of [
      [0.9, 1],
      [0.99, 2],
      [0.999, 3],
    ] as const) {
      expect(t.toPosition(alpha)).toBeCloseTo(at, 9);
      expect(t.toValue(at)).toBe(alpha);
    }
    // Half the track lies between 0.9 and 0.999, where a linear one gave them a tenth.
    expect((t.toPosition(0.999) - t.toPosition(0.9)) / (t.max - t.min)).toBeCloseTo(0.5, 3);
    expect(t.toValue(t.toPosition(0.98))).toBe(0.98);
    expect(t.toValue(t.toPosition(0.985))).toBe(0.985);
    expect(t.toValue(0)).toBe(0);
    expect(t.toValue(t.max)).toBe(0.9999);
  });

  it('towards-one: every step of the track (an arrow key press) moves α one visible step, either way', () => {
    const t = track('towards-one', 0, 0.9999, 0.005);
    const press = (alpha: number, steps: number) => {
      let x = t.toPosition(alpha);
      for (let i = 0; i < Math.abs(steps); i++) x = t.toPosition(t.toValue(x + Math.sign(steps) * t.step));
      return t.toValue(x);
    };
    expect(press(0.98, -30)).toBe(0.95);
    expect(press(0.95, -10)).toBe(0.94);
    expect(press(0.9987, 1)).toBe(0.9988);
    expect(press(0.9987, -1)).toBe(0.9986);
    expect(press(0.98, 1)).toBe(0.981);
    // Along the whole track, each step changes α, in the direction pressed, and comes back.
    const count = Math.round((t.max - t.min) / t.step);
    let previous = -1;
    for (let i = 0; i <= count; i++) {
      const alpha = t.toValue(t.min + i * t.step);
      expect(alpha, `position ${i}`).toBeGreaterThan(previous);
      expect(t.toValue(t.toPosition(alpha)), `position ${i}`).toBe(alpha);
      previous = alpha;
    }
  });
});

// Where a value sits on a slider's track, and back (SliderScale in the schema).
import type { SliderScale } from '../../config/schema';

/** Track positions per decade of 1 − α on a towards-one slider. */
const STEPS_PER_DECADE = 100;

export interface Track {
  min: number;
  max: number;
  step: number;
  toPosition: (value: number) => number;
  toValue: (position: number) => number;
}

export function track(scale: SliderScale, min: number, max: number, step: number): Track {
  if (scale === 'linear') return { min, max, step, toPosition: (v) => v, toValue: (p) => p };
  // Position x = −log10(1 − α); values keep two significant digits of 1 − α (0.98, 0.985, 0.999).
  const toPosition = (v: number) => (v <= 0 ? 0 : -Math.log10(1 - Math.min(v, max)));
  const toValue = (x: number) => {
    if (x <= 0) return min;
    const gap = Number((10 ** -x).toPrecision(2));
    return Math.min(max, Math.max(min, Number((1 - gap).toFixed(6))));
  };
  return { min: toPosition(min), max: toPosition(max), step: 1 / STEPS_PER_DECADE, toPosition, toValue };
}

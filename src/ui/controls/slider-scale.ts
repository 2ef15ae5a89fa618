// Where a value sits on a slider's track, and back (SliderScale in the schema).
import type { SliderScale } from '../../config/schema';

/** Track positions per decade of 1 − α on a towards-one slider: 1 − α keeps two significant digits. */
const STEPS_PER_DECADE = 90;

export interface Track {
  min: number;
  max: number;
  step: number;
  toPosition: (value: number) => number;
  toValue: (position: number) => number;
}

export function track(scale: SliderScale, min: number, max: number, step: number): Track {
  if (scale === 'linear') return { min, max, step, toPosition: (v) => v, toValue: (p) => p };
  return towardsOne(min, max);
}

/**
 * A towards-one track is a ladder of the values whose gap to one, 1 − α, has two significant digits:
 * 1.0, 0.99, …, 0.10, 0.099, …, 0.010, 0.0099, … Every decade of the gap takes the same length
 * (0.9, 0.99 and 0.999 are evenly spaced), and each step of the track (one arrow key press) moves α
 * to the next value of the ladder: a visible step, either way, at every value.
 */
function towardsOne(min: number, max: number): Track {
  const gapOf = (v: number) => 1 - Math.min(Math.max(v, min), max);
  const decades = (gap: number) => -Math.log10(gap);
  // The ladder's index of a gap: whole decades (a gap in (10^-(d+1), 10^-d] is in decade d), then
  // the two significant digits within it, from 100 (the decade's top, 10^-d) down to 11.
  const indexOf = (gap: number) => {
    const decade = Math.floor(decades(gap) + 1e-9);
    const digits = Math.round(gap * 10 ** (decade + 2));
    return decade * STEPS_PER_DECADE + (100 - digits);
  };
  const gapAt = (index: number) => {
    const decade = Math.floor(index / STEPS_PER_DECADE);
    const digits = 100 - (index - decade * STEPS_PER_DECADE);
    return Number((digits * 10 ** -(decade + 2)).toPrecision(2));
  };
  const first = indexOf(gapOf(min));
  const last = indexOf(gapOf(max));
  const toPosition = (v: number) => Math.min(last, Math.max(first, indexOf(gapOf(v)))) / STEPS_PER_DECADE;
  const toValue = (x: number) => {
    const index = Math.min(last, Math.max(first, Math.round(x * STEPS_PER_DECADE)));
    if (index === first) return min;
    if (index === last) return max;
    return Number((1 - gapAt(index)).toFixed(6));
  };
  return {
    min: first / STEPS_PER_DECADE,
    max: last / STEPS_PER_DECADE,
    step: 1 / STEPS_PER_DECADE,
    toPosition,
    toValue,
  };
}

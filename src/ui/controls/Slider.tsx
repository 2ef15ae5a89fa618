// A range slider that follows the pointer or the arrow keys at once but commits only when the user
// lets go: one live change (and one chart marker) per gesture, not one per pixel. Key presses close
// together are one gesture: they commit once the keys rest for KEYS_SETTLE_MS.
// A towards-one scale spreads a momentum's useful values (0.9 to 0.999) over the track.
import { useEffect, useRef } from 'react';
import type { SliderScale } from '../../config/schema';
import { track } from './slider-scale';
import { useDraft } from './use-draft';

/** Arrow key presses less than this far apart are one change. */
export const KEYS_SETTLE_MS = 700;

interface Props {
  label: string;
  min: number;
  max: number;
  step: number;
  scale?: SliderScale;
  value: number;
  onCommit: (value: number) => void;
}

export function Slider({ label, min, max, step, scale = 'linear', value, onCommit }: Props) {
  const [local, setLocal] = useDraft(value);
  const t = track(scale, min, max, step);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The latest draft and props for a commit that a timer makes after the render that scheduled it.
  const latest = useRef({ local, value, onCommit });
  useEffect(() => {
    latest.current = { local, value, onCommit };
  });
  const commit = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const { local: draft, value: inForce, onCommit: send } = latest.current;
    if (draft !== inForce) send(draft);
  };
  const commitSoon = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(commit, KEYS_SETTLE_MS);
  };
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return (
    <input
      type="range"
      aria-label={label}
      aria-valuetext={String(local)}
      min={t.min}
      max={t.max}
      step={t.step}
      value={t.toPosition(local)}
      onChange={(e) => setLocal(t.toValue(Number(e.target.value)))}
      onPointerUp={commit}
      onKeyUp={commitSoon}
      onBlur={commit}
    />
  );
}

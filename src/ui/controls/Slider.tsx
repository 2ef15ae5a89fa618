// A range slider that follows the pointer or the arrow keys at once but commits only when the user
// lets go: one live change (and one chart marker) per gesture, not one per pixel.
// A towards-one scale spreads a momentum's useful values (0.9 to 0.999) over the track.
import type { SliderScale } from '../../config/schema';
import { track } from './slider-scale';
import { useDraft } from './use-draft';

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
  const commit = () => {
    if (local !== value) onCommit(local);
  };
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
      onKeyUp={commit}
      onBlur={commit}
    />
  );
}

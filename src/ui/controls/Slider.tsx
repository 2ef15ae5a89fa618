// A range slider that follows the pointer or the arrow keys at once but commits only when the user
// lets go: one live change (and one chart marker) per gesture, not one per pixel.
import { useDraft } from './use-draft';

interface Props {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  onCommit: (value: number) => void;
}

export function Slider({ label, min, max, step, value, onCommit }: Props) {
  const [local, setLocal] = useDraft(value);
  const commit = () => {
    if (local !== value) onCommit(local);
  };
  return (
    <input
      type="range"
      aria-label={label}
      min={min}
      max={max}
      step={step}
      value={local}
      onChange={(e) => setLocal(Number(e.target.value))}
      onPointerUp={commit}
      onKeyUp={commit}
      onBlur={commit}
    />
  );
}

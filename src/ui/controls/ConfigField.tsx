// One config key as a control: its label, its value, what is valid, a one-line explanation, and the
// message when a value is refused. Text is committed on Enter or when the field loses focus, so
// typing "0.01" does not start three runs on the way.
import { type KeyboardEvent, useId } from 'react';
import { useDraft } from './use-draft';
import { type ConfigKey, type Schema, SCHEMA } from '../../config/schema';
import { validRange } from '../../config/validate';
import { filterFor } from '../../store/current-run';
import { useLab } from '../lab-context';
import { Slider } from './Slider';

export function ConfigField({ name }: { name: ConfigKey }) {
  const spec: Schema[ConfigKey] = SCHEMA[name];
  const value = useLab((s) => s.config[name]);
  const error = useLab((s) => s.editErrors[name]);
  const edit = useLab((s) => s.edit);
  const filter = useLab((s) => s.config.filter);
  const turnsOn = filterFor(name, filter);
  const id = useId();
  const [text, setText] = useDraft(String(value));

  const commit = () => {
    if (text !== String(value)) edit(name, text);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      // Handled here: the same key must not go on to press a button of the dialog this may open.
      e.preventDefault();
      commit();
    }
    if (e.key === 'Escape') setText(String(value));
  };
  const slider = spec.kind === 'enum' ? undefined : spec.slider;

  return (
    <div className={`field${error ? ' field-bad' : ''}`}>
      <label htmlFor={id}>
        {spec.label}
        {spec.live && (
          <span className="live" title="can change while the run goes on">
            live
          </span>
        )}
      </label>
      {spec.kind === 'enum' ? (
        <select id={id} value={String(value)} onChange={(e) => edit(name, e.target.value)}>
          {spec.values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      ) : (
        <div className="field-input">
          <input
            id={id}
            type="text"
            inputMode="decimal"
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-help`}
            onChange={(e) => setText(e.target.value)}
            onBlur={commit}
            onKeyDown={onKey}
          />
          {slider && (
            <Slider
              label={`${slider.symbol} slider`}
              min={spec.min}
              max={spec.max}
              step={slider.step}
              scale={slider.scale}
              value={Number(value)}
              onCommit={(v) => edit(name, v)}
            />
          )}
        </div>
      )}
      <p className="field-help" id={`${id}-help`}>
        {spec.help} <span className="range">({validRange(name)})</span>
        {turnsOn && (
          <span className="field-off" data-testid={`${name}-off`}>
            {' '}
            The {filter === 'none' ? 'filter is off' : `filter is ${filter}`}: changing this turns {turnsOn} on.
          </span>
        )}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}; the value in force is kept
        </p>
      )}
    </div>
  );
}

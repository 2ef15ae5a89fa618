// The active backend, always visible on one line (its name, what it is, a menu to pin one), with the
// detail on demand: how it was chosen (with the measured rates when it was timed), how many threads
// wasm runs, a plain explanation when it is not WebGPU. One line so that the charts stay on the
// first screen (issue 25).
import { smallPresetFor } from '../../config/presets';
import { familyOf } from '../../config/tasks';
import { BACKEND_PINS, type BackendPin } from '../../engine/backend-names';
import { useLab } from '../lab-context';
import { backendAdvice, choiceText, threadsText } from './backend-advice';

const PIN_LABEL: Record<BackendPin, string> = {
  auto: 'auto (fastest)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'wasm',
  cpu: 'cpu',
};

function PinMenu() {
  const pin = useLab((s) => s.backendPin);
  const pinBackend = useLab((s) => s.pinBackend);
  return (
    <label className="backend-pin">
      Use{' '}
      <select data-testid="backend-pin" value={pin} onChange={(e) => pinBackend(e.target.value as BackendPin)}>
        {BACKEND_PINS.map((p) => (
          <option key={p} value={p}>
            {PIN_LABEL[p]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function BackendNotice() {
  const backend = useLab((s) => s.backend);
  const timing = useLab((s) => s.backendTiming);
  const load = useLab((s) => s.load);
  const isolation = useLab((s) => s.isolation);
  const task = useLab((s) => s.config.task);
  const family = familyOf(task);
  const small = smallPresetFor(task);
  // Any variant of the small model counts (another filter, another weight decay).
  const isSmall = useLab(
    (s) =>
      s.config.dim === small.config.dim &&
      s.config.layers === small.config.layers &&
      s.config[family.sizeKey] === small.config[family.sizeKey],
  );
  if (!backend || timing) {
    return (
      <div className="backend">
        <p>
          Backend: <strong data-testid="backend">{timing ? 'choosing…' : 'starting…'}</strong> <PinMenu />
          {timing && (
            <span data-testid="backend-choice">
              {' '}
              Timing {timing.join(' and ')} on this config (a few steps each), to train on the faster.
            </span>
          )}
        </p>
      </div>
    );
  }
  const advice = backendAdvice(backend.name, backend.notes, small, backend.gpu);
  const offerSmall = advice.suggestSmall && !isSmall;
  return (
    <div
      className={`backend${advice.fallback ? ' backend-fallback' : ''}`}
      role={advice.fallback ? 'status' : undefined}
    >
      <p>
        Backend: <strong data-testid="backend">{backend.name}</strong> ({advice.summary}) · <PinMenu />
        {offerSmall && (
          <>
            {' '}
            <button type="button" className="backend-small" onClick={() => load(small.config)}>
              Load {family.smallName(small)}
            </button>
          </>
        )}
      </p>
      <details className="backend-detail">
        <summary>{advice.fallback ? 'why not WebGPU?' : 'why?'}</summary>
        {backend.threads !== undefined && (
          <p data-testid="threads">{threadsText(backend.threads, backend.isolated, isolation, backend.cores)}</p>
        )}
        <p data-testid="backend-choice">{choiceText(backend.choice)}</p>
        {advice.fallback && <p data-testid="backend-fallback">{advice.fallback}</p>}
      </details>
    </div>
  );
}

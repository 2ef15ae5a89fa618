// The active backend, always visible, and a plain explanation when it is a fallback.
import { SMALL_GROKKING_CONFIG } from '../../config/presets';
import { useLab } from '../lab-context';
import { backendAdvice, threadsText } from './backend-advice';

export function BackendNotice() {
  const backend = useLab((s) => s.backend);
  const load = useLab((s) => s.load);
  const isolation = useLab((s) => s.isolation);
  const isSmall = useLab((s) => s.config.p === SMALL_GROKKING_CONFIG.p && s.config.dim === SMALL_GROKKING_CONFIG.dim);
  if (!backend) return <p className="backend">Backend: <strong data-testid="backend">starting…</strong></p>;
  const advice = backendAdvice(backend.name, backend.notes);
  return (
    <div className={`backend${advice.fallback ? ' backend-fallback' : ''}`} role={advice.fallback ? 'status' : undefined}>
      <p>
        Backend: <strong data-testid="backend">{backend.name}</strong>
        {backend.threads !== undefined && <> · <span data-testid="threads">{threadsText(backend.threads, backend.isolated, isolation, backend.cores)}</span></>}
        {' '}· {advice.summary}
      </p>
      {advice.fallback && <p data-testid="backend-fallback">{advice.fallback}</p>}
      {advice.suggestSmall && !isSmall && (
        <button type="button" onClick={() => load(SMALL_GROKKING_CONFIG)}>Load the small preset</button>
      )}
    </div>
  );
}

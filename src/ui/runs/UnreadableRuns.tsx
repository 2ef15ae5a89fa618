// Stored runs this lab could not read: kept in the browser as they are, listed with what is wrong,
// and exportable as they were stored (to fix by hand, or to report).
import { useState } from 'react';
import type { UnreadableRun } from '../../store/runs-list';
import { download, fileStem } from './download';

/** The stored value as a file; null when it cannot be written out (nothing, or nested too deep for JSON). */
function asJson(stored: unknown): string | null {
  try {
    // JSON.stringify gives nothing for undefined (a hole in the stored list).
    return stored === undefined ? null : JSON.stringify(stored, null, 1);
  } catch {
    return null;
  }
}

export function UnreadableRuns({ runs }: { runs: readonly UnreadableRun[] }) {
  const [exportError, setExportError] = useState('');
  if (runs.length === 0) return null;
  return (
    <div className="runs-unreadable" data-testid="unreadable-runs">
      <p>
        {runs.length === 1 ? 'A stored run' : `${runs.length} stored runs`} could not be read by this version of the
        lab. {runs.length === 1 ? 'It is' : 'They are'} kept in this browser as stored, not drawn; export to look at or
        fix by hand.
      </p>
      <ul>
        {runs.map((r, i) => (
          <li key={i} data-testid="unreadable-run">
            <strong>{r.name}</strong>: {r.problem}{' '}
            <button
              type="button"
              aria-label={`export ${r.name} as stored`}
              onClick={() => {
                // Written out at the click: a stored run may be large.
                const json = asJson(r.stored);
                if (json === null)
                  setExportError(`${r.name} cannot be written out as JSON (nothing stored, or nested too deeply).`);
                else download(`${fileStem(r.name)}.json`, json, 'application/json');
              }}
            >
              JSON
            </button>
          </li>
        ))}
      </ul>
      {exportError && <p className="field-error">{exportError}</p>}
    </div>
  );
}

// Every run of this session (and imported ones): how it differs from the reference run, its
// milestones, the speed-up against the reference, and export, rename, delete.
import { type ChangeEvent, useContext, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { milestones } from '../../engine/metrics';
import { type RunData, runCsv, runFileJson } from '../../runs/run-file';
import type { SavedRun } from '../../store/runs-list';
import type { RunStatus } from '../../runs/status';
import { count } from '../format';
import { LabContext, useLab } from '../lab-context';
import { configDiff, speedup } from '../../runs/compare';
import { download, fileStem } from './download';
import { UnreadableRuns } from './UnreadableRuns';

interface Row extends RunData {
  id: number;
  status: RunStatus;
  current: boolean;
}

export function RunsList() {
  // Everything but the current run's metrics, which change several times a second and are only
  // needed for an export (read at the click).
  const lab = useLab(
    useShallow((s) => ({
      runId: s.runId,
      runName: s.runName,
      runConfig: s.runConfig,
      events: s.events,
      status: s.status,
      backend: s.backend,
      raceId: s.race?.id,
      raceName: s.race?.name,
      raceConfig: s.race?.config,
      raceEvents: s.race?.events,
      raceStatus: s.race?.status,
      runs: s.runs,
      unreadable: s.unreadable,
      referenceId: s.referenceId,
      storageError: s.storageError,
      overlayIds: s.overlayIds,
      importRun: s.importRun,
      renameRun: s.renameRun,
      removeRun: s.removeRun,
      removed: s.removed,
      undoRemove: s.undoRemove,
      setReference: s.setReference,
      toggleOverlay: s.toggleOverlay,
    })),
  );
  const store = useContext(LabContext);
  const [importError, setImportError] = useState('');
  const current: Row = {
    name: lab.runName,
    config: lab.runConfig,
    records: [],
    events: lab.events,
    backend: lab.backend?.name ?? 'unknown',
    id: lab.runId,
    status: lab.status,
    current: true,
  };
  // The racing baseline is live too: listed with the current run, not deletable until the race ends.
  const baseline: Row[] =
    lab.raceId !== undefined && lab.raceConfig && lab.raceEvents && lab.raceStatus
      ? [
          {
            name: lab.raceName ?? '',
            config: lab.raceConfig,
            records: [],
            events: lab.raceEvents,
            backend: lab.backend?.name ?? 'unknown',
            id: lab.raceId,
            status: lab.raceStatus,
            current: true,
          },
        ]
      : [];
  const fileOf = (r: Row): RunData => {
    const s = store?.getState();
    if (!r.current || !s) return r;
    return r.id === s.race?.id ? (s.raceRun() as RunData) : s.currentRun();
  };
  const rows: Row[] = [
    current,
    ...baseline,
    ...[...lab.runs].reverse().map((r: SavedRun) => ({ ...r, current: false })),
  ];
  const reference = rows.find((r) => r.id === lab.referenceId) ?? null;

  const onImport = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const problem = lab.importRun(await file.text(), file.name);
    setImportError(problem ? `${file.name}: ${problem}. Nothing was changed.` : '');
  };

  return (
    <section className="runs" aria-label="Runs">
      <div className="runs-head">
        <h2>Runs</h2>
        <label className="import">
          Import a run (.json, .jsonl)
          <input type="file" accept=".json,.jsonl,application/json" onChange={(e) => void onImport(e)} />
        </label>
      </div>
      {importError && (
        <p className="field-error" role="alert" data-testid="import-error">
          {importError}
        </p>
      )}
      {lab.removed && (
        <p className="runs-undo" role="status" data-testid="undo-delete">
          Deleted “{lab.removed.run.name}”.{' '}
          <button type="button" onClick={lab.undoRemove}>
            Undo
          </button>
        </p>
      )}
      {lab.storageError && (
        <p className="field-error" role="alert" data-testid="storage-error">
          {lab.storageError}
        </p>
      )}
      <table data-testid="runs">
        <thead>
          <tr>
            <th>on chart</th>
            <th>run</th>
            <th>differs from reference</th>
            <th>status</th>
            <th>memorised</th>
            <th>grokked</th>
            <th>delay</th>
            <th>speed-up</th>
            <th>reference</th>
            <th>file</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const m = milestones(r.events);
            const faster = reference && reference.id !== r.id ? speedup(r.events, reference.events) : null;
            return (
              <tr key={r.id} data-testid="run-row" data-run-id={r.id}>
                <td>
                  {r.current ? (
                    <span className="of">always</span>
                  ) : (
                    <input
                      type="checkbox"
                      aria-label={`show ${r.name} on the charts`}
                      checked={lab.overlayIds.includes(r.id)}
                      onChange={() => lab.toggleOverlay(r.id)}
                    />
                  )}
                </td>
                <td>
                  <input
                    // Keyed by the name: a name changed elsewhere (a reload renumbering runs) shows at once.
                    key={r.name}
                    aria-label={`name of ${r.name}`}
                    className="run-name"
                    defaultValue={r.name}
                    onBlur={(e) => lab.renameRun(r.id, e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') e.currentTarget.blur();
                    }}
                  />
                  {r.current && <span className="live">{r.id === lab.raceId ? 'racing' : 'current'}</span>}
                </td>
                <td className="diff">
                  {reference
                    ? reference.id === r.id
                      ? '(reference)'
                      : configDiff(r.config, reference.config) || 'same settings'
                    : '–'}
                </td>
                <td>{r.status}</td>
                <td>{count(m.memorised)}</td>
                <td>{count(m.grokked)}</td>
                <td>{count(m.delay)}</td>
                <td data-testid="speedup">{faster ?? '–'}</td>
                <td>
                  <input
                    type="radio"
                    name="reference"
                    aria-label={`compare with ${r.name}`}
                    checked={lab.referenceId === r.id}
                    onChange={() => lab.setReference(r.id)}
                  />
                </td>
                <td className="export">
                  <button
                    type="button"
                    onClick={() => download(`${fileStem(r.name)}.json`, runFileJson(fileOf(r)), 'application/json')}
                  >
                    JSON
                  </button>
                  <button
                    type="button"
                    onClick={() => download(`${fileStem(r.name)}.csv`, runCsv(fileOf(r)), 'text/csv')}
                  >
                    CSV
                  </button>
                  {!r.current && (
                    <button type="button" onClick={() => lab.removeRun(r.id)} aria-label={`delete ${r.name}`}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <UnreadableRuns runs={lab.unreadable} />
    </section>
  );
}

// The sweep view: a grid over one or two keys (and seeds) on the lab's settings, run in a pool of
// workers beside the lab, drawn as a phase diagram as it fills in. Also shows a CLI sweep's summary.
import { type ChangeEvent, useContext, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { sweepToQuery } from '../../config/url';
import { sweepProgress } from '../../store/sweep';
import { type PhaseCell, phaseDiagram } from '../../sweep/phase';
import { SWEEP_PRESETS } from '../../sweep/presets';
import { toCsv } from '../../sweep/summary';
import { svgPng } from '../chart/export-png';
import { duration } from '../format';
import { LabContext, useLab } from '../lab-context';
import { download } from '../runs/download';
import { GridEditor } from './GridEditor';
import { PhaseHeatmap } from './PhaseHeatmap';
import { PhaseLine } from './PhaseLine';
import { SweepContext, useSweep } from './sweep-context';
import './sweep.css';

const MAX_WORKERS = 16;

export function SweepPanel() {
  const lab = useLab(
    useShallow((s) => ({
      config: s.config,
      backend: s.backend?.name,
      backendPin: s.backendPin,
      choose: s.choose,
      addRuns: s.addRuns,
      toggleOverlay: s.toggleOverlay,
    })),
  );
  const labStore = useContext(LabContext);
  const sweepStore = useContext(SweepContext);
  const sweep = useSweep(
    useShallow((s) => ({
      spec: s.spec,
      status: s.status,
      errors: s.errors,
      axes: s.axes,
      rows: s.rows,
      base: s.base,
      live: s.live,
      source: s.source,
      setSpec: s.setSpec,
      start: s.start,
      cancel: s.cancel,
      importSummary: s.importSummary,
    })),
  );
  const progress = useSweep(useShallow((s) => sweepProgress(s)));
  const startedAt = useSweep((s) => s.startedAt);
  const sweepState = useSweep((s) => s.status);
  const [note, setNote] = useState('');
  // The clock of the status line, ticking while the sweep runs.
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (sweepState !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [sweepState]);
  const figure = useRef<HTMLDivElement>(null);
  const running = sweep.status === 'running';
  const phase = sweep.axes.length > 0 ? phaseDiagram(sweep.axes, sweep.rows) : null;
  const budget = sweep.base?.steps ?? lab.config.steps;
  const onGpu = lab.backend === 'webgpu';

  const start = () => {
    setNote('');
    // One run at a time on a GPU (they would share it); on the CPU backends, one per worker and core.
    const backend = onGpu ? 'webgpu' : lab.backend === 'cpu' ? 'cpu' : 'wasm';
    if (onGpu) sweep.setSpec({ workers: 1 });
    sweep.start(lab.config, backend);
  };

  const open = (cell: PhaseCell) => {
    const store = sweepStore?.getState();
    const labState = labStore?.getState();
    if (!store || !labState) return;
    const runs = cell.rows
      .map((row) => store.rows.indexOf(row))
      .map((i) => store.runOf(i))
      .filter((r) => r !== null);
    if (runs.length === 0) {
      setNote(
        sweep.status === 'imported'
          ? 'An imported summary holds no metrics: open the run files (its NAME.jsonl) from the runs list instead.'
          : 'This cell has no measured run yet.',
      );
      return;
    }
    labState.addRuns(runs.map((r) => ({ ...r, status: 'finished' as const })));
    const added = labStore?.getState().runs.slice(0, runs.length) ?? [];
    for (const r of added) labState.toggleOverlay(r.id);
    setNote(`Opened ${runs.length} run${runs.length === 1 ? '' : 's'} in the runs list, drawn on the charts above.`);
  };

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const why = sweep.importSummary(await file.text(), file.name);
    setNote(why ?? `Showing ${file.name}.`);
  };

  const exportPng = async () => {
    const svg = figure.current?.querySelector<SVGSVGElement>('svg.phase-heatmap');
    if (!svg) return;
    try {
      download('sweep.png', await svgPng(svg, `Steps to grok: ${sweep.spec.grid}`), 'image/png');
    } catch (err) {
      setNote(`The image could not be made: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const copyLink = async () => {
    const link = `${window.location.origin}${window.location.pathname}?${sweepToQuery(lab.config, sweep.spec, lab.backendPin)}`;
    try {
      await navigator.clipboard.writeText(link);
      setNote('Sweep link copied: it opens these settings with this grid, ready to run.');
    } catch {
      setNote(`Copy this link: ${link}`);
    }
  };

  return (
    <section className="sweep" aria-label="Sweep">
      <h2>Sweep: where grokking happens</h2>
      <p className="sweep-intro">
        Many runs of the lab’s settings in force ({lab.config.steps.toLocaleString('en')} steps each at most) over a
        grid of one or two keys and seeds, drawn as steps to grok. The same grid runs from the command line:{' '}
        <code>npm run sweep -- --grid '{sweep.spec.grid}'</code>.
      </p>
      <div className="preset-buttons" role="group" aria-label="Sweep presets">
        <span className="presets-label">Sweeps:</span>
        {SWEEP_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            title={p.description}
            data-sweep-preset={p.id}
            disabled={running}
            onClick={() => {
              sweep.setSpec({ grid: p.grid, stopAfterGrok: p.stopAfterGrok });
              lab.choose(p.base, `Loading the settings of the sweep “${p.name}”`);
              setNote(p.description);
            }}
          >
            {p.name}
          </button>
        ))}
      </div>
      <div className="sweep-form">
        <GridEditor grid={sweep.spec.grid} disabled={running} onChange={(grid) => sweep.setSpec({ grid })} />
        <label>
          Stop after grokking{' '}
          <input
            type="number"
            min={0}
            value={sweep.spec.stopAfterGrok ?? ''}
            placeholder="never"
            disabled={running}
            onChange={(e) => {
              const n = e.target.value === '' ? null : Math.max(0, Math.round(Number(e.target.value)));
              sweep.setSpec({ stopAfterGrok: n === null || Number.isFinite(n) ? n : null });
            }}
          />{' '}
          steps
        </label>
        <label>
          Workers{' '}
          <input
            type="number"
            min={1}
            max={MAX_WORKERS}
            value={sweep.spec.workers}
            disabled={running || onGpu}
            onChange={(e) =>
              sweep.setSpec({ workers: Math.min(MAX_WORKERS, Math.max(1, Math.round(Number(e.target.value)) || 1)) })
            }
          />
        </label>
        <p className="field-help">
          One or two keys, plus seeds; values as lists (<code>0,0.005,0.05</code>), ranges from:to:count (
          <code>0.3:0.8:6</code>) or log ranges (<code>1e-4:1e-2:3:log</code>).
          {onGpu
            ? ' On WebGPU one run at a time (they would share the GPU).'
            : ' Each worker trains one run on one core.'}
        </p>
      </div>
      <div className="buttons">
        {running ? (
          <button type="button" onClick={sweep.cancel}>
            Cancel sweep
          </button>
        ) : (
          <button type="button" className="play" onClick={start}>
            Run sweep
          </button>
        )}
        <label className="import">
          Import summary.json
          <input type="file" accept=".json,application/json" onChange={(e) => void importFile(e)} />
        </label>
        <button
          type="button"
          disabled={sweep.rows.length === 0}
          onClick={() => download('sweep-summary.csv', toCsv(sweep.rows), 'text/csv')}
        >
          Export CSV
        </button>
        <button type="button" disabled={!phase?.ok} onClick={() => void exportPng()}>
          Export PNG
        </button>
        <button type="button" onClick={() => void copyLink()}>
          Copy sweep link
        </button>
      </div>
      {sweep.errors.length > 0 && (
        <ul className="field-error" role="alert" data-testid="sweep-errors">
          {sweep.errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {sweep.status !== 'idle' && (
        <p className="sweep-status" role="status" data-testid="sweep-status">
          {sweep.status === 'imported'
            ? `${sweep.rows.length} runs from ${sweep.source}`
            : `${progress.ended}/${sweep.rows.length} ended · ${progress.running} running · ${progress.waiting} waiting` +
              (running
                ? ` · ${duration(Math.max(0, now - startedAt) || 0)} · ETA ${Number.isFinite(progress.etaMs) ? duration(progress.etaMs) : 'after the first run'} · ${sweep.live} worker${sweep.live === 1 ? '' : 's'}`
                : sweep.status === 'cancelled'
                  ? ' · cancelled, workers stopped'
                  : ' · done')}
        </p>
      )}
      {note && <p className="sweep-note">{note}</p>}
      {phase && !phase.ok && <p className="field-error">{phase.message}</p>}
      {phase?.ok && (
        <div className="sweep-figure" ref={figure}>
          <PhaseHeatmap diagram={phase.diagram} budget={budget} onOpen={open} />
          {phase.diagram.yKey === null && <PhaseLine diagram={phase.diagram} />}
          <p className="sweep-legend">
            Each cell: median steps to grok over {phase.diagram.seeds} seed{phase.diagram.seeds === 1 ? '' : 's'} (n/m:
            how many grokked), dark blue soonest; hatched: none grokked by {budget.toLocaleString('en')} steps; ✕
            diverged or failed; dashed: still running; dotted, "stopped": cancelled before any seed ended. Click a cell
            to open its runs.
            {phase.diagram.fixed.length > 0 &&
              ` Held: ${phase.diagram.fixed.map((f) => `${f.key} ${String(f.value)}`).join(', ')}.`}
          </p>
        </div>
      )}
    </section>
  );
}

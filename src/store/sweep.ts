// The page's sweep: a grid over one or two keys (and seeds) on a base config, run in a pool of
// training workers, its table filling in as runs end. A store of its own (the lab's store is about
// one run); the page opens a finished run of it in the lab's runs list. Runs in Node with fake
// workers in the tests.
import { createStore } from 'zustand/vanilla';
import type { Config } from '../config/schema';
import type { BackendPin } from '../engine/backend-names';
import type { RunData } from '../runs/run-file';
import { type Axis, expandGrid, type GridPoint, parseGrid } from '../sweep/grid';
import { phaseDiagram } from '../sweep/phase';
import { type PoolRun, type PoolWorker, SweepPool } from '../sweep/pool';
import { parseSummary, pendingRow, rowFromRun, type SweepRow } from '../sweep/summary';

export interface SweepSpec {
  /** The grid as the command line writes it: "wd=0,0.01,0.1 lr=1e-4:1e-2:3:log seed=0,1". */
  grid: string;
  /** End each run this many steps after it groks; null: at its step budget. */
  stopAfterGrok: number | null;
  /** Workers at a time. */
  workers: number;
}

export type SweepStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'imported';

export interface SweepState {
  spec: SweepSpec;
  status: SweepStatus;
  /** Why the grid cannot run (each naming the key and value); empty when it can. */
  errors: string[];
  base: Config | null;
  axes: Axis[];
  points: GridPoint[];
  /** One per point, in grid order. */
  rows: SweepRow[];
  /** The pool's workers alive now. */
  live: number;
  startedAt: number;
  /** Wall ms of each ended run, for the ETA. */
  walls: number[];
  /** Where the table came from: this page, or an imported file's name. */
  source: string;
}

export interface SweepActions {
  setSpec: (spec: Partial<SweepSpec>) => void;
  /** Checks the grid on `base`; starts it when it is valid (returns the problems otherwise). */
  start: (base: Config, backend: BackendPin) => string[];
  cancel: () => void;
  /** Loads a CLI sweep's summary.json; returns why it was refused (nothing changes then). */
  importSummary: (text: string, name: string) => string | null;
  /** A run of the sweep with its metrics, to open in the lab; null until it has any. */
  runOf: (index: number) => RunData | null;
}

export type Sweep = SweepState & SweepActions;

export const DEFAULT_SWEEP_SPEC: SweepSpec = { grid: 'wd=0,0.005,0.05 seed=0,1', stopAfterGrok: 500, workers: 2 };

/** `makeWorker`: a fresh training worker (in the page, a Web Worker; in tests, a fake). */
export function createSweep(
  makeWorker: () => PoolWorker,
  spec: SweepSpec = DEFAULT_SWEEP_SPEC,
  now = () => Date.now(),
) {
  let pool: SweepPool | null = null;
  /** What each point's run measured, for opening it in the lab. */
  let measured = new Map<number, PoolRun>();

  return createStore<Sweep>()((set, get) => {
    const setRow = (index: number, row: SweepRow) => {
      const rows = get().rows.slice();
      rows[index] = row;
      set({ rows, live: pool?.live ?? 0 });
    };
    const stopPool = () => {
      pool?.cancel();
      pool = null;
    };

    return {
      spec,
      status: 'idle',
      errors: [],
      base: null,
      axes: [],
      points: [],
      rows: [],
      live: 0,
      startedAt: 0,
      walls: [],
      source: '',

      setSpec: (change) => set({ spec: { ...get().spec, ...change } }),

      start: (base, backend) => {
        if (get().status === 'running') return ['a sweep is running; cancel it first'];
        const { grid, stopAfterGrok, workers } = get().spec;
        const parsed = parseGrid([grid]);
        if (!parsed.ok) {
          set({ errors: parsed.errors });
          return parsed.errors;
        }
        const { points, errors } = expandGrid(base, parsed.axes);
        const phase = phaseDiagram(parsed.axes, []);
        const problems = [...errors, ...(phase.ok ? [] : [phase.message])];
        if (problems.length > 0 || points.length === 0) {
          const all = problems.length > 0 ? problems : ['the grid has no runs'];
          set({ errors: all });
          return all;
        }
        stopPool();
        measured = new Map();
        set({
          status: 'running',
          errors: [],
          base,
          axes: parsed.axes,
          points,
          rows: points.map((p) => pendingRow(p.name, p.config, 'pending')),
          startedAt: now(),
          walls: [],
          source: 'this page',
        });
        const byIndex = new Map(points.map((p) => [p.index, p]));
        const current = new SweepPool(
          makeWorker,
          points.map((p) => ({ index: p.index, config: p.config })),
          { size: workers, backend, stopAfterGrok, now },
          {
            onStart: (index) => {
              const p = byIndex.get(index);
              if (p) setRow(index, pendingRow(p.name, p.config, 'running'));
            },
            onProgress: (run) => {
              const p = byIndex.get(run.index);
              measured.set(run.index, run);
              if (p) setRow(run.index, rowFromRun(p.name, p.config, 'running', run));
            },
            onEnd: (run, end) => {
              const p = byIndex.get(run.index);
              measured.set(run.index, run);
              set({ walls: [...get().walls, run.wallMs] });
              if (p) setRow(run.index, rowFromRun(p.name, p.config, end, run, run.error));
            },
            onDone: () => {
              pool = null;
              set({ status: 'done', live: 0 });
            },
          },
        );
        pool = current;
        current.start();
        set({ live: current.live });
        return [];
      },

      cancel: () => {
        if (get().status !== 'running') return;
        stopPool();
        set({
          status: 'cancelled',
          live: 0,
          // A run the cancel ended, or one it kept from starting, is stopped (at step 0 if it never ran).
          rows: get().rows.map((r) =>
            r.status === 'running' || r.status === 'pending' ? { ...r, status: 'stopped' } : r,
          ),
        });
      },

      importSummary: (text, name) => {
        const parsed = parseSummary(text, name);
        if (!parsed.ok) return parsed.message;
        const { base, axes, rows } = parsed;
        const phase = phaseDiagram(axes, rows);
        if (!phase.ok) return `${name}: ${phase.message}`;
        stopPool();
        measured = new Map();
        set({
          status: 'imported',
          errors: [],
          base,
          axes,
          points: [],
          rows,
          live: 0,
          walls: [],
          source: name,
          spec: { ...get().spec, grid: axes.map((a) => `${a.key}=${a.values.map(String).join(',')}`).join(' ') },
        });
        return null;
      },

      runOf: (index) => {
        const run = measured.get(index);
        const row = get().rows[index];
        if (!run || !row || run.records.length === 0) return null;
        return {
          name: `Sweep ${row.name}`,
          config: row.config,
          records: run.records.slice(),
          events: run.events.slice(),
          backend: run.backend || 'unknown',
        };
      },
    };
  });
}

export type SweepStore = ReturnType<typeof createSweep>;

/** Runs ended, running, waiting; and an estimate of the time left, in ms (NaN until a run ended). */
export function sweepProgress(s: SweepState): { ended: number; running: number; waiting: number; etaMs: number } {
  let ended = 0;
  let running = 0;
  let waiting = 0;
  for (const r of s.rows) {
    if (r.status === 'running') running++;
    else if (r.status === 'pending') waiting++;
    else ended++;
  }
  const mean = s.walls.length > 0 ? s.walls.reduce((a, b) => a + b, 0) / s.walls.length : NaN;
  const workers = Math.max(1, Math.min(s.spec.workers, running + waiting));
  return { ended, running, waiting, etaMs: running + waiting === 0 ? 0 : (mean * (running + waiting)) / workers };
}

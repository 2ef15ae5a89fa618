// The store's runs list: earlier runs of this session and imported ones, their names, the run the
// others are compared with and the runs drawn with the current one.
import { type RunData, sameRun } from '../runs/run-file';
import { parseImportedRun } from '../runs/run-lines';
import type { RunStatus } from '../runs/status';
import type { Lab, Shared, Slice } from './lab';

/** The number of a default name ("Run 7", "Run 7 (EMA)", "Run 8 (baseline)"); null for a name of the user's. */
export function defaultNumber(name: string): number | null {
  const m = /^Run (\d+)(?: \((?:baseline|[A-Z]+)\))?$/.exec(name);
  return m ? Number(m[1]) : null;
}

const renumbered = (name: string, n: number) => name.replace(/^Run \d+/, `Run ${n}`);

/** A run kept in the runs list: an earlier run of this session, or one imported from a file. */
export interface SavedRun extends RunData {
  id: number;
  status: RunStatus;
}

/**
 * A stored run that fails the checks of this lab (a hand edit, a bug of an older version): kept in
 * storage as it is, listed with what is wrong and exportable, never drawn and never dropped.
 */
export interface UnreadableRun {
  /** Its name as stored, or its place in storage when it has none. */
  name: string;
  problem: string;
  /** As it was stored; saved back unchanged. */
  stored: unknown;
}

export interface RunsListState {
  runs: SavedRun[];
  /** Stored runs that could not be read; kept. */
  unreadable: UnreadableRun[];
  /** The run others are compared with (speed-up); null: none chosen. */
  referenceId: number | null;
  /** Why runs could not be stored or loaded; empty when all is well. */
  storageError: string;
  /** Saved runs drawn on the charts with the current one, in the order they were picked. */
  overlayIds: number[];
  /** Whether the reference was picked by the user (kept across reloads), not set by a race. */
  referenceChosen: boolean;
  /** The run deleted last, with where it was, for Undo; null when there is none to undo. */
  removed: { run: SavedRun; index: number; reference: boolean; overlay: boolean } | null;
}

export interface RunsListActions {
  /**
   * Adds a run file (or `npm run train`'s JSON lines, named by `fileName`) to the runs list; returns the
   * reason when the file is refused (nothing changes).
   */
  importRun: (text: string, fileName?: string) => string | null;
  /** Renames a run of the list, the current run and a racing baseline included (they are listed too). */
  renameRun: (id: number, name: string) => void;
  /**
   * Adds stored runs to the list (a reload), giving them fresh ids; `reference`: the index of the one
   * the user had picked as the reference. Default names go on from the highest stored one, and the
   * runs started before they were loaded are renamed past it, so no two runs share a name.
   */
  addRuns: (runs: Omit<SavedRun, 'id'>[], reference?: number) => void;
  /** Lists stored runs that could not be read (a reload), to keep them. */
  addUnreadable: (runs: UnreadableRun[]) => void;
  setStorageError: (message: string) => void;
  removeRun: (id: number) => void;
  /** Puts the run deleted last back where it was (reference and chart included). */
  undoRemove: () => void;
  setReference: (id: number | null) => void;
  toggleOverlay: (id: number) => void;
}

export const createRunsListSlice =
  ({ ids }: Shared): Slice<RunsListState & RunsListActions> =>
  (set, get) => ({
    runs: [],
    unreadable: [],
    referenceId: null,
    storageError: '',
    overlayIds: [],
    referenceChosen: false,
    removed: null,

    importRun: (text, fileName = 'run.json') => {
      const parsed = parseImportedRun(text, fileName);
      if (!parsed.ok) return parsed.message;
      const s = get();
      const listed = [...s.runs, s.currentRun(), ...(s.race ? [s.raceRun() as RunData] : [])];
      const same = listed.find((r) => sameRun(r, parsed.run));
      if (same) return `this run is already in the list, as “${same.name}”`;
      ids.listed += 1;
      const end = parsed.run.events.find((e) => e.type === 'finished' || e.type === 'diverged');
      set({
        runs: [...get().runs, { ...parsed.run, id: ids.listed, status: end ? (end.type as RunStatus) : 'paused' }],
      });
      return null;
    },
    renameRun: (id, name) => {
      const clean = name.trim();
      if (!clean) return;
      const r = get().race;
      if (id === get().runId) set({ runName: clean });
      else if (r && id === r.id) set({ race: { ...r, name: clean } });
      else set({ runs: get().runs.map((r) => (r.id === id ? { ...r, name: clean } : r)) });
    },
    addRuns: (runs, reference) => {
      if (runs.length === 0) return;
      const added = runs.map((r) => {
        ids.listed += 1;
        return { ...r, id: ids.listed };
      });
      const s = get();
      const highest = Math.max(0, ...added.map((r) => defaultNumber(r.name) ?? 0));
      const change: Partial<Lab> = { runs: [...added, ...s.runs] };
      // The runs started before the stored ones loaded may have taken numbers the stored ones have.
      if (highest >= ids.named - (s.race ? 1 : 0)) {
        ids.named = highest;
        if (defaultNumber(s.runName) !== null) change.runName = renumbered(s.runName, (ids.named += 1));
        if (s.race && defaultNumber(s.race.name) !== null)
          change.race = { ...s.race, name: renumbered(s.race.name, (ids.named += 1)) };
      }
      const picked = reference === undefined ? undefined : added[reference];
      if (picked) Object.assign(change, { referenceId: picked.id, referenceChosen: true });
      set(change);
    },
    addUnreadable: (runs) => {
      if (runs.length > 0) set({ unreadable: [...get().unreadable, ...runs] });
    },
    setStorageError: (message) => set({ storageError: message }),
    removeRun: (id) => {
      const s = get();
      const index = s.runs.findIndex((r) => r.id === id);
      const run = s.runs[index];
      if (!run) return;
      set({
        runs: s.runs.filter((r) => r.id !== id),
        referenceId: s.referenceId === id ? null : s.referenceId,
        overlayIds: s.overlayIds.filter((o) => o !== id),
        removed: { run, index, reference: s.referenceId === id, overlay: s.overlayIds.includes(id) },
      });
    },
    undoRemove: () => {
      const s = get();
      const r = s.removed;
      if (!r) return;
      const runs = [...s.runs];
      runs.splice(Math.min(r.index, runs.length), 0, r.run);
      set({
        runs,
        removed: null,
        ...(r.reference ? { referenceId: r.run.id } : {}),
        ...(r.overlay ? { overlayIds: [...s.overlayIds, r.run.id] } : {}),
      });
    },
    setReference: (id) => set({ referenceId: id, referenceChosen: id !== null }),
    toggleOverlay: (id) => {
      const shown = get().overlayIds;
      set({ overlayIds: shown.includes(id) ? shown.filter((o) => o !== id) : [...shown, id] });
    },
  });

// The store's runs list: earlier runs of this session and imported ones, their names, the run the
// others are compared with and the runs drawn with the current one.
import { parseRunFile, type RunData } from '../runs/run-file';
import type { RunStatus } from '../runs/status';
import type { Shared, Slice } from './lab';

/** A run kept in the runs list: an earlier run of this session, or one imported from a file. */
export interface SavedRun extends RunData {
  id: number;
  status: RunStatus;
}

export interface RunsListState {
  runs: SavedRun[];
  /** The run others are compared with (speed-up); null: none chosen. */
  referenceId: number | null;
  /** Why runs could not be stored or loaded; empty when all is well. */
  storageError: string;
  /** Saved runs drawn on the charts with the current one, in the order they were picked. */
  overlayIds: number[];
}

export interface RunsListActions {
  /** Adds a run file to the runs list; returns the reason when the file is refused (nothing changes). */
  importRun: (text: string) => string | null;
  /** Renames a run of the list, the current run and a racing baseline included (they are listed too). */
  renameRun: (id: number, name: string) => void;
  /** Adds runs (e.g. stored ones) to the list, giving them fresh ids. */
  addRuns: (runs: Omit<SavedRun, 'id'>[]) => void;
  setStorageError: (message: string) => void;
  removeRun: (id: number) => void;
  setReference: (id: number | null) => void;
  toggleOverlay: (id: number) => void;
}

export const createRunsListSlice =
  ({ ids }: Shared): Slice<RunsListState & RunsListActions> =>
  (set, get) => ({
    runs: [],
    referenceId: null,
    storageError: '',
    overlayIds: [],

    importRun: (text) => {
      const parsed = parseRunFile(text);
      if (!parsed.ok) return parsed.message;
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
    addRuns: (runs) => {
      if (runs.length === 0) return;
      const added = runs.map((r) => {
        ids.listed += 1;
        return { ...r, id: ids.listed };
      });
      set({ runs: [...added, ...get().runs] });
    },
    setStorageError: (message) => set({ storageError: message }),
    removeRun: (id) =>
      set({
        runs: get().runs.filter((r) => r.id !== id),
        referenceId: get().referenceId === id ? null : get().referenceId,
        overlayIds: get().overlayIds.filter((o) => o !== id),
      }),
    setReference: (id) => set({ referenceId: id }),
    toggleOverlay: (id) => {
      const shown = get().overlayIds;
      set({ overlayIds: shown.includes(id) ? shown.filter((o) => o !== id) : [...shown, id] });
    },
  });

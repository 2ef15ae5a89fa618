// Keeps the runs list (and the current run's metrics so far, and a racing baseline's) in the browser's IndexedDB, so a
// reload loses nothing. Stored as run files, so what comes back passes the same checks as an import;
// one that fails them is kept as it is, and listed with what is wrong.
import { get, set } from 'idb-keyval';
import { brief, isObject } from '../config/shape';
import { configToQuery } from '../config/url';
import { parseRunObject, type RunData, toRunFile } from '../runs/run-file';
import { type RunStatus, stoppedStatus } from '../runs/status';
import type { LabStore } from './lab';
import { defaultNumber, type SavedRun, type UnreadableRun } from './runs-list';

export interface RunStorage {
  load(): Promise<unknown>;
  save(files: unknown[]): Promise<void>;
}

const KEY = 'grok-lab/runs';

const STATUSES: readonly RunStatus[] = ['starting', 'paused', 'running', 'finished', 'diverged', 'error'];

/**
 * The name the user gave the current run before it trained a step: no run file is kept for a run
 * with no steps, so it is kept beside them, and given back to the run that opens after a reload with
 * the same settings (issue 25).
 */
interface UnstartedName {
  unstartedName: string;
  /** The run's settings, as the address bar writes them. */
  settings: string;
}

function isUnstartedName(item: unknown): item is UnstartedName {
  const u = item as Partial<UnstartedName> | null;
  return typeof u === 'object' && u !== null && typeof u.unstartedName === 'string' && typeof u.settings === 'string';
}

export const indexedDbStorage: RunStorage = {
  load: () => get(KEY),
  save: (files) => set(KEY, files),
};

/** A change to the list, a name or a milestone is saved after a second; new metrics alone every 10 s. */
const SAVE_AFTER_MS = 1000;
const SAVE_METRICS_EVERY_MS = 10_000;

/** Loads the stored runs into the store, then saves the list whenever it (or the current run) changes. */
export async function persistRuns(store: LabStore, storage: RunStorage): Promise<void> {
  const say = (what: string, e: unknown) =>
    store
      .getState()
      .setStorageError(
        `${what}: ${e instanceof Error ? e.message : String(e)}. Runs stay in this tab until it closes; export them to keep them.`,
      );
  try {
    const stored = await storage.load();
    if (stored !== undefined && !Array.isArray(stored)) {
      // Not the list this lab writes: kept whole (saved back inside the list), never written over.
      store
        .getState()
        .addUnreadable([
          { name: 'stored runs', problem: `the stored value is ${brief(stored)}, not a list of runs`, stored },
        ]);
    } else if (stored !== undefined) {
      const runs: Omit<SavedRun, 'id'>[] = [];
      const unreadable: UnreadableRun[] = [];
      let reference: number | undefined;
      for (const [i, item] of stored.entries()) {
        if (isUnstartedName(item)) {
          const s = store.getState();
          if (s.step === 0 && item.unstartedName.trim() && configToQuery(s.currentRun().config) === item.settings)
            s.renameRun(s.runId, item.unstartedName);
          continue;
        }
        const parsed = parseRunObject(item);
        if (!parsed.ok) {
          // Kept as it is, and listed with what is wrong: stored work is never dropped.
          const name = isObject(item) && typeof item.name === 'string' ? item.name : `stored run ${i + 1}`;
          unreadable.push({ name, problem: parsed.message, stored: item });
          continue;
        }
        const kept = item as { status?: unknown; reference?: unknown };
        if (kept.reference === true) reference = runs.length;
        // The list's own note of how the run stood; a stored run is not training, whatever it says.
        const status = STATUSES.includes(kept.status as RunStatus) ? stoppedStatus(kept.status as RunStatus) : 'paused';
        runs.push({ ...parsed.run, status });
      }
      store.getState().addRuns(runs, reference);
      store.getState().addUnreadable(unreadable);
    }
  } catch (e) {
    say('Saved runs could not be loaded', e);
  }

  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = async () => {
    timer = null;
    const s = store.getState();
    const current = s.step > 0 ? [{ ...s.currentRun(), id: s.runId, status: stoppedStatus(s.status) }] : [];
    const baseline =
      s.race && s.race.step > 0
        ? [{ ...(s.raceRun() as RunData), id: s.race.id, status: stoppedStatus(s.race.status) }]
        : [];
    // The reference the user picked is kept with its run (one a race set is not: a new race sets its own).
    const files: unknown[] = [
      ...[...s.runs, ...current, ...baseline].map((r) => ({
        ...toRunFile(r),
        status: r.status,
        ...(s.referenceChosen && r.id === s.referenceId ? { reference: true } : {}),
      })),
      ...s.unreadable.map((u) => u.stored),
    ];
    if (s.step === 0 && defaultNumber(s.runName) === null) {
      const named: UnstartedName = { unstartedName: s.runName, settings: configToQuery(s.currentRun().config) };
      files.push(named);
    }
    try {
      await storage.save(files);
      if (s.storageError) store.getState().setStorageError('');
    } catch (e) {
      say('Runs could not be saved in this browser', e);
    }
  };
  let due = Infinity;
  store.subscribe((now, before) => {
    const listChanged =
      now.runs !== before.runs ||
      now.events !== before.events ||
      now.runName !== before.runName ||
      now.status !== before.status ||
      now.race?.events !== before.race?.events ||
      now.race?.name !== before.race?.name ||
      now.race?.status !== before.race?.status ||
      now.referenceId !== before.referenceId;
    if (!listChanged && now.records === before.records && now.race?.records === before.race?.records) return;
    const at = Date.now() + (listChanged ? SAVE_AFTER_MS : SAVE_METRICS_EVERY_MS);
    if (timer !== null && at >= due) return;
    if (timer !== null) clearTimeout(timer);
    due = at;
    timer = setTimeout(() => {
      due = Infinity;
      void save();
    }, at - Date.now());
  });
}

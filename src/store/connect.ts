// Wires the store to a real training worker (browser only).
import type { Config } from '../config/schema';
import type { SweepLink } from '../config/url';
import type { PoolWorker } from '../sweep/pool';
import type { Command, WorkerEvent } from '../worker/protocol';
import { createLab, type LabStore } from './lab';
import { createSweep, DEFAULT_SWEEP_SPEC, type SweepStore } from './sweep';

function newWorker(): Worker {
  return new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module' });
}

export function connectLab(initial: Config): { store: LabStore; dispose: () => void } {
  let worker = newWorker();
  const wire = () => {
    worker.onmessage = (e: MessageEvent<WorkerEvent>) => store.getState().receive(e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      store.getState().fail(`the training worker stopped: ${e.message || 'it could not be loaded'}`);
    };
  };
  // A worker stuck in a replaced run's long step is ended, and a fresh one takes over.
  const restart = () => {
    worker.terminate();
    worker = newWorker();
    wire();
  };
  const store = createLab((command: Command) => worker.postMessage(command), initial, restart);
  wire();
  return { store, dispose: () => worker.terminate() };
}

/** The sweep's store; each of its pool's workers is a training worker of its own. */
export function connectSweep(link: SweepLink | null): SweepStore {
  const makeWorker = (): PoolWorker => {
    const worker = newWorker();
    const pooled: PoolWorker = {
      post: (command: Command) => worker.postMessage(command),
      onEvent: null,
      onFailure: null,
      terminate: () => worker.terminate(),
    };
    worker.onmessage = (e: MessageEvent<WorkerEvent>) => pooled.onEvent?.(e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      pooled.onFailure?.(`a sweep worker stopped: ${e.message || 'it could not be loaded'}`);
    };
    return pooled;
  };
  // Leave a core for the page and the lab's own worker; at most 4 by default.
  const workers = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
  return createSweep(makeWorker, {
    ...DEFAULT_SWEEP_SPEC,
    workers,
    ...(link ? { grid: link.grid, stopAfterGrok: link.stopAfterGrok } : {}),
  });
}

// Wires the store to a real training worker (browser only).
import type { Config } from '../config/schema';
import type { Command, WorkerEvent } from '../worker/protocol';
import { createLab, type LabStore } from './lab';

export function connectLab(initial: Config): { store: LabStore; dispose: () => void } {
  const worker = new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module' });
  const store = createLab((command: Command) => worker.postMessage(command), initial);
  worker.onmessage = (e: MessageEvent<WorkerEvent>) => store.getState().receive(e.data);
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    store.getState().fail(`the training worker stopped: ${e.message || 'it could not be loaded'}`);
  };
  return { store, dispose: () => worker.terminate() };
}

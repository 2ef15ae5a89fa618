// The store's backend: which one the worker trains on, the user's pin, the timing of candidates, the
// page's cross-origin isolation (wasm threads), and the worker itself: its lost device, its failure.
import type { BackendName } from '../engine/backend-names';
import type { BackendInfo, BackendPin, WorkerEvent } from '../worker/protocol';
import type { Lab, Shared, Slice } from './lab';

export interface BackendState {
  backend: BackendInfo | null;
  /** The user's backend choice; 'auto': the worker picks the fastest for each run's config. */
  backendPin: BackendPin;
  /** While the worker times these backends on the run's config (to train on the faster); else null. */
  backendTiming: BackendName[] | null;
  /** Why the page is not cross-origin isolated (wasm then runs on one thread); empty when it is. */
  isolation: string;
}

export interface BackendActions {
  /** Trains on this backend from now on ('auto': the fastest); runs in progress move at once. */
  pinBackend: (pin: BackendPin) => void;
  /** Test hook: makes the worker lose its WebGPU device, to exercise the recovery. */
  loseDevice: () => void;
  /** The worker itself failed (did not load, crashed): nothing trains until a reload. */
  fail: (message: string) => void;
}

/** What an event of the worker about its backend changes (these are about no run in particular). */
export function backendReceives(e: WorkerEvent): Partial<Lab> {
  switch (e.type) {
    case 'backend': {
      const { type: _, ...info } = e;
      return { backend: info, backendTiming: null };
    }
    case 'backend-timing':
      return { backendTiming: e.candidates };
    default:
      return {};
  }
}

export const createBackendSlice =
  ({ send }: Shared): Slice<BackendState & BackendActions> =>
  (set) => ({
    backend: null,
    backendPin: 'auto',
    backendTiming: null,
    isolation: '',

    pinBackend: (pin) => {
      set({ backendPin: pin });
      send({ type: 'pin-backend', backend: pin });
    },
    loseDevice: () => send({ type: 'lose-device' }),
    fail: (message) => set({ status: 'error', message }),
  });

// The typed messages between the page and the training worker: commands in, events out.
import type { Config, LiveKey } from '../config/schema';
import type { BackendName } from '../engine/backend';
import type { LiveValue, MetricRecord, RunEvent } from '../engine/metrics';

export type Command =
  /** Build a new run (model, optimizer, data) from a config; it starts paused. */
  | { type: 'init'; config: Config }
  | { type: 'play' }
  | { type: 'pause' }
  /** Train exactly `count` steps, then pause. */
  | { type: 'step'; count: number }
  /** Discard the run and build it again from its starting config. */
  | { type: 'reset' }
  | { type: 'set'; key: LiveKey; value: LiveValue };

export type RunStatus = 'starting' | 'paused' | 'running' | 'finished' | 'diverged' | 'error';

export type WorkerEvent =
  | { type: 'backend'; name: BackendName; notes: string[] }
  | { type: 'status'; status: RunStatus; step: number; message?: string }
  | {
    type: 'progress';
    step: number;
    records: MetricRecord[];
    events: RunEvent[];
    elapsedMs: number;
  }
  | { type: 'rejected'; message: string };

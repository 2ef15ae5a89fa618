// Everything a run needs to go on from where it stopped, as plain arrays: the parameters, the
// optimizer's and the filter's state, where the batches are in their epoch, and the metrics so far.
// Used to move a run to another backend (e.g. when the GPU device is lost).
import type { Config } from '../config/schema';
import type { FilterState } from './filters';
import type { MetricRecord, RunEvent } from './metrics';

export interface Checkpoint {
  /** The settings in force when it was taken, live changes included. */
  config: Config;
  step: number;
  activeMs: number;
  theta: Float32Array;
  adam: { t: number; m: Float32Array; v: Float32Array };
  filter: FilterState;
  batches: {
    order: Int32Array;
    cursor: number;
    rng: { words: [number, number, number, number]; spareNormal: number | null };
  };
  records: MetricRecord[];
  events: RunEvent[];
}

// The engine half of a task family (the pure half, with its keys, is src/config/tasks/family.ts): the
// data a run trains and is evaluated on, and what the trainer reads from the model for it. Only the
// engine and the training worker load this side; the registry is ./index.ts.
import type { Config } from '../../config/schema';
import type { Equations, TaskData } from '../data';
import type { FourierGroup } from '../inside/group';

export interface RunData extends TaskData {
  /** test-OOD: the reasoning tasks' third split (absent for the arithmetic table). */
  ood?: Equations;
  /** A token as people read it. */
  tokenName: (token: number) => string;
  /** Why the data cannot train, naming the key to change; null when it can. */
  problem: { key: keyof Config; message: string } | null;
}

export interface EngineFamily {
  /** The run's data, seeded by c.seed: training, validation (test-ID) and, where the family has it, test-OOD. */
  makeData: (c: Config) => RunData;
  /**
   * The group of the progress measures (src/engine/inside/progress.ts), whose rows must be the whole
   * answer table; null, or absent, where they do not apply.
   */
  progressGroup?: (c: Config) => FourierGroup | null;
}

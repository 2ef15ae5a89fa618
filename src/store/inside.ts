// The store's inside views: the latest views of the current run's model, its sparsity at every view
// so far, and the pair whose attention is shown.
import type { MetricRecord, RunEvent } from '../engine/metrics';
import type { FactsView } from '../engine/inside/facts-view';
import type { InsideView } from '../engine/inside/view';
import type { SparsityPoint } from '../runs/run-file';
import type { WorkerEvent } from '../worker/protocol';
import type { Lab, Shared, Slice } from './lab';

export interface InsideState {
  /** The latest views of the current run's model, and its sparsity at every view so far. */
  inside: InsideView | null;
  sparsity: SparsityPoint[];
  /**
   * The run's records and events as they were at the latest view: the inside charts move with the
   * views (about once a second), not with every progress report.
   */
  insideSeries: { records: MetricRecord[]; events: RunEvent[] };
  /** The pair whose attention is shown. */
  pair: { a: number; b: number };
  /** A reasoning task's views (its facts answered, one fact's attention); null for the arithmetic task. */
  facts: FactsView | null;
}

export interface InsideActions {
  /** Shows the attention for the pair (a, b) (kept inside the table by the worker). */
  pickPair: (a: number, b: number) => void;
  /** Shows the attention for the fact `index` of split `split` in the reasoning tasks' view. */
  pickFact: (split: number, index: number) => void;
}

/** A new run has no views yet (the pair shown stays). */
export const noViews: Omit<InsideState, 'pair'> = {
  inside: null,
  facts: null,
  sparsity: [],
  insideSeries: { records: [], events: [] },
};

/** What an event of the worker about the current run changes in the views of it. */
export function insideReceives(s: Lab, e: WorkerEvent): Partial<Lab> {
  switch (e.type) {
    case 'inside': {
      const { view } = e;
      const before = s.sparsity;
      // One point per step: a view at the same step (a paused run, a new pair) replaces it.
      const kept =
        before.length > 0 && (before.at(-1) as SparsityPoint).step >= view.step
          ? before.filter((q) => q.step < view.step)
          : before;
      return {
        inside: view,
        sparsity: [...kept, { step: view.step, value: view.sparsity }],
        pair: { a: view.attention.a, b: view.attention.b },
        insideSeries: { records: s.records, events: s.events },
      };
    }
    case 'facts':
      return { facts: e.view, insideSeries: { records: s.records, events: s.events } };
    case 'resumed':
      // The run went back to a checkpoint: what came after it is void.
      return {
        sparsity: s.sparsity.filter((q) => q.step <= e.step),
        insideSeries: { records: e.records, events: e.events },
      };
    default:
      return {};
  }
}

export const createInsideSlice =
  ({ send }: Shared): Slice<InsideState & InsideActions> =>
  (set) => ({
    ...noViews,
    pair: { a: 1, b: 2 },

    pickPair: (a, b) => {
      set({ pair: { a, b } });
      send({ type: 'inspect', a, b });
    },
    pickFact: (split, index) => {
      send({ type: 'inspect-fact', split, index });
    },
  });

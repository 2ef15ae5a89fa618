// What a run produces: metric records and events (docs/CONFIG.md, "Metrics"). No tfjs here, so the page
// can use these types and helpers without loading the engine.
import type { LiveKey } from '../config/schema';

export interface MetricRecord {
  step: number;
  trainLoss: number;
  trainAcc: number;
  valLoss: number;
  valAcc: number;
  /** L2 norm of all parameters. */
  weightNorm: number;
  /** L2 norm of this step's gradient, before filtering. */
  gradNorm: number;
  /** Training time since the start, pauses excluded. */
  ms: number;
}

export type LiveValue = number | string;

export type RunEvent =
  | { type: 'memorised' | 'grokked' | 'finished' | 'diverged'; step: number }
  | { type: 'change'; step: number; key: LiveKey; from: LiveValue; to: LiveValue };

export type Outcome = { kind: 'finished' | 'diverged'; step: number };

export const MEMORISED_AT = 0.99;
export const GROKKED_AT = 0.95;

/** Steps of the first memorised and grokked events, and the delay between them. */
export function milestones(events: readonly RunEvent[]): {
  memorised: number | null;
  grokked: number | null;
  delay: number | null;
} {
  const memorised = events.find((e) => e.type === 'memorised')?.step ?? null;
  const grokked = events.find((e) => e.type === 'grokked')?.step ?? null;
  return { memorised, grokked, delay: memorised !== null && grokked !== null ? grokked - memorised : null };
}

// What a run produces: metric records and events (docs/CONFIG.md, "Metrics"). No tfjs here, so the page
// can use these types and helpers without loading the engine.
import type { LiveKey } from '../config/schema';

export interface MetricRecord {
  step: number;
  trainLoss: number;
  trainAcc: number;
  /** Validation: for the reasoning tasks, test-ID. */
  valLoss: number;
  valAcc: number;
  /** test-OOD, for the reasoning tasks only. */
  oodLoss?: number;
  oodAcc?: number;
  /**
   * The logit lens, for the composition task only (with two blocks or more): the share of a fixed
   * sample of test-ID (test-OOD) facts whose bridge entity is the top entity read off the r1
   * position, at the best layer between the embeddings and the last block (see bridgeAtR1).
   */
  bridgeId?: number;
  bridgeOod?: number;
  /** L2 norm of all parameters. */
  weightNorm: number;
  /** L2 norm of this step's gradient, before filtering. */
  gradNorm: number;
  /** Training time since the start, pauses excluded. */
  ms: number;
  /**
   * Nanda et al.'s progress measures (engine/inside/progress.ts), for the arithmetic task's a + b,
   * a − b, a · b and a ÷ b only: the embeddings' key frequencies (strongest first), the share of their
   * energy in the 5 largest, and the restricted and excluded losses.
   */
  keyFrequencies?: number[];
  sparsity?: number;
  restrictedLoss?: number;
  excludedLoss?: number;
}

/**
 * The progress measures are taken at an evaluation at least this many steps after the last that had
 * them (every evaluation when `eval` ≥ 100): on a · b mod 97 each costs reading back 9,409 × 99 logits
 * and about 20 ms of CPU time, too much for every 10 steps on a GPU.
 */
export const PROGRESS_EVERY = 100;

/** The numeric progress measures of a record (keyFrequencies aside). */
export const PROGRESS_KEYS = ['sparsity', 'restrictedLoss', 'excludedLoss'] as const;

export type LiveValue = number | string;

export type RunEvent =
  | { type: 'memorised' | 'grokked' | 'grokked-ood' | 'finished' | 'diverged'; step: number }
  | { type: 'change'; step: number; key: LiveKey; from: LiveValue; to: LiveValue };

export type Outcome = { kind: 'finished' | 'diverged'; step: number };

export const MEMORISED_AT = 0.99;
export const GROKKED_AT = 0.95;

/**
 * Steps of the first memorised and grokked events (validation, or test-ID), the delay between them,
 * and for the reasoning tasks when test-OOD grokked.
 */
export function milestones(events: readonly RunEvent[]): {
  memorised: number | null;
  grokked: number | null;
  delay: number | null;
  grokkedOod: number | null;
} {
  const memorised = events.find((e) => e.type === 'memorised')?.step ?? null;
  const grokked = events.find((e) => e.type === 'grokked')?.step ?? null;
  const grokkedOod = events.find((e) => e.type === 'grokked-ood')?.step ?? null;
  return {
    memorised,
    grokked,
    delay: memorised !== null && grokked !== null ? grokked - memorised : null,
    grokkedOod,
  };
}

// The loop of a headless run: advance in chunks until the run ends (its step budget, divergence), a
// stop is requested (a signal), or --stop-after-grok's steps after grokking have passed.
import { type MetricRecord, milestones, type RunEvent } from '../engine/trainer';

/** What the loop needs of a Trainer (a test can stand in for one). */
export interface Advancing {
  readonly step: number;
  readonly outcome: unknown;
  readonly events: readonly RunEvent[];
  advance(maxSteps: number): Promise<{ records: MetricRecord[]; events: RunEvent[] }>;
}

/** How the run ended, for programs (`end` in the summary line), and the same in words. */
export type RunEnd = { end: 'finished' | 'grokked' | 'diverged' | 'stopped'; status: string };

export interface LoopOptions {
  /** Steps per advance() call. */
  chunk: number;
  stopAfterGrok: number | null;
  stopRequested: () => boolean;
  /** After each chunk, with what it produced. */
  onChunk: (records: MetricRecord[], events: RunEvent[]) => void | Promise<void>;
}

/** Runs `trainer` to its end; returns the step it was told to stop at after grokking (or Infinity). */
export async function runToEnd(trainer: Advancing, o: LoopOptions): Promise<number> {
  let endAt = Infinity;
  while (!trainer.outcome && !o.stopRequested() && trainer.step < endAt) {
    const { records, events } = await trainer.advance(Math.min(o.chunk, endAt - trainer.step));
    await o.onChunk(records, events);
    const grokked = milestones(trainer.events).grokked;
    if (o.stopAfterGrok !== null && grokked !== null) endAt = grokked + o.stopAfterGrok;
  }
  return endAt;
}

export function runEnd(
  trainer: { step: number; outcome: { kind: string; step: number } | null },
  endAt: number,
  stopAfterGrok: number | null,
): RunEnd {
  if (trainer.outcome?.kind === 'diverged')
    return { end: 'diverged', status: `diverged at step ${trainer.outcome.step}` };
  if (trainer.outcome) return { end: 'finished', status: 'finished' };
  if (trainer.step >= endAt)
    return {
      end: 'grokked',
      status: `stopped at step ${trainer.step}, ${stopAfterGrok} steps after grokking (--stop-after-grok)`,
    };
  return { end: 'stopped', status: `stopped at step ${trainer.step}` };
}

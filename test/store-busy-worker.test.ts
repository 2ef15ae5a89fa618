// A new run started while the worker is busy with a step of the run it replaces. On wasm and cpu a
// step holds the worker's thread, so the worker cannot say it waits: the store says it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SMALL_GROKFAST_CONFIG, SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { createLab, WORKER_ANSWER_MS } from '../src/store/lab';
import { type Command, WAITING_FOR_STEP } from '../src/worker/protocol';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function running(backend: 'cpu' | 'webgpu' = 'cpu') {
  const sent: Command[] = [];
  const restarts: number[] = [];
  const store = createLab(
    (c) => sent.push(c),
    SMALL_GROKKING_CONFIG,
    () => restarts.push(1),
  );
  const lab = () => store.getState();
  lab().load(SMALL_GROKKING_CONFIG);
  lab().receive({
    type: 'backend',
    name: backend,
    choice: { how: 'pinned', why: 'the user pinned it' },
    notes: [],
    isolated: true,
  });
  lab().receive({ type: 'status', run: 1, status: 'running', step: 3 });
  return { sent, restarts, lab };
}

describe('a worker that does not answer a new run', () => {
  it('is said to be busy with the replaced run’s step, and the user can stop waiting', () => {
    const { lab, restarts, sent } = running();
    lab().load(SMALL_GROKFAST_CONFIG);
    expect(lab().status).toBe('starting');
    expect(lab().message).toBe('');
    vi.advanceTimersByTime(WORKER_ANSWER_MS - 1);
    expect(lab().message).toBe('');
    vi.advanceTimersByTime(1);
    expect(lab().message.startsWith(`${WAITING_FOR_STEP} on cpu to finish`)).toBe(true);
    sent.length = 0;
    lab().restartWorker?.();
    expect(restarts).toEqual([1]);
    expect(sent.map((c) => c.type)).toEqual(['init']);
  });

  it('says nothing when the worker answers in time, or when no step was running', () => {
    const answered = running();
    answered.lab().load(SMALL_GROKFAST_CONFIG);
    answered.lab().receive({ type: 'status', run: 2, status: 'paused', step: 0 });
    vi.advanceTimersByTime(WORKER_ANSWER_MS * 2);
    expect(answered.lab().message).toBe('');

    const idle = running();
    idle.lab().receive({ type: 'status', run: 1, status: 'paused', step: 3 });
    idle.lab().load(SMALL_GROKFAST_CONFIG);
    vi.advanceTimersByTime(WORKER_ANSWER_MS * 2);
    expect(idle.lab().status).toBe('starting');
    expect(idle.lab().message).toBe('');
  });
});

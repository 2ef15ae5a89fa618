// bench/trace-attribution.ts reads npm run bench:longtasks's traces: only the page's main thread
// counts, a task's CPU time is its thread time, and its time goes to the events and sampled
// functions inside it (the training worker's own profile is left out).
import { describe, expect, it } from 'vitest';
import { attributeLongTasks, mainThreadTasks, traceEvents } from '../bench/trace-attribution';

const MAIN = { pid: 1, tid: 10 };
const WORKER = { pid: 1, tid: 20 };
const frame = (functionName: string) => ({ functionName, url: 'http://x/assets/index.js', lineNumber: 9 });

const EVENTS = [
  { name: 'thread_name', ph: 'M', ...MAIN, ts: 0, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', ...WORKER, ts: 0, args: { name: 'DedicatedWorker thread' } },
  // A long task of the main thread: 80 ms of wall time, 30 of CPU.
  { name: 'RunTask', ph: 'X', ...MAIN, ts: 1_000_000, dur: 80_000, tdur: 30_000 },
  { name: 'FunctionCall', ph: 'X', ...MAIN, ts: 1_000_000, dur: 50_000, tdur: 20_000 },
  { name: 'Layout', ph: 'X', ...MAIN, ts: 1_010_000, dur: 5_000 }, // inside the FunctionCall
  { name: 'Paint', ph: 'X', ...MAIN, ts: 1_060_000, dur: 10_000 },
  // A short one, and the worker's long ones (not the page's main thread).
  { name: 'RunTask', ph: 'X', ...MAIN, ts: 2_000_000, dur: 4_000, tdur: 3_000 },
  { name: 'RunTask', ph: 'X', ...WORKER, ts: 1_000_000, dur: 500_000, tdur: 500_000 },
  // The main thread's profile: samples 4 ms apart from 1,000 ms, in draw (called by render), then not in script.
  { name: 'Profile', ph: 'P', ...MAIN, id: '0x1', ts: 999_000, args: { data: { startTime: 996_000 } } },
  {
    name: 'ProfileChunk',
    ph: 'P',
    ...MAIN,
    id: '0x1',
    ts: 1_100_000,
    args: {
      data: {
        cpuProfile: {
          nodes: [
            { id: 1, callFrame: { functionName: '(root)' } },
            { id: 2, parent: 1, callFrame: frame('render') },
            { id: 3, parent: 2, callFrame: frame('draw') },
            { id: 4, parent: 1, callFrame: { functionName: '(program)' } },
          ],
          samples: [3, 3, 2, 4, 4],
        },
        timeDeltas: [4_000, 4_000, 4_000, 4_000, 4_000],
      },
    },
  },
  // The worker's profile, at the same times: none of it is the page's.
  { name: 'Profile', ph: 'P', ...WORKER, id: '0x2', ts: 999_000, args: { data: { startTime: 990_000 } } },
  {
    name: 'ProfileChunk',
    ph: 'P',
    ...WORKER,
    id: '0x2',
    ts: 1_100_000,
    args: {
      data: {
        cpuProfile: { nodes: [{ id: 1, callFrame: frame('stepOnce') }], samples: [1, 1, 1] },
        timeDeltas: [10_000, 10_000, 10_000],
      },
    },
  },
];

describe('trace attribution', () => {
  it('lists the main thread’s tasks only, with wall and CPU time', () => {
    expect(mainThreadTasks(traceEvents({ traceEvents: EVENTS }))).toEqual([
      { startUs: 1_000_000, wallMs: 80, cpuMs: 30 },
      { startUs: 2_000_000, wallMs: 4, cpuMs: 3 },
    ]);
  });

  it('attributes a long task to its direct events and to the functions sampled in it', () => {
    const [task, ...others] = attributeLongTasks(traceEvents(EVENTS));
    expect(others).toEqual([]);
    expect(task?.wallMs).toBe(80);
    expect(task?.parts).toEqual([
      ['FunctionCall', 50],
      ['Paint', 10],
    ]);
    // Samples at 1,000 to 1,016 ms: draw, draw, render, (program), (program); each lasts until the
    // next one, at most 5 ms (the last one: the task goes on without samples after it).
    expect(task?.selfTime).toEqual([
      ['(program)', 9],
      ['draw index.js:10', 8],
      ['render index.js:10', 4],
    ]);
    expect(task?.totalTime).toEqual([
      ['(root)', 21],
      ['render index.js:10', 12],
      ['(program)', 9],
      ['draw index.js:10', 8],
    ]);
    expect(JSON.stringify(task)).not.toContain('stepOnce');
  });

  it('finds a task by its CPU time when asked to, and refuses a file that is not a trace', () => {
    expect(attributeLongTasks(EVENTS as never, { wallMs: 1000, cpuMs: 20 })).toHaveLength(1);
    expect(attributeLongTasks(EVENTS as never, { wallMs: 1000, cpuMs: 40 })).toHaveLength(0);
    expect(() => traceEvents({ events: [] })).toThrow('not a Chrome trace: no traceEvents list');
  });
});

// What Chromium's main thread did during its long tasks, read from a performance trace (the
// devtools.timeline and v8 CPU-profiler categories): each task over 50 ms with the trace events that
// make it up (scripts, style, layout, paint, garbage collection) and the JavaScript functions the
// sampling profiler caught in it. Used by `npm run bench:longtasks -- --profile`.

/** One event of a Chrome trace file (the fields read here). */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** The thread's own CPU time in the event (µs): unlike dur, not stretched by other processes. */
  tdur?: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number; columnNumber?: number };
}

/** One task of the page's main thread: wall time and the thread's own CPU time (ms). */
export interface MainTask {
  startUs: number;
  wallMs: number;
  cpuMs: number;
}

export interface LongTaskReport extends MainTask {
  /** Time by trace event name, the task's direct children (ms), largest first. */
  parts: [string, number][];
  /** Sampled JavaScript, self time by function (ms), largest first. */
  selfTime: [string, number][];
  /** Sampled JavaScript, time by function with its callees (ms), largest first. */
  totalTime: [string, number][];
}

const frameName = (n: ProfileNode): string => {
  const f = n.callFrame;
  const file = (f.url ?? '').split('/').pop() ?? '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${(f.lineNumber ?? 0) + 1}` : ''}`;
};

const mainThreadOf = (events: readonly TraceEvent[]) => {
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}/${e.tid}`),
  );
  return (e: TraceEvent) => mainThreads.has(`${e.pid}/${e.tid}`);
};

const toTask = (e: TraceEvent): MainTask => ({
  startUs: e.ts,
  wallMs: (e.dur ?? 0) / 1000,
  cpuMs: (e.tdur ?? e.dur ?? 0) / 1000,
});

/** Every task the page's main thread (the renderer's) ran in the trace, in time order. */
export function mainThreadTasks(events: readonly TraceEvent[]): MainTask[] {
  const onMain = mainThreadOf(events);
  return events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && onMain(e))
    .map(toTask)
    .sort((a, b) => a.startUs - b.startUs);
}

/**
 * The main thread's tasks that took over `wallMs` of wall time or over `cpuMs` of the thread's own
 * CPU time, attributed to trace events and sampled functions.
 */
export function attributeLongTasks(
  events: readonly TraceEvent[],
  { wallMs = 50, cpuMs = 50, top = 8 }: { wallMs?: number; cpuMs?: number; top?: number } = {},
): LongTaskReport[] {
  const onMain = mainThreadOf(events);
  const tasks = events.filter(
    (e) =>
      e.ph === 'X' &&
      e.name === 'RunTask' &&
      onMain(e) &&
      ((e.dur ?? 0) > wallMs * 1000 || (e.tdur ?? e.dur ?? 0) > cpuMs * 1000),
  );
  const complete = events.filter((e) => e.ph === 'X' && onMain(e) && e.name !== 'RunTask');

  // The sampling profiler's samples, with their times (Profile gives the start, ProfileChunk the deltas).
  const nodes = new Map<string, Map<number, ProfileNode>>();
  const samples: { at: number; node: ProfileNode; profile: string }[] = [];
  const clock = new Map<string, number>();
  // Only the main thread's profiles: workers (the training worker) are sampled too, in profiles of their own.
  const mainProfiles = new Set<string>();
  for (const e of events) {
    const key = `${e.pid}/${e.id ?? ''}`;
    if (e.name === 'Profile') {
      clock.set(key, e.args?.data?.startTime ?? e.ts);
      if (onMain(e)) mainProfiles.add(key);
    }
    if (e.name !== 'ProfileChunk' || !mainProfiles.has(key)) continue;
    const data = e.args?.data;
    const known = nodes.get(key) ?? new Map<number, ProfileNode>();
    nodes.set(key, known);
    for (const n of data?.cpuProfile?.nodes ?? []) known.set(n.id, n);
    const ids = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    let t = clock.get(key) ?? e.ts;
    ids.forEach((id, i) => {
      t += deltas[i] ?? 0;
      const node = known.get(id);
      if (node) samples.push({ at: t, node, profile: key });
    });
    clock.set(key, t);
  }
  samples.sort((a, b) => a.at - b.at);

  return tasks.map((task) => {
    const end = task.ts + (task.dur ?? 0);
    const same = (e: TraceEvent) => e.pid === task.pid && e.tid === task.tid;
    const inside = complete.filter((e) => same(e) && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    // Direct children: those not inside another event of the task.
    const parts = new Map<string, number>();
    let coveredTo = -1;
    for (const e of inside.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
      if (e.ts < coveredTo) continue;
      coveredTo = e.ts + (e.dur ?? 0);
      parts.set(e.name, (parts.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    }
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    const within = samples.filter((s) => s.at >= task.ts && s.at <= end);
    for (let i = 0; i < within.length; i++) {
      const s = within[i] as (typeof within)[number];
      const next = within[i + 1]?.at ?? end;
      const ms = Math.min(next - s.at, 5000) / 1000;
      const name = frameName(s.node);
      self.set(name, (self.get(name) ?? 0) + ms);
      const seen = new Set<string>();
      const known = nodes.get(s.profile);
      for (let n: ProfileNode | undefined = s.node; n; n = n.parent === undefined ? undefined : known?.get(n.parent)) {
        const f = frameName(n);
        if (seen.has(f)) continue;
        seen.add(f);
        total.set(f, (total.get(f) ?? 0) + ms);
      }
    }
    const sorted = (m: Map<string, number>): [string, number][] =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([k, v]) => [k, Math.round(v * 10) / 10]);
    return {
      ...toTask(task),
      parts: sorted(parts),
      selfTime: sorted(self),
      totalTime: sorted(total),
    };
  });
}

/** A trace file's events: either a bare array or `{ traceEvents }`. */
export function traceEvents(json: unknown): TraceEvent[] {
  if (Array.isArray(json)) return json as TraceEvent[];
  const events = (json as { traceEvents?: unknown } | null)?.traceEvents;
  if (!Array.isArray(events)) throw new Error('not a Chrome trace: no traceEvents list');
  return events as TraceEvent[];
}

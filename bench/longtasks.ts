// npm run bench:longtasks — the main thread while the page trains (issue 25, item 9): drives the built
// page in headless Chromium, trains the small preset on wasm (the backend a machine without a GPU
// trains on) for half a minute and prints every long task (over 50 ms) Chromium reported meanwhile.
// Numbers only; nothing asserted. Quiet the machine first: other work shows up as long tasks.
// Each round also records a light performance trace, which gives each main-thread task's own CPU
// time: unlike the long tasks' wall time, it is not stretched when other processes take the cores,
// so the second list (tasks over 50 ms of CPU) says what the page itself does on a busy machine.
//
//   npm run bench:longtasks -- [rounds] [--race] [--port N] [--seconds S] [--profile]
// --race trains the small preset's race (both runs, in lockstep) instead of the one run; --profile
// traces the JavaScript sampling profiler too, and prints what each task over 50 ms (wall) or 16 ms
// (CPU) spent its time on: trace events (script, style, layout, paint, GC) and the functions sampled
// (run `npx vite build --minify false` and then `npx tsx bench/longtasks.ts --profile` for names).
// The traces are kept in bench-results/longtasks-N.json (chrome://tracing or DevTools opens them).
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { SMALL_GROKFAST_CONFIG } from '../src/config/presets';
import { configToQuery } from '../src/config/url';
import { CHROMIUM_PATH, WEBGPU_ARGS } from '../e2e/chromium';
import { startPreview } from '../e2e/preview';
import { attributeLongTasks, mainThreadTasks, traceEvents } from './trace-attribution';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const PORT = Number(option('--port') ?? 4182);
const RACE = args.includes('--race');
const PROFILE = args.includes('--profile');
const TRAIN_MS = Number(option('--seconds') ?? 30) * 1000;
const ROUNDS = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 3);
for (const [name, v] of [
  ['--port', PORT],
  ['--seconds', TRAIN_MS],
  ['rounds', ROUNDS],
] as const)
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive whole number, got ${String(v)}`);

interface LongTasks {
  durations: number[];
  steps: number;
}

/** Trace categories: RunTask with its thread time; with --profile, scripts, GC and JS samples too. */
const LIGHT = ['disabled-by-default-devtools.timeline'];
const FULL = [
  ...LIGHT,
  'devtools.timeline',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'disabled-by-default-v8.gc',
];

async function round(url: string, trace: string): Promise<LongTasks> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // Recorded from the page's first script on; only those while training are counted.
    await page.addInitScript(() => {
      const seen: { start: number; duration: number }[] = [];
      Object.assign(window, { longTasks: seen });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) seen.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    await page.getByTestId('status').filter({ hasText: 'paused' }).waitFor({ timeout: 120_000 });
    const from = await page.evaluate(() => performance.now());
    await browser.startTracing(page, { path: trace, categories: PROFILE ? FULL : LIGHT });
    await page.keyboard.press('Space');
    await page.waitForTimeout(TRAIN_MS);
    await browser.stopTracing();
    return await page.evaluate((t0) => {
      const w = window as unknown as {
        longTasks: { start: number; duration: number }[];
        grokLab: { progress: () => { step: number } };
      };
      return {
        durations: w.longTasks.filter((e) => e.start >= t0).map((e) => Math.round(e.duration)),
        steps: w.grokLab.progress().step,
      };
    }, from);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const server = await startPreview(PORT);
  // A long step budget so the run does not finish within the half minute.
  const url = `${server.url}?${configToQuery({ ...SMALL_GROKFAST_CONFIG, steps: 100_000 }, { race: RACE }, 'wasm')}`;
  try {
    console.log(`small preset${RACE ? "'s race" : ''} on wasm, ${TRAIN_MS / 1000} s of training per round, 1366×768`);
    console.log(
      'round | steps trained | long tasks (wall ms) | tasks over 50 ms of CPU (ms) | longest CPU (ms) | main thread CPU (s)',
    );
    mkdirSync('bench-results', { recursive: true });
    const list = (ms: number[]) => (ms.length === 0 ? 'none' : ms.map((m) => Math.round(m)).join(', '));
    for (let i = 1; i <= ROUNDS; i++) {
      const trace = `bench-results/longtasks-${i}.json`;
      const { durations, steps } = await round(url, trace);
      const events = traceEvents(JSON.parse(readFileSync(trace, 'utf8')));
      const cpu = mainThreadTasks(events).map((t) => t.cpuMs);
      const total = cpu.reduce((a, b) => a + b, 0) / 1000;
      console.log(
        `${i} | ${steps} | ${list(durations)} | ${list(cpu.filter((ms) => ms > 50))} | ` +
          `${Math.round(Math.max(0, ...cpu))} | ${total.toFixed(1)}`,
      );
      if (PROFILE) {
        for (const t of attributeLongTasks(events, { wallMs: 50, cpuMs: 16 })) {
          console.log(`  task of ${Math.round(t.wallMs)} ms (${Math.round(t.cpuMs)} ms of CPU)`);
          console.log(`    parts: ${t.parts.map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ')}`);
          console.log(`    self:  ${t.selfTime.map(([n, ms]) => `${n} ${ms}`).join(' | ')}`);
          console.log(`    total: ${t.totalTime.map(([n, ms]) => `${n} ${ms}`).join(' | ')}`);
        }
      }
    }
  } finally {
    server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

// npm run bench:ui — what the page costs, in headless Chromium. Numbers only; nothing asserted.
// 1. Main-thread time of one live chart update with a long run's history behind it: drives the chart
//    benchmark page (bench/charts.tsx, built into dist-bench/) and reads Chromium's own task-time
//    counter before and after each update.
// 2. Training speed of the page's worker against the engine alone in Node, same backend (wasm) and
//    config (the small preset), both timed by the wall clock with evaluations included.
// 3. wasm threads: the page's worker on the small preset and the paper config, cross-origin isolated
//    (tfjs-wasm's threaded build, as many threads as it takes) and not isolated (its single-threaded
//    build: a static server without the headers, service workers blocked).
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { type Config, DEFAULT_CONFIG } from '../src/config/schema';
import { configToQuery } from '../src/config/url';
import { Trainer } from '../src/engine/trainer';
import { useNodeBackend } from '../src/node/backends';
import { CHROMIUM_PATH, WASM_ONLY_ARGS, WEBGPU_ARGS } from '../e2e/chromium';
import { startPreview } from '../e2e/preview';

// `npm run bench:ui -- [charts] [--port N]`: only the chart updates (1.) with `charts`; the servers on
// ports N, N+1 and N+2 (default 4179), so that two checkouts on one machine can run it at once.
const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const PORT = portArg < 0 ? 4179 : Number(args[portArg + 1]);
if (!Number.isInteger(PORT) || PORT <= 0 || PORT > 65533)
  throw new Error(`--port must be a port number, got ${String(args[portArg + 1])}`);
const SITE_PORT = PORT + 1;
const PLAIN_PORT = PORT + 2;
const ONLY_CHARTS = args.includes('charts');
const SPEED_STEPS = 1500;
const UPDATES = 30;
/** Records of history: eval every 10 steps, so 1,000 records = 10,000 steps. */
const HISTORY = [100, 1000, 10000];

async function charts(): Promise<void> {
  const server = await startPreview(PORT, 'vite.bench.config.ts');
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_ARGS });
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${server.url}charts.html`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // Wall time of the main thread's tasks, and its own CPU time (ThreadTime: not stretched when
    // other processes take the cores, so it reads the same on a loaded machine).
    const taskMs = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const ms = (name: string) => 1000 * (metrics.find((m) => m.name === name)?.value ?? 0);
      return { wall: ms('TaskDuration'), cpu: ms('ThreadTime') };
    };
    const settle = () =>
      page.evaluate(
        () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30)))),
      );
    let have = 0;
    console.log(
      'history (steps at eval 10) | median ms per update | max ms | median ms of CPU | max ms of CPU | updates',
    );
    for (const size of HISTORY) {
      await page.evaluate(
        (n) => (window as unknown as { benchAppend: (n: number) => void }).benchAppend(n),
        size - have,
      );
      have = size;
      await settle();
      // The chart's code comes on demand (src/ui/chart/MetricsCharts.tsx): measure only once it is drawn.
      await page.getByTestId('accuracy-chart').waitFor();
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < UPDATES; i++) {
        const before = await taskMs();
        await page.evaluate(() => (window as unknown as { benchAppend: (n: number) => void }).benchAppend(1));
        await settle();
        const after = await taskMs();
        wall.push(after.wall - before.wall);
        cpu.push(after.cpu - before.cpu);
        have += 1;
      }
      const stats = (ms: number[]) => {
        const sorted = [...ms].sort((a, b) => a - b);
        return `${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(1)} | ${(sorted.at(-1) ?? 0).toFixed(1)}`;
      };
      console.log(`${(size * 10).toLocaleString('en-US')} | ${stats(wall)} | ${stats(cpu)} | ${UPDATES}`);
    }
    await browser.close();
  } finally {
    server.stop();
  }
}

interface PageProgress {
  step: number;
  status: string;
  backend: string | undefined;
  threads: number | null;
}

/** The built site (dist/) from Python's static server: no cross-origin isolation headers. */
async function plainServer(): Promise<{ url: string; stop: () => void }> {
  const server = spawn('python3', ['-m', 'http.server', String(PLAIN_PORT), '--bind', '127.0.0.1', '-d', 'dist'], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${PLAIN_PORT}/`;
  for (let waited = 0; ; waited += 100) {
    try {
      await fetch(url);
      return { url, stop: () => server.kill() };
    } catch {
      if (waited > 10_000) throw new Error('python3 -m http.server did not answer');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Steps per second of the page's worker on wasm, over `steps` steps after `warm` steps; isolated
 * (vite preview's headers) or not (a plain static server, service workers blocked).
 */
async function pageSpeed(
  config: Config = SMALL_GROKKING_CONFIG,
  isolated = true,
  warm = 200,
  steps = SPEED_STEPS,
): Promise<{ rate: number; threads: number | null }> {
  const server = isolated ? await startPreview(SITE_PORT) : await plainServer();
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WASM_ONLY_ARGS });
    const page = await browser.newPage({ serviceWorkers: isolated ? 'allow' : 'block' });
    // steps=99999: a config equal to the defaults would otherwise give a bare address.
    await page.goto(`${server.url}?${configToQuery({ ...config, steps: 99999 })}&autoplay=1`);
    // Null until the page has started (it may first reload itself to become cross-origin isolated).
    const progress = () =>
      page.evaluate(
        () => (window as unknown as { grokLab?: { progress: () => PageProgress } }).grokLab?.progress() ?? null,
      );
    const waitFor = async (step: number) => {
      for (;;) {
        const p = await progress();
        if (p && p.step >= step) return p;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const warmed = await waitFor(warm);
    if (warmed.backend !== 'wasm') throw new Error(`the page trains on ${warmed.backend}, not wasm`);
    const t0 = performance.now();
    const s0 = warmed.step;
    const end = await waitFor(s0 + steps);
    const rate = (1000 * (end.step - s0)) / (performance.now() - t0);
    await browser.close();
    return { rate, threads: end.threads };
  } finally {
    server.stop();
  }
}

/** Steps per second of the engine alone in Node on wasm, chunked as the CLI does. */
async function engineSpeed(): Promise<number> {
  await useNodeBackend('wasm');
  const t = new Trainer(SMALL_GROKKING_CONFIG);
  await t.advance(200);
  const t0 = performance.now();
  for (let done = 0; done < SPEED_STEPS; done += 100) await t.advance(100);
  const rate = (1000 * SPEED_STEPS) / (performance.now() - t0);
  t.dispose();
  return rate;
}

async function main(): Promise<void> {
  await charts();
  if (ONLY_CHARTS) return;
  const inPage = (await pageSpeed()).rate;
  const alone = await engineSpeed();
  console.log('\ntraining speed, small preset on wasm, evaluations included (steps/s)');
  console.log(
    `page worker ${inPage.toFixed(1)} | engine in Node ${alone.toFixed(1)} | page/engine ${(inPage / alone).toFixed(2)}`,
  );
  console.log('\nwasm in the page, cross-origin isolated (threaded build) or not, evaluations included (steps/s)');
  console.log('config | isolated: threads | isolated: steps/s | not isolated: steps/s | gain');
  for (const [name, config, warm, steps] of [
    ['small', SMALL_GROKKING_CONFIG, 200, SPEED_STEPS],
    ['paper', DEFAULT_CONFIG, 3, 20],
  ] as const) {
    const on = await pageSpeed(config, true, warm, steps);
    const off = await pageSpeed(config, false, warm, steps);
    console.log(
      `${name} | ${on.threads} | ${on.rate.toFixed(2)} | ${off.rate.toFixed(2)} | ${(on.rate / off.rate).toFixed(2)}×`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

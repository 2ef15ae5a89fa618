// npm run size: builds the site and prints what each part of it weighs, raw and gzip-compressed
// (level 9), as a browser loads it: the script the page loads up front (file by file), the page's
// chunks loaded on demand, the training worker, each tfjs backend the worker loads on demand (with the
// chunks only it needs), and the WebAssembly binaries (one of the three loads). It fails (exit 1)
// when the page's up-front JavaScript is over its budget (bench/page-scripts.ts); npm test runs it.
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  dynamicImports,
  htmlLoads,
  onDemandScripts,
  overBudget,
  PAGE_SCRIPT_BUDGET,
  staticClosure,
  upFrontScripts,
} from './page-scripts';

const DIST = 'dist';

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The backend whose name a chunk's code says most (tfjs registers each kernel with it). */
function backendOf(text: string): string | undefined {
  const counts = BACKENDS.map((b) => [b, text.split(`\`${b}\``).length + text.split(`'${b}'`).length - 2] as const);
  const [name, n] = counts.reduce((best, c) => (c[1] > best[1] ? c : best));
  return n > 0 ? name : undefined;
}

const read = (file: string) => readFileSync(join(DIST, file));
const raw = (files: readonly string[]) => files.reduce((n, f) => n + read(f).length, 0);
const gzip = (files: readonly string[]) => files.reduce((n, f) => n + gzipSync(read(f), { level: 9 }).length, 0);
const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const short = (f: string) => f.replace(/^assets\//, '');

function row(name: string, files: readonly string[], listed = true): string {
  return `| ${name} | ${kB(raw(files))} | ${kB(gzip(files))} | ${listed ? files.map(short).join(', ') : ''} |`;
}

execSync('npx vite build --logLevel error', { stdio: 'inherit' });
const assets = readdirSync(join(DIST, 'assets')).map((f) => `assets/${f}`);
const worker = assets.find((f) => f.startsWith('assets/training.worker-'));
if (!worker) throw new Error(`no training worker in ${DIST}/assets`);

const upFront = upFrontScripts(read);
const styles = htmlLoads(read('index.html').toString(), 'styles');
const laterStyles = assets.filter((f) => f.endsWith('.css') && !styles.includes(f));
const rows = ['| part | raw | gzip | files |', '|---|---|---|---|'];
rows.push(row('the page: HTML and styles', ['index.html', ...styles]));
for (const f of upFront) rows.push(row(`  script ${short(f)}`, [f], false));
rows.push(row('the page: script up front, in all', upFront, false));
rows.push(
  row('+ the page on demand (charts, inside views, sweep, explainer)', [
    ...onDemandScripts(read, upFront),
    ...laterStyles,
  ]),
);
const inWorker = new Set(staticClosure([worker], read));
rows.push(row('training worker (tfjs core, engine)', [...inWorker]));
// Each backend with the chunks it alone needs (the fused WebGPU kernels join the webgpu backend).
const byBackend = new Map<string, Set<string>>();
for (const chunk of [...inWorker].flatMap((f) => dynamicImports(f, read(f).toString()))) {
  const name = backendOf(read(chunk).toString()) ?? short(chunk);
  const files = byBackend.get(name) ?? new Set<string>();
  staticClosure([chunk], read, inWorker).forEach((f) => files.add(f));
  byBackend.set(name, files);
}
for (const [name, files] of byBackend) rows.push(row(`+ ${name} backend`, [...files]));
for (const wasm of assets.filter((f) => f.endsWith('.wasm')))
  rows.push(row(`+ ${short(wasm).split('-').slice(0, -1).join('-')}`, [wasm]));
console.log(rows.join('\n'));

const problem = overBudget(raw(upFront));
if (problem) {
  console.error(`\nnpm run size: ${problem}.`);
  process.exitCode = 1;
} else {
  console.log(`\nThe page's up-front script: ${kB(raw(upFront))} of its ${kB(PAGE_SCRIPT_BUDGET)} budget.`);
}

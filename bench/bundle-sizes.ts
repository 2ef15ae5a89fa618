// npm run size: builds the site and prints what each part of it weighs, raw and gzip-compressed
// (level 9), as a browser loads it: the page, the training worker, each tfjs backend the worker loads
// on demand (with the chunks only it needs), and the WebAssembly binaries (one of the three loads).
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'dist';
const ASSETS = join(DIST, 'assets');

const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The backend whose name a chunk's code says most (tfjs registers each kernel with it). */
function backendOf(text: string): string | undefined {
  const counts = BACKENDS.map((b) => [b, text.split(`\`${b}\``).length + text.split(`'${b}'`).length - 2] as const);
  const [name, n] = counts.reduce((best, c) => (c[1] > best[1] ? c : best));
  return n > 0 ? name : undefined;
}

const read = (file: string) => readFileSync(join(ASSETS, file));
const staticImports = (file: string) =>
  [
    ...read(file)
      .toString()
      .matchAll(/from\s*"\.\/([^"]+\.js)"/g),
  ].map((m) => m[1] as string);
const dynamicImports = (file: string) =>
  [
    ...read(file)
      .toString()
      .matchAll(/import\(\s*[`"']\.\/([^`"']+\.js)[`"']\s*\)/g),
  ].map((m) => m[1] as string);

/** `file` and every chunk it imports statically, except those in `loaded`. */
function closure(file: string, loaded: Set<string>): string[] {
  const out: string[] = [];
  const visit = (f: string) => {
    if (loaded.has(f) || out.includes(f)) return;
    out.push(f);
    staticImports(f).forEach(visit);
  };
  visit(file);
  return out;
}

function sizes(files: { path: string; bytes: Buffer }[]): [number, number] {
  return files.reduce<[number, number]>(
    ([raw, gz], f) => [raw + f.bytes.length, gz + gzipSync(f.bytes, { level: 9 }).length],
    [0, 0],
  );
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

function row(name: string, files: { path: string; bytes: Buffer }[]): string {
  const [raw, gz] = sizes(files);
  return `| ${name} | ${kB(raw)} | ${kB(gz)} | ${files.map((f) => f.path).join(', ')} |`;
}

execSync('npx vite build --logLevel error', { stdio: 'inherit' });
const asset = (f: string) => ({ path: f, bytes: read(f) });
const all = readdirSync(ASSETS);
const html = readFileSync(join(DIST, 'index.html'));
const pageEntry = all.find((f) => /^index-.*\.js$/.test(f));
const worker = all.find((f) => f.startsWith('training.worker-'));
if (!pageEntry || !worker) throw new Error(`no page entry or worker in ${ASSETS}`);

const rows = ['| part | raw | gzip | files |', '|---|---|---|---|'];
const page = closure(pageEntry, new Set());
rows.push(
  row('page (HTML, script, styles)', [
    { path: 'index.html', bytes: html },
    ...page.map(asset),
    ...all.filter((f) => f.endsWith('.css')).map(asset),
  ]),
);
const inWorker = new Set(closure(worker, new Set()));
rows.push(row('training worker (tfjs core, engine)', [...inWorker].map(asset)));
// Each backend with the chunks it alone needs (the fused WebGPU kernels join the webgpu backend).
const byBackend = new Map<string, Set<string>>();
for (const chunk of [...inWorker].flatMap(dynamicImports)) {
  const name = backendOf(read(chunk).toString()) ?? chunk;
  const files = byBackend.get(name) ?? new Set<string>();
  closure(chunk, inWorker).forEach((f) => files.add(f));
  byBackend.set(name, files);
}
for (const [name, files] of byBackend) rows.push(row(`+ ${name} backend`, [...files].map(asset)));
for (const wasm of all.filter((f) => f.endsWith('.wasm')))
  rows.push(row(`+ ${wasm.split('-').slice(0, -1).join('-')}`, [asset(wasm)]));
console.log(rows.join('\n'));

// Which scripts of the built site load when: what index.html loads up front (its module script and
// modulepreload links, with every chunk those import statically, as the browser must fetch them
// before the page runs) and what it leaves for later (chunks reached only through import()).
import { posix } from 'node:path';

/** The most JavaScript index.html may load up front, raw bytes (issue 24). */
export const PAGE_SCRIPT_BUDGET = 600_000;

/** Reads a built file by its path in the build folder (e.g. `assets/index-abc.js`). */
export type ReadBuilt = (path: string) => Buffer;

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The files index.html loads itself (as build paths): module scripts and modulepreload links, or stylesheets. */
export function htmlLoads(html: string, kind: 'scripts' | 'styles'): string[] {
  const out: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const rel = attr(tag, 'rel');
    const src =
      kind === 'styles'
        ? rel === 'stylesheet' && attr(tag, 'href')
        : tag.startsWith('<script')
          ? attr(tag, 'src')
          : rel === 'modulepreload' && attr(tag, 'href');
    if (src) out.push(posix.normalize(src.replace(/^\//, '')));
  }
  return out;
}

const resolveIn = (file: string, spec: string) => posix.join(posix.dirname(file), spec);

/** The chunks a built chunk imports statically (`import … from "./x.js"`, `import "./x.js"`, re-exports). */
export function staticImports(file: string, code: string): string[] {
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) =>
    resolveIn(file, m[1] as string),
  );
}

/** The chunks a built chunk loads on demand (`import("./x.js")`). */
export function dynamicImports(file: string, code: string): string[] {
  return [...code.matchAll(/\bimport\(\s*[`"'](\.{1,2}\/[^`"']+\.js)[`"']\s*\)/g)].map((m) =>
    resolveIn(file, m[1] as string),
  );
}

/** `roots` and every chunk they import statically, except those in `loaded`, in load order. */
export function staticClosure(roots: string[], read: ReadBuilt, loaded: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const visit = (f: string) => {
    if (loaded.has(f) || out.includes(f)) return;
    out.push(f);
    staticImports(f, read(f).toString()).forEach(visit);
  };
  roots.forEach(visit);
  return out;
}

/** The JavaScript the page loads up front: index.html's scripts and their static imports. */
export function upFrontScripts(read: ReadBuilt): string[] {
  const roots = htmlLoads(read('index.html').toString(), 'scripts').filter((f) => f.endsWith('.js'));
  if (roots.length === 0) throw new Error('index.html loads no script: is this a build of the site?');
  return staticClosure(roots, read);
}

/** The page's chunks loaded on demand: reached from its scripts through import(), less the up-front ones. */
export function onDemandScripts(read: ReadBuilt, upFront: readonly string[]): string[] {
  const loaded = new Set(upFront);
  const out: string[] = [];
  const queue = upFront.flatMap((f) => dynamicImports(f, read(f).toString()));
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
    for (const chunk of staticClosure([f], read, new Set([...loaded, ...out]))) {
      out.push(chunk);
      queue.push(...dynamicImports(chunk, read(chunk).toString()));
    }
  }
  return out;
}

/** Why `bytes` of up-front JavaScript is over the budget, or undefined when it is within it. */
export function overBudget(bytes: number, budget = PAGE_SCRIPT_BUDGET): string | undefined {
  if (bytes <= budget) return undefined;
  return (
    `index.html loads ${(bytes / 1000).toFixed(1)} kB of JavaScript up front, over the budget of ` +
    `${(budget / 1000).toFixed(1)} kB (raw): load what is not on the first screen on demand ` +
    `(src/ui/on-demand.tsx), and keep tfjs out of the page (lint/no-tfjs-in-page.js)`
  );
}

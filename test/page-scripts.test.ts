// npm run size's reading of a build (bench/page-scripts.ts): what index.html loads up front, what the
// page leaves for later, and the budget on the up-front script.
import { describe, expect, it } from 'vitest';
import { htmlLoads, onDemandScripts, overBudget, PAGE_SCRIPT_BUDGET, upFrontScripts } from '../bench/page-scripts';

/** A small build as Vite writes one: an entry with a preloaded chunk, chains of static imports, import(). */
const BUILD: Record<string, string> = {
  'index.html': [
    '<html><head>',
    '<script type="module" crossorigin src="./assets/index-a.js"></script>',
    '<link rel="modulepreload" crossorigin href="./assets/shared-b.js">',
    '<link rel="stylesheet" crossorigin href="./assets/index-c.css">',
    '<link rel="icon" href="./favicon.svg">',
    '</head></html>',
  ].join('\n'),
  'assets/index-a.js':
    'import{a as x}from"./shared-b.js";import"./side-d.js";const v=()=>__vitePreload(()=>import("./lazy-e.js"),[]);',
  'assets/shared-b.js': 'export const a=1;',
  'assets/side-d.js': 'export*from"./deep-f.js";',
  'assets/deep-f.js': 'export const f=2;',
  'assets/lazy-e.js': 'import{a}from"./shared-b.js";import{g}from"./lazy-g.js";const h=()=>import("./later-h.js");',
  'assets/lazy-g.js': 'export const g=3;',
  'assets/later-h.js': 'export const h=4;',
};
const read = (path: string) => {
  const text = BUILD[path];
  if (text === undefined) throw new Error(`no ${path} in the build`);
  return Buffer.from(text);
};

describe('the page of a build', () => {
  it('loads up front its scripts, preloads and everything they import statically', () => {
    expect(htmlLoads(read('index.html').toString(), 'scripts')).toEqual(['assets/index-a.js', 'assets/shared-b.js']);
    expect(htmlLoads(read('index.html').toString(), 'styles')).toEqual(['assets/index-c.css']);
    expect(upFrontScripts(read)).toEqual([
      'assets/index-a.js',
      'assets/shared-b.js',
      'assets/side-d.js',
      'assets/deep-f.js',
    ]);
  });

  it('leaves for later what only import() reaches, with its own static imports', () => {
    expect(onDemandScripts(read, upFrontScripts(read))).toEqual([
      'assets/lazy-e.js',
      'assets/lazy-g.js',
      'assets/later-h.js',
    ]);
  });

  it('has no up-front script without a script in index.html', () => {
    expect(() => upFrontScripts((p) => (p === 'index.html' ? Buffer.from('<html></html>') : read(p)))).toThrow(
      /index.html loads no script/,
    );
  });
});

describe('the budget on the up-front script', () => {
  it('is 600 kB raw, and over it says how much and what to do', () => {
    expect(PAGE_SCRIPT_BUDGET).toBe(600_000);
    expect(overBudget(600_000)).toBeUndefined();
    expect(overBudget(807_680)).toMatch(/loads 807\.7 kB of JavaScript up front, over the budget of 600\.0 kB/);
  });
});

// Makes tfjs-wasm's multi-threaded build start from a minified bundle.
//
// tfjs-wasm (4.22) starts each thread from a Blob holding `factory.toString()`, its Emscripten
// factory function. That function refers to `_scriptDir`, a variable of the IIFE around it; a
// minifier renames the variable, so in the thread the renamed name is undefined and every thread
// dies ("e is not defined"), leaving the backend waiting on them forever. tfjs's own unbundled
// files work because nothing was renamed. Here the factory's toString gives back that original
// IIFE expression (imported as text from the same file), so the Blob evaluates to the factory with
// its variables in scope, whatever the bundler did.
import * as threaded from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import source from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';

/** The factory expression in the package's file: `(() => { …; return (function(…) {…}); })()`. */
function factoryExpression(text: string): string | null {
  const start = text.indexOf('(() => {');
  const end = text.lastIndexOf('})();');
  return start >= 0 && end > start ? text.slice(start, end + '})()'.length) : null;
}

/** Call before tfjs-wasm starts; returns whether the patch could be applied. */
export function patchThreadedFactory(): boolean {
  const module = threaded as unknown as { default?: unknown };
  const factory = (module.default ?? module) as { toString(): string };
  const expression = factoryExpression(source);
  if (typeof factory !== 'function' || !expression) return false;
  factory.toString = () => expression;
  return true;
}

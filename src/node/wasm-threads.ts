// Lets tfjs-wasm's multi-threaded build run in Node, for the benchmark: a machine with more cores
// than this one can then show what the page's threads would gain.
//
// tfjs (4.22) turns threads off in Node (tensorflow/tfjs#3830) because its Emscripten threads are
// started from Blob URLs, which Node's worker_threads cannot load. Here the two Blobs become files:
// the thread script (tfjs's `wasmWorkerContents`) and the factory that each thread evaluates
// (`var WasmBackendModuleThreadedSimd = <factory source>`, as tfjs writes it in the browser).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as threaded from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import { wasmWorkerContents } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js';

let installed = false;

/** Call before the wasm backend starts: it then runs `threads` threads (1 = the single-threaded build). */
export function useNodeWasmThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads ${threads}: expected a whole number ≥ 1`);
  if (threads === 1) return;
  if (!installed) install();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
}

function install(): void {
  installed = true;
  const dir = mkdtempSync(join(tmpdir(), 'grok-lab-wasm-'));
  const module = threaded as unknown as { default?: unknown };
  const factory = (module.default ?? module) as { toString(): string };
  const workerFile = join(dir, 'worker.cjs');
  const factoryFile = join(dir, 'factory.cjs');
  // The template literal it comes from turned each `\n` escape into a newline inside a string.
  writeFileSync(workerFile, wasmWorkerContents.replace(/\n/g, '\\n'));
  // A bundle (esbuild) renames the factory's `require` calls to `__require`; the thread has `require`.
  writeFileSync(factoryFile, `var __require = require; var WasmBackendModuleThreadedSimd = ${factory.toString()};`);

  // The thread script: tfjs asks for a Blob URL of it; Node's Worker wants a path.
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob: Blob) => (blob.type === 'application/javascript' ? workerFile : createObjectURL(blob));
  // The factory: sent to each thread as a Blob in its 'load' message; the thread loads a path as is.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this, …)
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: readonly Transferable[]) {
    const m = message as { cmd?: string; urlOrBlob?: unknown } | null;
    if (m?.cmd === 'load' && m.urlOrBlob instanceof Blob) m.urlOrBlob = factoryFile;
    // worker_threads types its transfer list differently from the DOM's Transferable.
    post.call(this, message, transfer as Parameters<typeof post>[1]);
  };
}

// The Web Worker that trains: it owns the engine, so the page's main thread never runs tfjs. What it
// does and when (chunks, races, steps, views, backends, a lost device) is the Scheduler's
// (./scheduler.ts); this file hands it the worker's messages, tfjs and the browser's backends.
import './tfjs-setup';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, pickBackend } from './backends';
import type { Command, WorkerEvent } from './protocol';
import { type GpuDeviceLike, Scheduler } from './scheduler';

const scheduler = new Scheduler({
  post: (e: WorkerEvent, transfer: Transferable[] = []) => {
    postMessage(e, { transfer });
  },
  chooseBackend,
  pickFallback: () => pickBackend('webgl', 'the next backend after WebGPU'),
  backendName: () => tf.getBackend(),
  gpuDevice: () => (tf.backend() as unknown as { device?: GpuDeviceLike }).device,
});

onmessage = (e: MessageEvent<Command>) => {
  void scheduler.receive(e.data);
};

// Preloaded (node --import) into a CLI process by test/gpu-errors.test.ts: after GROK_LAB_FAULT_AFTER
// command encoders, the WebGPU device is handed an invalid buffer request, so it reports an
// uncaptured validation error as a real fault (out of memory) would, mid-training.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { globals } = require('webgpu') as { globals: { GPUDevice: { prototype: Record<string, unknown> } } };
const proto = globals.GPUDevice.prototype;
const original = proto.createCommandEncoder as (this: unknown, ...a: unknown[]) => unknown;
const after = Number(process.env.GROK_LAB_FAULT_AFTER ?? '200');
let calls = 0;
proto.createCommandEncoder = function (this: { createBuffer(d: object): unknown }, ...args: unknown[]) {
  if (++calls === after) this.createBuffer({ size: 4, usage: 0 });
  return original.apply(this, args);
};

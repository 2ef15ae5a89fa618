// Node-only set-up of tfjs backends, for the CLI, the benchmark and the tests.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
// In Node, the @tensorflow/tfjs bundle registers every op's gradient and the chained ops on the same
// tfjs-core the engine uses (tfjs-core's own modules for that are ES modules Node cannot load as published).
import '@tensorflow/tfjs';
import { type BackendName, useBackend } from '../engine/backend';
import { createNodeGpu, type NodeWebGpuPackage } from './node-gpu';

const require = createRequire(import.meta.url);

/**
 * Gives tfjs a WebGPU device in Node through the optional `webgpu` package (Dawn): on Linux the
 * machine's Vulkan drivers where they offer an adapter (a GPU), else SwiftShader's, which Debian's
 * chromium package installs (src/node/node-gpu.ts). VK_DRIVER_FILES or VK_ICD_FILENAMES, when set,
 * decides.
 */
async function installNodeWebGpu(): Promise<void> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return;
  let webgpu: NodeWebGpuPackage & { globals: Record<string, unknown> };
  try {
    webgpu = require('webgpu') as typeof webgpu;
  } catch {
    throw new Error('webgpu in Node needs the optional npm package "webgpu" (npm install webgpu)');
  }
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const { gpu, fallback } = await createNodeGpu(webgpu);
  if (fallback) console.warn(`note: ${fallback}`);
  Object.assign(globalThis, webgpu.globals);
  const nav = (g.navigator ??= {});
  nav.gpu = gpu;
}

/** Selects a backend in Node, preparing what it needs there. */
export async function useNodeBackend(name: BackendName): Promise<void> {
  if (name === 'webgl') throw new Error('the webgl backend needs a browser; in Node use cpu, wasm or webgpu');
  if (name === 'webgpu') await installNodeWebGpu();
  // Production mode only silences tfjs's console warnings (e.g. the cpu backend's advert for
  // tfjs-node, which would land in the CLI's output).
  tf.enableProdMode();
  await useBackend(name);
}

/** The WebGPU adapter Node's webgpu package offers (call after useNodeBackend('webgpu')). */
export async function nodeWebGpuAdapter(): Promise<{ description: string; software: boolean }> {
  type Info = {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  const gpu = (
    globalThis as {
      navigator?: {
        gpu?: { requestAdapter(o?: object): Promise<{ info?: Info; isFallbackAdapter?: boolean } | null> };
      };
    }
  ).navigator?.gpu;
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { description: 'none', software: true };
  const info = adapter.info ?? {};
  const description =
    [info.vendor, info.architecture, info.device, info.description].filter((x) => x).join(' ') || 'unnamed adapter';
  return {
    description,
    software:
      info.isFallbackAdapter === true ||
      adapter.isFallbackAdapter === true ||
      /swiftshader|llvmpipe|lavapipe/i.test(description),
  };
}

// Node-only set-up of tfjs backends, for the CLI, the benchmark and the tests.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
// In Node, the @tensorflow/tfjs bundle registers every op's gradient and the chained ops on the same
// tfjs-core the engine uses (tfjs-core's own modules for that are ES modules Node cannot load as published).
import '@tensorflow/tfjs';
import { type BackendName, useBackend } from '../engine/backend';

const require = createRequire(import.meta.url);

/** Where the Vulkan loader looks for drivers (ICDs). */
const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

/** A hardware Vulkan driver installed system-wide (not Mesa's software lavapipe), if any. */
function hardwareIcd(): string | null {
  for (const dir of ICD_DIRS) {
    if (!existsSync(dir)) continue;
    const found = readdirSync(dir).find((f) => f.endsWith('.json') && !/lvp|lavapipe|swiftshader/i.test(f));
    if (found) return join(dir, found);
  }
  return null;
}

/** Where a Vulkan ICD for SwiftShader can be found: Chromium ships one beside its binary. */
function swiftShaderIcd(): string | null {
  for (const dir of ['/usr/lib/chromium', '/usr/lib64/chromium', '/opt/google/chrome']) {
    const f = join(dir, 'vk_swiftshader_icd.json');
    if (existsSync(f)) return f;
  }
  return null;
}

/**
 * Gives tfjs a WebGPU device in Node through the optional `webgpu` package (Dawn). A machine with a
 * GPU driver uses it; with no GPU, Dawn needs a Vulkan driver: SwiftShader's, which Debian's
 * chromium package installs (the system's Mesa lavapipe is too old for Dawn). VK_ICD_FILENAMES,
 * when set, decides.
 */
function installNodeWebGpu(): void {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return;
  let webgpu: { create: (flags: string[]) => unknown; globals: Record<string, unknown> };
  try {
    webgpu = require('webgpu') as typeof webgpu;
  } catch {
    throw new Error('webgpu in Node needs the optional npm package "webgpu" (npm install webgpu)');
  }
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  if (!process.env.VK_ICD_FILENAMES && !hardwareIcd()) {
    const icd = swiftShaderIcd();
    if (icd) process.env.VK_ICD_FILENAMES = icd;
  }
  Object.assign(globalThis, webgpu.globals);
  const nav = (g.navigator ??= {});
  nav.gpu = webgpu.create([]);
}

/** Selects a backend in Node, preparing what it needs there. */
export async function useNodeBackend(name: BackendName): Promise<void> {
  if (name === 'webgl') throw new Error('the webgl backend needs a browser; in Node use cpu, wasm or webgpu');
  if (name === 'webgpu') installNodeWebGpu();
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

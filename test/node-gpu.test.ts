// Node's WebGPU on Linux: the machine's Vulkan drivers first, SwiftShader where they give no adapter
// (Mesa's Intel and Radeon drivers on a machine with no such GPU). The choice with a stand-in for
// the webgpu package, then with the real one and a driver manifest whose library is missing.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../src/node/backends';
import { createNodeGpu, type NodeGpu, type NodeWebGpuPackage } from '../src/node/node-gpu';
import { installedVulkanDrivers, swiftShaderDriver, vulkanDriverDirs } from '../src/node/vulkan-drivers';

const SWIFTSHADER = '/opt/chromium/vk_swiftshader_icd.json';

/** A folder holding vulkan/icd.d/<names>, each a driver manifest for a library that does not exist. */
function fakeDataDir(...names: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'grok-lab-vulkan-'));
  mkdirSync(join(root, 'vulkan', 'icd.d'), { recursive: true });
  for (const name of names) {
    const manifest = {
      file_format_version: '1.0.0',
      ICD: { library_path: join(root, 'missing.so'), api_version: '1.3.0' },
    };
    writeFileSync(join(root, 'vulkan', 'icd.d', name), JSON.stringify(manifest));
  }
  return root;
}

/** An environment with no home and no driver but those in `dataDir`. */
function envWith(dataDir: string): Record<string, string | undefined> {
  const empty = mkdtempSync(join(tmpdir(), 'grok-lab-empty-'));
  return { XDG_DATA_DIRS: dataDir, XDG_CONFIG_DIRS: empty, XDG_CONFIG_HOME: empty, XDG_DATA_HOME: empty };
}

/** A stand-in for the webgpu package: an adapter only where `works` says so, given the driver chosen. */
function fakeWebGpu(works: (icd: string | undefined) => boolean, env: Record<string, string | undefined>) {
  const created: (string | undefined)[] = [];
  const pkg: NodeWebGpuPackage = {
    create(): NodeGpu {
      const icd = env.VK_ICD_FILENAMES; // as the Vulkan loader reads it when Dawn starts
      created.push(icd);
      return { requestAdapter: () => Promise.resolve(works(icd) ? {} : null) };
    },
  };
  return { pkg, created };
}

describe('Vulkan drivers as the loader finds them', () => {
  it('searches the XDG config folders, /etc, then the XDG data folders', () => {
    expect(vulkanDriverDirs({ HOME: '/h' })).toEqual([
      '/h/.config/vulkan/icd.d',
      '/etc/xdg/vulkan/icd.d',
      '/etc/vulkan/icd.d',
      '/h/.local/share/vulkan/icd.d',
      '/usr/local/share/vulkan/icd.d',
      '/usr/share/vulkan/icd.d',
    ]);
    expect(vulkanDriverDirs({ XDG_DATA_DIRS: '/a:/b', XDG_CONFIG_DIRS: '/c' })).toEqual([
      '/c/vulkan/icd.d',
      '/etc/vulkan/icd.d',
      '/a/vulkan/icd.d',
      '/b/vulkan/icd.d',
    ]);
  });

  it('lists the manifests there, and only those that VK_ICD_FILENAMES names where it is set', () => {
    const dir = fakeDataDir('intel_icd.x86_64.json', 'radeon_icd.x86_64.json');
    writeFileSync(join(dir, 'vulkan', 'icd.d', 'README'), 'not a manifest');
    const env = envWith(dir);
    const found = installedVulkanDrivers(env);
    expect(found.filter((f) => f.startsWith(dir))).toEqual([
      join(dir, 'vulkan', 'icd.d', 'intel_icd.x86_64.json'),
      join(dir, 'vulkan', 'icd.d', 'radeon_icd.x86_64.json'),
    ]);
    expect(installedVulkanDrivers({ ...env, VK_ADD_DRIVER_FILES: '/x/extra.json' })).toContain('/x/extra.json');
    expect(installedVulkanDrivers({ ...env, VK_ICD_FILENAMES: '/x/only.json' })).toEqual(['/x/only.json']);
  });
});

describe('choosing the Vulkan driver for WebGPU in Node', () => {
  it('falls back to SwiftShader where the installed drivers give no adapter', async () => {
    const env = envWith(fakeDataDir('intel_icd.x86_64.json'));
    const { pkg, created } = fakeWebGpu((icd) => icd === SWIFTSHADER, env);
    const { fallback } = await createNodeGpu(pkg, { env, platform: 'linux', swiftShader: SWIFTSHADER });
    expect(created).toEqual([undefined, SWIFTSHADER]); // the machine's drivers, then SwiftShader
    expect(env.VK_ICD_FILENAMES).toBe(SWIFTSHADER);
    expect(fallback).toMatch(/intel_icd\.x86_64\.json\) give no WebGPU adapter; using SwiftShader/);
  });

  it('keeps the installed drivers where they give an adapter (a GPU)', async () => {
    const env = envWith(fakeDataDir('nvidia_icd.json'));
    const { pkg, created } = fakeWebGpu(() => true, env);
    const { fallback } = await createNodeGpu(pkg, { env, platform: 'linux', swiftShader: SWIFTSHADER });
    expect(created).toEqual([undefined]);
    expect(env.VK_ICD_FILENAMES).toBeUndefined();
    expect(fallback).toBeNull();
  });

  it('goes straight to SwiftShader where no driver is installed, and says nothing', async () => {
    const env = envWith(fakeDataDir());
    const { pkg, created } = fakeWebGpu((icd) => icd === SWIFTSHADER, env);
    const { fallback } = await createNodeGpu(pkg, { env, platform: 'linux', swiftShader: SWIFTSHADER });
    expect(created).toEqual([SWIFTSHADER]);
    expect(fallback).toBeNull();
  });

  it('leaves the choice to VK_ICD_FILENAMES where it is set, and names it when it gives nothing', async () => {
    const env = { ...envWith(fakeDataDir('intel_icd.x86_64.json')), VK_ICD_FILENAMES: '/x/mine.json' };
    const { pkg, created } = fakeWebGpu(() => false, env);
    await expect(createNodeGpu(pkg, { env, platform: 'linux', swiftShader: SWIFTSHADER })).rejects.toThrow(
      'no WebGPU adapter from the Vulkan driver(s) that VK_DRIVER_FILES/VK_ICD_FILENAMES name (/x/mine.json)',
    );
    expect(created).toEqual(['/x/mine.json']);
  });

  it('says which drivers gave nothing, and what to install, where SwiftShader is missing too', async () => {
    const env = envWith(fakeDataDir('radeon_icd.x86_64.json'));
    const { pkg } = fakeWebGpu(() => false, env);
    await expect(createNodeGpu(pkg, { env, platform: 'linux', swiftShader: null })).rejects.toThrow(
      /radeon_icd\.x86_64\.json\) give no WebGPU adapter, and Chromium's SwiftShader driver.*apt-get install chromium/,
    );
  });

  it('uses Dawn as it is on macOS and Windows (no Vulkan drivers to choose)', async () => {
    const env = envWith(fakeDataDir('intel_icd.x86_64.json'));
    const { pkg, created } = fakeWebGpu((icd) => icd === undefined, env);
    const { fallback } = await createNodeGpu(pkg, { env, platform: 'darwin', swiftShader: SWIFTSHADER });
    expect(created).toEqual([undefined]);
    expect(fallback).toBeNull();
  });
});

/** Why the test with the real webgpu package cannot run here, or null where it can. */
function realDawnMissing(): string | null {
  if (process.platform !== 'linux') return 'the SwiftShader fallback is Linux-only';
  try {
    createRequire(import.meta.url).resolve('webgpu');
  } catch {
    return 'the optional "webgpu" package is not installed';
  }
  if (swiftShaderDriver() === null) return "Chromium's SwiftShader driver is not installed (apt-get install chromium)";
  const own = installedVulkanDrivers(process.env);
  if (own.length > 0) return `this machine has Vulkan drivers of its own (${own.join(', ')}), which may drive a GPU`;
  return null;
}

describe('the fallback with the real webgpu package (Dawn)', () => {
  it('a driver manifest whose library is missing gives no adapter; SwiftShader then trains', async ({ skip }) => {
    const missing = realDawnMissing();
    if (missing !== null) {
      if (process.env.GROK_LAB_REQUIRE_WEBGPU === '1' && !missing.includes('of its own')) throw new Error(missing);
      skip(missing);
    }
    // The Vulkan loader reads these from the process's own environment.
    Object.assign(process.env, envWith(fakeDataDir('intel_icd.x86_64.json')));
    delete process.env.VK_ICD_FILENAMES;
    delete process.env.VK_DRIVER_FILES;
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      await useNodeBackend('webgpu');
    } finally {
      console.warn = warn;
    }
    expect(warnings.join('\n')).toMatch(/intel_icd\.x86_64\.json\) give no WebGPU adapter; using SwiftShader/);
    expect(process.env.VK_ICD_FILENAMES).toBe(swiftShaderDriver());
    const sum = tf.tensor1d([1, 2, 3]).sum();
    expect(await sum.data()).toEqual(new Float32Array([6]));
    expect(tf.getBackend()).toBe('webgpu');
  }, 120_000);
});

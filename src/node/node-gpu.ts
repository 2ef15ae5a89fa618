// Chooses the Vulkan driver for Node's WebGPU (the `webgpu` package, Dawn) on Linux: the machine's
// own drivers first, and Chromium's SwiftShader (a software GPU) where they give no adapter. Mesa's
// Intel and Radeon drivers, installed on many machines with no such GPU, are the common case: Dawn
// finds no adapter through them (and Mesa 22's lavapipe lacks what Dawn needs).
import { installedVulkanDrivers, swiftShaderDriver } from './vulkan-drivers';

/** What this file uses of a WebGPU entry point (navigator.gpu). */
export interface NodeGpu {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<unknown>;
}

/** What this file uses of the `webgpu` package. */
export interface NodeWebGpuPackage {
  create(flags: string[]): NodeGpu;
}

export interface NodeGpuOptions {
  /** The environment the Vulkan loader reads: process.env itself, except in tests of the choice alone. */
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** SwiftShader's driver manifest, or null where there is none; found on disk when not given. */
  swiftShader?: string | null;
}

export interface NodeGpuChoice {
  gpu: NodeGpu;
  /** Where the machine's drivers were passed over for SwiftShader, a sentence saying so; else null. */
  fallback: string | null;
}

// tfjs's webgpu backend asks for this adapter.
async function offersAdapter(gpu: NodeGpu): Promise<boolean> {
  try {
    return (await gpu.requestAdapter({ powerPreference: 'high-performance' })) != null;
  } catch {
    return false;
  }
}

/** A WebGPU entry point that offers an adapter, or an Error that says which drivers gave none. */
export async function createNodeGpu(webgpu: NodeWebGpuPackage, options: NodeGpuOptions = {}): Promise<NodeGpuChoice> {
  const env = options.env ?? process.env;
  const chosen = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  if ((options.platform ?? process.platform) !== 'linux' || chosen) {
    // Metal or Direct3D elsewhere; on Linux, drivers named in the environment decide.
    const gpu = webgpu.create([]);
    if (await offersAdapter(gpu)) return { gpu, fallback: null };
    throw new Error(
      chosen
        ? `no WebGPU adapter from the Vulkan driver(s) that VK_DRIVER_FILES/VK_ICD_FILENAMES name (${chosen})`
        : 'no WebGPU adapter: Dawn finds no GPU here',
    );
  }

  const drivers = installedVulkanDrivers(env);
  if (drivers.length > 0) {
    const gpu = webgpu.create([]);
    if (await offersAdapter(gpu)) return { gpu, fallback: null };
  }
  const passedOver =
    drivers.length > 0
      ? `this machine's Vulkan drivers (${drivers.join(', ')}) give no WebGPU adapter`
      : 'this machine has no Vulkan driver';
  const swiftShader = options.swiftShader === undefined ? swiftShaderDriver() : options.swiftShader;
  if (swiftShader === null) {
    throw new Error(
      `${passedOver}, and Chromium's SwiftShader driver, the software fallback, is not installed (apt-get install chromium libvulkan1)`,
    );
  }
  // The Vulkan loader reads VK_ICD_FILENAMES each time Dawn creates a Vulkan instance, so a fresh
  // Dawn instance finds SwiftShader even after one in this process found nothing (tried: it does).
  env.VK_ICD_FILENAMES = swiftShader;
  const gpu = webgpu.create([]);
  if (!(await offersAdapter(gpu))) {
    throw new Error(
      `${passedOver}, and neither does SwiftShader (${swiftShader}); is the Vulkan loader installed (libvulkan1)?`,
    );
  }
  return { gpu, fallback: drivers.length > 0 ? `${passedOver}; using SwiftShader, a software GPU` : null };
}

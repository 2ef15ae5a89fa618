// Which Vulkan drivers (ICD manifest files) the Vulkan loader would load on Linux, read the way the
// loader reads them, so that Node's WebGPU can tell "this machine has Vulkan drivers: try them" from
// "it has none: go straight to SwiftShader" (src/node/node-gpu.ts).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** A colon-separated list of folders, or `fallback` where the variable is unset or empty. */
function dirList(value: string | undefined, fallback: string): string[] {
  return (value || fallback).split(':').filter((d) => d !== '');
}

/**
 * The folders the Vulkan loader searches for drivers on Linux when neither VK_DRIVER_FILES nor
 * VK_ICD_FILENAMES names them, in its order (the loader's LoaderDriverInterface document): the XDG
 * config folders, /etc, then the XDG data folders (by default /usr/local/share and /usr/share).
 */
export function vulkanDriverDirs(env: Env = process.env): string[] {
  const home = env.HOME;
  const configHome = env.XDG_CONFIG_HOME || (home ? join(home, '.config') : null);
  const dataHome = env.XDG_DATA_HOME || (home ? join(home, '.local', 'share') : null);
  const roots = [
    ...(configHome ? [configHome] : []),
    ...dirList(env.XDG_CONFIG_DIRS, '/etc/xdg'),
    '/etc',
    ...(dataHome ? [dataHome] : []),
    ...dirList(env.XDG_DATA_DIRS, '/usr/local/share:/usr/share'),
  ];
  return [...new Set(roots.map((r) => join(r, 'vulkan', 'icd.d')))];
}

function manifestsIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return []; // a folder that is missing or unreadable holds no driver the loader could use either
  }
}

/**
 * The driver manifests the loader finds by itself: those in vulkanDriverDirs and those
 * VK_ADD_DRIVER_FILES adds (files or folders). Where VK_DRIVER_FILES or VK_ICD_FILENAMES is set,
 * the loader uses those alone, and so does this.
 */
export function installedVulkanDrivers(env: Env = process.env): string[] {
  const only = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  const listed = (value: string) =>
    value
      .split(':')
      .filter((p) => p !== '')
      .flatMap((p) => (existsSync(p) && statSync(p).isDirectory() ? manifestsIn(p) : [p]));
  if (only) return listed(only);
  return [...vulkanDriverDirs(env).flatMap(manifestsIn), ...listed(env.VK_ADD_DRIVER_FILES ?? '')];
}

/** Where a Vulkan driver manifest for SwiftShader can be found: Chromium ships one beside its binary. */
export function swiftShaderDriver(): string | null {
  for (const dir of ['/usr/lib/chromium', '/usr/lib64/chromium', '/opt/google/chrome']) {
    const f = join(dir, 'vk_swiftshader_icd.json');
    if (existsSync(f)) return f;
  }
  return null;
}

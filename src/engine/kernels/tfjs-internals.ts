// The fast kernels (wasm-slice.ts, webgpu.ts) call parts of tfjs that are not its public API: methods
// of its backend classes and helpers of its WebGPU backend, which a tfjs release may rename or drop.
// package.json pins every @tensorflow package to the release they were written against; where another
// release is installed all the same, they stop at start-up with a message naming both versions,
// instead of failing mid-training with "x is not a function".

/** The tfjs release the fast kernels were written against (package.json pins every @tensorflow package to it). */
export const TFJS_WRITTEN_FOR = '4.22.0';

/**
 * Throws where `target` lacks any of the functions `names`, with a message that names what uses them,
 * the tfjs version installed and the one this code was written for.
 */
export function requireTfjsInternals(
  user: string,
  target: object | null | undefined,
  names: readonly string[],
  installedVersion: string,
): void {
  const found = (target ?? {}) as Record<string, unknown>;
  const missing = names.filter((n) => typeof found[n] !== 'function');
  if (missing.length === 0) return;
  throw new Error(
    `${user} needs tfjs internals that the installed tfjs ${installedVersion} lacks (${missing.join(', ')}); ` +
      `it was written for tfjs ${TFJS_WRITTEN_FOR}, the version package.json pins: run npm ci to install it`,
  );
}

// WebGPU in Node (the webgpu package, on a GPU or on SwiftShader) for the tests that need it. Where
// this Node has none, those tests are skipped and say why; with GROK_LAB_REQUIRE_WEBGPU=1, as .ci/run
// sets, its absence fails them instead, so CI cannot lose the WebGPU tests without notice.
import type { TestContext } from 'vitest';
import { useNodeBackend } from '../src/node/backends';

async function probe(): Promise<string | null> {
  try {
    await useNodeBackend('webgpu');
    return null;
  } catch (e) {
    const why =
      `no WebGPU in this Node (${e instanceof Error ? e.message : String(e)}); on a machine without a GPU it ` +
      'needs the "webgpu" package, Chromium\'s SwiftShader driver and the Vulkan loader (apt-get install chromium libvulkan1, as .ci/run does)';
    if (process.env.GROK_LAB_REQUIRE_WEBGPU === '1') throw new Error(why, { cause: e });
    return why;
  }
}

/** Why Node has no WebGPU here, or null where it has. */
export const WEBGPU_MISSING = await probe();

/** For beforeEach: skips the test, with the reason, where Node has no WebGPU. */
export function skipWithoutWebGpu(context: TestContext): void {
  if (WEBGPU_MISSING !== null) context.skip(WEBGPU_MISSING);
}

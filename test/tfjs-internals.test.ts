// The fast kernels use tfjs internals: the versions are pinned, and another tfjs stops them at
// start-up with a message that names both versions.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { requireTfjsInternals, TFJS_WRITTEN_FOR } from '../src/engine/kernels/tfjs-internals';
import { installWasmSlice } from '../src/engine/kernels/wasm-slice';

const readJson = (path: string) =>
  JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as {
    dependencies: Record<string, string>;
    packages: Record<string, { version: string }>;
  };

describe('tfjs internals', () => {
  it('names what is missing, the installed version and the one the code was written for', () => {
    expect(() =>
      requireTfjsInternals('The wasm kernels', { makeOutput() {} }, ['makeOutput', 'typedArrayFromHeap'], '4.23.1'),
    ).toThrow(
      `The wasm kernels needs tfjs internals that the installed tfjs 4.23.1 lacks (typedArrayFromHeap); it was written for tfjs ${TFJS_WRITTEN_FOR}`,
    );
    expect(() => requireTfjsInternals('x', undefined, ['a'], '5.0.0')).toThrow(/tfjs 5\.0\.0 lacks \(a\)/);
    expect(() => requireTfjsInternals('x', { a() {} }, ['a'], TFJS_WRITTEN_FOR)).not.toThrow();
  });

  it('the wasm Slice kernels refuse a tfjs-wasm whose backend lacks the heap methods', () => {
    const wasm = { BackendWasm: { prototype: { makeOutput() {} } }, version_wasm: '4.30.0' };
    expect(() => installWasmSlice(wasm)).toThrow(
      /wasm Slice and SplitV .*tfjs 4\.30\.0 lacks \(typedArrayFromHeap\).*written for tfjs 4\.22\.0/,
    );
  });

  it('the fused WebGPU kernels refuse a tfjs-webgpu whose backend lacks runWebGPUProgram', async () => {
    vi.doMock('@tensorflow/tfjs-backend-webgpu', () => ({
      WebGPUBackend: { prototype: {} }, // a class whose instances have no runWebGPUProgram
      webgpu_util: { flatDispatchLayout: () => ({}), computeDispatch: () => [1, 1, 1] },
    }));
    try {
      const { installWebGpuKernels } = await import('../src/engine/kernels/webgpu');
      expect(() => installWebGpuKernels()).toThrow(
        /fused WebGPU kernels .*lacks \(runWebGPUProgram\).*written for tfjs 4\.22\.0/,
      );
    } finally {
      vi.doUnmock('@tensorflow/tfjs-backend-webgpu');
    }
  });

  it('package.json pins every @tensorflow package to that version, and the lockfile installs it', () => {
    const pkg = readJson('../package.json');
    const lock = readJson('../package-lock.json');
    const tfjs = Object.keys(pkg.dependencies).filter((d) => d.startsWith('@tensorflow/'));
    expect(tfjs.length).toBeGreaterThanOrEqual(6);
    for (const name of tfjs) {
      expect(pkg.dependencies[name], name).toBe(TFJS_WRITTEN_FOR);
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(TFJS_WRITTEN_FOR);
    }
  });
});

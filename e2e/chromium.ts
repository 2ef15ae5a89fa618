// How the end-to-end tests launch Debian's Chromium (Playwright's own download is not reachable here).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** WebGPU on: headless Chromium then offers a SwiftShader (software) adapter. */
export const WEBGPU_ARGS = [...COMMON_ARGS, '--enable-unsafe-webgpu'];

/** WebGPU off, to test the fallback. */
export const NO_WEBGPU_ARGS = [...COMMON_ARGS, '--disable-features=WebGPU,Vulkan', '--disable-unsafe-webgpu'];

/** Neither WebGPU nor WebGL: the page trains on wasm, as the CLI does by default. */
export const WASM_ONLY_ARGS = [
  ...NO_WEBGPU_ARGS,
  '--disable-webgl',
  '--disable-3d-apis',
  '--disable-gpu',
  '--disable-software-rasterizer',
];

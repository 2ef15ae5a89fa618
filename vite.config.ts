import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Cross-origin isolation (crossOriginIsolated, and with it SharedArrayBuffer, which WebAssembly
// threads need). The site loads nothing from other origins, so the strict policies cost nothing.
// Static hosts that cannot set headers get the same three from public/site-sw.js; keep the two
// in step (e2e/isolation.spec.ts checks both routes).
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// The built site's Content-Security-Policy: everything from the site itself, nothing else. What it
// needs beyond 'self': 'wasm-unsafe-eval' to compile tfjs's WebAssembly, and blob: for the scripts of
// tfjs-wasm's threads, which it starts from Blob URLs. Sent as a header by the preview server and
// public/site-sw.js (keep the three in step) and as a <meta> in the built page for other hosts
// (frame-ancestors only works as a header). e2e/csp.spec.ts trains under it and sees no violation.
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];
const CSP_META = CSP_DIRECTIVES.join('; ');
const CSP_HEADER = [...CSP_DIRECTIVES, "frame-ancestors 'self'"].join('; ');

/** The policy as a <meta> in the built index.html (the dev server's scripts need inline code). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'grok-lab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * precache.json: every file of the build, for public/site-sw.js to cache on install, so the lab works
 * offline after one visit (the service worker itself is left out).
 */
function precacheList(): Plugin {
  return {
    name: 'grok-lab-precache',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = [...Object.keys(bundle), ...readdirSync('public').filter((f) => f !== 'site-sw.js')];
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(files.map((f) => `./${f}`)) });
    },
  };
}

/** recharts' d3-scale, cut to the scales the charts use (see src/ui/chart/recharts-scales.ts). */
export const RECHARTS_SCALES = {
  find: /^victory-vendor\/d3-scale$/,
  replacement: fileURLToPath(new URL('./src/ui/chart/recharts-scales.ts', import.meta.url)),
};

export default defineConfig({
  // Relative asset paths: the built site works from any sub-path, with no server code.
  base: './',
  plugins: [react(), contentSecurityPolicy(), precacheList()],
  resolve: { alias: [RECHARTS_SCALES] },
  // `npm run size` holds what the page loads up front to 600 kB (313 kB now: React and the UI; the
  // charts, inside views and sweep come on demand) and the README tracks every part. The largest
  // single chunk is tfjs's WebGL backend (522 kB), which the worker loads only to train on WebGL, so
  // Vite warns only over the page's budget rather than over its generic 500 kB.
  build: { chunkSizeWarningLimit: 600 },
  worker: { format: 'es' },
  // The dev server pre-bundles these at start. Left to discovery, the worker's imports are found only
  // once it runs, and the re-bundling that follows reloads the page mid-start.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
    ],
  },
  // Isolated, so tfjs-wasm runs its multi-threaded build.
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': CSP_HEADER } },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Cross-origin isolation (crossOriginIsolated, and with it SharedArrayBuffer, which WebAssembly
// threads need). The site loads nothing from other origins, so the strict policies cost nothing.
// Static hosts that cannot set headers get the same three from public/isolation-sw.js; keep the two
// in step (e2e/isolation.spec.ts checks both routes).
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  // Relative asset paths: the built site works from any sub-path, with no server code.
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  // Isolated, so tfjs-wasm runs its multi-threaded build.
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
});

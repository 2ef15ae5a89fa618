// The site's service worker. Two jobs, for the built site:
// 1. Cross-origin isolation for static hosts that cannot set response headers (GitHub Pages and the
//    like): it adds the headers to every same-origin response, so the page, its workers and
//    tfjs-wasm's threads get SharedArrayBuffer, and the site's Content-Security-Policy with them.
//    Where the page was not isolated it registers this worker and reloads once
//    (src/isolation/register.ts). Keep these headers in step with vite.config.ts.
// 2. Offline after the first visit (classrooms have flaky networks): on install it caches every file
//    of the build (precache.json, written by the build); each request goes to the network first and
//    falls back to that cache, so an update is picked up whenever the network is there.
const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' blob:; worker-src 'self' blob:; " +
    "connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; object-src 'none'; base-uri 'self'; " +
    "form-action 'self'; frame-ancestors 'self'",
};
const CACHE = 'grok-lab';

async function precache() {
  try {
    const listed = await fetch('./precache.json', { cache: 'no-store' });
    if (!listed.ok) return; // the dev server has no list: nothing to keep
    const files = await listed.json();
    const cache = await caches.open(CACHE);
    await cache.addAll(['./', ...files]);
  } catch {
    // Offline or no list: the files are cached as they are fetched.
  }
}

function withHeaders(response) {
  if (response.status === 0) return response; // opaque: nothing to add to
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function respond(request) {
  try {
    const response = await fetch(request);
    if (request.method === 'GET' && response.ok && response.status === 200) {
      const copy = response.clone();
      caches
        .open(CACHE)
        .then((cache) => cache.put(request, copy))
        .catch(() => {});
    }
    return withHeaders(response);
  } catch (offline) {
    const page = request.mode === 'navigate';
    const cached =
      (await caches.match(request, { ignoreSearch: page })) ?? (page ? await caches.match('./') : undefined);
    if (cached) return withHeaders(cached);
    throw offline;
  }
}

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(precache());
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(respond(request));
});

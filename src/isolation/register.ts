// Makes the page cross-origin isolated where the server did not: registers public/site-sw.js,
// which adds the headers, and reloads once so the page comes back through it. Without isolation the
// lab still works; tfjs-wasm then runs on one thread, and the page says why.

const RELOADED = 'grok-lab-isolation-reload';
/** How long the page waits for the service worker before it starts without isolation. */
const WAIT_MS = 4000;

const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));

export type Isolation =
  | { state: 'isolated' }
  | { state: 'reloading' }
  /** Not isolated, and why (shown with the backend). */
  | { state: 'off'; why: string };

export async function ensureIsolation(): Promise<Isolation> {
  if (window.crossOriginIsolated) {
    sessionStorage.removeItem(RELOADED);
    return { state: 'isolated' };
  }
  if (!window.isSecureContext) return { state: 'off', why: 'the page is not served over HTTPS or from localhost' };
  if (!('serviceWorker' in navigator))
    return { state: 'off', why: 'this browser has no service workers to add the isolation headers' };
  // One reload per tab session: if the worker's headers did not isolate the page, do not loop.
  if (sessionStorage.getItem(RELOADED)) {
    return {
      state: 'off',
      why: 'the server sends no cross-origin isolation headers and the service worker could not add them',
    };
  }
  try {
    const registered = (async () => {
      await navigator.serviceWorker.register(new URL('./site-sw.js', document.baseURI), { scope: './' });
      return navigator.serviceWorker.ready;
    })();
    const registration = await Promise.race([registered, timeout(WAIT_MS)]);
    if (registration === 'timeout' || !registration.active)
      return { state: 'off', why: 'the isolation service worker did not start' };
    // The page itself was loaded without the headers: it comes back through the worker.
    sessionStorage.setItem(RELOADED, '1');
    window.location.reload();
    return { state: 'reloading' };
  } catch (e) {
    return {
      state: 'off',
      why: `the isolation service worker could not be registered (${e instanceof Error ? e.message : String(e)})`,
    };
  }
}

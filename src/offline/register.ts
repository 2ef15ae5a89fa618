// Keeps the built site usable offline after the first visit: registers the site's service worker
// (public/site-sw.js), which caches every file of the build. Where the page was isolated through that
// worker (src/isolation/register.ts) it is registered already, and registering again changes nothing.
export function registerForOffline(): void {
  if (!import.meta.env.PROD || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(new URL('./site-sw.js', document.baseURI), { scope: './' }).catch((e: unknown) => {
    // The lab works without it; only a reload with no network would fail.
    console.warn(
      `Grok Lab will not work offline: its service worker could not be registered (${e instanceof Error ? e.message : String(e)})`,
    );
  });
}

// Components loaded on demand: each comes in a chunk of its own, fetched when the page first draws it,
// so the script the page loads up front stays small (`npm run size` holds it to its budget). While a
// chunk loads, its place says so in one line; if it cannot load, it says why.
import { type ComponentType, lazy, Suspense } from 'react';

/** A component from a chunk loaded when first drawn; `what` names it in the loading line. */
export function onDemand<P extends object>(load: () => Promise<ComponentType<P>>, what: string): ComponentType<P> {
  const Lazy = lazy(async () => {
    try {
      return { default: await load() };
    } catch (e) {
      // A failed fetch (offline before the chunk was cached, or an older build's chunk gone) must
      // not take the whole page down with it.
      const why = e instanceof Error ? e.message : String(e);
      return {
        default: () => (
          <p className="field-error" role="alert">
            Could not load {what} ({why}); reload the page to try again.
          </p>
        ),
      };
    }
  });
  function OnDemand(props: P) {
    return (
      <Suspense fallback={<p className="of loading-view">Loading {what}…</p>}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return OnDemand;
}

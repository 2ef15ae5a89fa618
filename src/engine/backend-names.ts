// The backends' names, without tfjs: the page's main thread (share links, controls) needs them and
// must not load tfjs.
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** A backend chosen by the user, or 'auto': the fastest for the config (the page's worker decides). */
export type BackendPin = 'auto' | BackendName;
export const BACKEND_PINS: readonly BackendPin[] = ['auto', ...BACKENDS];

export function isBackendName(s: string): s is BackendName {
  return (BACKENDS as readonly string[]).includes(s);
}

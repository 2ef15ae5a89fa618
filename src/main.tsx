import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SMALL_GROKFAST_CONFIG } from './config/presets';
import { parseShareLink } from './config/url';
import { ensureIsolation } from './isolation/register';
import { registerForOffline } from './offline/register';
import { indexedDbStorage, persistRuns } from './store/persist';
import { connectLab, connectSweep } from './store/connect';
import { App } from './ui/App';
import { LabContext } from './ui/lab-context';
import { SweepContext } from './ui/sweep/sweep-context';
import './ui/style.css';

// Cross-origin isolation first (wasm threads): where the server did not isolate the page, a service
// worker does, and the page reloads once through it before anything starts.
const isolation = await ensureIsolation();
if (isolation.state !== 'reloading') {
  start(isolation.state === 'off' ? isolation.why : '');
  registerForOffline();
}

function start(notIsolatedBecause: string): void {
  // A link with settings opens exactly those (defaults for the keys it leaves out); an address with
  // none opens the whole story: the small preset, which groks in seconds on any backend, with
  // Grokfast-EMA racing its baseline.
  const link = parseShareLink(window.location.search);
  const initial = link.named ? link.config : SMALL_GROKFAST_CONFIG;
  const race = link.named ? link.ui.race : true;
  const { store } = connectLab(initial);
  const sweep = connectSweep(link.sweep);
  store.setState({ isolation: notIsolatedBecause });
  if (link.backend !== 'auto') store.getState().pinBackend(link.backend);
  store.getState().load(initial, link.ui.autoplay, race);
  void persistRuns(store, indexedDbStorage);
  // For the end-to-end tests and benchmarks (and the curious): the run's progress, and a way to
  // simulate a lost GPU device.
  Object.assign(window, {
    grokLab: {
      progress: () => {
        const s = store.getState();
        return { step: s.step, status: s.status, backend: s.backend?.name, threads: s.backend?.threads ?? null };
      },
      loseDevice: () => store.getState().loseDevice(),
      sweepWorkers: () => sweep.getState().live,
    },
  });

  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <LabContext.Provider value={store}>
        <SweepContext.Provider value={sweep}>
          <App link={link} />
        </SweepContext.Provider>
      </LabContext.Provider>
    </StrictMode>,
  );
}

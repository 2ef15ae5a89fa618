// The views below the first screen, loaded on demand (./on-demand.tsx): the inside views, the sweep
// and the explainer. Their chunks are fetched as soon as the page has drawn its first screen.
import { onDemand } from './on-demand';

export const InsidePanel = onDemand(
  () => import('./inside/InsidePanel').then((m) => m.InsidePanel),
  'the inside views',
);
export const SweepPanel = onDemand(() => import('./sweep/SweepPanel').then((m) => m.SweepPanel), 'the sweep view');
export const Explainer = onDemand(() => import('./classroom/Explainer').then((m) => m.Explainer), 'the explainer');

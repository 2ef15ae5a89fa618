// The number embeddings in 2-D, each labelled with its number: on their first two principal axes, or
// on the plane of their strongest Fourier frequency. A cloud while the network memorises; for
// add-like tasks, a circle once it has grokked (Nanda et al. 2023).
import { useState } from 'react';
import { type Op, operation, symbolLabel } from '../../config/operations';
import { hasFourierGroup } from '../../engine/inside/group';
import type { InsideView } from '../../engine/inside/view';
import { formatPercent } from '../chart/format';
import { COLORS } from '../chart/theme';

const SIZE = 300;
const PAD = 16;

export function EmbeddingPca({ view, op }: { view: InsideView; op: Op }) {
  // Only a group (+ and − on 0…p−1, · and ÷ on the logarithms) has Fourier frequencies; other
  // operations get the principal axes alone.
  const fourier = hasFourierGroup(op);
  const numbers = operation(op).domain === 'mod p';
  const logarithm = op === 'mul' || op === 'div';
  const [chosen, setAxes] = useState<'pca' | 'plane'>('pca');
  const axes = fourier ? chosen : 'pca';
  const label = (n: number) => symbolLabel(op, n);
  const { x, y } = axes === 'pca' ? view.pca : view.plane;
  const extent = Math.max(...x.map(Math.abs), ...y.map(Math.abs), 1e-12);
  const at = (v: number) => SIZE / 2 + (v / extent) * (SIZE / 2 - PAD);
  // Every number is labelled; above 61 of them, smaller (they crowd, but each stays findable).
  const small = view.p > 61;
  const what =
    axes === 'pca'
      ? `on the first two principal axes (${formatPercent(view.pca.explained[0])} and ${formatPercent(view.pca.explained[1])} of the variance)`
      : `on the plane of frequency k = ${view.plane.k}, the strongest${logarithm ? ' (over the logarithms of 1…p−1)' : ''}`;
  return (
    <figure className="inside-view" data-testid="embedding-pca" data-step={view.step} data-axes={axes}>
      <figcaption>
        <strong>Embedding geometry</strong>{' '}
        <span className="of">
          {numbers ? `numbers 0…${view.p - 1}` : `the ${view.p} permutations`} {what}
        </span>
      </figcaption>
      {fourier && (
        <span role="group" aria-label="Axes of the embedding picture" className="axes-toggle">
          <button type="button" aria-pressed={axes === 'pca'} onClick={() => setAxes('pca')}>
            principal axes
          </button>
          <button type="button" aria-pressed={axes === 'plane'} onClick={() => setAxes('plane')}>
            strongest frequency
          </button>
        </span>
      )}
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        width={SIZE}
        height={SIZE}
        role="img"
        aria-label={`The number embeddings ${what}`}
      >
        <line x1={PAD} x2={SIZE - PAD} y1={SIZE / 2} y2={SIZE / 2} stroke="#e0e0e6" />
        <line y1={PAD} y2={SIZE - PAD} x1={SIZE / 2} x2={SIZE / 2} stroke="#e0e0e6" />
        {x.map((xi, n) => (
          <g key={n}>
            <circle cx={at(xi)} cy={at(-(y[n] as number))} r={small ? 2 : 3} fill={COLORS.train}>
              <title>{label(n)}</title>
            </circle>
            <text
              x={at(xi) + (small ? 2.5 : 4)}
              y={at(-(y[n] as number)) - (small ? 2 : 3)}
              fontSize={small ? 6.5 : 9}
              fill="#333"
            >
              {label(n)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

// The number embeddings' norm per Fourier frequency, the largest five highlighted, with the share of
// the energy they hold: spread out while the network memorises, a few sharp peaks once it has grokked.
import type { Op } from '../../config/operations';
import { SPARSITY_TOP, topFrequencies } from '../../engine/inside/fourier';
import { primitiveRoot } from '../../engine/inside/group';
import type { InsideView } from '../../engine/inside/view';
import { formatPercent } from '../chart/format';
import { COLORS } from '../chart/theme';

const WIDTH = 320;
const HEIGHT = 160;
const PAD = { left: 8, right: 8, top: 8, bottom: 22 };

export function FourierSpectrum({ view, op }: { view: InsideView; op: Op }) {
  // Under · and ÷ the spectrum is over 1…p−1 ordered by their logarithm to the base g (engine/inside/group.ts).
  const logarithm = op === 'mul' || op === 'div';
  const bars = view.spectrum.slice(1); // k = 1 … ⌊p/2⌋; k = 0 is the mean embedding
  const top = new Set(topFrequencies(view.spectrum, SPARSITY_TOP));
  const max = Math.max(...bars, 1e-12);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / bars.length;
  const labelEvery = Math.ceil(bars.length / 8);
  return (
    <figure className="inside-view" data-testid="fourier-spectrum" data-step={view.step} data-top={[...top].join(' ')}>
      <figcaption>
        <strong>Fourier spectrum</strong>{' '}
        <span className="of">
          {logarithm
            ? `of the embeddings of 1…${view.p - 1} ordered by log${subscript(primitiveRoot(view.p))} (0 has no logarithm), per frequency k`
            : 'of the number embeddings, per frequency k'}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`Norm of the number embeddings per frequency; the largest are k = ${[...top].join(', ')}, holding ${formatPercent(view.sparsity)} of the energy`}
      >
        {bars.map((norm, i) => {
          const k = i + 1;
          const h = (norm / max) * plotH;
          return (
            <rect
              key={k}
              x={PAD.left + i * step + step * 0.1}
              y={PAD.top + plotH - h}
              width={step * 0.8}
              height={h}
              fill={top.has(k) ? COLORS.validation : '#b8b8c4'}
            >
              <title>
                k = {k}: {norm.toPrecision(3)}
              </title>
            </rect>
          );
        })}
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="#888" />
        {bars.map((_, i) =>
          i % labelEvery === 0 || top.has(i + 1) ? (
            <text
              key={i}
              x={PAD.left + (i + 0.5) * step}
              y={HEIGHT - 6}
              fontSize="10"
              textAnchor="middle"
              fill={top.has(i + 1) ? COLORS.validation : '#555'}
            >
              {i + 1}
            </text>
          ) : null,
        )}
      </svg>
      <p className="inside-readout">
        The {SPARSITY_TOP} largest frequencies hold{' '}
        <strong data-testid="sparsity">{formatPercent(view.sparsity)}</strong> of the energy (spread evenly, they would
        hold {formatPercent(Math.min(1, SPARSITY_TOP / bars.length))}).
      </p>
    </figure>
  );
}

/** A number as subscript digits: log₅. */
const subscript = (n: number) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)] as string);

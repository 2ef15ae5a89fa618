// The logit lens at one step, one split: for each layer (rows: the embeddings, then after each block)
// and position (columns: h, r1, r2, PAD, or t where the paper's format feeds the answer in), the share of the sampled facts whose bridge entity is the
// top entity there. The r1 column is where the paper finds it once the model has grokked.
import { lensPositions, R1_POSITION, type LensGrid as Grid } from '../../engine/inside/lens-view';
import { formatPercent } from '../chart/format';

/** The lab format's positions, for a view that does not name its own. */
const LAB_POSITIONS = lensPositions(false);

const layerName = (l: number) => (l === 0 ? 'embeddings' : `block ${l}`);

/** White for 0 to strong green for 1. */
function shade(v: number): string {
  const t = Math.max(0, Math.min(1, v));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * t);
  return `rgb(${mix(255, 17)}, ${mix(255, 119)}, ${mix(255, 51)})`;
}

interface Props {
  title: string;
  grid: Grid;
  testId: string;
  positions?: readonly string[];
}

export function LensGrid({ title, grid, testId, positions = LAB_POSITIONS }: Props) {
  return (
    <table className="lens-grid" data-testid={testId} data-facts={grid.facts}>
      <caption>
        {title} <span className="of">({grid.facts} facts)</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">layer</th>
          {positions.map((p, t) => (
            <th key={p} scope="col" className={t === R1_POSITION ? 'lens-r1' : undefined}>
              {p}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {/* Top row: the last layer, as the stream flows upwards. */}
        {grid.top1
          .map((row, l) => ({ row, l }))
          .reverse()
          .map(({ row, l }) => (
            <tr key={l}>
              <th scope="row">{layerName(l)}</th>
              {row.map((v, t) => (
                <td
                  key={t}
                  data-layer={l}
                  data-position={t}
                  data-value={v}
                  style={{ background: shade(v), color: v > 0.6 ? '#fff' : undefined }}
                  title={`${layerName(l)}, ${positions[t]}: bridge is the top entity for ${formatPercent(v)} of the facts; mean reciprocal rank ${(grid.mrr[l]?.[t] ?? 0).toFixed(3)}`}
                >
                  {formatPercent(v)}
                </td>
              ))}
            </tr>
          ))}
      </tbody>
    </table>
  );
}

// Each head's attention in each block for one input of four tokens: row = the position that
// attends, column = the one it reads; `readRow` is where the answer is read out.
import { formatPercent } from '../chart/format';

const CELL = 26;

export function AttentionLayers({
  maps,
  tokens,
  readRow = 3,
}: {
  maps: number[][][][];
  tokens: readonly string[];
  /** The row where the answer is read: the last ("="), or a reasoning fact's own (ShownFact.readAt). */
  readRow?: number;
}) {
  // Row labels sit left of the grid: wide enough for the longest one ("e1999" on the reasoning tasks).
  const left = Math.max(16, 6 * Math.max(...tokens.map((t) => t.length)) + 6);
  return (
    <div className="attention-layers">
      {maps.map((heads, l) => (
        <div key={l} className="attention-layer">
          <div className="of">block {l + 1}</div>
          <div className="attention-heads">
            {heads.map((rows, h) => (
              <svg
                key={h}
                width={CELL * 4 + left}
                height={CELL * 4 + 30}
                role="img"
                aria-label={`Block ${l + 1}, head ${h + 1}: the answer’s position (${tokens[readRow]}) attends ${rows[readRow]?.map((v, c) => `${formatPercent(v)} to ${tokens[c]}`).join(', ')}`}
              >
                <text x={left + CELL * 2} y={11} fontSize="10" textAnchor="middle" fill="#555">
                  head {h + 1}
                </text>
                {tokens.map((t, c) => (
                  <text
                    key={`c${c}`}
                    x={left + c * CELL + CELL / 2}
                    y={CELL * 4 + 28}
                    fontSize="10"
                    textAnchor="middle"
                    fill="#333"
                  >
                    {t}
                  </text>
                ))}
                {tokens.map((t, r) => (
                  <text
                    key={`r${r}`}
                    x={left - 4}
                    y={16 + r * CELL + CELL / 2 + 3}
                    fontSize="10"
                    textAnchor="end"
                    fill="#333"
                  >
                    {t}
                  </text>
                ))}
                {rows.map((row, r) =>
                  row.map((v, c) => (
                    <rect
                      key={`${r}-${c}`}
                      x={left + c * CELL}
                      y={16 + r * CELL}
                      width={CELL - 1}
                      height={CELL - 1}
                      fill={shade(v)}
                      stroke="#ddd"
                    >
                      <title>
                        {tokens[r]} → {tokens[c]}: {formatPercent(v)}
                      </title>
                    </rect>
                  )),
                )}
              </svg>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

/** White for 0 to dark blue for 1. */
function shade(v: number): string {
  const t = Math.max(0, Math.min(1, v));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * t);
  return `rgb(${mix(255, 0)}, ${mix(255, 60)}, ${mix(255, 120)})`;
}

// Each head's attention for one pair (a, b): row = the position that attends, column = the one it
// reads; the last row is where the answer is read out.
import { useState } from 'react';
import { useDraft } from '../controls/use-draft';
import { type Op, operation, symbolLabel } from '../../config/operations';
import type { InsideView } from '../../engine/inside/view';
import { formatPercent } from '../chart/format';

const CELL = 26;

interface Props {
  view: InsideView;
  op: Op;
  onPick: (a: number, b: number) => void;
}

export function AttentionMap({ view, op, onPick }: Props) {
  const { a, b, maps } = view.attention;
  const { token, firstB, excluded } = operation(op);
  const tokens = [symbolLabel(op, a), token, symbolLabel(op, b), '='];
  return (
    <figure className="inside-view" data-testid="attention-map" data-step={view.step} data-pair={`${a},${b}`}>
      <figcaption>
        <strong>Attention</strong>{' '}
        <span className="of">
          for the pair a = {tokens[0]}, b = {tokens[2]}: each head, row attends to column
        </span>
      </figcaption>
      <PairPicker a={a} b={b} p={view.p} firstB={firstB} excluded={excluded} onPick={onPick} />
      <div className="attention-layers">
        {maps.map((heads, l) => (
          <div key={l} className="attention-layer">
            <div className="of">block {l + 1}</div>
            <div className="attention-heads">
              {heads.map((rows, h) => (
                <svg
                  key={h}
                  width={CELL * 4 + 16}
                  height={CELL * 4 + 30}
                  role="img"
                  aria-label={`Block ${l + 1}, head ${h + 1}: the “=” position attends ${rows[3]?.map((v, c) => `${formatPercent(v)} to ${tokens[c]}`).join(', ')}`}
                >
                  <text x={16 + CELL * 2} y={11} fontSize="10" textAnchor="middle" fill="#555">
                    head {h + 1}
                  </text>
                  {tokens.map((t, c) => (
                    <text
                      key={`c${c}`}
                      x={16 + c * CELL + CELL / 2}
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
                      x={12}
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
                        x={16 + c * CELL}
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
    </figure>
  );
}

/** White for 0 to dark blue for 1. */
function shade(v: number): string {
  const t = Math.max(0, Math.min(1, v));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * t);
  return `rgb(${mix(255, 0)}, ${mix(255, 60)}, ${mix(255, 120)})`;
}

interface PickerProps {
  a: number;
  b: number;
  p: number;
  /** The smallest b of the table, and why smaller ones are left out. */
  firstB: number;
  excluded: string | undefined;
  onPick: (a: number, b: number) => void;
}

function PairPicker({ a, b, p, firstB, excluded, onPick }: PickerProps) {
  const [textA, setTextA] = useDraft(String(a));
  const [textB, setTextB] = useDraft(String(b));
  const text = { a: textA, b: textB };
  const [problem, setProblem] = useState('');
  const commit = () => {
    const na = Number(text.a);
    const nb = Number(text.b);
    const bad = (
      [
        ['a', text.a, na, 0],
        ['b', text.b, nb, firstB],
      ] as const
    ).find(([, , n, min]) => !Number.isInteger(n) || n < min || n >= p);
    if (bad) {
      const [key, raw, , min] = bad;
      const why = min > 0 && excluded ? ` (${excluded})` : '';
      setProblem(`${key}: ${JSON.stringify(raw)} is not valid; expected a whole number from ${min} to ${p - 1}${why}`);
      return;
    }
    setProblem('');
    if (na !== a || nb !== b) onPick(na, nb);
  };
  return (
    <div className="pair-picker">
      {(['a', 'b'] as const).map((k) => (
        <label key={k}>
          {k}{' '}
          <input
            type="text"
            inputMode="numeric"
            value={text[k]}
            aria-label={`attention pair ${k}`}
            onChange={(e) => (k === 'a' ? setTextA : setTextB)(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
            }}
          />
        </label>
      ))}
      {problem && (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}

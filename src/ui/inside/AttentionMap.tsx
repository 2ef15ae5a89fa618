// Each head's attention for one pair (a, b): row = the position that attends, column = the one it
// reads; the last row is where the answer is read out.
import { useState } from 'react';
import { useDraft } from '../controls/use-draft';
import { firstB, type Op, operation, symbolLabel, type ZeroRows } from '../../config/operations';
import type { InsideView } from '../../engine/inside/view';
import { AttentionLayers } from './AttentionLayers';

interface Props {
  view: InsideView;
  op: Op;
  /** Whether the run's table keeps its b = 0 rows: a pair outside the table is not offered. */
  bzero: ZeroRows;
  onPick: (a: number, b: number) => void;
}

export function AttentionMap({ view, op, bzero, onPick }: Props) {
  const { a, b, maps } = view.attention;
  const { token, firstB: opFirstB, excluded: opExcluded } = operation(op);
  const first = firstB(op, bzero);
  const excluded =
    first > opFirstB ? 'this run’s table leaves out b = 0 (bzero=exclude), as the Grokfast code does' : opExcluded;
  const tokens = [symbolLabel(op, a), token, symbolLabel(op, b), '='];
  return (
    <figure className="inside-view" data-testid="attention-map" data-step={view.step} data-pair={`${a},${b}`}>
      <figcaption>
        <strong>Attention</strong>{' '}
        <span className="of">
          for the pair a = {tokens[0]}, b = {tokens[2]}: each head, row attends to column
        </span>
      </figcaption>
      <PairPicker a={a} b={b} p={view.p} firstB={first} excluded={excluded} onPick={onPick} />
      <AttentionLayers maps={maps} tokens={tokens} />
    </figure>
  );
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

// The p × p table of (a, b): training or validation pair, answered right or wrong, drawn on a canvas
// (up to 12,769 cells). Hover names a cell; a click shows its attention.
import { type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type Op, symbolLabel } from '../../config/operations';
import type { InsideView } from '../../engine/inside/view';
import { formatPercent } from '../chart/format';
import { cellColor, GRID_COLORS } from './grid-colors';

/** The grid's side in CSS pixels, about; cells are whole pixels. */
const SIDE = 300;

interface Props {
  view: InsideView;
  op: Op;
  onPick: (a: number, b: number) => void;
}

export function AnswerGrid({ view, op, onPick }: Props) {
  const label = (x: number) => symbolLabel(op, x);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { p } = view;
  const cell = Math.max(2, Math.floor(SIDE / p));
  const size = cell * p;
  const [hover, setHover] = useState<number | null>(null);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = size * ratio;
    c.height = size * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const i = a * p + b;
        ctx.fillStyle = cellColor(view.split[i] as number, view.predicted[i] === view.answer[i]);
        ctx.fillRect(b * cell, a * cell, cell, cell);
      }
    }
  }, [view, p, cell, size]);

  const counts = useMemo(() => {
    const c = { trainRight: 0, train: 0, valRight: 0, val: 0 };
    view.split.forEach((s, i) => {
      const right = view.predicted[i] === view.answer[i];
      if (s === 1) {
        c.train++;
        if (right) c.trainRight++;
      }
      if (s === 2) {
        c.val++;
        if (right) c.valRight++;
      }
    });
    return c;
  }, [view]);

  const cellAt = (e: MouseEvent<HTMLCanvasElement>): number | null => {
    const rect = e.currentTarget.getBoundingClientRect();
    const b = Math.floor(((e.clientX - rect.left) / rect.width) * p);
    const a = Math.floor(((e.clientY - rect.top) / rect.height) * p);
    return a >= 0 && a < p && b >= 0 && b < p ? a * p + b : null;
  };
  const h = hover !== null && view.split[hover] !== 0 ? hover : null;

  return (
    <figure className="inside-view" data-testid="answer-grid" data-step={view.step}>
      <figcaption>
        <strong>Answer grid</strong>{' '}
        <span className="of">row a, column b; step {view.step.toLocaleString('en-US')}</span>
      </figcaption>
      <canvas
        ref={canvas}
        className="answer-grid"
        style={{ width: size, height: size }}
        role="img"
        aria-label={`The ${p} × ${p} table of pairs: ${counts.trainRight} of ${counts.train} training pairs and ${counts.valRight} of ${counts.val} validation pairs answered right`}
        onPointerMove={(e) => setHover(cellAt(e))}
        onPointerLeave={() => setHover(null)}
        onClick={(e) => {
          const i = cellAt(e);
          if (i !== null && view.split[i] !== 0) onPick(Math.floor(i / p), i % p);
        }}
      />
      <p className="inside-readout" aria-live="off">
        {h === null ? (
          'Point at a cell; click it to see its attention.'
        ) : (
          <>
            a = {label(Math.floor(h / p))}, b = {label(h % p)}: answer{' '}
            <strong>{label(view.answer[h] as number)}</strong>; the model says{' '}
            <strong>{tokenName(view.predicted[h] as number, p, label)}</strong> (
            {formatPercent(view.confidence[h] as number)}
            ); {view.split[h] === 1 ? 'a training pair' : 'a validation pair'}
          </>
        )}
      </p>
      <ul className="grid-legend">
        <li>
          <Swatch color={GRID_COLORS.trainRight} />
          <Swatch color={GRID_COLORS.trainWrong} /> training: right / wrong ({counts.trainRight} /{' '}
          {counts.train - counts.trainRight})
        </li>
        <li>
          <Swatch color={GRID_COLORS.valRight} />
          <Swatch color={GRID_COLORS.valWrong} /> validation: right / wrong ({counts.valRight} /{' '}
          {counts.val - counts.valRight})
        </li>
      </ul>
    </figure>
  );
}

function Swatch({ color }: { color: string }) {
  return <span className="swatch" style={{ background: color }} />;
}

/** The model may answer with a token that is no symbol. */
function tokenName(token: number, p: number, label: (x: number) => string): string {
  if (token === p) return 'the operator token';
  if (token === p + 1) return 'the “=” token';
  return label(token);
}

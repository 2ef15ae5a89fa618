// A reasoning task's inside views: how the model answers a sample of each split's inferred facts
// (right in green, wrong in red, with its confidence), and each block's attention for one fact,
// picked by clicking it.
import { FACT_SPLITS, type FactsView, type ShownFact } from '../../engine/inside/facts-view';
import { formatPercent } from '../chart/format';
import { AttentionLayers } from './AttentionLayers';

interface Props {
  view: FactsView;
  onPick: (split: number, index: number) => void;
}

/** A fact's question: its tokens up to where the answer is read. */
const question = (f: ShownFact) => f.input.slice(0, f.readAt + 1).join(' ');

export function FactsPanel({ view, onPick }: Props) {
  const { split, index, maps } = view.query;
  const chosen = view.splits[split]?.[index];
  const readRow = chosen?.readAt ?? 2;
  return (
    <div className="inside-views">
      {view.splits.map((facts, s) => {
        const right = facts.filter((f) => f.right).length;
        return (
          <figure
            key={FACT_SPLITS[s]}
            className="inside-view facts"
            data-testid={`facts-${FACT_SPLITS[s]}`}
            data-step={view.step}
          >
            <figcaption>
              <strong>{FACT_SPLITS[s]}</strong>{' '}
              <span className="of">
                {right} of {facts.length} inferred facts answered right; click one for its attention
              </span>
            </figcaption>
            <ol className="fact-list">
              {facts.map((f, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className={`fact ${f.right ? 'fact-right' : 'fact-wrong'}`}
                    aria-pressed={s === split && i === index}
                    onClick={() => onPick(s, i)}
                  >
                    {question(f)} → {f.predicted} {f.right ? '✓' : `✗ (${f.answer})`}{' '}
                    <span className="of">{formatPercent(f.confidence)}</span>
                  </button>
                </li>
              ))}
            </ol>
          </figure>
        );
      })}
      <figure className="inside-view" data-testid="attention-map" data-step={view.step} data-fact={`${split},${index}`}>
        <figcaption>
          <strong>Attention</strong>{' '}
          <span className="of">
            for {FACT_SPLITS[split]} fact {chosen ? question(chosen) : ''}: each head, row attends to column; the answer
            is read at row {readRow + 1} ({chosen?.input[readRow] ?? ''})
          </span>
        </figcaption>
        <AttentionLayers maps={maps} tokens={chosen?.input ?? ['', '', '', '']} readRow={readRow} />
      </figure>
    </div>
  );
}

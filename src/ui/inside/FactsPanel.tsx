// A reasoning task's inside views: how the model answers a sample of each split's inferred facts
// (right in green, wrong in red, with its confidence), and each block's attention for one fact,
// picked by clicking it.
import { FACT_SPLITS, type FactsView } from '../../engine/inside/facts-view';
import { READ_INFERRED } from '../../engine/tasks/facts';
import { formatPercent } from '../chart/format';
import { AttentionLayers } from './AttentionLayers';

interface Props {
  view: FactsView;
  onPick: (split: number, index: number) => void;
}

export function FactsPanel({ view, onPick }: Props) {
  const { split, index, maps } = view.query;
  const chosen = view.splits[split]?.[index];
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
                    {f.input.slice(0, 3).join(' ')} → {f.predicted} {f.right ? '✓' : `✗ (${f.answer})`}{' '}
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
            for {FACT_SPLITS[split]} fact {chosen ? chosen.input.slice(0, 3).join(' ') : ''}: each head, row attends to
            column; the answer is read at the third token's row
          </span>
        </figcaption>
        <AttentionLayers maps={maps} tokens={chosen?.input ?? ['', '', '', '']} readRow={READ_INFERRED} />
      </figure>
    </div>
  );
}

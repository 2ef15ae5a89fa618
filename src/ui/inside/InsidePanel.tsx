// Inside the model: what changes in the network when it groks, live for the current run, computed in
// the training worker about once a second.
import { useDeferredValue } from 'react';
import type { StepScale } from '../chart/downsample';
import { useLab } from '../lab-context';
import { AnswerGrid } from './AnswerGrid';
import { AttentionMap } from './AttentionMap';
import { BridgeLens } from './BridgeLens';
import { EmbeddingPca } from './EmbeddingPca';
import { FourierSpectrum } from './FourierSpectrum';
import { FactsPanel } from './FactsPanel';
import { InsideCharts } from './InsideCharts';
import { familyOf } from '../../config/tasks';
import { hasFourierGroup } from '../../engine/inside/group';
import { noFourier, NotApplicable } from './NotApplicable';
import { NO_PROGRESS_REASONING } from './ProgressChart';
import './inside.css';

export function InsidePanel({ xScale }: { xScale: StepScale }) {
  const view = useDeferredValue(useLab((s) => s.inside));
  const sparsity = useDeferredValue(useLab((s) => s.sparsity));
  // The weight-norm and sparsity charts move with the views, not with every progress report: four
  // chart frames redrawn in one task would make the page stutter.
  const { records, events } = useDeferredValue(useLab((s) => s.insideSeries));
  const op = useLab((s) => s.runConfig.op);
  const bzero = useLab((s) => s.runConfig.bzero);
  const pickPair = useLab((s) => s.pickPair);
  // The Fourier views and progress measures need a group: + and − on 0…p−1, · and ÷ on the logarithms.
  const fourier = hasFourierGroup(op);
  const task = useLab((s) => s.runConfig.task);
  const facts = useLab((s) => s.facts);
  const pickFact = useLab((s) => s.pickFact);
  if (familyOf(task).inside === 'facts') {
    return (
      <section className="inside" aria-label="Inside the model">
        <h2>Inside the model</h2>
        <p className="of">
          Updated about once a second while training: how the model answers some inferred facts of each split, and where
          each block looks for one of them.
        </p>
        {facts ? (
          <FactsPanel view={facts} onPick={pickFact} />
        ) : (
          <p className="metrics-empty" data-testid="inside-empty">
            The views appear once training starts.
          </p>
        )}
        <NotApplicable testId="progress-chart" title="Progress measures" why={NO_PROGRESS_REASONING} />
        <BridgeLens task={task} lens={facts?.lens} records={records} events={events} xScale={xScale} />
      </section>
    );
  }
  return (
    <section className="inside" aria-label="Inside the model">
      <h2>Inside the model</h2>
      <p className="of">
        Updated about once a second while training. After grokking, the number embeddings use a few Fourier frequencies
        (Nanda et al. 2023): the spectrum sharpens, and for <code>a + b</code> the projection shows circles (for{' '}
        <code>a · b</code> and <code>a ÷ b</code>, over the numbers ordered by their discrete logarithm).
      </p>
      {view ? (
        <div className="inside-views">
          <AnswerGrid view={view} op={op} onPick={pickPair} />
          {fourier ? (
            <FourierSpectrum view={view} op={op} />
          ) : (
            <NotApplicable testId="fourier-spectrum" title="Fourier spectrum" why={noFourier(op)} />
          )}
          <EmbeddingPca view={view} op={op} />
          <AttentionMap view={view} op={op} bzero={bzero} onPick={pickPair} />
        </div>
      ) : (
        <p className="metrics-empty" data-testid="inside-empty">
          The views appear once training starts (each costs about one evaluation).
        </p>
      )}
      <InsideCharts records={records} events={events} sparsity={sparsity} xScale={xScale} op={op} />
    </section>
  );
}

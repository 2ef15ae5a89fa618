// Chart benchmark page (not part of the site): the live charts with a long synthetic run, updated on
// demand from the benchmark driver (bench/ui-driver.ts) through window.benchAppend.
import { useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import type { MetricRecord, RunEvent } from '../src/engine/metrics';
import { MetricsCharts } from '../src/ui/chart/MetricsCharts';

/** A plausible grokking run: train accuracy rises early, validation late, losses fall. */
function record(step: number): MetricRecord {
  const s = (x: number) => 1 / (1 + Math.exp(-x));
  const trainAcc = s((step - 2000) / 300);
  const valAcc = 0.05 + 0.95 * s((step - 40000) / 2000) + 0.02 * Math.sin(step / 97);
  return {
    step,
    trainAcc,
    valAcc: Math.min(1, valAcc),
    trainLoss: 4.6 * (1 - trainAcc) + 1e-4,
    valLoss: 4.6 * (1 - valAcc) + 0.01 + 0.3 * Math.abs(Math.sin(step / 311)),
    weightNorm: 30,
    gradNorm: 1,
    ms: step,
  };
}

const EVENTS: RunEvent[] = [
  { type: 'change', step: 20000, key: 'lambda', from: 2, to: 5 },
  { type: 'memorised', step: 3000 },
  { type: 'grokked', step: 44000 },
];

// The run grows outside React, as the lab's store does; each append renders at once (flushSync).
let records: MetricRecord[] = [];
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

function append(n: number): void {
  const from = (records.at(-1)?.step ?? 0) + 10;
  records = records.concat(Array.from({ length: n }, (_, i) => record(from + 10 * i)));
  flushSync(() => listeners.forEach((l) => l()));
}

function Bench() {
  const shown = useSyncExternalStore(subscribe, () => records);
  return <MetricsCharts records={shown} events={EVENTS} xScale="linear" />;
}

createRoot(document.getElementById('root') as HTMLElement).render(<Bench />);
(window as unknown as { benchAppend: (n: number) => void }).benchAppend = (n) => append(n);

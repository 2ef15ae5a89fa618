// A minimal lab page until the full UI lands: it trains the config in the address bar (or the small
// CPU-friendly preset) in the worker and shows the live readouts.
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { SMALL_GROKKING_CONFIG } from '../config/presets';
import { OP_FORMULAS } from '../config/schema';
import { configToQuery, parseShareLink } from '../config/url';
import { milestones, type MetricRecord, type RunEvent } from '../engine/metrics';
import type { Command, RunStatus, WorkerEvent } from '../worker/protocol';

interface State {
  backend: string;
  notes: string[];
  status: RunStatus;
  message: string;
  step: number;
  last: MetricRecord | null;
  events: RunEvent[];
  elapsedMs: number;
}

const initial: State = { backend: '…', notes: [], status: 'starting', message: '', step: 0, last: null, events: [], elapsedMs: 0 };

function reduce(s: State, e: WorkerEvent | { type: 'reset' }): State {
  switch (e.type) {
    case 'reset':
      return { ...s, step: 0, last: null, events: [], elapsedMs: 0 };
    case 'backend':
      return { ...s, backend: e.name, notes: e.notes };
    case 'status':
      return { ...s, status: e.status, step: e.step, message: e.message ?? '' };
    case 'progress':
      return { ...s, step: e.step, last: e.records.at(-1) ?? s.last, events: [...s.events, ...e.events], elapsedMs: e.elapsedMs };
    case 'rejected':
      return { ...s, message: e.message };
  }
}

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

export function App() {
  const shared = useMemo(() => {
    const fromUrl = parseShareLink(window.location.search);
    const hasConfig = configToQuery(fromUrl.config) !== '';
    return { ...fromUrl, config: hasConfig ? fromUrl.config : SMALL_GROKKING_CONFIG };
  }, []);
  const [state, dispatch] = useReducer(reduce, initial);
  const worker = useRef<Worker | null>(null);
  const send = (c: Command) => worker.current?.postMessage(c);

  useEffect(() => {
    const w = new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<WorkerEvent>) => dispatch(e.data);
    w.onerror = (e) => dispatch({ type: 'status', status: 'error', step: 0, message: e.message });
    worker.current = w;
    w.postMessage({ type: 'init', config: shared.config } satisfies Command);
    if (shared.ui.autoplay) w.postMessage({ type: 'play' } satisfies Command);
    return () => w.terminate();
  }, [shared]);

  const { memorised, grokked, delay } = milestones(state.events);
  const running = state.status === 'running';
  const stepsPerSec = state.elapsedMs > 0 ? (1000 * state.step) / state.elapsedMs : 0;
  const c = shared.config;

  return (
    <main>
      <h1>Grok Lab</h1>
      <p>
        A tiny Transformer learns <code>{OP_FORMULAS[c.op]} mod {c.p}</code> from {Math.round(c.frac * 100)}% of the table.
        Training accuracy saturates first; validation accuracy jumps much later: that jump is grokking.
        The full lab (charts, sliders, presets) is being built; this page already trains for real, in a Web Worker.
      </p>
      {(shared.errors.length > 0 || shared.unknown.length > 0) && (
        <ul role="alert" data-testid="url-notice">
          {shared.errors.map((e) => <li key={e.key}>{e.message}; the default is used instead</li>)}
          {shared.unknown.map((k) => <li key={k}>unknown key {k} was ignored</li>)}
        </ul>
      )}
      <p>
        <button type="button" onClick={() => send({ type: running ? 'pause' : 'play' })} disabled={state.status === 'starting'}>
          {running ? 'Pause' : 'Play'}
        </button>{' '}
        <button type="button" onClick={() => send({ type: 'step', count: 1 })} disabled={running}>Step ×1</button>{' '}
        <button type="button" onClick={() => { dispatch({ type: 'reset' }); send({ type: 'reset' }); }}>Reset</button>
      </p>
      <dl className="readouts">
        <dt>backend</dt><dd data-testid="backend">{state.backend}</dd>
        <dt>status</dt><dd data-testid="status">{state.status}{state.message ? `: ${state.message}` : ''}</dd>
        <dt>step</dt><dd data-testid="step">{state.step}</dd>
        <dt>steps/s</dt><dd>{stepsPerSec.toFixed(1)}</dd>
        <dt>train accuracy</dt><dd data-testid="train-acc">{pct(state.last?.trainAcc)}</dd>
        <dt>validation accuracy</dt><dd data-testid="val-acc">{pct(state.last?.valAcc)}</dd>
        <dt>memorised at step</dt><dd data-testid="memorised-step">{memorised ?? '–'}</dd>
        <dt>grokked at step</dt><dd data-testid="grokked-step">{grokked ?? '–'}</dd>
        <dt>delay</dt><dd>{delay ?? '–'}</dd>
      </dl>
      {state.notes.length > 0 && <p className="note">Backend notes: {state.notes.join('; ')}</p>}
      <p className="config">Config: <code>?{configToQuery(c) || '(defaults)'}</code></p>
    </main>
  );
}

// The race, side by side: the Grokfast run and its baseline (filter none, all else equal) and their
// milestones, under the charts; the speed-up read off them is RaceHeadline, above the charts. On a
// phone each run's row stacks as a card of label and value pairs, so that no column is cut off.
import type { ReactNode } from 'react';
import { milestones, type MetricRecord, type RunEvent } from '../../engine/metrics';
import { BASELINE_COLOR, COLORS } from '../chart/theme';
import { count, percent } from '../format';
import { useLab } from '../lab-context';

interface Side {
  name: string;
  what: string;
  lines: readonly string[];
  step: number;
  status: string;
  last: MetricRecord | undefined;
  events: readonly RunEvent[];
}

export function RaceBoard() {
  const race = useLab((s) => s.race);
  const runName = useLab((s) => s.runName);
  const config = useLab((s) => s.config);
  const step = useLab((s) => s.step);
  const status = useLab((s) => s.status);
  const last = useLab((s) => s.records.at(-1));
  const events = useLab((s) => s.events);
  if (!race) return null;

  const filter =
    config.filter === 'ema'
      ? `Grokfast-EMA, α ${config.alpha}, λ ${config.lambda}`
      : config.filter === 'ma'
        ? `Grokfast-MA, window ${config.window}, λ ${config.lambda}`
        : 'filter off';
  const sides: Side[] = [
    { name: runName, what: filter, lines: [COLORS.train, COLORS.validation], step, status, last, events },
    {
      name: race.name,
      what: 'baseline: filter none',
      lines: [BASELINE_COLOR],
      step: race.step,
      status: race.status,
      last: race.records.at(-1),
      events: race.events,
    },
  ];

  return (
    <section className="race-board" aria-label="Race">
      <h2>Race</h2>
      <p className="race-fair">
        Same data, model, seed and optimizer (weight decay {config.wd} in both); only the gradient filter differs.
      </p>
      <div className="race-table">
        <table>
          <thead>
            <tr>
              <th>run</th>
              <th>lines</th>
              <th>step</th>
              <th>train acc</th>
              <th>val acc</th>
              <th>memorised</th>
              <th>grokked</th>
              <th>status</th>
            </tr>
          </thead>
          <tbody>
            {sides.map((s, i) => {
              const m = milestones(s.events);
              const cells: [string, ReactNode][] = [
                [
                  'run',
                  <>
                    <strong>{s.name}</strong> <span className="of">{s.what}</span>
                  </>,
                ],
                [
                  'lines',
                  s.lines.map((c) => (
                    <svg key={c} width="20" height="8" aria-hidden="true">
                      <line x1="0" y1="4" x2="20" y2="4" stroke={c} strokeWidth="3" />
                    </svg>
                  )),
                ],
                ['step', count(s.step)],
                ['train acc', percent(s.last?.trainAcc)],
                ['val acc', percent(s.last?.valAcc)],
                ['memorised', count(m.memorised)],
                ['grokked', count(m.grokked)],
                ['status', s.status],
              ];
              return (
                <tr key={i} data-testid="race-row">
                  {cells.map(([label, value]) => (
                    // The label shows beside the value where the rows stack (phones).
                    <td key={label} data-label={label}>
                      {value}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

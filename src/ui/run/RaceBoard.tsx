// The race, side by side: the Grokfast run and its baseline (filter none, all else equal), their
// milestones, and the speed-up read off them.
import { milestones, type MetricRecord, type RunEvent } from '../../engine/metrics';
import { BASELINE_COLOR, COLORS } from '../chart/theme';
import { count, percent } from '../format';
import { useLab } from '../lab-context';
import { raceDecided, raceSpeedup } from '../../store/race';

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
  const verdict = raceSpeedup(events, race.events, race.step);
  const decided = raceDecided(events, race.events);

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
              return (
                <tr key={i} data-testid="race-row">
                  <td>
                    <strong>{s.name}</strong> <span className="of">{s.what}</span>
                  </td>
                  <td>
                    {s.lines.map((c) => (
                      <svg key={c} width="20" height="8" aria-hidden="true">
                        <line x1="0" y1="4" x2="20" y2="4" stroke={c} strokeWidth="3" />
                      </svg>
                    ))}
                  </td>
                  <td>{count(s.step)}</td>
                  <td>{percent(s.last?.trainAcc)}</td>
                  <td>{percent(s.last?.valAcc)}</td>
                  <td>{count(m.memorised)}</td>
                  <td>{count(m.grokked)}</td>
                  <td>{s.status}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="race-verdict">
        Speed-up: <strong data-testid="speedup">{verdict ?? 'neither has grokked yet'}</strong>
      </p>
      {decided && status !== 'running' && race.status !== 'running' && (
        <p className="race-note">Both have grokked: the race pauses there once. Play trains both on.</p>
      )}
    </section>
  );
}

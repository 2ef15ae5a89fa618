// The race's headline, above the charts: the speed-up read off the two runs' milestones, or what it
// waits for; the race's table is RaceBoard, under the charts.
import { raceDecided, raceSpeedup } from '../../store/race';
import { useLab } from '../lab-context';

export function RaceHeadline() {
  const race = useLab((s) => s.race);
  const status = useLab((s) => s.status);
  const events = useLab((s) => s.events);
  if (!race) return null;
  const verdict = raceSpeedup(events, race.events, race.step);
  const decided = raceDecided(events, race.events);
  return (
    <p className="race-headline">
      <span className="race-verdict">
        Speed-up over the baseline: <strong data-testid="speedup">{verdict ?? 'neither has grokked yet'}</strong>
      </span>
      {decided && status !== 'running' && race.status !== 'running' && (
        // On the same line: the note coming and going moves nothing below it on a wide screen.
        <span className="race-note"> Both have grokked: the race pauses there once. Play trains both on.</span>
      )}
    </p>
  );
}

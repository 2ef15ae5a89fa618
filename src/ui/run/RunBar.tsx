// Play/pause, stepping, reset and race, with the run's live readouts.
import { useRef } from 'react';
import { familyOf } from '../../config/tasks';
import { milestones } from '../../engine/metrics';
import { groupStatus, raceUnavailable } from '../../store/race';
import { count, duration, percent, rate } from '../format';
import { WAITING_FOR_STEP } from '../../worker/protocol';
import { useLab } from '../lab-context';

export function RunBar() {
  const status = useLab((s) => s.status);
  const message = useLab((s) => s.message);
  const step = useLab((s) => s.step);
  const steps = useLab((s) => s.config.steps);
  // The reasoning tasks' validation is test-ID, and test-OOD is read beside it.
  const splits = useLab((s) => familyOf(s.runConfig.task).splits);
  // In a race: the pair's training time, so that steps, time and rate agree with what is seen.
  const elapsedMs = useLab((s) => s.elapsedMs + (s.race?.elapsedMs ?? 0));
  const stepsPerSec = useLab((s) => s.stepsPerSec);
  const last = useLab((s) => s.records.at(-1));
  const events = useLab((s) => s.events);
  const togglePlay = useLab((s) => s.togglePlay);
  const stepBy = useLab((s) => s.stepBy);
  const reset = useLab((s) => s.reset);
  const startRace = useLab((s) => s.startRace);
  const endRace = useLab((s) => s.endRace);
  const controls = useLab(groupStatus);
  const racing = useLab((s) => s.race !== null);
  const cannotRace = useLab((s) => raceUnavailable(s.config));
  // A new run waiting for the worker to finish a replaced run's long step can stop waiting.
  const restartWorker = useLab((s) => s.restartWorker);
  const waiting = status === 'starting' && message.startsWith(WAITING_FOR_STEP);
  const { memorised, grokked, delay } = milestones(events);
  // The race button turns into "End race" where it was: focus goes to Play/Pause, so that the space
  // bar pauses the race rather than pressing the button that replaced the one clicked.
  const play = useRef<HTMLButtonElement>(null);
  const afterwards = (action: () => void) => {
    action();
    play.current?.focus();
  };
  const running = controls === 'running';
  const canStep = controls === 'paused';

  return (
    <section className="runbar" aria-label="Run">
      <div className="buttons">
        <button
          ref={play}
          type="button"
          className="play"
          onClick={togglePlay}
          disabled={!running && !canStep}
          aria-keyshortcuts="Space"
        >
          {running ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => stepBy(1)} disabled={!canStep}>
          Step ×1
        </button>
        <button type="button" onClick={() => stepBy(100)} disabled={!canStep}>
          Step ×100
        </button>
        <button type="button" onClick={reset} title={racing ? 'Start the race over' : 'Start the run over'}>
          Reset
        </button>
        {racing ? (
          <button
            key="end"
            type="button"
            onClick={() => afterwards(endRace)}
            title="The baseline goes to the runs list; this run trains on alone"
            data-testid="end-race"
          >
            End race
          </button>
        ) : (
          <button
            key="race"
            type="button"
            className="race"
            onClick={() => afterwards(startRace)}
            disabled={cannotRace !== null}
            title={cannotRace ?? 'Train these settings and the same with the filter off, side by side, and compare'}
            data-testid="race"
          >
            Race the baseline
          </button>
        )}
        {waiting && restartWorker && (
          <button type="button" onClick={restartWorker} data-testid="stop-waiting">
            Stop waiting: start afresh
          </button>
        )}
      </div>
      <dl className="readouts">
        <div>
          <dt>status</dt>
          <dd data-testid="status" className={`status-${status}`}>
            {statusText(status, message)}
          </dd>
        </div>
        <div>
          <dt>step</dt>
          <dd>
            <span data-testid="step">{step}</span> <span className="of">/ {count(steps)}</span>
          </dd>
        </div>
        <div>
          <dt>steps/s</dt>
          <dd data-testid="steps-per-sec">{rate(stepsPerSec)}</dd>
        </div>
        <div>
          <dt>elapsed</dt>
          <dd data-testid="elapsed">{duration(elapsedMs)}</dd>
        </div>
        <div>
          <dt>train acc</dt>
          <dd data-testid="train-acc">{percent(last?.trainAcc)}</dd>
        </div>
        <div>
          <dt>{splits.val} acc</dt>
          <dd data-testid="val-acc">{percent(last?.valAcc)}</dd>
        </div>
        {splits.ood && (
          <div>
            <dt>test-OOD acc</dt>
            <dd data-testid="ood-acc">{percent(last?.oodAcc)}</dd>
          </div>
        )}
        <div>
          <dt>memorised</dt>
          <dd data-testid="memorised-step">{count(memorised)}</dd>
        </div>
        <div>
          <dt>grokked</dt>
          <dd data-testid="grokked-step">{count(grokked)}</dd>
        </div>
        <div>
          <dt>delay</dt>
          <dd data-testid="delay">{count(delay)}</dd>
        </div>
      </dl>
    </section>
  );
}

function statusText(status: string, message: string): string {
  if (status === 'finished') return 'finished (step budget reached)';
  if (status === 'diverged') return message || 'diverged';
  if (status === 'error') return `error: ${message}`;
  return message ? `${status}: ${message}` : status;
}

// The question asked before a change (a setting, a preset) that needs a new run.
import { useLab } from '../lab-context';

export function PendingChange() {
  const pending = useLab((s) => s.pending);
  const confirm = useLab((s) => s.confirmPending);
  const cancel = useLab((s) => s.cancelPending);
  const step = useLab((s) => s.step);
  if (!pending) return null;
  const what = pending.race ? 'race' : 'run';
  return (
    <div className="pending" role="alertdialog" aria-label={`Start a new ${what}?`}>
      <p>
        {pending.what} needs a new {what}. The current one (step {step.toLocaleString('en-US')}) stops and stays in the runs list.
      </p>
      <button type="button" onClick={confirm}>Start new {what}</button>{' '}
      <button type="button" onClick={cancel}>Keep current {what}</button>
    </div>
  );
}

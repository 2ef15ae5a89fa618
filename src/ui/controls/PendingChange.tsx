// The question asked before a change (a setting, a preset) that needs a new run: a modal <dialog>
// whose focus starts on the safe answer; Escape keeps the current run too.
import { useRef } from 'react';
import { useLab } from '../lab-context';
import { useModal } from '../modal';

export function PendingChange() {
  const pending = useLab((s) => s.pending);
  const confirm = useLab((s) => s.confirmPending);
  const cancel = useLab((s) => s.cancelPending);
  const step = useLab((s) => s.step);
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog, pending !== null);
  const what = pending?.race ? 'race' : 'run';
  return (
    <dialog
      ref={dialog}
      className="pending"
      role="alertdialog"
      aria-label={`Start a new ${what}?`}
      onCancel={(e) => {
        e.preventDefault();
        cancel();
      }}
    >
      {pending && (
        <>
          <p>
            {pending.what} needs a new {what}. The current one (step {step.toLocaleString('en-US')}) stops and stays in
            the runs list.
          </p>
          <button type="button" onClick={confirm}>
            Start new {what}
          </button>{' '}
          <button type="button" onClick={cancel} data-autofocus>
            Keep current {what}
          </button>
        </>
      )}
    </dialog>
  );
}

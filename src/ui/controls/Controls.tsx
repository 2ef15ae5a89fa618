// Every config key, grouped as CONFIG.md groups them, and the question asked before a change that
// needs a new run.
import { CONFIG_KEYS, type Group, SCHEMA } from '../../config/schema';
import { useLab } from '../lab-context';
import { ConfigField } from './ConfigField';

const GROUPS: { group: Group; note: string }[] = [
  { group: 'Grokfast', note: 'live: changes apply from the next step' },
  { group: 'Optimizer', note: 'learning rate and weight decay are live' },
  { group: 'Task', note: 'a change starts a new run' },
  { group: 'Model', note: 'a change starts a new run' },
  { group: 'Run', note: 'a change starts a new run' },
];

export function Controls() {
  return (
    <section className="controls" aria-label="Settings">
      <PendingChange />
      {GROUPS.map(({ group, note }) => (
        <fieldset key={group}>
          <legend>
            {group} <span className="group-note">{note}</span>
          </legend>
          {CONFIG_KEYS.filter((k) => SCHEMA[k].group === group).map((k) => <ConfigField key={k} name={k} />)}
        </fieldset>
      ))}
    </section>
  );
}

function PendingChange() {
  const pending = useLab((s) => s.pending);
  const confirm = useLab((s) => s.confirmPending);
  const cancel = useLab((s) => s.cancelPending);
  const step = useLab((s) => s.step);
  if (!pending) return null;
  return (
    <div className="pending" role="alertdialog" aria-label="Start a new run?">
      <p>
        {pending.what} needs a new run: the current one (step {step.toLocaleString('en-US')}) will be discarded.
      </p>
      <button type="button" onClick={confirm}>Start new run</button>{' '}
      <button type="button" onClick={cancel}>Keep current run</button>
    </div>
  );
}

// Every config key, grouped as the schema groups them, and the question asked before a change that
// needs a new run.
import { appliesTo, CONFIG_KEYS, type Group, SCHEMA } from '../../config/schema';
import { useLab } from '../lab-context';
import { ConfigField } from './ConfigField';
import { PendingChange } from './PendingChange';

const GROUPS: { group: Group; note: string }[] = [
  { group: 'Grokfast', note: 'live: changes apply from the next step' },
  { group: 'Optimizer', note: 'learning rate and weight decay are live' },
  { group: 'Task', note: 'a change starts a new run' },
  { group: 'Model', note: 'a change starts a new run' },
  { group: 'Run', note: 'a change starts a new run' },
];

export function Controls() {
  const task = useLab((s) => s.config.task);
  return (
    <section className="controls" aria-label="Settings">
      <PendingChange />
      {GROUPS.map(({ group, note }) => (
        <fieldset key={group}>
          <legend>
            {group} <span className="group-note">{note}</span>
          </legend>
          {CONFIG_KEYS.filter((k) => SCHEMA[k].group === group && appliesTo(k, task)).map((k) => (
            <ConfigField key={k} name={k} />
          ))}
        </fieldset>
      ))}
    </section>
  );
}

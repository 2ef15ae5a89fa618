// One click per preset, arithmetic and reasoning in a row each; the preset in force (if any) is
// marked and described.
import { PRESETS } from '../../config/presets';
import { configToQuery } from '../../config/url';
import { useLab } from '../lab-context';

export function PresetBar() {
  const query = useLab((s) => configToQuery(s.config));
  const choose = useLab((s) => s.choose);
  const racing = useLab((s) => s.race !== null);
  const current = PRESETS.find((p) => configToQuery(p.config) === query && Boolean(p.race) === racing);
  const groups = [
    { label: 'Presets:', presets: PRESETS.filter((p) => p.config.task === 'mod') },
    { label: 'Reasoning:', presets: PRESETS.filter((p) => p.config.task !== 'mod') },
  ];
  return (
    <section className="presets" aria-label="Presets">
      {groups.map((g) => (
        <div key={g.label} className="preset-buttons" role="group" aria-label={g.label.slice(0, -1)}>
          <span className="presets-label">{g.label}</span>
          {g.presets.map((p) => (
            <button
              key={p.id}
              type="button"
              aria-pressed={p === current}
              title={p.description}
              data-preset={p.id}
              onClick={() => choose(p.config, `Loading the preset “${p.name}”`, p.race ?? false)}
            >
              {p.name}
            </button>
          ))}
        </div>
      ))}
      <p className="preset-description" data-testid="preset-description">
        {current ? current.description : 'Your own settings: no preset matches them.'}
      </p>
    </section>
  );
}

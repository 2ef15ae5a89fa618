// One click per preset; the preset in force (if any) is marked and described.
import { PRESETS } from '../../config/presets';
import { configToQuery } from '../../config/url';
import { useLab } from '../lab-context';

export function PresetBar() {
  const query = useLab((s) => configToQuery(s.config));
  const choose = useLab((s) => s.choose);
  const current = PRESETS.find((p) => configToQuery(p.config) === query);
  return (
    <section className="presets" aria-label="Presets">
      <div className="preset-buttons" role="group" aria-label="Presets">
        <span className="presets-label">Presets:</span>
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            aria-pressed={p === current}
            title={p.description}
            data-preset={p.id}
            onClick={() => choose(p.config, `Loading the preset “${p.name}”`)}
          >
            {p.name}
          </button>
        ))}
      </div>
      {current && (
        <p className="preset-description" data-testid="preset-description">
          {current.description}
        </p>
      )}
    </section>
  );
}

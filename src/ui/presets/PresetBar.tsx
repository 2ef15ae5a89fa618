// One click per preset, arithmetic then reasoning, on one row that scrolls sideways where the screen
// is too narrow for all of them (a fade at the edge says there are more): so that the charts stay on
// the first screen (issue 25). The preset in force is marked; its description is PresetDescription.
import { PRESETS } from '../../config/presets';
import { familyOf } from '../../config/tasks';
import { useLab } from '../lab-context';
import { useCurrentPreset } from './current-preset';
import { useScrollCue } from './use-scroll-cue';

export function PresetBar() {
  const choose = useLab((s) => s.choose);
  const current = useCurrentPreset();
  const [watchRow, more] = useScrollCue<HTMLDivElement>();
  const groups = presetGroups();
  return (
    <section className="presets" aria-label="Presets">
      <div className="preset-row" ref={watchRow} data-more={more}>
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
      </div>
    </section>
  );
}

/** The presets by their family's group label ("Presets:", "Reasoning:"), groups and presets in PRESETS order. */
function presetGroups(): { label: string; presets: (typeof PRESETS)[number][] }[] {
  const groups = new Map<string, (typeof PRESETS)[number][]>();
  for (const p of PRESETS) {
    const label = familyOf(p.config.task).presetGroup;
    groups.set(label, [...(groups.get(label) ?? []), p]);
  }
  return [...groups].map(([label, presets]) => ({ label, presets }));
}

// Named configs. Each one is a real, tested experiment (see test/grokking.test.ts). Each task family
// brings its own (src/config/tasks/<family>.ts) as changes to the schema's defaults; here they are
// completed and listed, family by family, in the order of the preset bar.
import { type Config, DEFAULT_CONFIG } from './schema';
import { familyOf, type PresetId, type TaskName, TASKS } from './tasks';
import { PAPER_SETUP } from './tasks/mod';

export type { PresetId };

export interface Preset {
  id: PresetId;
  name: string;
  /** One or two sentences: what it shows, and what was measured (or published) for it. */
  description: string;
  config: Config;
  /** Opens as a race against its baseline (the same settings, filter off). */
  race?: true;
}

export const PRESETS: readonly Preset[] = TASKS.flatMap((task) =>
  familyOf(task).presets.map((p) => ({
    ...p,
    // The ids a family's presets have: PresetId is the union of them (src/config/tasks/index.ts).
    id: p.id as PresetId,
    config: { ...DEFAULT_CONFIG, ...p.config, task },
  })),
);

export function presetById(id: PresetId): Preset {
  const preset = PRESETS.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset ${id}`);
  return preset;
}

/** The preset sized for a CPU in each task family: what the page suggests on a slow backend. */
export function smallPresetFor(task: TaskName): Preset {
  return presetById(familyOf(task).smallPreset);
}

/**
 * Groks on a CPU in about a minute (tfjs wasm backend): `a + b mod 23`, a 1-layer dim-32 model, no
 * filter (src/config/tasks/mod.ts says how it was tuned).
 */
export const SMALL_GROKKING_CONFIG: Config = presetById('small-cpu').config;

/** The same experiment with Grokfast-EMA switched on. */
export const SMALL_GROKFAST_CONFIG: Config = presetById('classroom').config;

/** The Grokfast paper's setup as its code runs it (src/config/tasks/mod.ts); the rest are the schema defaults. */
export const PAPER_CONFIG: Config = { ...DEFAULT_CONFIG, ...PAPER_SETUP };

export const COMPOSE_SMALL_CONFIG: Config = presetById('compose-small').config;

export const COMPARE_SMALL_CONFIG: Config = presetById('compare-small').config;

// What a task family is, to the page and to the engine alike: the pure half of its module (no tfjs,
// so that the page may load it). Its engine half, the data generator and what reads the model, is
// src/engine/tasks/family.ts. The registry of families is ./index.ts, which says how to add one.
import type { Config, ConfigKey } from '../schema';
import type { PresetId } from '.';

/** One piece of a sentence the page shows: plain, as code, or stressed. */
export type TextPart = string | { code: string } | { em: string };

/**
 * A rule on several keys of a config, or null when it holds. Its issue blames the key that should fall
 * back: the one changed from its default (`defaults`), as validateConfig's issues do.
 */
export type CrossKeyRule = (
  c: Config,
  defaults: Readonly<Config>,
) => { key: ConfigKey; value: string; message: string } | null;

/** A preset of a family, as ../presets.ts completes it: `config` holds what differs from the schema's defaults. */
export interface FamilyPreset {
  id: string;
  name: string;
  /** One or two sentences: what it shows, and what was measured (or published) for it. */
  description: string;
  /** Its settings besides the defaults (DEFAULT_CONFIG); `task` is the family's. */
  config: Partial<Config>;
  /** Opens as a race against its baseline (the same settings, filter off). */
  race?: true;
}

export interface TaskFamily {
  /** The value of the schema's `task` key. */
  name: string;
  /** What it is, for the `task` key's help (docs/CONFIG.md, --help): "an arithmetic table (op, p, frac)". */
  summary: string;
  /** What a run of this config learns, in a few words: "a · b mod 97", "two-hop facts about 200 entities". */
  learns: (c: Config) => string;
  /** The page's opening paragraph for a run of this family; `learns` is what learns() says. */
  lede: (c: Config, learns: string) => readonly TextPart[];
  /**
   * The splits besides training: `val` names the validation set (the reasoning tasks call it test-ID),
   * `ood` says whether there is a third, test-OOD, split (records then carry oodLoss and oodAcc).
   */
  splits: { val: 'val' | 'test-ID'; ood: boolean };
  /**
   * Which inside views apply: `table`, the views of a whole answer table (answer grid, Fourier
   * spectrum, embedding projection, attention for a pair; src/engine/inside/read.ts) and the progress
   * measures where the operation has a Fourier group; `facts`, a sample of each split's facts answered
   * and one fact's attention (src/engine/inside/facts.ts).
   */
  inside: 'table' | 'facts';
  /**
   * Tokens per sequence of a run of `c` (the engine's data says the same: Equations.seqLen): 4, or 6 for
   * comparison facts in the paper's format. The backend choice sizes a step by it.
   */
  seqLen: (c: Config) => number;
  /** Whether the logit lens looks for a bridge entity in the facts (records then carry bridgeId/bridgeOod). */
  logitLens: boolean;
  /** Its presets, in the order of the preset bar (each a real, tested experiment: test/grokking.test.ts). */
  presets: readonly FamilyPreset[];
  /** The label of the group of its presets on the preset bar ("Presets:", "Reasoning:"). */
  presetGroup: string;
  /** Its preset sized for a CPU (one of `presets`): what the page suggests on a slow backend. */
  smallPreset: PresetId;
  /** The key besides width and layers that tells its small preset's size from a larger one (p, entities). */
  sizeKey: ConfigKey;
  /** The small preset as the page's button names it ("the small preset", "“Comparison, small”"). */
  smallName: (small: { name: string; config: Config }) => string;
  /** One sentence on the small preset, for a backend that runs on the CPU. */
  smallAdvice: (small: { name: string; config: Config }) => string;
  /**
   * Rules among its own keys. They hold whatever the task (a config carries every family's keys, and
   * they always have valid values), so validateConfig checks every family's rules on every config.
   */
  rules?: readonly CrossKeyRule[];
}

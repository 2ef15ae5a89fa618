// The preset in force: the one whose settings (and race or not) are those of the page, if any.
import { type Preset, PRESETS } from '../../config/presets';
import { configToQuery } from '../../config/url';
import { useLab } from '../lab-context';

export function useCurrentPreset(): Preset | undefined {
  const query = useLab((s) => configToQuery(s.config));
  const racing = useLab((s) => s.race !== null);
  return PRESETS.find((p) => configToQuery(p.config) === query && Boolean(p.race) === racing);
}

// What the preset in force shows, or that the settings are one's own. Its own line under the charts
// (not above them, where it pushed the charts off the first screen), always there and of a fixed
// height, so that choosing or leaving a preset moves nothing.
import { useCurrentPreset } from './current-preset';

export function PresetDescription() {
  const current = useCurrentPreset();
  return (
    <p className="preset-description" data-testid="preset-description">
      {current ? current.description : 'Your own settings: no preset matches them.'}
    </p>
  );
}

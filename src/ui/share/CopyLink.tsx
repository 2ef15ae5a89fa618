// Copies the address bar, which always holds the settings in force (see App). What happened shows
// on the button itself, for a few seconds, so it covers nothing (a line under the button was drawn
// over the intro text); the button is as wide as its widest label, so nothing beside it moves.
import { useState } from 'react';

const LABELS = { idle: 'Copy link', copied: 'Link copied', failed: 'Copy failed' } as const;
type Said = keyof typeof LABELS;

export function CopyLink() {
  const [said, setSaid] = useState<Said>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setSaid('copied');
    } catch {
      setSaid('failed');
    }
    window.setTimeout(() => setSaid('idle'), 4000);
  };
  return (
    <button
      type="button"
      className="copy-link"
      data-testid="copy-link"
      onClick={() => void copy()}
      aria-live="polite"
      title={said === 'failed' ? 'Could not copy here: copy the address bar instead' : undefined}
    >
      <span>{LABELS[said]}</span>
      {/* Unseen, in the same place: each label's width, drawn from an attribute (so it is no text). */}
      {Object.values(LABELS).map((label) => (
        <span key={label} className="copy-width" data-label={label} aria-hidden="true" />
      ))}
    </button>
  );
}

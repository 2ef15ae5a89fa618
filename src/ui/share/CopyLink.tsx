// Copies the address bar, which always holds the settings in force (see App).
import { useState } from 'react';

export function CopyLink() {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setSaid('Link copied');
    } catch {
      setSaid('Could not copy here: copy the address bar instead');
    }
    window.setTimeout(() => setSaid(''), 4000);
  };
  return (
    <span className="copy-link">
      <button type="button" data-testid="copy-link" onClick={() => void copy()}>
        Copy link
      </button>
      <span role="status" className="copy-said">
        {said}
      </span>
    </span>
  );
}

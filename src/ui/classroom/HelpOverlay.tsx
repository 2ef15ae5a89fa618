// The keyboard shortcuts, opened with "?" (or its button) and closed with Escape.
import { useEffect, useState } from 'react';

const SHORTCUTS: [string, string][] = [
  ['Space', 'play / pause'],
  ['?', 'show or hide these shortcuts'],
  ['Escape', 'close this box'],
  ['Tab', 'move between controls; arrow keys move the α and λ sliders'],
];

const typing = (t: EventTarget | null) => t instanceof HTMLElement && t.closest('input, select, textarea, [contenteditable="true"]') !== null;

export function HelpOverlay() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !typing(e.target)) setOpen((o) => !o);
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button type="button" className="help-button" onClick={() => setOpen(true)} aria-keyshortcuts="?">Keyboard shortcuts</button>
      {open && (
        <div className="overlay" role="dialog" aria-label="Keyboard shortcuts" aria-modal="true">
          <h2>Keyboard shortcuts</h2>
          <dl>
            {SHORTCUTS.map(([key, what]) => (
              <div key={key}><dt><kbd>{key}</kbd></dt><dd>{what}</dd></div>
            ))}
          </dl>
          <button type="button" onClick={() => setOpen(false)} autoFocus>Close</button>
        </div>
      )}
    </>
  );
}

// The keyboard shortcuts, opened with "?" (or its button) and closed with Escape: a modal <dialog>,
// so focus stays inside it while it is open and returns where it was when it closes.
import { useEffect, useRef, useState } from 'react';
import { useModal } from '../modal';

const SHORTCUTS: [string, string][] = [
  ['Space', 'play / pause'],
  ['?', 'show or hide these shortcuts'],
  ['Escape', 'close this box'],
  ['Tab', 'move between controls; arrow keys move the α and λ sliders'],
];

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && t.closest('input, select, textarea, [contenteditable="true"]') !== null;

export function HelpOverlay() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog, open);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !typing(e.target)) setOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button type="button" className="help-button" onClick={() => setOpen(true)} aria-keyshortcuts="?">
        Keyboard shortcuts
      </button>
      {/* Escape closes a modal dialog by itself; onClose keeps the state in step. */}
      <dialog ref={dialog} className="overlay" aria-label="Keyboard shortcuts" onClose={() => setOpen(false)}>
        <h2>Keyboard shortcuts</h2>
        <dl>
          {SHORTCUTS.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </dialog>
    </>
  );
}

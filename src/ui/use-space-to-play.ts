// The space bar plays and pauses, except while typing in a field or on a focused button (where the
// space bar already means "press this").
import { useEffect } from 'react';
import { useLab } from './lab-context';

export function useSpaceToPlay(): void {
  const togglePlay = useLab((s) => s.togglePlay);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && t.closest('input, select, textarea, button, [contenteditable="true"]')) return;
      e.preventDefault();
      togglePlay();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [togglePlay]);
}

// Which way a sideways-scrolling row has more to show ('left', 'right', 'both' or 'none'), kept up to
// date as it scrolls or resizes, for a fade at that edge.
import { useCallback, useEffect, useRef, useState } from 'react';

export type More = 'none' | 'left' | 'right' | 'both';

/** A callback ref for the row, and which way it has more. */
export function useScrollCue<E extends HTMLElement>(): [(e: E | null) => void, More] {
  const [more, setMore] = useState<More>('none');
  const [element, setElement] = useState<E | null>(null);
  const frame = useRef(0);
  const watch = useCallback((e: E | null) => setElement(e), []);
  useEffect(() => {
    if (!element) return;
    const measure = () => {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(() => {
        // One pixel of slack: zoomed pages report fractional scroll positions.
        const left = element.scrollLeft > 1;
        const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
        setMore(left && right ? 'both' : left ? 'left' : right ? 'right' : 'none');
      });
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(element);
    return () => {
      cancelAnimationFrame(frame.current);
      element.removeEventListener('scroll', measure);
      resize.disconnect();
    };
  }, [element]);
  return [watch, more];
}

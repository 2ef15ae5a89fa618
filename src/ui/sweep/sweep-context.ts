// The page's sweep store, handed down like the lab's.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Sweep, SweepStore } from '../../store/sweep';

export const SweepContext = createContext<SweepStore | null>(null);

export function useSweep<T>(selector: (sweep: Sweep) => T): T {
  const store = useContext(SweepContext);
  if (!store) throw new Error('useSweep needs a SweepContext provider');
  return useStore(store, selector);
}

// The store, handed down to components; `useLab(selector)` re-renders only when the selection changes.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Lab, LabStore } from '../store/lab';

export const LabContext = createContext<LabStore | null>(null);

export function useLab<T>(selector: (lab: Lab) => T): T {
  const store = useContext(LabContext);
  if (!store) throw new Error('useLab needs a LabContext provider');
  return useStore(store, selector);
}

// What a field shows while the user edits it: their own text, until the value it stands for changes
// elsewhere (a preset, a link, a refused edit), when it shows that value again.
import { useState } from 'react';

export function useDraft<T>(value: T): [T, (draft: T) => void] {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  // Adjusting state while rendering (not in an effect): React re-renders at once, before painting.
  if (!Object.is(shown, value)) {
    setShown(value);
    setDraft(value);
  }
  return [draft, setDraft];
}

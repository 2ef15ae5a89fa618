// A sentence given as parts (src/config/tasks/family.ts, TextPart): plain text, code and stressed words.
import { Fragment } from 'react';
import type { TextPart } from '../config/tasks';

export function RichText({ parts }: { parts: readonly TextPart[] }) {
  return parts.map((part, i) => (
    <Fragment key={i}>
      {typeof part === 'string' ? part : 'code' in part ? <code>{part.code}</code> : <em>{part.em}</em>}
    </Fragment>
  ));
}

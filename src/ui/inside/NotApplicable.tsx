// A view that does not apply to the operation in use, in its place, with the reason.
import type { Op } from '../../config/operations';
import { noFourierReason } from '../../engine/inside/group';

export function NotApplicable({ testId, title, why }: { testId: string; title: string; why: string }) {
  return (
    <figure className="inside-view not-applicable" data-testid={testId} data-applies="no">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <p className="of">{why}</p>
    </figure>
  );
}

/** Why the Fourier views say nothing for an operation with no group (S5, a² + b², …). */
export const noFourier = (op: Op): string =>
  `Does not apply here: ${noFourierReason(op) ?? 'no group'}. The answer grid, the principal axes and the ` +
  'attention still show what changes.';

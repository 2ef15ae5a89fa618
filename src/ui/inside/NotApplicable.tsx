// A view that does not apply to the operation in use, in its place, with the reason.

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

/** Why the Fourier views say nothing for S5. */
export const NO_FOURIER =
  'Does not apply here: the symbols are the permutations of S5, not numbers mod p, so they have no ' +
  'Fourier frequencies (a network that groks S5 uses its representations instead). The answer grid, ' +
  'the principal axes and the attention still show what changes.';

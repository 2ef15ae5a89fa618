// The symmetric group S5: the 120 permutations of five items, numbered in lexicographic order of
// their one-line notation (0 is 01234, the identity; 119 is 43210). Power et al. (2021) trained on
// three of its operations; their tables have no Fourier structure mod p, unlike the others.
import type { Operation } from './operation';

/** The permutations, each as the images of 0…4 (one-line notation). */
const PERMUTATIONS: readonly (readonly number[])[] = (() => {
  const out: number[][] = [];
  const build = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) out.push(prefix);
    rest.forEach((x, i) => build([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  build([], [0, 1, 2, 3, 4]);
  return out;
})();

export const S5_ORDER = PERMUTATIONS.length;

const indexOf = new Map(PERMUTATIONS.map((p, i) => [p.join(''), i]));

const perm = (i: number): readonly number[] => PERMUTATIONS[i] as readonly number[];
const index = (images: readonly number[]): number => indexOf.get(images.join('')) as number;

/** x∘y: y first, then x ((x∘y)(i) = x(y(i))). */
export function compose(x: number, y: number): number {
  const px = perm(x);
  return index(perm(y).map((i) => px[i] as number));
}

export function inverse(x: number): number {
  const inv: number[] = [];
  perm(x).forEach((image, i) => (inv[image] = i));
  return index(inv);
}

/** One-line notation: "21430" sends 0 to 2, 1 to 1, 2 to 4, … */
export const s5Label = (x: number): string => perm(x).join('');

const onS5 = (formula: string, compute: (a: number, b: number) => number) => {
  const onIndices: Operation['compute'] = (a, b) => compute(a, b);
  return { formula, token: '∘', domain: 'S5', compute: onIndices, firstB: 0 } as const;
};

export const S5_OPERATIONS = {
  s5: onS5('a ∘ b in S5', compose),
  s5conj: onS5('a ∘ b ∘ a⁻¹ in S5', (a, b) => compose(compose(a, b), inverse(a))),
  s5aba: onS5('a ∘ b ∘ a in S5', (a, b) => compose(compose(a, b), a)),
} as const satisfies Record<string, Operation>;

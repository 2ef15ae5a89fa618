// The number embeddings in the Fourier basis of a cyclic group (0…p−1 under +, 1…p−1 by their
// logarithm under ·; see group.ts): a network that has grokked modular arithmetic represents each
// number by a few frequencies (Nanda et al. 2023), so its spectrum is sparse.
import { additiveGroup, type FourierGroup } from './group';
import { centreColumns, dot } from './vectors';

/**
 * For each frequency k = 0 … ⌊p/2⌋, the norm of the projection of the p rows of `E` (row-major
 * p × d) onto that frequency's orthonormal basis vectors: the constant for k = 0, cos(2πka/p) and
 * sin(2πka/p) (each scaled to unit length) for k ≥ 1. The squares of all of them add up to the squared
 * norm of E. (groupSpectrum in the additive group mod p.)
 */
export function fourierSpectrum(E: ArrayLike<number>, p: number, d: number): number[] {
  return groupSpectrum(additiveGroup(p), E, d);
}

/**
 * The spectrum of the embeddings of a group's elements: row order[j] of `E` (row-major, one row per
 * symbol, d columns) is the value at position j = 0 … n−1, and for each k = 0 … ⌊n/2⌋ the norm of its
 * projection onto k's orthonormal basis vectors: the constant (k = 0), cos(2πkj/n) and sin(2πkj/n)
 * scaled by √(2/n), and for even n the Nyquist term k = n/2, (−1)^j, scaled by 1/√n, whose sine is 0.
 * Rows of symbols outside the group (0 under ·) are not read. The energies add up to the squared norm
 * of the rows read. Costs n²·d multiply-adds from precomputed tables: 97² · 128 ≈ 1.2 M for p = 97.
 */
export function groupSpectrum(group: FourierGroup, E: ArrayLike<number>, d: number): number[] {
  const { n, order } = group;
  const half = Math.floor(n / 2);
  const c = new Float64Array(d);
  const s = new Float64Array(d);
  const out: number[] = [];
  for (let k = 0; k <= half; k++) {
    c.fill(0);
    s.fill(0);
    for (let j = 0; j < n; j++) {
      const m = (k * j) % n;
      const cos = group.cos[m] as number;
      const sin = group.sin[m] as number;
      const row = (order[j] as number) * d;
      for (let i = 0; i < d; i++) {
        const x = E[row + i] as number;
        c[i] = (c[i] as number) + x * cos;
        s[i] = (s[i] as number) + x * sin;
      }
    }
    const single = k === 0 || 2 * k === n; // one basis vector: the constant, or the Nyquist term
    const scale2 = single ? 1 / n : 2 / n;
    let energy = 0;
    for (let i = 0; i < d; i++) energy += ((c[i] as number) ** 2 + (single ? 0 : (s[i] as number) ** 2)) * scale2;
    out.push(Math.sqrt(energy));
  }
  return out;
}

/** The frequencies k ≥ 1 with the largest norms, largest first. */
export function topFrequencies(spectrum: readonly number[], count: number): number[] {
  return spectrum
    .map((norm, k) => ({ norm, k }))
    .filter((f) => f.k > 0)
    .sort((x, y) => y.norm - x.norm || x.k - y.k)
    .slice(0, count)
    .map((f) => f.k);
}

/** How many frequencies the sparsity figure counts. */
export const SPARSITY_TOP = 5;

/**
 * The share of the embeddings' energy (squared norm) over frequencies k ≥ 1 held by the `count`
 * largest: about count/⌊p/2⌋ for noise, near 1 once a few frequencies carry everything. The constant
 * (k = 0) is left out: it is the mean embedding, not a periodic feature.
 */
export function sparsity(spectrum: readonly number[], count = SPARSITY_TOP): number {
  const energies = spectrum.slice(1).map((n) => n * n);
  const total = energies.reduce((s, e) => s + e, 0);
  if (total === 0) return 0;
  const top = [...energies]
    .sort((x, y) => y - x)
    .slice(0, count)
    .reduce((s, e) => s + e, 0);
  // Summed in another order than the total, all the energy can come out as 1.0000000000000002.
  return Math.min(1, top / total);
}

/**
 * The p embeddings (centred) projected onto the plane of frequency k: the directions along which
 * they vary as cos(2πka/p) and sin(2πka/p). An embedding built on that frequency draws a circle there,
 * the numbers in the order k·a mod p. With `group`, a is the symbol's position in it (its logarithm
 * under ·); symbols outside the group (0 under ·) are placed by the same axes but do not shape them.
 */
export function frequencyPlane(
  E: ArrayLike<number>,
  p: number,
  d: number,
  k: number,
  group: FourierGroup = additiveGroup(p),
): { x: number[]; y: number[] } {
  const centred = centreColumns(E, p, d);
  const u = new Float64Array(d);
  const v = new Float64Array(d);
  for (let j = 0; j < group.n; j++) {
    const m = (k * j) % group.n;
    const row = (group.order[j] as number) * d;
    for (let i = 0; i < d; i++) {
      u[i] = (u[i] as number) + (centred[row + i] as number) * (group.cos[m] as number);
      v[i] = (v[i] as number) + (centred[row + i] as number) * (group.sin[m] as number);
    }
  }
  // Orthonormal axes: u, then the part of v orthogonal to it.
  const nu = Math.sqrt(dot(u, u)) || 1;
  u.forEach((x, i) => (u[i] = x / nu));
  const along = dot(u, v);
  v.forEach((x, i) => (v[i] = x - along * (u[i] as number)));
  const nv = Math.sqrt(dot(v, v)) || 1;
  v.forEach((x, i) => (v[i] = x / nv));
  const x: number[] = [];
  const y: number[] = [];
  for (let a = 0; a < p; a++) {
    const row = centred.subarray(a * d, (a + 1) * d);
    x.push(dot(row, u));
    y.push(dot(row, v));
  }
  return { x, y };
}

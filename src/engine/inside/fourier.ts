// The number embeddings in the Fourier basis over 0…p−1: a network that has grokked modular
// arithmetic represents each number by a few frequencies (Nanda et al. 2023), so its spectrum is sparse.
import { centreColumns, dot } from './vectors';

/**
 * For each frequency k = 0 … ⌊p/2⌋, the norm of the projection of the p rows of `E` (row-major
 * p × d) onto that frequency's orthonormal basis vectors: the constant for k = 0, cos(2πka/p) and
 * sin(2πka/p) (each scaled to unit length) for k ≥ 1. p is odd (a prime ≥ 3), so the squares of all
 * of them add up to the squared norm of E.
 */
export function fourierSpectrum(E: ArrayLike<number>, p: number, d: number): number[] {
  const half = Math.floor(p / 2);
  const out: number[] = [];
  for (let k = 0; k <= half; k++) {
    let energy = 0;
    const scale = k === 0 ? 1 / Math.sqrt(p) : Math.sqrt(2 / p);
    for (let j = 0; j < d; j++) {
      let c = 0;
      let s = 0;
      for (let a = 0; a < p; a++) {
        const x = E[a * d + j] as number;
        const angle = (2 * Math.PI * k * a) / p;
        c += x * Math.cos(angle);
        s += x * Math.sin(angle);
      }
      energy += (c * scale) ** 2 + (k === 0 ? 0 : (s * scale) ** 2);
    }
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
 * the numbers in the order k·a mod p.
 */
export function frequencyPlane(E: ArrayLike<number>, p: number, d: number, k: number): { x: number[]; y: number[] } {
  const centred = centreColumns(E, p, d);
  const u = new Float64Array(d);
  const v = new Float64Array(d);
  for (let a = 0; a < p; a++) {
    const angle = (2 * Math.PI * k * a) / p;
    for (let j = 0; j < d; j++) {
      u[j] = (u[j] as number) + (centred[a * d + j] as number) * Math.cos(angle);
      v[j] = (v[j] as number) + (centred[a * d + j] as number) * Math.sin(angle);
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

// Principal components of a small point cloud (the p number embeddings), to draw it in 2-D.
import { centreColumns, dot } from './vectors';

export interface Projection {
  /** Coordinates of each point on the first two principal axes. */
  x: number[];
  y: number[];
  /** Share of the total variance along each of the two axes. */
  explained: [number, number];
}

const ITERATIONS = 300;

/**
 * Projects n points of dimension d (row-major) onto their first two principal components. Works on
 * the n × n Gram matrix of the centred points (n ≤ 113 here) with a two-vector subspace iteration,
 * which also converges when the two leading variances are equal, as for points on a circle. Signs are
 * fixed (largest coordinate positive) so that a picture redrawn as training goes on does not flip.
 */
export function pca2(points: ArrayLike<number>, n: number, d: number): Projection {
  const X = centreColumns(points, n, d);
  const G = new Float64Array(n * n);
  let trace = 0;
  for (let i = 0; i < n; i++) {
    for (let k = i; k < n; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (X[i * d + j] as number) * (X[k * d + j] as number);
      G[i * n + k] = s;
      G[k * n + i] = s;
    }
    trace += G[i * n + i] as number;
  }
  if (trace === 0) return { x: new Array<number>(n).fill(0), y: new Array<number>(n).fill(0), explained: [0, 0] };

  // Deterministic, generic start vectors.
  let u: Float64Array = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  let v: Float64Array = Float64Array.from({ length: n }, (_, i) => Math.cos(2 * i + 0.5));
  for (let it = 0; it < ITERATIONS; it++) {
    u = multiply(G, u, n);
    v = multiply(G, v, n);
    [u, v] = orthonormalise(u, v);
  }
  // Rayleigh–Ritz on span(u, v): the 2 × 2 matrix [uGu uGv; vGu vGv] and its eigenvectors.
  const Gu = multiply(G, u, n);
  const Gv = multiply(G, v, n);
  const a = dot(u, Gu);
  const b = dot(u, Gv);
  const c = dot(v, Gv);
  const mid = (a + c) / 2;
  const spread = Math.sqrt(((a - c) / 2) ** 2 + b * b);
  const l1 = mid + spread;
  const l2 = mid - spread;
  const angle = 0.5 * Math.atan2(2 * b, a - c);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const e1 = u.map((ui, i) => cos * ui + sin * (v[i] as number));
  const e2 = u.map((ui, i) => -sin * ui + cos * (v[i] as number));
  const coords = (e: Float64Array, l: number) => {
    const scale = Math.sqrt(Math.max(0, l));
    let big = 0;
    for (const x of e) if (Math.abs(x) > Math.abs(big)) big = x;
    const sign = big < 0 ? -1 : 1;
    return Array.from(e, (x) => sign * scale * x);
  };
  return { x: coords(e1, l1), y: coords(e2, l2), explained: [Math.max(0, l1) / trace, Math.max(0, l2) / trace] };
}

function multiply(G: Float64Array, x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += (G[i * n + k] as number) * (x[k] as number);
    out[i] = s;
  }
  return out;
}

/** Gram–Schmidt; a vector that vanishes is replaced by a fixed one orthogonal to the other. */
function orthonormalise(u: Float64Array, v: Float64Array): [Float64Array, Float64Array] {
  const nu = Math.sqrt(dot(u, u)) || 1;
  const a = u.map((x) => x / nu);
  const proj = dot(a, v);
  let b = v.map((x, i) => x - proj * (a[i] as number));
  const nb = Math.sqrt(dot(b, b));
  if (nb < 1e-12) {
    b = a.map((_, i) => (i % 2 === 0 ? 1 : -1));
    const p2 = dot(a, b);
    b = b.map((x, i) => x - p2 * (a[i] as number));
  }
  const nb2 = Math.sqrt(dot(b, b)) || 1;
  return [a, b.map((x) => x / nb2)];
}

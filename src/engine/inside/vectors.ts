// Small dense-vector helpers shared by the inside views' maths.

/** n points of dimension d (row-major), each column minus its mean. */
export function centreColumns(points: ArrayLike<number>, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += points[i * d + j] as number;
    mean /= n;
    for (let i = 0; i < n; i++) out[i * d + j] = (points[i * d + j] as number) - mean;
  }
  return out;
}

export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}

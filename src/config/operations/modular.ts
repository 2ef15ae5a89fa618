// The operations on the integers mod a prime p (the `p` key): Power et al.'s (2021) nine, and a · b.
import type { Operation } from './operation';

const mod = (x: number, p: number): number => ((x % p) + p) % p;

/** Modular inverse by Fermat's little theorem (p prime, b ≠ 0). */
export function modInverse(b: number, p: number): number {
  let result = 1;
  let base = b % p;
  let e = p - 2;
  while (e > 0) {
    if (e & 1) result = (result * base) % p;
    base = (base * base) % p;
    e >>= 1;
  }
  return result;
}

const modular = (formula: string, token: string, compute: Operation['compute']) =>
  ({ formula, token, domain: 'mod p', compute, firstB: 0 }) as const;

export const MODULAR_OPERATIONS = {
  add: modular('a + b', '+', (a, b, p) => mod(a + b, p)),
  sub: modular('a − b', '−', (a, b, p) => mod(a - b, p)),
  mul: modular('a · b', '·', (a, b, p) => mod(a * b, p)),
  div: {
    ...modular('a · b⁻¹', '÷', (a, b, p) => mod(a * modInverse(b, p), p)),
    firstB: 1,
    excluded: 'b⁻¹ needs b ≠ 0',
  },
  divsub: modular('a · b⁻¹ if b is odd, else a − b', '∘', (a, b, p) =>
    b % 2 === 1 ? mod(a * modInverse(b, p), p) : mod(a - b, p),
  ),
  x2y2: modular('a² + b²', '∘', (a, b, p) => mod(a * a + b * b, p)),
  x2xyy2: modular('a² + ab + b²', '∘', (a, b, p) => mod(a * a + a * b + b * b, p)),
  x2xyy2x: modular('a² + ab + b² + a', '∘', (a, b, p) => mod(a * a + a * b + b * b + a, p)),
  x3xy: modular('a³ + ab', '∘', (a, b, p) => mod(a * a * a + a * b, p)),
  x3xy2y: modular('a³ + ab² + b', '∘', (a, b, p) => mod(a * a * a + a * b * b + b, p)),
} as const satisfies Record<string, Operation>;

// The arithmetic task: every equation a ∘ b = c of one operation (mod p, or on S5), a share of them
// for training and the rest for validation (Power et al. 2022; Lee et al. 2024). Its keys, and what
// the page and engine ask of it; the data is src/engine/tasks/mod.ts, the operations ../operations.
import { equationCount, equationText, OPERATIONS, OPS, ZERO_ROWS } from '../operations';
import type { EnumSpec, NumberSpec } from '../schema';
import type { TaskFamily } from './family';

export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

export const MOD_KEYS = {
  op: {
    kind: 'enum',
    default: 'mul',
    values: OPS,
    group: 'Task',
    live: false,
    tasks: ['mod'],
    label: 'operation',
    help:
      `what the network learns: ${OPS.filter((op) => OPERATIONS[op].domain === 'mod p').join(', ')} mod p; ` +
      `${OPS.filter((op) => OPERATIONS[op].domain === 'S5').join(', ')} on the permutations of five items (S5)`,
  },
  p: {
    kind: 'int',
    default: 97,
    min: 3,
    max: 113,
    group: 'Task',
    live: false,
    tasks: ['mod'],
    label: 'modulus p',
    rule: { test: isPrime, valid: 'a prime from 3 to 113' },
    help: 'the prime modulus; the table has p² equations (p·(p−1) for div); the S5 operations do not use it',
  },
  frac: {
    kind: 'number',
    default: 0.5,
    min: 0.05,
    max: 0.95,
    group: 'Task',
    live: false,
    tasks: ['mod'],
    label: 'training fraction',
    help: 'share of all equations used for training; the rest is validation',
  },
  bzero: {
    kind: 'enum',
    default: 'include',
    values: ZERO_ROWS,
    group: 'Task',
    live: false,
    tasks: ['mod'],
    label: 'b = 0 rows',
    help: 'include: the whole table; exclude: leave out the equations with b = 0 (in S5, b the identity), as the Grokfast code does (0 < b < p: 9,312 equations for p = 97)',
  },
} as const satisfies Record<string, NumberSpec | EnumSpec>;

export const MOD_FAMILY: TaskFamily = {
  name: 'mod',
  summary: 'an arithmetic table (op, p, frac)',
  learns: (c) => equationText(c.op, c.p),
  lede: (c, learns) => [
    'A Transformer learns ',
    { code: learns },
    ` from ${Math.round(c.frac * 100)}% of the table. Training accuracy saturates first; validation accuracy jumps much later: that jump is `,
    { em: 'grokking' },
    '. Grokfast (α, λ) amplifies the slow part of the gradient to bring it sooner.',
  ],
  splits: { val: 'val', ood: false },
  inside: 'table',
  logitLens: false,
  presetGroup: 'Presets:',
  smallPreset: 'small-cpu',
  sizeKey: 'p',
  smallName: () => 'the small preset',
  smallAdvice: () =>
    'The small preset (add mod 23, a 1-layer model) groks in a few thousand steps and suits this backend.',
  rules: [
    (c) => {
      const n = equationCount(c.op, c.p, c.bzero);
      const train = Math.round(c.frac * n);
      if (train >= 1 && train <= n - 1) return null;
      return {
        key: 'frac',
        value: String(c.frac),
        message:
          `frac: ${c.frac} gives ${train} of ${n} equations for training with ${c.op} (${equationText(c.op, c.p)}); ` +
          'expected a fraction that leaves at least one equation for training and one for validation',
      };
    },
  ],
};

// What one operation of the arithmetic task is (the records are in ./modular.ts and ./s5.ts).

export interface Operation {
  /** The formula as people write it: the network learns `formula mod p`, or it in S5. */
  formula: string;
  /** Shown between a and b where the views print an equation ("3 ÷ 5 ="). */
  token: string;
  /** What a, b and c are: the integers mod p (the `p` key), or the 120 permutations of S5. */
  domain: 'mod p' | 'S5';
  /** The answer c for the pair (a, b), 0 ≤ c < n, where n is p or 120. */
  compute: (a: number, b: number, n: number) => number;
  /** The smallest b of the table: 1 where b = 0 has no answer. */
  firstB: 0 | 1;
  /** Why some b are left out of the table (docs/CONFIG.md); absent when every pair is in. */
  excluded?: string;
}

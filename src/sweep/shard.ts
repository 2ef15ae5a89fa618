// Splitting a sweep over the tasks of a scheduler's array job: shard i of N takes every N-th run of
// the grid (runs i, i + N, …), so shards never overlap and together cover the grid, whatever order
// they run in. The index comes from --shard i/N, or with --shards N from the scheduler's variable.
export interface Shard {
  /** From 0. */
  index: number;
  count: number;
}

/** The variables array-job schedulers set, and what their index counts from. */
export const SHARD_VARIABLES = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID'] as const;

export type ShardParse = { ok: true; shard: Shard | null } | { ok: false; error: string };

const whole = (text: string | undefined) => (text !== undefined && /^\d+$/.test(text.trim()) ? Number(text) : null);

/**
 * `shardFlag`: "i/N" as given to --shard; `shardsFlag`: N as given to --shards (the index then comes
 * from JOB_COMPLETION_INDEX, Kubernetes' Indexed Job, or SLURM_ARRAY_TASK_ID less
 * SLURM_ARRAY_TASK_MIN, a Slurm job array). Neither: no sharding (null).
 */
export function parseShard(
  shardFlag: string | null,
  shardsFlag: string | null,
  env: Readonly<Record<string, string | undefined>>,
): ShardParse {
  if (shardFlag !== null && shardsFlag !== null) return { ok: false, error: '--shard and --shards: give one of them' };
  if (shardFlag !== null) {
    const m = /^(\d+)\/(\d+)$/.exec(shardFlag.trim());
    const index = m ? Number(m[1]) : NaN;
    const count = m ? Number(m[2]) : NaN;
    if (!m || count < 1 || index >= count)
      return {
        ok: false,
        error: `--shard: ${JSON.stringify(shardFlag)} is not valid; expected i/N with 0 ≤ i < N (e.g. 0/4)`,
      };
    return { ok: true, shard: { index, count } };
  }
  if (shardsFlag === null) return { ok: true, shard: null };
  const count = whole(shardsFlag);
  if (count === null || count < 1)
    return {
      ok: false,
      error: `--shards: ${JSON.stringify(shardsFlag)} is not valid; expected a whole number, 1 or more`,
    };
  const k8s = whole(env.JOB_COMPLETION_INDEX);
  const slurm = whole(env.SLURM_ARRAY_TASK_ID);
  const index = k8s ?? (slurm === null ? null : slurm - (whole(env.SLURM_ARRAY_TASK_MIN) ?? 0));
  if (index === null)
    return {
      ok: false,
      error: `--shards ${count}: no shard index: set ${SHARD_VARIABLES.join(' or ')} (the scheduler does), or use --shard i/N`,
    };
  if (index < 0 || index >= count) {
    const from =
      k8s !== null
        ? `JOB_COMPLETION_INDEX=${env.JOB_COMPLETION_INDEX}`
        : `SLURM_ARRAY_TASK_ID=${env.SLURM_ARRAY_TASK_ID}`;
    return { ok: false, error: `--shards ${count}: shard index ${index} (from ${from}) is not from 0 to ${count - 1}` };
  }
  return { ok: true, shard: { index, count } };
}

/** Does grid point `index` belong to `shard`? */
export function inShard(index: number, shard: Shard | null): boolean {
  return shard === null || index % shard.count === shard.index;
}

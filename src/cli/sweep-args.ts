// Command-line flags of `npm run sweep`: the sweep's own (--grid, --seeds, --jobs, --shard, --shards)
// and everything `npm run train` takes for the base config (--url, --key value, --backend, --out as
// the folder, --stop-after-grok, --quiet). Pure: returns what to do or every problem found.
import { availableParallelism } from 'node:os';
import type { Config } from '../config/schema';
import type { BackendName } from '../engine/backend';
import { type Axis, expandGrid, type GridPoint, parseGrid } from '../sweep/grid';
import { inShard, parseShard, SHARD_VARIABLES, type Shard } from '../sweep/shard';
import { parseShareLink } from '../config/url';
import { parseTrainArgs } from './args';

export interface SweepArgs {
  base: Config;
  axes: Axis[];
  /** This shard's points of the grid, in grid order. */
  points: GridPoint[];
  /** Points in the whole grid. */
  total: number;
  shard: Shard | null;
  jobs: number;
  backend: BackendName;
  out: string;
  quiet: boolean;
  stopAfterGrok: number | null;
}

export type ParsedSweep =
  | { kind: 'help' }
  | { kind: 'run'; args: SweepArgs }
  | { kind: 'merge'; dirs: string[]; out: string }
  | { kind: 'error'; errors: string[] };

export const DEFAULT_SWEEP_DIR = 'runs';

const OWN = ['grid', 'seeds', 'jobs', 'shard', 'shards'] as const;
type Own = (typeof OWN)[number];

export function parseSweepArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  cores = availableParallelism(),
): ParsedSweep {
  if (argv.includes('-h') || argv.includes('--help')) return { kind: 'help' };
  if (argv[0] === 'merge') return parseMerge(argv.slice(1));
  const errors: string[] = [];
  const own: Record<Own, string[]> = { grid: [], seeds: [], jobs: [], shard: [], shards: [] };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq >= 0 ? eq : undefined) : '';
    if (!(OWN as readonly string[]).includes(name)) {
      rest.push(arg);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) errors.push(`--${name}: missing value`);
    else own[name as Own].push(value);
  }
  for (const name of ['seeds', 'jobs', 'shard', 'shards'] as const)
    if (own[name].length > 1) errors.push(`--${name}: given more than once`);

  const train = parseTrainArgs(rest);
  if (train.kind === 'help') return train;
  if (train.kind === 'error') errors.push(...train.errors);

  // A page's sweep link carries its grid (sweep=) and stop (sweepStop=): --url runs the same sweep.
  const urlAt = rest.findIndex((a) => a === '--url' || a.startsWith('--url='));
  const urlArg =
    urlAt < 0 ? undefined : rest[urlAt] === '--url' ? rest[urlAt + 1] : rest[urlAt]?.slice('--url='.length);
  const linkSweep = urlArg === undefined ? null : parseShareLink(urlArg).sweep;
  if (linkSweep && own.grid.length === 0) own.grid.push(linkSweep.grid);

  const grid = parseGrid(own.grid);
  if (!grid.ok) errors.push(...grid.errors);
  let axes = grid.ok ? grid.axes : [];
  const seedsText = own.seeds[0];
  if (seedsText !== undefined) {
    if (axes.some((a) => a.key === 'seed'))
      errors.push('--seeds: the grid already sweeps seed; give seeds in one place');
    const seeds = parseGrid([`seed=${seedsText}`]);
    if (seeds.ok) axes = [...axes, ...seeds.axes];
    else errors.push(...seeds.errors.map((e) => e.replace(/^grid: seed/, '--seeds')));
  }
  if (own.grid.length === 0 && seedsText === undefined)
    errors.push("--grid: missing; e.g. --grid 'wd=0,0.001,0.01 frac=0.3:0.8:6' (and/or --seeds 0,1,2)");

  const backend = train.kind === 'run' ? train.args.backend : 'wasm';
  let jobs = backend === 'webgpu' ? 1 : Math.max(1, cores);
  const jobsText = own.jobs[0];
  if (jobsText !== undefined) {
    const n = Number(jobsText);
    if (!Number.isInteger(n) || n < 1 || n > 256)
      errors.push(`--jobs: ${JSON.stringify(jobsText)} is not valid; expected a whole number from 1 to 256`);
    else jobs = n;
  }

  const shard = parseShard(own.shard[0] ?? null, own.shards[0] ?? null, env);
  if (!shard.ok) errors.push(shard.error);

  if (errors.length > 0 || train.kind !== 'run' || !shard.ok) return { kind: 'error', errors };
  const { points, errors: pointErrors } = expandGrid(train.args.config, axes);
  if (pointErrors.length > 0) return { kind: 'error', errors: pointErrors };
  const total = points.length;
  return {
    kind: 'run',
    args: {
      base: train.args.config,
      axes,
      points: points.filter((p) => inShard(p.index, shard.shard)),
      total,
      shard: shard.shard,
      jobs,
      backend,
      out: train.args.out ?? DEFAULT_SWEEP_DIR,
      quiet: train.args.quiet,
      stopAfterGrok: train.args.stopAfterGrok ?? linkSweep?.stopAfterGrok ?? null,
    },
  };
}

function parseMerge(argv: readonly string[]): ParsedSweep {
  const dirs: string[] = [];
  const errors: string[] = [];
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--out' || arg.startsWith('--out=')) {
      const value = arg === '--out' ? argv[++i] : arg.slice('--out='.length);
      if (value === undefined || value === '') errors.push('--out: missing value');
      else out = value;
    } else if (arg.startsWith('--')) errors.push(`${arg}: unknown flag for merge (it takes folders and --out DIR)`);
    else dirs.push(arg);
  }
  if (dirs.length === 0) errors.push('merge: no folders given; e.g. npm run sweep -- merge runs/shard-*');
  if (errors.length > 0) return { kind: 'error', errors };
  return { kind: 'merge', dirs, out: out ?? (dirs[0] as string) };
}

export function sweepHelpText(): string {
  return [
    'Usage: npm run sweep -- --grid SPEC [--seeds LIST] [base flags] [--out DIR] [--jobs N]',
    '                        [--shard i/N | --shards N] [--stop-after-grok N] [--backend NAME] [--quiet]',
    '       npm run sweep -- merge DIR... [--out DIR]',
    '',
    'Trains every combination of the grid, several runs at a time, each in its own process, and keeps',
    'a summary of all of them (summary.csv and summary.json in DIR) current.',
    '',
    'Grid:',
    "  --grid 'KEY=VALUES ...'  any config key (npm run train -- --help lists them); VALUES is a list",
    '                    (wd=0,0.001,0.01), a range from:to:count (frac=0.3:0.8:6) or from:to:count:log',
    '                    (lr=1e-4:1e-2:5:log), or a mix (wd=0,1e-4:1e-2:3:log); several keys per --grid,',
    '                    or several --grid flags. The last key varies fastest.',
    '  --seeds LIST      seeds for every point, same syntax (0,1,2 or 0:9:10); the grid gets a seed key',
    '',
    'Base config: --url LINK and --key value, as npm run train takes them; keys not in the grid keep them.',
    "A page's sweep link (with sweep= and sweepStop=) as --url runs that sweep: no --grid needed.",
    '',
    'Running:',
    `  --out DIR         where the runs go (default ${DEFAULT_SWEEP_DIR}/): one NAME.jsonl per run, named by its`,
    '                    swept values (wd=0.01,seed=2.jsonl); NAME.jsonl.part while it runs',
    '  --jobs N          runs at a time (default: the cores; 1 on webgpu)',
    '  --stop-after-grok N  end each run N steps after it groks instead of at --steps',
    '  --backend NAME    as npm run train (default wasm)',
    '  --quiet           no progress line',
    '',
    'Rerunning the same command skips every run that has ended (finished, grokked and stopped, or',
    'diverged) and reruns the rest. Ctrl-C or SIGTERM stops the running runs cleanly (their files keep',
    'what they measured, marked stopped) and keeps every finished one; a second signal exits at once.',
    '',
    'On a cluster (docs/SWEEPS.md has a Slurm job array and a Kubernetes Indexed Job):',
    '  --shard i/N       run only grid points i, i+N, i+2N, ... (0 ≤ i < N)',
    `  --shards N        the same, i read from ${SHARD_VARIABLES.join(' or ')} (less SLURM_ARRAY_TASK_MIN)`,
    '                    A shard writes summary.shard-i-of-N.csv/json; runs never overlap.',
    '  merge DIR...      one summary.csv/json (in --out, default the first DIR) from the run files of',
    '                    every DIR, in grid order, naming any run that has no finished file',
    '',
    "Example: npm run sweep -- --url '?op=add&p=23&steps=4000' --grid 'wd=0,0.01,0.1 frac=0.3:0.7:3'",
    '           --seeds 0,1 --stop-after-grok 500 --out runs/wd-frac',
  ].join('\n');
}

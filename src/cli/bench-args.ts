// Command-line flags of `npm run bench`. Pure: returns what to do, its usage text, or every problem
// found, so that --help (or a mistyped flag) never starts the minutes-long benchmark.
import { type BackendName, isBackendName } from '../engine/backend';

export type OpsChoice = 'auto' | 'fast' | 'plain';

/** On webgpu: steps replayed from their capture (on), on tfjs's kernels (off), or a row each (both). */
export type ReplayChoice = 'on' | 'off' | 'both';

export interface BenchArgs {
  backends: BackendName[];
  configs: string[];
  /** Timed steps per config, in place of each config's own count. */
  steps: number | undefined;
  ops: OpsChoice;
  replay: ReplayChoice;
  threads: number;
  grok: boolean;
  gpu: boolean;
}

export type ParsedBench = { kind: 'help' } | { kind: 'run'; args: BenchArgs } | { kind: 'error'; errors: string[] };

const VALUED = ['backends', 'configs', 'steps', 'ops', 'replay', 'threads'] as const;
const SWITCHES = ['grok', 'gpu'] as const;
type Valued = (typeof VALUED)[number];

export function benchHelpText(configs: readonly string[]): string {
  return [
    'Usage: npm run bench -- [--backends cpu,wasm,webgpu] [--configs small,paper] [--steps N]',
    '                        [--ops auto|fast|plain] [--replay on|off|both] [--threads N] [--grok] [--gpu]',
    '',
    'Prints, per config and backend: ms per training step (wall clock and host time), per full',
    'evaluation and per inside view, kernels per step, GPU dispatches and queue submits per step on',
    'webgpu, and the tensors alive. Numbers only.',
    '',
    'Options:',
    '  --backends LIST   backends to time (default cpu,wasm,webgpu; webgpu alone with --gpu)',
    `  --configs LIST    ${configs.join(', ')} (default ${configs.join(',')})`,
    "  --steps N         timed steps per config (default: each config's own)",
    '  --ops NAME        auto (what the engine uses on each backend), fast or plain (default auto)',
    '  --replay WHICH    webgpu steps replayed from their capture (on), on tfjs kernels (off), or both (default both)',
    "  --threads N       wasm threads: N > 1 runs tfjs's multi-threaded build (default 1)",
    '  --grok            also time the classroom and paper Grokfast-EMA presets to their grokking step',
    '  --gpu             real-GPU mode: webgpu only, with --grok, and names the adapter that ran',
    '  --help            this text',
  ].join('\n');
}

export function parseBenchArgs(argv: readonly string[], configs: readonly string[]): ParsedBench {
  if (argv.includes('-h') || argv.includes('--help')) return { kind: 'help' };
  const errors: string[] = [];
  const values: Partial<Record<Valued, string>> = {};
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      errors.push(`unexpected argument ${JSON.stringify(arg)}; flags look like --key value (see --help)`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (eq >= 0) errors.push(`--${name} takes no value (got ${JSON.stringify(arg.slice(eq + 1))})`);
      switches.add(name);
    } else if ((VALUED as readonly string[]).includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) errors.push(`--${name}: missing value`);
      else values[name as Valued] = value;
    } else {
      errors.push(`--${name}: unknown flag (see --help)`);
    }
  }
  const gpu = switches.has('gpu');
  const backends = (values.backends ?? (gpu ? 'webgpu' : 'cpu,wasm,webgpu')).split(',');
  const badBackends = backends.filter((b) => !isBackendName(b));
  if (badBackends.length > 0)
    errors.push(`--backends: unknown backend ${badBackends.join(', ')}; expected cpu, wasm or webgpu`);
  const configNames = (values.configs ?? configs.join(',')).split(',');
  const badConfigs = configNames.filter((c) => !configs.includes(c));
  if (badConfigs.length > 0)
    errors.push(`--configs: unknown config ${badConfigs.join(', ')}; expected one of ${configs.join(', ')}`);
  const steps = values.steps === undefined ? undefined : Number(values.steps);
  if (steps !== undefined && (!Number.isInteger(steps) || steps < 1))
    errors.push(`--steps ${values.steps}: expected a whole number ≥ 1`);
  const ops = values.ops ?? 'auto';
  if (ops !== 'auto' && ops !== 'fast' && ops !== 'plain') errors.push(`--ops ${ops}: expected auto, fast or plain`);
  const replay = values.replay ?? 'both';
  if (replay !== 'on' && replay !== 'off' && replay !== 'both')
    errors.push(`--replay ${replay}: expected on, off or both`);
  const threads = Number(values.threads ?? 1);
  if (!Number.isInteger(threads) || threads < 1)
    errors.push(`--threads ${values.threads}: expected a whole number ≥ 1`);
  if (errors.length > 0) return { kind: 'error', errors };
  return {
    kind: 'run',
    args: {
      backends: backends as BackendName[],
      configs: configNames,
      steps,
      ops: ops as OpsChoice,
      replay: replay as ReplayChoice,
      threads,
      grok: gpu || switches.has('grok'),
      gpu,
    },
  };
}

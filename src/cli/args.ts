// Command-line flags of `npm run train`: every config key as --key value (or --key=value), a share
// link with --url (later flags override it), and the CLI's own options. Pure: returns what to do
// or every problem found, so it can be tested without running anything.
import { CONFIG_KEYS, type Config, DEFAULT_CONFIG, SCHEMA } from '../config/schema';
import { parseShareLink } from '../config/url';
import { checkConfig, isConfigKey, validRange } from '../config/validate';
import { BACKENDS, type BackendName, isBackendName } from '../engine/backend';

export interface TrainArgs {
  config: Config;
  backend: BackendName;
  out: string | null;
  quiet: boolean;
  /** End the run this many steps after it groks (val, or test-ID on the reasoning tasks); null: never. */
  stopAfterGrok: number | null;
  /** What was given but does not apply here, said on standard error (e.g. a link's race=1). */
  notes: string[];
}

export type ParsedArgs = { kind: 'help' } | { kind: 'run'; args: TrainArgs } | { kind: 'error'; errors: string[] };

export const DEFAULT_NODE_BACKEND: BackendName = 'wasm';

const OWN_FLAGS = ['url', 'backend', 'out', 'quiet', 'help', 'stop-after-grok'] as const;

export function parseTrainArgs(argv: readonly string[]): ParsedArgs {
  const errors: string[] = [];
  const input: Record<string, string> = {};
  let backend: BackendName = DEFAULT_NODE_BACKEND;
  let out: string | null = null;
  let quiet = false;
  let stopAfterGrok: number | null = null;
  const notes: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (!arg.startsWith('--')) {
      errors.push(`unexpected argument ${JSON.stringify(arg)}; flags look like --key value (see --help)`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    if (name === 'quiet') {
      quiet = true;
      continue;
    }
    if (!isConfigKey(name) && !(OWN_FLAGS as readonly string[]).includes(name)) {
      errors.push(`--${name}: unknown flag (see --help)`);
      if (eq < 0 && i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) i++;
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i] as string;
    else {
      errors.push(`--${name}: missing value`);
      continue;
    }
    if (name === 'url') {
      const shared = parseShareLink(value);
      errors.push(...shared.errors.map((e) => `--url: ${e.message}`));
      errors.push(...shared.unknown.map((k) => `--url: ${k}: unknown key`));
      if (shared.ui.race)
        notes.push(
          "--url: race=1 is the page's: this trains the link's run alone (its baseline is the same run with --filter none)",
        );
      // The link sets every key: those it leaves out are defaults, so earlier flags are overridden.
      for (const key of CONFIG_KEYS) input[key] = String(shared.config[key]);
    } else if (name === 'backend') {
      if (isBackendName(value)) backend = value;
      else errors.push(`--backend: ${JSON.stringify(value)} is not valid; expected one of ${BACKENDS.join(', ')}`);
    } else if (name === 'out') {
      out = value;
    } else if (name === 'stop-after-grok') {
      const n = parseStopAfterGrok(value);
      if (typeof n === 'string') errors.push(n);
      else stopAfterGrok = n;
    } else {
      input[name] = value;
    }
  }
  const checked = checkConfig(input);
  errors.push(...checked.errors.map((e) => `--${e.message}`));
  if (errors.length > 0) return { kind: 'error', errors };
  return { kind: 'run', args: { config: checked.config, backend, out, quiet, stopAfterGrok, notes } };
}

/** A step count for --stop-after-grok, or the message saying why `value` is not one. */
export function parseStopAfterGrok(value: string): number | string {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0)
    return `--stop-after-grok: ${JSON.stringify(value)} is not valid; expected a whole number of steps, 0 or more`;
  return n;
}

export function helpText(): string {
  const lines = [
    'Usage: npm run train -- [--key value ...] [--url LINK] [--backend NAME] [--out FILE] [--quiet]',
    '',
    'Trains one Grok Lab experiment headless and writes its metrics as JSON lines.',
    '',
    'Options:',
    '  --url LINK        start from a share link (its query string); flags after it override it',
    `  --backend NAME    ${BACKENDS.filter((b) => b !== 'webgl').join(', ')} (default ${DEFAULT_NODE_BACKEND}; webgpu needs the`,
    '                    optional "webgpu" package and a GPU or SwiftShader)',
    '  --out FILE        write JSON lines to FILE instead of standard output',
    '  --quiet           no progress bar',
    '  --stop-after-grok N  end the run N steps after it groks (val, or test-ID, ≥ 95%) instead of at --steps',
    '  --help            this text',
    '',
    'Experiment (docs/CONFIG.md; every key also works in a share link):',
  ];
  let group = '';
  for (const key of CONFIG_KEYS) {
    const spec = SCHEMA[key];
    if (spec.group !== group) {
      group = spec.group;
      lines.push(`  ${group}`);
    }
    const head = `    --${key} ${String(DEFAULT_CONFIG[key])}`.padEnd(24);
    lines.push(`${head}${spec.help}${spec.live ? ' [live]' : ''}`);
    lines.push(`${''.padEnd(24)}${validRange(key)}`);
  }
  lines.push('', 'Example: npm run train -- --op add --p 23 --filter none --steps 5000');
  return lines.join('\n');
}

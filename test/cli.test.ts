import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseTrainArgs } from '../src/cli/args';
import { DEFAULT_CONFIG } from '../src/config/schema';

const run = promisify(execFile);

/**
 * Starts `npm run train` on a long run, sends `signal` once the first metrics are out (to npm alone,
 * as a process manager does, or to the whole process group, as Ctrl-C in a terminal does) and
 * resolves with what came out when everything has closed.
 */
function interrupt(
  signal: NodeJS.Signals,
  target: 'npm' | 'group',
): Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }> {
  const args = [
    'run',
    'train',
    '--',
    '--backend',
    'cpu',
    '--op',
    'add',
    '--p',
    '7',
    '--layers',
    '1',
    '--dim',
    '16',
    '--heads',
    '2',
    '--steps',
    '1000000',
    '--eval',
    '10',
    '--quiet',
  ];
  const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: target === 'group' });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  child.stdout.on('data', (d: Buffer) => {
    stdout += String(d);
    if (!sent && stdout.includes('"metrics"')) {
      sent = true;
      if (target === 'group' && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        if (target === 'group' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`npm run train did not stop on ${signal} within 45 s`));
    }, 45_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code,
        lines: stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>),
        stderr,
      });
    });
  });
}

async function train(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/train.ts', ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('parseTrainArgs', () => {
  it('takes every config key as a flag, in both --key value and --key=value forms', () => {
    const r = parseTrainArgs([
      '--op',
      'add',
      '--p=31',
      '--lr',
      '3e-4',
      '--filter',
      'ma',
      '--window=50',
      '--backend',
      'cpu',
      '--stop-after-grok',
      '500',
    ]);
    expect(r).toEqual({
      kind: 'run',
      args: {
        config: { ...DEFAULT_CONFIG, op: 'add', p: 31, lr: 0.0003, filter: 'ma', window: 50 },
        backend: 'cpu',
        out: null,
        quiet: false,
        stopAfterGrok: 500,
        notes: [],
      },
    });
  });

  it("trains a race link's run alone and says so", () => {
    const r = parseTrainArgs(['--url', '?op=add&p=23&race=1']);
    expect(r.kind === 'run' && r.args.config).toMatchObject({ op: 'add', p: 23 });
    expect(r.kind === 'run' && r.args.notes.join()).toContain("race=1 is the page's");
  });

  it('starts from a share link; flags after it override it, flags before it are overridden', () => {
    const r = parseTrainArgs([
      '--seed',
      '5',
      '--url',
      'https://x.test/lab/?op=sub&p=31&seed=2&autoplay=1',
      '--p',
      '37',
    ]);
    expect(r.kind === 'run' && r.args.config).toEqual({ ...DEFAULT_CONFIG, op: 'sub', p: 37, seed: 2 });
  });

  it('collects every problem: bad values, unknown flags, bad link keys, missing values', () => {
    const r = parseTrainArgs(['--p', '91', '--speed', '3', '--url', '?dim=130&foo=1', '--backend', 'tpu', '--lr']);
    expect(r).toEqual({
      kind: 'error',
      errors: [
        '--speed: unknown flag (see --help)',
        '--url: dim: 130 is not divisible by heads (4); expected a width from 16 to 256 divisible by heads',
        '--url: foo: unknown key',
        '--backend: "tpu" is not valid; expected one of webgpu, webgl, wasm, cpu',
        '--lr: missing value',
      ],
    });
    // p 91 came before --url, which sets every key, so only the link's problems are left for it.
    expect(parseTrainArgs(['--p', '91'])).toEqual({
      kind: 'error',
      errors: ['--p: "91" is not valid; expected a prime from 3 to 113'],
    });
  });

  it('asks for help', () => {
    expect(parseTrainArgs(['--op', 'add', '--help'])).toEqual({ kind: 'help' });
  });
});

describe('npm run train', () => {
  it('exits non-zero with the schema message before any training', async () => {
    const r = await train(['--p', '100', '--dim', '130']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: --p: "100" is not valid; expected a prime from 3 to 113');
    expect(r.stderr).toContain('error: --dim: 130 is not divisible by heads (4)');
    expect(r.stdout).toBe('');
  });

  it('prints help listing every key', async () => {
    const r = await train(['--help']);
    expect(r.code).toBe(0);
    for (const key of Object.keys(DEFAULT_CONFIG)) expect(r.stdout).toContain(`--${key} `);
  });

  for (const [signal, target] of [
    ['SIGTERM', 'npm'],
    ['SIGINT', 'group'],
  ] as const) {
    it(`stops cleanly on ${signal} sent to ${target === 'npm' ? 'npm alone' : 'the process group (Ctrl-C)'}, with a summary`, async () => {
      const r = await interrupt(signal, target);
      expect(r.code).toBe(0);
      const summary = r.lines.at(-1);
      expect(summary).toMatchObject({ type: 'summary' });
      expect(String(summary?.status)).toMatch(/^stopped at step \d+$/);
      expect(r.stderr).toContain('stopped at step');
    }, 90_000);
  }

  it('trains and writes JSON lines: the run, a metric record per evaluation, events and a summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grok-lab-'));
    const out = join(dir, 'run.jsonl');
    const r = await train([
      '--backend',
      'cpu',
      '--op',
      'add',
      '--p',
      '7',
      '--layers',
      '1',
      '--dim',
      '16',
      '--heads',
      '2',
      '--batch',
      '0',
      '--steps',
      '25',
      '--eval',
      '10',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      type: 'run',
      backend: 'cpu',
      link: '?op=add&p=7&layers=1&dim=16&heads=2&batch=0&steps=25',
    });
    const metrics = lines.filter((l) => l.type === 'metrics');
    expect(metrics.map((m) => m.step)).toEqual([10, 20, 25]);
    for (const key of ['trainLoss', 'trainAcc', 'valLoss', 'valAcc', 'weightNorm', 'gradNorm', 'ms']) {
      expect(typeof metrics[0]?.[key]).toBe('number');
    }
    // The progress measures: at the first evaluation, then none until 100 steps after it.
    expect(metrics[0]).toMatchObject({
      keyFrequencies: expect.any(Array) as unknown,
      sparsity: expect.any(Number) as unknown,
      restrictedLoss: expect.any(Number) as unknown,
      excludedLoss: expect.any(Number) as unknown,
    });
    expect((metrics[0]?.keyFrequencies as number[]).slice().sort()).toEqual([1, 2, 3]); // p = 7: all of them
    expect(metrics[1]).not.toHaveProperty('restrictedLoss');
    expect(lines).toContainEqual({ type: 'event', event: 'finished', step: 25 });
    expect(lines.at(-1)).toMatchObject({ type: 'summary', status: 'finished', steps: 25 });
    expect(r.stderr).toContain('finished after 25 steps');
    expect(r.stderr).toContain('step 25/25');
  });

  it('trains a reasoning task: test-OOD in every record and in the summary', async () => {
    const r = await train(
      '--backend cpu --task compare --entities 20 --attributes 2 --values 4 --ood 0.3 --phi 2 --layers 1 --dim 16 --heads 2 --steps 4 --eval 2 --quiet'.split(
        ' ',
      ),
    );
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const metrics = lines.filter((l) => l.type === 'metrics');
    expect(metrics.map((m) => typeof m.oodAcc)).toEqual(['number', 'number']);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', status: 'finished', grokkedOod: null });
    expect(r.stderr).toMatch(/test-ID \d+\.\d%, test-OOD \d+\.\d%/);
  });

  it("carries a composition run's logit lens in its metric lines", async () => {
    const r = await train(
      '--backend cpu --task compose --entities 40 --relations 6 --degree 3 --ood 0.3 --phi 2 --layers 2 --dim 16 --heads 2 --steps 4 --eval 2 --quiet'.split(
        ' ',
      ),
    );
    expect(r.code).toBe(0);
    const metrics = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.type === 'metrics');
    expect(metrics).toHaveLength(2);
    for (const m of metrics) {
      for (const key of ['bridgeId', 'bridgeOod']) {
        expect(typeof m[key]).toBe('number');
        expect(m[key]).toBeGreaterThanOrEqual(0);
        expect(m[key]).toBeLessThanOrEqual(1);
      }
    }
  });
});

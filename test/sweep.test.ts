import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runEnd, runToEnd } from '../src/cli/run-loop';
import { failureReason } from '../src/cli/sweep-files';
import { parseSweepArgs } from '../src/cli/sweep-args';
import { DEFAULT_CONFIG } from '../src/config/schema';
import type { MetricRecord, RunEvent } from '../src/engine/trainer';
import { expandGrid, MAX_GRID_POINTS, parseGrid } from '../src/sweep/grid';
import { inShard, parseShard } from '../src/sweep/shard';
import { readRun, seedLines, type SweepRow, toCsv } from '../src/sweep/summary';

const run = promisify(execFile);

describe('sweep grid', () => {
  it('reads lists, ranges and log ranges, in the order given, as numbers a person would type', () => {
    const g = parseGrid(['wd=0,0.001,0.01 frac=0.3:0.8:6', 'lr=1e-4:1e-2:3:log', 'filter=none,ema']);
    expect(g.ok).toBe(true);
    if (!g.ok) return;
    expect(g.axes.map((a) => a.key)).toEqual(['wd', 'frac', 'lr', 'filter']);
    expect(g.axes[0]?.values).toEqual([0, 0.001, 0.01]);
    expect(g.axes[1]?.values).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    expect(g.axes[2]?.values).toEqual([0.0001, 0.001, 0.01]);
    expect(g.axes[3]?.values).toEqual(['none', 'ema']);
  });

  it('refuses every bad key and value before anything runs, naming each', () => {
    const g = parseGrid(['wd=-1,abc foo=1 lr=1:2 frac=0.1:0.9:x wd=0.1 layers=2,2.0 dim=', 'nonsense']);
    expect(g.ok).toBe(false);
    if (g.ok) return;
    const text = g.errors.join('\n');
    expect(text).toContain('wd: "-1" is out of range');
    expect(text).toContain('wd: "abc" is not a number');
    expect(text).toContain('foo: unknown key');
    expect(text).toContain('lr=1:2: a range is from:to:count');
    expect(text).toContain('range count "x"');
    expect(text).toContain('wd: given more than once');
    expect(text).toContain('layers: "2.0" repeats a value (2)');
    expect(text).toContain('dim: empty value');
    expect(text).toContain('"nonsense" is not key=values');
    expect(parseGrid([`seed=0:${MAX_GRID_POINTS}:${MAX_GRID_POINTS / 10} wd=0:1:11`]).ok).toBe(false);
  });

  it('expands every combination, the last key fastest, each named by its values', () => {
    const g = parseGrid(['wd=0,0.1 seed=0:2:3']);
    if (!g.ok) throw new Error(g.errors.join());
    const { points, errors } = expandGrid(DEFAULT_CONFIG, g.axes);
    expect(errors).toEqual([]);
    expect(points.map((p) => p.name)).toEqual([
      'wd=0,seed=0',
      'wd=0,seed=1',
      'wd=0,seed=2',
      'wd=0.1,seed=0',
      'wd=0.1,seed=1',
      'wd=0.1,seed=2',
    ]);
    expect(points[4]?.config).toEqual({ ...DEFAULT_CONFIG, wd: 0.1, seed: 1 });
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('names a combination that breaks a cross-key rule instead of skipping it', () => {
    const g = parseGrid(['heads=3,4']);
    if (!g.ok) throw new Error(g.errors.join());
    const { points, errors } = expandGrid({ ...DEFAULT_CONFIG, dim: 128 }, g.axes);
    expect(points.map((p) => p.name)).toEqual(['heads=4']);
    expect(errors.join()).toContain('heads=3');
  });
});

describe('sweep shards', () => {
  it('takes i/N from the flag, or N from --shards and the index from the scheduler', () => {
    expect(parseShard('1/3', null, {})).toEqual({ ok: true, shard: { index: 1, count: 3 } });
    expect(parseShard(null, null, { SLURM_ARRAY_TASK_ID: '2' })).toEqual({ ok: true, shard: null });
    expect(parseShard(null, '4', { JOB_COMPLETION_INDEX: '3' })).toEqual({ ok: true, shard: { index: 3, count: 4 } });
    expect(parseShard(null, '4', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '3' })).toEqual({
      ok: true,
      shard: { index: 2, count: 4 },
    });
    for (const [flag, shards, env, message] of [
      ['3/3', null, {}, '--shard: "3/3" is not valid'],
      ['a/b', null, {}, '--shard: "a/b"'],
      ['0/2', '2', {}, 'give one of them'],
      [null, '2', {}, 'no shard index'],
      [null, '2', { JOB_COMPLETION_INDEX: '2' }, 'JOB_COMPLETION_INDEX=2'],
      [null, '0', { JOB_COMPLETION_INDEX: '0' }, '--shards: "0"'],
    ] as const) {
      const parsed = parseShard(flag, shards, env);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain(message);
    }
  });

  it('shards are disjoint and together cover the grid', () => {
    const seen = new Map<number, number>();
    for (let index = 0; index < 3; index++)
      for (let i = 0; i < 20; i++) if (inShard(i, { index, count: 3 })) seen.set(i, (seen.get(i) ?? 0) + 1);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('sweep flags', () => {
  it('builds the base from --url and flags, puts --seeds last, and defaults jobs to the cores (1 on webgpu)', () => {
    const p = parseSweepArgs(
      ['--url', '?op=add&p=23', '--steps', '100', '--grid', 'wd=0,0.1', '--seeds', '0,1'],
      {},
      6,
    );
    expect(p.kind).toBe('run');
    if (p.kind !== 'run') return;
    expect(p.args.base).toMatchObject({ op: 'add', p: 23, steps: 100 });
    expect(p.args.axes.map((a) => a.key)).toEqual(['wd', 'seed']);
    expect(p.args.total).toBe(4);
    expect(p.args.jobs).toBe(6);
    expect(p.args.out).toBe('runs');
    const gpu = parseSweepArgs(['--grid', 'wd=0,0.1', '--backend', 'webgpu'], {}, 6);
    expect(gpu.kind === 'run' && gpu.args.jobs).toBe(1);
    const shard = parseSweepArgs(['--grid', 'seed=0:9:10', '--shards', '3'], { SLURM_ARRAY_TASK_ID: '1' }, 2);
    expect(shard.kind === 'run' && shard.args.points.map((x) => x.name)).toEqual(['seed=1', 'seed=4', 'seed=7']);
  });

  it('reports every problem at once', () => {
    const p = parseSweepArgs(['--grid', 'wd=x', '--seeds', '0', '--jobs', '0', '--lr', '7', '--stop-after-grok', '-1']);
    expect(p.kind).toBe('error');
    if (p.kind !== 'error') return;
    const text = p.errors.join('\n');
    expect(text).toContain('wd: "x" is not a number');
    expect(text).toContain('--jobs: "0"');
    expect(text).toContain('lr');
    expect(text).toContain('--stop-after-grok: "-1"');
    expect(parseSweepArgs([]).kind).toBe('error');
    expect(parseSweepArgs(['--grid', 'seed=0,1', '--seeds', '2']).kind).toBe('error');
    expect(parseSweepArgs(['merge'])).toMatchObject({ kind: 'error' });
    expect(parseSweepArgs(['merge', 'a', 'b'])).toEqual({ kind: 'merge', dirs: ['a', 'b'], out: 'a' });
  });
});

describe('a run file in a summary', () => {
  const lines = (summary?: object) =>
    [
      { type: 'run', config: { ...DEFAULT_CONFIG, wd: 0.5 } },
      { type: 'metrics', step: 10, trainLoss: 2, trainAcc: 0.5, valLoss: 3, valAcc: 0.1 },
      { type: 'event', event: 'memorised', step: 20 },
      { type: 'metrics', step: 20, trainLoss: 1, trainAcc: 1, valLoss: 2, valAcc: 0.96 },
      { type: 'event', event: 'grokked', step: 20 },
      ...(summary ? [summary] : []),
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');

  it('reads milestones, last accuracies and how the run ended', () => {
    const read = readRun(
      `${lines({ type: 'summary', end: 'grokked', steps: 25, ms: 1500, wallMs: 2000 })}\n`,
      'wd=0.5',
      'wd=0.5.jsonl',
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.row).toMatchObject({
      status: 'grokked',
      stepsTaken: 25,
      memorised: 20,
      grokked: 20,
      valAcc: 0.96,
      trainSeconds: 1.5,
      wallSeconds: 2,
    });
    const cut = readRun(`${lines()}\n{"type":"metr`, 'x', 'x.jsonl');
    expect(cut.ok && cut.row.status).toBe('stopped');
    const old = readRun(lines({ type: 'summary', status: 'diverged at step 9', steps: 9 }), 'x', 'x.jsonl');
    expect(old.ok && old.row.status).toBe('diverged');
    expect(readRun('{"type":"metrics"}', 'x', 'x.jsonl').ok).toBe(false);
  });

  it('quotes CSV cells that hold commas', () => {
    const read = readRun(
      lines({ type: 'summary', end: 'finished', steps: 20 }),
      'wd=0.5,seed=1',
      'wd=0.5,seed=1.jsonl',
    );
    if (!read.ok) throw new Error(read.message);
    const csv = toCsv([read.row]).split('\n');
    expect(csv[0]?.startsWith('name,status,stepsTaken,memorised,grokked')).toBe(true);
    expect(csv[1]?.startsWith('"wd=0.5,seed=1",finished,20,20,20,')).toBe(true);
  });
});

describe('a summary over seeds', () => {
  it('says per point how many seeds grokked, their median and spread', () => {
    const row = (name: string, grokked: number | null) => ({
      ...(readRun(JSON.stringify({ type: 'run', config: DEFAULT_CONFIG }), name, '') as { row: SweepRow }).row,
      grokked,
    });
    expect(
      seedLines([
        row('wd=0,seed=0', null),
        row('wd=0,seed=1', null),
        row('wd=0.01,seed=0', 2100),
        row('wd=0.01,seed=1', 2800),
        row('wd=0.01,seed=2', 2350),
        row('wd=0.1,seed=0', 900),
        row('wd=0.1,seed=1', null),
      ]),
    ).toEqual([
      'wd=0: grokked 0 of 2 seeds',
      'wd=0.01: grokked 3 of 3 seeds, median 2,350 steps (2,100–2,800)',
      'wd=0.1: grokked 1 of 2 seeds, median 900 steps',
    ]);
    expect(seedLines([row('seed=0', 500), row('seed=1', 700)])).toEqual([
      'every seed: grokked 2 of 2 seeds, median 600 steps (500–700)',
    ]);
  });
});

describe('headless loop', () => {
  /** Stands in for a Trainer: groks at step 100, has 1,000 steps. */
  const fake = () => {
    const t = {
      step: 0,
      outcome: null as { kind: string; step: number } | null,
      events: [] as RunEvent[],
      async advance(n: number) {
        const events: RunEvent[] = [];
        const records: MetricRecord[] = [];
        for (let i = 0; i < n && t.step < 1000; i++) {
          t.step++;
          if (t.step === 100) events.push({ type: 'grokked', step: 100 });
        }
        t.events.push(...events);
        if (t.step >= 1000) t.outcome = { kind: 'finished', step: t.step };
        return { records, events };
      },
    };
    return t;
  };

  it('--stop-after-grok ends exactly N steps after grokking', async () => {
    const t = fake();
    const endAt = await runToEnd(t, { chunk: 64, stopAfterGrok: 30, stopRequested: () => false, onChunk: () => {} });
    expect(t.step).toBe(130);
    expect(runEnd(t, endAt, 30)).toEqual({
      end: 'grokked',
      status: 'stopped at step 130, 30 steps after grokking (--stop-after-grok)',
    });
    const whole = fake();
    const wholeEnd = await runToEnd(whole, {
      chunk: 64,
      stopAfterGrok: null,
      stopRequested: () => false,
      onChunk: () => {},
    });
    expect(whole.step).toBe(1000);
    expect(runEnd(whole, wholeEnd, null).end).toBe('finished');
  });
});

describe('npm run sweep', () => {
  const base = [
    '--op',
    'add',
    '--p',
    '5',
    '--layers',
    '1',
    '--dim',
    '16',
    '--heads',
    '1',
    '--eval',
    '10',
    '--backend',
    'cpu',
  ];
  // Four runs, the seeds last; each run is a process of its own, whose start-up is most of its time.
  const grid = ['--grid', 'wd=0,0.1', '--seeds', '0,1', '--quiet'];
  // What `npm run sweep` runs (package.json), without npm's own start-up.
  const sweep = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/sweep.ts', ...args]);
  /** A summary's rows without what depends on the machine (times). */
  const rowsOf = (dir: string, name = 'summary') =>
    (JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { runs: SweepRow[] }).runs.map(
      ({ trainSeconds: _t, wallSeconds: _w, ...rest }) => rest,
    );

  it('a 4-run grid as three shards, merged, gives the same summary as one process; a rerun skips every ended run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'grok-sweep-'));
    const shards = [0, 1, 2].map((i) => join(root, `shard-${i}`));
    await Promise.all(
      shards.map((dir, i) =>
        sweep([...base, '--steps', '20', ...grid, '--jobs', '1', '--shard', `${i}/3`, '--out', dir]),
      ),
    );
    const one = join(root, 'one');
    await sweep([...base, '--steps', '20', ...grid, '--jobs', '2', '--out', one]);
    const oneRows = rowsOf(one);
    expect(oneRows).toHaveLength(4);
    expect(oneRows.every((r) => r.status === 'finished' && r.stepsTaken === 20)).toBe(true);
    expect(rowsOf(shards[1] as string, 'summary.shard-1-of-3').map((r) => r.name)).toEqual(['wd=0,seed=1']);
    const merged = join(root, 'merged');
    await sweep(['merge', ...shards, '--out', merged]);
    expect(rowsOf(merged).map(({ file: _f, ...r }) => r)).toEqual(oneRows.map(({ file: _f, ...r }) => r));
    expect(readFileSync(join(merged, 'summary.csv'), 'utf8').split('\n')).toHaveLength(6);

    const again = await sweep([...base, '--steps', '20', ...grid, '--out', one]);
    expect(again.stderr).toContain('4 already ended, 0 to run');
    // The same folder with another base config: refused, nothing overwritten.
    const other = await sweep([...base, '--steps', '30', ...grid, '--out', one]).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect('code' in other && other.code).toBe(2);
    expect(other.stderr).toContain('was run with other settings (steps 30 here, 20 in the file)');
    expect(rowsOf(one)).toEqual(oneRows);
  }, 180_000);

  it('a run that cannot train is reported failed with its reason, and the sweep exits with 1', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'grok-sweep-')), 'runs');
    const failed = await sweep([
      ...base,
      '--task',
      'compose',
      '--steps',
      '10',
      '--grid',
      'entities=4',
      '--quiet',
      '--out',
      dir,
    ]).catch((e: unknown) => e as { code: number; stderr: string });
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr).toContain('failed: entities=4: error');
    const [row] = rowsOf(dir);
    expect(row?.status).toBe('failed');
    expect(row?.error).toContain('ood: 0.1 leaves no test-OOD facts with 4 entities');
  }, 60_000);

  it('SIGTERM stops the running runs cleanly and keeps what they measured', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'grok-sweep-')), 'runs');
    const child = spawn(
      'npm',
      [
        'run',
        '--silent',
        'sweep',
        '--',
        ...base,
        '--steps',
        '1000000',
        '--grid',
        'wd=0,0.1,1',
        '--jobs',
        '2',
        '--quiet',
        '--out',
        dir,
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const parts = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.part')) : []);
    const measured = () =>
      parts().length === 2 && parts().every((f) => readFileSync(join(dir, f), 'utf8').includes('"metrics"'));
    const started = Date.now();
    while (!measured() && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 200));
    expect(measured()).toBe(true);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(143);
    expect(stderr).toContain('stopped by SIGTERM');
    const rows = rowsOf(dir);
    expect(rows.map((r) => r.status)).toEqual(['stopped', 'stopped', 'pending']);
    expect(rows[0]?.stepsTaken).toBeGreaterThan(0);
    expect(rows[0]?.file).toBe('wd=0.jsonl.part');
  }, 90_000);
});

describe('the cluster examples', () => {
  it('the Slurm job array runs a valid sweep, each task its own shard', async () => {
    // A stand-in `node` prints the arguments the script hands it, one per line.
    const bin = mkdtempSync(join(tmpdir(), 'grok-slurm-'));
    writeFileSync(join(bin, 'node'), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const seen: string[][] = [];
    for (const task of ['0', '3']) {
      const { stdout } = await run('bash', ['deploy/slurm/sweep.sbatch'], {
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH ?? ''}`,
          SLURM_ARRAY_TASK_ID: task,
          SLURM_CPUS_PER_TASK: '4',
        },
      });
      const [imp, tsx, script, ...args] = stdout.split('\n');
      expect([imp, tsx, script]).toEqual(['--import', 'tsx', 'src/cli/sweep.ts']);
      const parsed = parseSweepArgs(
        args.filter((a) => a !== ''),
        { SLURM_ARRAY_TASK_ID: task },
        4,
      );
      expect(parsed.kind).toBe('run');
      if (parsed.kind === 'run') seen.push(parsed.args.points.map((p) => p.name));
    }
    expect(seen[0]?.length).toBe(12);
    expect(seen[0]?.some((n) => seen[1]?.includes(n))).toBe(false);
  });

  /** The sweep a Kubernetes Job's container runs, parsed as the last of its shards would parse it. */
  function jobSweep(file: string) {
    const yaml = readFileSync(file, 'utf8');
    const list = /args:\n((?:\s+- .*\n)+)/.exec(yaml)?.[1] ?? '';
    const args = list.split('\n').map((l) =>
      l
        .trim()
        .replace(/^- /, '')
        .replace(/^'(.*)'$/, '$1'),
    );
    const completions = Number(/completions: (\d+)/.exec(yaml)?.[1]);
    const parsed = parseSweepArgs(
      args.filter((a) => a !== ''),
      { JOB_COMPLETION_INDEX: String(completions - 1) },
      4,
    );
    return { yaml, args, completions, parsed };
  }

  it('the Kubernetes Indexed Job runs a valid sweep with as many shards as completions', () => {
    const { args, completions, parsed } = jobSweep('deploy/kubernetes/sweep-job.yaml');
    expect(args[args.indexOf('--shards') + 1]).toBe(String(completions));
    expect(parsed.kind).toBe('run');
    expect(parsed.kind === 'run' && parsed.args.total).toBe(48);
  });

  it('the GPU Job asks each pod for one GPU and runs its shard on WebGPU, four runs at a time', () => {
    const { yaml, args, completions, parsed } = jobSweep('deploy/kubernetes/sweep-job-gpu.yaml');
    expect(args[args.indexOf('--shards') + 1]).toBe(String(completions));
    expect(yaml).toMatch(/limits: \{[^}]*nvidia\.com\/gpu: 1 \}/);
    expect(yaml).toContain('image: REGISTRY/grok-lab-gpu:latest');
    expect(parsed.kind).toBe('run');
    if (parsed.kind !== 'run') return;
    expect(parsed.args.backend).toBe('webgpu');
    expect(parsed.args.jobs).toBe(4);
    expect(parsed.args.total).toBe(16);
  });

  it('the GPU image asks the NVIDIA runtime for its Vulkan driver and brings the loader', () => {
    const docker = readFileSync('Dockerfile.gpu', 'utf8');
    expect(docker).toMatch(/NVIDIA_DRIVER_CAPABILITIES=\S*graphics/);
    expect(docker).toMatch(/apt-get install[^\n]*libvulkan1[^\n]*libglvnd0/);
    expect(docker).toContain('ENTRYPOINT ["node", "--import", "tsx", "src/cli/sweep.ts"]');
  });

  it("the GPU bundle's run.sh puts its own Vulkan loader first and hands the CLI its flags", async () => {
    // A stand-in bundle: run.sh beside a `node` that prints what it was given.
    const dir = mkdtempSync(join(tmpdir(), 'grok-bundle-'));
    writeFileSync(join(dir, 'run.sh'), readFileSync('deploy/gpu/run.sh'), { mode: 0o755 });
    writeFileSync(join(dir, 'node'), '#!/bin/sh\nprintf "%s\\n" "LD=$LD_LIBRARY_PATH" "VKD=$VK_DRIVER_FILES" "$@"\n', {
      mode: 0o755,
    });
    const env = { PATH: process.env.PATH ?? '', VK_DRIVER_FILES: '/x/icd.json', LD_LIBRARY_PATH: '/old' };
    const { stdout } = await run(join(dir, 'run.sh'), ['bench', '--gpu', '--steps', '5'], { env });
    const [ld, vkd, ...args] = stdout.trim().split('\n');
    expect(ld?.startsWith(`LD=${join(dir, 'lib')}`)).toBe(true);
    expect(ld?.endsWith(':/old')).toBe(true);
    expect(vkd).toBe('VKD=/x/icd.json');
    expect(args).toEqual([join(dir, 'bench.mjs'), '--gpu', '--steps', '5']);
    await expect(run(join(dir, 'run.sh'), ['rm', '-rf'], { env })).rejects.toMatchObject({ code: 2 });
  });

  it('the Dockerfile starts the sweep itself as PID 1, so the SIGTERM of a scheduler reaches it', () => {
    const docker = readFileSync('Dockerfile', 'utf8');
    expect(docker).toContain('ENTRYPOINT ["node", "--import", "tsx", "src/cli/sweep.ts"]');
    expect(docker).toMatch(/RUN npm ci\b/);
  });
});

describe('a failed run in a sweep', () => {
  it('says why its file could not be read, not "exit code 0"', () => {
    // A run line with a key this version does not know: what a sweep started before an update
    // read from runs spawned after it.
    const text = `${JSON.stringify({ type: 'run', config: { ...DEFAULT_CONFIG, newkey: 1 } })}\n`;
    const read = readRun(text, 'seed=3', 'seed=3.jsonl');
    expect(read.ok).toBe(false);
    const why = failureReason(undefined, read, '', 0);
    expect(why).not.toBe('exit code 0');
    expect(why).toContain('seed=3.jsonl');
    expect(why).toContain('newkey');
  });

  it('keeps the spawn error first, then the error lines, then the exit code', () => {
    expect(failureReason('spawn ENOENT', null, 'error: x', 1)).toBe('spawn ENOENT');
    expect(failureReason(undefined, null, 'progress\nerror: p: 4 is not a prime\n', 2)).toBe(
      'error: p: 4 is not a prime',
    );
    expect(failureReason(undefined, null, '', 137)).toBe('exit code 137');
  });
});

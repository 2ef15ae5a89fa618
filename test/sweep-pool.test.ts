// The page's sweep (store and worker pool) against fake workers: every run ends, ends where it should,
// and cancelling leaves no worker alive.
import { describe, expect, it } from 'vitest';
import type { Config } from '../src/config/schema';
import { createSweep, sweepProgress } from '../src/store/sweep';
import type { PoolWorker } from '../src/sweep/pool';
import type { Command, WorkerEvent } from '../src/worker/protocol';
import { metricRecord, TINY_CONFIG } from './fixtures';

/**
 * A worker that trains nothing: after play it reports 10 steps a tick until the config's steps; it
 * "groks" at step 20 when wd > 0 and never otherwise, and diverges at once when lr ≥ 0.05.
 */
class FakeWorker implements PoolWorker {
  static alive = 0;
  static made = 0;
  onEvent: ((e: WorkerEvent) => void) | null = null;
  onFailure: ((message: string) => void) | null = null;
  commands: Command[] = [];
  private run = 0;
  private config: Config | null = null;
  private step = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dead = false;

  constructor(private readonly brokenAfter = Infinity) {
    FakeWorker.alive++;
    FakeWorker.made++;
  }

  post(c: Command): void {
    this.commands.push(c);
    if (c.type === 'init') {
      this.stop();
      this.run = c.run;
      this.config = c.config;
      this.step = 0;
    } else if (c.type === 'play') this.tick();
    else if (c.type === 'pause') this.stop();
  }

  terminate(): void {
    if (this.dead) return;
    this.dead = true;
    FakeWorker.alive--;
    this.stop();
  }

  private stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private emit(e: WorkerEvent) {
    if (!this.dead) this.onEvent?.(e);
  }

  private tick() {
    this.timer = setTimeout(() => {
      const c = this.config as Config;
      const run = this.run;
      if (this.step >= this.brokenAfter) {
        this.onFailure?.('the worker crashed');
        return;
      }
      if (c.lr >= 0.05) {
        this.emit({ type: 'status', run, status: 'diverged', step: 1, message: 'diverged at step 1' });
        return;
      }
      this.step += 10;
      const events: WorkerEvent & { type: 'progress' } = {
        type: 'progress',
        run,
        step: this.step,
        records: [metricRecord(this.step, { valAcc: c.wd > 0 && this.step >= 20 ? 1 : 0.1 })],
        events: c.wd > 0 && this.step === 20 ? [{ type: 'grokked', step: 20 }] : [],
        elapsedMs: this.step,
      };
      this.emit(events);
      if (this.step >= c.steps) this.emit({ type: 'status', run, status: 'finished', step: this.step });
      else this.tick();
    }, 0);
  }
}

const base: Config = { ...TINY_CONFIG, steps: 100 };

function until(check: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () =>
      check() ? resolve() : Date.now() - t0 > ms ? reject(new Error('timed out')) : setTimeout(poll, 5);
    poll();
  });
}

describe('the page sweep', () => {
  it('runs every point of the grid, the pool size at a time, and frees its workers at the end', async () => {
    FakeWorker.alive = 0;
    FakeWorker.made = 0;
    const sweep = createSweep(() => new FakeWorker(), { grid: 'wd=0,0.1 seed=0,1,2', stopAfterGrok: null, workers: 2 });
    expect(sweep.getState().start(base, 'cpu')).toEqual([]);
    expect(sweep.getState().live).toBe(2);
    await until(() => sweep.getState().status === 'done');
    const { rows } = sweep.getState();
    expect(rows.map((r) => [r.name, r.status, r.stepsTaken, r.grokked])).toEqual([
      ['wd=0,seed=0', 'finished', 100, null],
      ['wd=0,seed=1', 'finished', 100, null],
      ['wd=0,seed=2', 'finished', 100, null],
      ['wd=0.1,seed=0', 'finished', 100, 20],
      ['wd=0.1,seed=1', 'finished', 100, 20],
      ['wd=0.1,seed=2', 'finished', 100, 20],
    ]);
    expect(FakeWorker.made).toBe(2);
    expect(FakeWorker.alive).toBe(0);
    expect(sweep.getState().live).toBe(0);
    expect(sweepProgress(sweep.getState())).toMatchObject({ ended: 6, running: 0, waiting: 0, etaMs: 0 });
    // A finished run opens in the lab with what it measured.
    const opened = sweep.getState().runOf(3);
    expect(opened?.records).toHaveLength(10);
    expect(opened?.events).toEqual([{ type: 'grokked', step: 20 }]);
    expect(opened?.config).toMatchObject({ wd: 0.1, seed: 0 });
  });

  it('ends a run N steps after it groks, and reports divergence', async () => {
    const sweep = createSweep(() => new FakeWorker(), { grid: 'lr=0.001,0.1', stopAfterGrok: 30, workers: 2 });
    sweep.getState().start({ ...base, wd: 0.1 }, 'cpu');
    await until(() => sweep.getState().status === 'done');
    expect(sweep.getState().rows.map((r) => [r.status, r.stepsTaken])).toEqual([
      ['grokked', 50],
      ['diverged', 0],
    ]);
  });

  it('cancel stops every run at once and leaves no worker alive', async () => {
    FakeWorker.alive = 0;
    const sweep = createSweep(() => new FakeWorker(), { grid: 'wd=0,0.1,0.2,0.3', stopAfterGrok: null, workers: 3 });
    sweep.getState().start({ ...base, steps: 1_000_000 }, 'cpu');
    await until(() => sweep.getState().rows.filter((r) => r.stepsTaken > 0).length === 3);
    expect(FakeWorker.alive).toBe(3);
    sweep.getState().cancel();
    expect(FakeWorker.alive).toBe(0);
    const s = sweep.getState();
    expect(s.status).toBe('cancelled');
    expect(s.live).toBe(0);
    // The run the cancel kept from starting is stopped too (at step 0): not drawn as still to come.
    expect(s.rows.map((r) => r.status)).toEqual(['stopped', 'stopped', 'stopped', 'stopped']);
    expect(s.rows[3]?.stepsTaken).toBe(0);
    const before = JSON.stringify(s.rows);
    await new Promise((r) => setTimeout(r, 30));
    expect(JSON.stringify(sweep.getState().rows)).toBe(before);
  });

  it('a worker that breaks fails its run; the others go on', async () => {
    let n = 0;
    const sweep = createSweep(() => new FakeWorker(n++ === 0 ? 20 : Infinity), {
      grid: 'wd=0,0.1,0.2',
      stopAfterGrok: null,
      workers: 2,
    });
    sweep.getState().start(base, 'cpu');
    await until(() => sweep.getState().status === 'done');
    const statuses = sweep.getState().rows.map((r) => r.status);
    expect(statuses.filter((s) => s === 'failed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'finished')).toHaveLength(2);
    expect(sweep.getState().rows.find((r) => r.status === 'failed')?.error).toBe('the worker crashed');
  });

  it('refuses a bad grid, naming the key and value, and starts nothing', () => {
    FakeWorker.made = 0;
    const sweep = createSweep(() => new FakeWorker(), { grid: 'wd=-1 lr=x', stopAfterGrok: null, workers: 2 });
    const errors = sweep.getState().start(base, 'cpu');
    expect(errors.join('\n')).toContain('wd: "-1" is out of range');
    expect(errors.join('\n')).toContain('lr: "x" is not a number');
    sweep.getState().setSpec({ grid: 'wd=0,0.1 lr=0.001,0.01 frac=0.3,0.5' });
    expect(sweep.getState().start(base, 'cpu').join()).toContain('one or two keys');
    sweep.getState().setSpec({ grid: 'seed=0,1' });
    expect(sweep.getState().start(base, 'cpu').join()).toContain('varies no key but the seed');
    expect(FakeWorker.made).toBe(0);
    expect(sweep.getState().status).toBe('idle');
  });

  it('imports the summary.json of npm run sweep, and refuses what is not one', () => {
    const sweep = createSweep(() => new FakeWorker());
    const row = (wd: number, grokked: number | null) => ({
      name: `wd=${wd}`,
      status: 'finished',
      stepsTaken: 100,
      memorised: 10,
      grokked,
      config: { ...base, wd },
    });
    const summary = {
      sweep: { base, axes: [{ key: 'wd', values: [0, 0.1] }], total: 2 },
      runs: [row(0, null), row(0.1, 40)],
    };
    expect(sweep.getState().importSummary(JSON.stringify(summary), 'summary.json')).toBeNull();
    expect(sweep.getState()).toMatchObject({ status: 'imported', source: 'summary.json', spec: { grid: 'wd=0,0.1' } });
    expect(sweep.getState().rows.map((r) => r.grokked)).toEqual([null, 40]);
    expect(sweep.getState().importSummary('{"runs": []}', 'x.json')).toContain('not a sweep summary');
    expect(sweep.getState().importSummary('nope', 'x.json')).toContain('not JSON');
    const bad = { ...summary, runs: [{ ...row(0, null), config: { ...base, wd: -3 } }] };
    expect(sweep.getState().importSummary(JSON.stringify(bad), 'bad.json')).toContain(
      'bad.json: not a sweep summary (runs[0].config: wd: -3 is out of range',
    );
    expect(sweep.getState().source).toBe('summary.json');
  });
});

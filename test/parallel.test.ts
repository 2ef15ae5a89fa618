// scripts/parallel.js, which npm test runs the type checks and lint through: any command failing
// fails it, and each command's output comes out whole, in the order given.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const parallel = (...commands: string[]) => run('node', ['scripts/parallel.js', ...commands], { timeout: 30_000 });

describe('scripts/parallel.js', () => {
  it('runs the commands at once and prints each one whole, in order', async () => {
    // The first ends last: were they run one after another it would wait for nothing, and the output
    // would still be in order; at once, the second has written its file before the first looks.
    const dir = mkdtempSync(join(tmpdir(), 'parallel-'));
    const { stdout } = await parallel(
      `for i in $(seq 100); do [ -e ${dir}/second ] && break; sleep 0.1; done; cat ${dir}/second; echo one`,
      `echo two > ${dir}/second; echo two`,
    );
    rmSync(dir, { recursive: true });
    expect(stdout).toMatch(/> for i[^\n]*\ntwo\none\n✓ [^\n]*\n\n> echo two[^\n]*\ntwo\n✓ /);
  });

  it("prints the first command's output as it comes, while it still runs", async () => {
    // The first command waits for a file that the test writes only once it has read the first line.
    const dir = mkdtempSync(join(tmpdir(), 'parallel-'));
    const child = spawn('node', [
      'scripts/parallel.js',
      `echo early; for i in $(seq 300); do [ -e ${dir}/go ] && break; sleep 0.1; done; echo late`,
      'echo other',
    ]);
    let out = '';
    const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('early\n')) resolve();
      }),
    );
    expect(out).not.toContain('\nlate');
    writeFileSync(join(dir, 'go'), '');
    expect(await ended).toBe(0);
    rmSync(dir, { recursive: true });
    expect(out).toMatch(/> echo early[^\n]*\nearly\nlate\n✓ [^\n]*\n\n> echo other\nother\n✓ /);
  });

  it('fails when any command fails, saying which', async () => {
    const failed = await parallel('echo fine', 'echo broken >&2; exit 3', 'true').then(
      () => null,
      (e: unknown) => e as { code: number; stdout: string },
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('broken\n✗ echo broken >&2; exit 3: exit status 3');
    expect(failed?.stdout).toContain('✓ echo fine');
    expect(failed?.stdout).toContain('✓ true');
  });

  it('refuses to run nothing', async () => {
    const failed = await parallel().then(
      () => null,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('usage: node scripts/parallel.js');
  });
});

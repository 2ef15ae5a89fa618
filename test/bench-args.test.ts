// `npm run bench`'s flags: --help prints the usage and runs nothing; a bad flag is named, not ignored.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/cli/bench-args';

const run = promisify(execFile);
const CONFIGS = ['paper', 'small'];

describe('npm run bench flags', () => {
  it('--help prints the usage and exits without timing anything', async () => {
    // Before, --help was ignored and the whole benchmark ran (minutes); the timeout fails that.
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli/bench.ts', '--help'], {
      timeout: 50_000,
    });
    expect(stdout).toMatch(/^Usage: npm run bench -- /);
    expect(stdout).toContain('--backends LIST');
    expect(stdout).not.toContain('ms/step');
    expect(stderr).toBe('');
  });

  it('reads every flag, with the defaults where one is left out', () => {
    expect(parseBenchArgs([], CONFIGS)).toEqual({
      kind: 'run',
      args: {
        backends: ['cpu', 'wasm', 'webgpu'],
        configs: ['paper', 'small'],
        steps: undefined,
        ops: 'auto',
        replay: 'both',
        threads: 1,
        grok: false,
        gpu: false,
      },
    });
    expect(
      parseBenchArgs(
        [
          '--backends',
          'wasm',
          '--configs=small',
          '--steps',
          '20',
          '--ops',
          'plain',
          '--replay',
          'off',
          '--threads',
          '2',
          '--grok',
        ],
        CONFIGS,
      ),
    ).toEqual({
      kind: 'run',
      args: {
        backends: ['wasm'],
        configs: ['small'],
        steps: 20,
        ops: 'plain',
        replay: 'off',
        threads: 2,
        grok: true,
        gpu: false,
      },
    });
    // --gpu: webgpu alone, with the grokking runs.
    expect(parseBenchArgs(['--gpu'], CONFIGS)).toMatchObject({
      kind: 'run',
      args: { backends: ['webgpu'], grok: true },
    });
    expect(parseBenchArgs(['-h'], CONFIGS)).toEqual({ kind: 'help' });
  });

  it('names every bad value at once', () => {
    expect(
      parseBenchArgs(
        [
          '--backends',
          'wasm,tpu',
          '--configs',
          'huge',
          '--steps',
          '0',
          '--ops',
          'quick',
          '--replay',
          'maybe',
          '--threads',
          '1.5',
          'extra',
        ],
        CONFIGS,
      ),
    ).toEqual({
      kind: 'error',
      errors: [
        'unexpected argument "extra"; flags look like --key value (see --help)',
        '--backends: unknown backend tpu; expected cpu, wasm or webgpu',
        '--configs: unknown config huge; expected one of paper, small',
        '--steps 0: expected a whole number ≥ 1',
        '--ops quick: expected auto, fast or plain',
        '--replay maybe: expected on, off or both',
        '--threads 1.5: expected a whole number ≥ 1',
      ],
    });
    expect(parseBenchArgs(['--steps'], CONFIGS)).toEqual({ kind: 'error', errors: ['--steps: missing value'] });
    expect(parseBenchArgs(['--grok=yes'], CONFIGS)).toEqual({
      kind: 'error',
      errors: ['--grok takes no value (got "yes")'],
    });
  });
});

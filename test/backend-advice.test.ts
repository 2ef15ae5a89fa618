// What the page says about a slow backend names the small preset of the run's own task.
import { describe, expect, it } from 'vitest';
import { smallPresetFor } from '../src/config/presets';
import { backendAdvice } from '../src/ui/run/backend-advice';

const small = (task: 'mod' | 'compose' | 'compare') => smallPresetFor(task);

describe('backend advice', () => {
  it('suggests the small arithmetic preset on an arithmetic run, the task’s own on a reasoning run', () => {
    expect(backendAdvice('wasm', [], small('mod')).fallback).toContain('add mod 23');
    const compose = backendAdvice('wasm', [], small('compose'));
    expect(compose.suggestSmall).toBe(true);
    expect(compose.fallback).toContain('“Composition, small”');
    // The preset's size comes from the preset itself, so it follows the preset when that changes.
    expect(compose.fallback).toContain('a 2-layer width-128 model');
    expect(compose.fallback).not.toContain('add mod 23');
    expect(backendAdvice('cpu', [], small('compare')).fallback).toContain('“Comparison, small”');
  });

  it('suggests nothing on the GPU, and no CPU preset on WebGL', () => {
    expect(backendAdvice('webgpu', [], small('compose'))).toEqual({
      summary: 'the GPU, through WebGPU',
      suggestSmall: false,
    });
    const webgl = backendAdvice('webgl', ['no adapter'], small('compose'));
    expect(webgl.suggestSmall).toBe(false);
    expect(webgl.fallback).toContain('Why not WebGPU: no adapter.');
    expect(webgl.fallback).not.toContain('Composition');
  });

  it('never calls a software renderer the GPU', () => {
    const swiftshader = { software: true, description: 'google swiftshader' };
    const webgpu = backendAdvice('webgpu', [], small('mod'), swiftshader);
    expect(webgpu.summary).toBe('a software WebGPU adapter (google swiftshader), which runs on the CPU');
    expect(webgpu.fallback).toContain('"auto" would pick wasm');
    const webgl = backendAdvice('webgl', [], small('mod'), swiftshader);
    expect(webgl.summary).toBe('WebGL on a software renderer (google swiftshader), which runs on the CPU');
    expect(webgl.fallback).toContain('add mod 23');
    expect(`${webgl.summary} ${webgl.fallback ?? ''}`).not.toContain('the GPU');
    expect(backendAdvice('webgl', [], small('mod'), { software: false, description: 'NVIDIA' }).summary).toBe(
      'the GPU, through WebGL',
    );
  });
});

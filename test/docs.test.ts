// The project's own docs: the config reference is current, and the published numbers the presets
// and tests rely on are written down with their sources.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configReference } from '../src/config/reference';
import { CONFIG_KEYS, DEFAULT_CONFIG } from '../src/config/schema';

describe('docs/CONFIG.md', () => {
  const text = readFileSync('docs/CONFIG.md', 'utf8');

  it('is the reference written from the schema (npm run docs rewrites it)', () => {
    expect(text === configReference(), 'docs/CONFIG.md is out of date: run npm run docs').toBe(true);
  });

  it('has a row for every key with its default', () => {
    for (const key of CONFIG_KEYS) expect(text).toContain(`| \`${key}\` |`);
    expect(text).toContain(`| \`p\` | modulus p | Task | \`${DEFAULT_CONFIG.p}\` | a prime from 3 to 113 |`);
  });
});

describe('docs/REFERENCE.md', () => {
  const text = readFileSync('docs/REFERENCE.md', 'utf8');

  it('holds the Grokfast paper numbers the presets quote, with the papers cited', () => {
    for (const n of ['39,890', '910', '790', '2,940']) expect(text).toContain(n);
    for (const source of ['arXiv:2405.20233', 'arXiv:2201.02177', 'arXiv:2301.05217', 'arXiv:2405.15071'])
      expect(text).toContain(source);
  });
});

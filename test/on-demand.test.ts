// Components loaded on demand (src/ui/on-demand.tsx): drawn with their props once their chunk is in,
// and a chunk that cannot load is said in the page instead of taking it down.
import { createElement } from 'react';
import { prerender } from 'react-dom/static';
import { describe, expect, it } from 'vitest';
import { onDemand } from '../src/ui/on-demand';

/** The HTML of `element` once everything it suspends on has loaded (without React's markers). */
async function html(element: Parameters<typeof prerender>[0]): Promise<string> {
  const { prelude } = await prerender(element);
  return (await new Response(prelude).text()).replace(/<!--.*?-->/g, '');
}

describe('onDemand', () => {
  it('draws the loaded component with its props', async () => {
    const Greeting = ({ name }: { name: string }) => createElement('p', null, `hello ${name}`);
    const Later = onDemand(() => Promise.resolve(Greeting), 'the greeting');
    expect(await html(createElement(Later, { name: 'p = 97' }))).toContain('hello p = 97');
  });

  it('says what could not load and why, where it would be', async () => {
    const Later = onDemand<object>(() => Promise.reject(new Error('Failed to fetch')), 'the sweep view');
    const page = await html(createElement('main', null, createElement('h1', null, 'Grok Lab'), createElement(Later)));
    expect(page).toContain('Grok Lab');
    expect(page).toMatch(/role="alert"/);
    expect(page).toContain('Could not load the sweep view (Failed to fetch); reload the page to try again.');
  });
});

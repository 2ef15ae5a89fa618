// The page's logit-lens view: the layer × position grids of the composition task (test-ID and
// test-OOD side by side), its chart over steps, and for another task the reason it does not apply.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TaskName } from '../src/config/tasks';
import type { LensView } from '../src/engine/inside/lens-view';
import type { MetricRecord } from '../src/engine/metrics';
import { BridgeLens } from '../src/ui/inside/BridgeLens';
import { metricRecord } from './fixtures';

const grid = (hit: number) => ({
  facts: 200,
  top1: [
    [0, 0, 0, 0],
    [0, hit, 0, 0],
    [0, 0.5, 0, 0],
  ],
  mrr: [
    [0.1, 0.1, 0.1, 0.1],
    [0.1, 1, 0.1, 0.1],
    [0.1, 0.7, 0.1, 0.1],
  ],
});
const LENS: LensView = { step: 750, id: grid(1), ood: grid(0) };
const records: MetricRecord[] = [250, 500, 750].map((step) => ({
  ...metricRecord(step),
  oodLoss: 3,
  oodAcc: 0,
  bridgeId: step / 750,
  bridgeOod: 0,
}));

const render = (task: TaskName, lens?: LensView) =>
  renderToStaticMarkup(createElement(BridgeLens, { task, lens, records, events: [], xScale: 'linear' }));

describe('BridgeLens', () => {
  it('shows where the bridge is decodable, per layer and position, for test-ID and test-OOD', () => {
    const html = render('compose', LENS);
    expect(html).toContain('data-testid="bridge-lens" data-step="750"');
    for (const [split, hit] of [
      ['test-ID', '1'],
      ['test-OOD', '0'],
    ] as const) {
      const table = html.slice(html.indexOf(`data-testid="lens-${split}"`));
      expect(table).toContain('data-facts="200"');
      expect(table).toMatch(new RegExp(`data-layer="1" data-position="1" data-value="${hit}"`));
    }
    // Rows from the last layer down to the embeddings; the r1 column marked.
    const id = html.slice(html.indexOf('lens-test-ID'), html.indexOf('lens-test-OOD'));
    expect(id.indexOf('block 2')).toBeLessThan(id.indexOf('block 1'));
    expect(id.indexOf('block 1')).toBeLessThan(id.indexOf('embeddings'));
    expect(id).toContain('<th scope="col" class="lens-r1">r1</th>');
    expect(id).toContain('>100.0%<');
    expect(html).toContain('mean reciprocal rank 1.000');
    // The chart over steps, with its last values said.
    expect(html).toContain('data-testid="bridge-line" data-points="3" data-last-step="750"');
    expect(html).toContain('100.0% and 0.0% at step 750');
  });

  it('names the fourth position t where the answer is fed back in (format=paper), PAD otherwise', () => {
    const header = (html: string) => html.slice(html.indexOf('lens-test-ID'), html.indexOf('</thead>'));
    expect(header(render('compose', LENS))).toMatch(/>r2<\/th><th scope="col">PAD<\/th>/);
    const paper = header(render('compose', { ...LENS, positions: ['h', 'r1', 'r2', 't'] }));
    expect(paper).toMatch(/>r2<\/th><th scope="col">t<\/th>/);
    expect(paper).not.toContain('PAD');
  });

  it('says the view appears with the first views, before there is a lens', () => {
    const html = render('compose');
    expect(html).toContain('data-testid="bridge-lens" data-step="0"');
    expect(html).not.toContain('lens-test-ID');
  });

  it('says why it does not apply to the comparison task', () => {
    const html = render('compare', LENS);
    expect(html).toContain('data-testid="bridge-lens" data-applies="no"');
    expect(html).toContain('has no bridge entity');
    expect(html).not.toContain('lens-test-ID');
  });
});

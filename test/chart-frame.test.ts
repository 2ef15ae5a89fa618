// The charts' frame (axes, grid, markers) drawn by hand instead of by recharts (issue 25, item 9):
// where the plot area lies, how values map to pixels, which tick labels fit, and what the SVG holds.
// It renders with no DOM at all (renderToStaticMarkup): it measures nothing, which is what made
// recharts' redraw of the frame a long task on each new axis range.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChartFrame } from '../src/ui/chart/ChartFrame';
import {
  axisScale,
  labelledTicks,
  plotArea,
  X_AXIS_HEIGHT,
  xLabelPositions,
  Y_AXIS_WIDTH,
} from '../src/ui/chart/frame';
import type { Geometry } from '../src/ui/chart/LineLayer';
import type { Marker } from '../src/ui/chart/markers';
import type { StepAxis, ValueAxis } from '../src/ui/chart/MetricChart';
import { decadeTicks, linearTicks } from '../src/ui/chart/scales';
import { valueImports } from '../lint/no-tfjs-in-page.js';

/** The chain of imports from `entry` (a source file) to a package matching `pkg`, if there is one. */
function chainTo(entry: string, pkg: RegExp, seen = new Set<string>()): string[] | undefined {
  if (seen.has(entry)) return undefined;
  seen.add(entry);
  for (const spec of valueImports(readFileSync(entry, 'utf8'), entry)) {
    if (pkg.test(spec)) return [entry, spec];
    if (!spec.startsWith('.')) continue;
    const base = resolve(dirname(entry), spec);
    const file = [base, `${base}.ts`, `${base}.tsx`].find(
      (f) => existsSync(f) && !f.endsWith('.css') && /\.tsx?$/.test(f),
    );
    const chain = file && chainTo(file, pkg, seen);
    if (chain) return [entry, ...chain];
  }
  return undefined;
}

describe('the live charts', () => {
  it('draw without recharts, whose frame redraw on a new axis range was the page’s long tasks while training', () => {
    expect(chainTo(resolve('src/ui/chart/MetricChart.tsx'), /^recharts(\/|$)/)).toBeUndefined();
  });
});

describe('plotArea', () => {
  it('leaves room for the y axis on the left, the x axis under it, and a margin on top and right', () => {
    expect(plotArea(600, 240)).toEqual({
      left: Y_AXIS_WIDTH,
      top: 8,
      width: 600 - Y_AXIS_WIDTH - 12,
      height: 240 - 8 - X_AXIS_HEIGHT,
    });
  });
  it('is null for a box with no room for a plot (not laid out yet, or hidden)', () => {
    expect(plotArea(0, 0)).toBeNull();
    expect(plotArea(50, 240)).toBeNull();
    expect(plotArea(600, 30)).toBeNull();
  });
});

describe('axisScale', () => {
  it('maps a linear domain onto the range, values outside it outside the range', () => {
    const x = axisScale('linear', [0, 1000], [48, 548]);
    expect(x(0)).toBe(48);
    expect(x(500)).toBe(298);
    expect(x(1000)).toBe(548);
    expect(x(1200)).toBe(648);
  });
  it('maps a y axis upside down (the range is given bottom first)', () => {
    const y = axisScale('linear', [0, 1], [208, 8]);
    expect(y(0)).toBe(208);
    expect(y(1)).toBe(8);
    expect(y(0.25)).toBe(158);
  });
  it('maps a log domain by decades, and has no place for 0, negatives or non-finite values', () => {
    const y = axisScale('log', [1e-3, 10], [208, 8]);
    expect(y(1e-3)).toBeCloseTo(208);
    expect(y(1e-1)).toBeCloseTo(108);
    expect(y(10)).toBeCloseTo(8);
    for (const v of [0, -1, Number.NaN, Infinity]) expect(y(v)).toBeUndefined();
  });
  it('refuses a log domain that is not positive, naming it', () => {
    expect(() => axisScale('log', [0, 10], [0, 100])).toThrow('a log axis needs a positive domain, got [0, 10]');
  });
  it('puts everything in the middle for an empty domain instead of dividing by zero', () => {
    expect(axisScale('linear', [5, 5], [0, 100])(5)).toBe(50);
  });
});

describe('xLabelPositions', () => {
  it('puts labels under their ticks, the last one moved left to end by the plot’s edge', () => {
    // "2.5K" is 30 px wide: centred on the edge at 588 it would end at 603.
    expect(xLabelPositions([48, 318, 588], [7.5, 30, 30], 588)).toEqual([48, 318, 573]);
    expect(xLabelPositions([48, 318, 500], [7.5, 30, 30], 588)).toEqual([48, 318, 500]);
    expect(xLabelPositions([], [], 588)).toEqual([]);
  });
});

describe('labelledTicks', () => {
  it('keeps every label that has room', () => {
    expect(labelledTicks([0, 100, 200, 300], [30, 30, 30, 30])).toEqual([true, true, true, true]);
  });
  it('drops labels that would come within the gap of the next one, always keeping the last', () => {
    // 40 px apart, 30 px wide: only every other label keeps 16 px clear of its neighbour.
    expect(labelledTicks([0, 40, 80, 120, 160], [30, 30, 30, 30, 30])).toEqual([true, false, true, false, true]);
    expect(labelledTicks([0, 40, 80, 120], [30, 30, 30, 30])).toEqual([false, true, false, true]);
  });
  it('works along a y axis, whose values run upwards (pixels down)', () => {
    expect(labelledTicks([208, 158, 108, 58, 8], [13, 13, 13, 13, 13])).toEqual([true, true, true, true, true]);
    expect(labelledTicks([208, 188, 168, 148], [13, 13, 13, 13])).toEqual([false, true, false, true]);
  });
});

describe('ChartFrame', () => {
  const area = plotArea(600, 240) as NonNullable<ReturnType<typeof plotArea>>;
  const x: StepAxis = { scale: 'linear', domain: [0, 3000], ticks: linearTicks([0, 3000]) };
  const y: ValueAxis = {
    scale: 'log',
    domain: [1e-3, 10],
    ticks: decadeTicks([1e-3, 10]),
    tick: (v) => `1e${Math.round(Math.log10(v))}`,
    value: String,
  };
  const geometry: Geometry = {
    ...area,
    x: axisScale(x.scale, x.domain, [area.left, area.left + area.width]),
    y: axisScale(y.scale, y.domain, [area.top + area.height, area.top]),
  };
  const markers: Marker[] = [
    { step: 1500, label: 'memorised', color: '#882E72', milestone: true, fraction: 0.5 },
    { step: 600, label: 'λ=5', color: '#555555', milestone: false, fraction: 0.2 },
  ];
  const html = renderToStaticMarkup(createElement(ChartFrame, { width: 600, height: 240, geometry, x, y, markers }));
  const ticks = [...html.matchAll(/<text class="metric-tick"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

  it('labels every tick of both axes that fits, with the axes’ own formats', () => {
    expect(ticks).toEqual(['0', '500', '1K', '1.5K', '2K', '2.5K', '3K', '1e-3', '1e-2', '1e-1', '1e0', '1e1']);
  });
  it('draws a grid line per tick and a line per marker, a milestone solid and a change dashed', () => {
    expect(html.match(/stroke-dasharray="3 3"/g)).toHaveLength(1); // the grid's group
    expect(html).toContain('<line x1="318" x2="318" y1="8" y2="210" stroke="#882E72" stroke-width="2"></line>');
    expect(html).toContain('stroke="#555555" stroke-width="1.5" stroke-dasharray="4 3"');
  });
  it('leaves out a marker outside the step axis', () => {
    const outside = renderToStaticMarkup(
      createElement(ChartFrame, {
        width: 600,
        height: 240,
        geometry,
        x,
        y,
        markers: [{ step: 5000, label: 'grokked', color: '#117733', milestone: true, fraction: 1.6 }],
      }),
    );
    expect(outside).not.toContain('#117733');
  });
});

import { SMALL_GROKFAST_CONFIG, SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { configDiff, speedup } from '../src/runs/compare';
import { describe, expect, it } from 'vitest';
import {
  changeLabel,
  formatDecade,
  formatLoss,
  formatPercent,
  formatStepTick,
  milestoneCaption,
  runStory,
  waitText,
} from '../src/ui/chart/format';
import { buildMarkers, layoutLabels } from '../src/ui/chart/markers';
import { decadeDomain, decadeTicks, linearTicks, roundUp, stepDomain } from '../src/ui/chart/scales';
import { metricRecord } from './fixtures';

describe('chart text', () => {
  it('formats values, ticks and marker labels', () => {
    expect(formatPercent(0.9512)).toBe('95.1%');
    expect([formatLoss(2.3456), formatLoss(0.012345), formatLoss(1.2345e-5)]).toEqual(['2.35', '0.0123', '1.23e-5']);
    expect([1e-3, 1, 10, 100].map(formatDecade)).toEqual(['1e-3', '1', '10', '1e2']);
    expect([12_500, 100_000, 40].map(formatStepTick)).toEqual(['12.5K', '100K', '40']);
    expect([
      changeLabel('lambda', 5),
      changeLabel('alpha', 0.9),
      changeLabel('wd', 0.01),
      changeLabel('filter', 'ma'),
    ]).toEqual(['λ=5', 'α=0.9', 'wd=0.01', 'filter=ma']);
  });

  it('captions the grokking delay', () => {
    expect(milestoneCaption(1550, 6000)).toBe('grokked 4,450 steps after memorising');
    expect(milestoneCaption(1550, null)).toBe('memorised at step 1,550, not grokked yet');
    expect(milestoneCaption(null, null)).toBeNull();
  });

  it('tells what a run is doing and what comes next: memorising, then the wait for the jump', () => {
    const r = (step: number, trainAcc: number, ms: number) => metricRecord(step, { trainAcc, ms });
    expect(runStory([], null, null)).toBeNull();
    expect(runStory([r(50, 0.42, 400)], null, null)).toBe('memorising: train accuracy rising (42.0% at step 50)');
    const records = [r(900, 0.99, 6_000), r(1000, 1, 6_500), r(4000, 1, 81_000)];
    expect(runStory(records, 900, null)).toBe(
      'memorised at step 900; waiting for the jump: 3,100 steps (1 min 15 s of training) so far',
    );
    expect(runStory(records, 900, 4000)).toBe('grokked 3,100 steps after memorising');
    expect(waitText(42_400)).toBe('42 s');
    expect(waitText(3_725_000)).toBe('1 h 2 min');
  });
});

describe('chart scales', () => {
  it('spans whole decades on the loss axis, and ticks them', () => {
    expect(decadeDomain([0.05, 3, null, 0, NaN])).toEqual([0.01, 10]);
    expect(decadeDomain([null])).toBeNull();
    expect(decadeTicks([1e-5, 10])).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10]);
    expect(decadeTicks([1e-12, 10]).length).toBeLessThanOrEqual(8);
  });

  it('starts a log step axis at the first positive step, and picks round linear ticks', () => {
    expect(stepDomain(10, 100_000, 'log')).toEqual([10, 100_000]);
    expect(stepDomain(10, 13_000, 'linear')).toEqual([0, 15_000]);
    expect(stepDomain(10, 12_000, 'linear')).toEqual([0, 12_000]);
    expect(stepDomain(10, 3, 'linear')).toEqual([0, 10]);
    expect([7, 11, 99, 101, 2_600, 81_000].map(roundUp)).toEqual([8, 12, 100, 120, 3_000, 100_000]);
    expect(linearTicks([0, 13_000])).toEqual([0, 2000, 4000, 6000, 8000, 10_000, 12_000]);
  });
});

describe('chart markers', () => {
  it('labels changes and milestones inside the domain, and stacks labels that would overlap', () => {
    const markers = buildMarkers(
      [
        { type: 'memorised', step: 1500 },
        { type: 'change', step: 2000, key: 'lambda', from: 2, to: 5 },
        { type: 'grokked', step: 6000 },
        { type: 'change', step: 200_000, key: 'lr', from: 0.001, to: 0.003 },
      ],
      [0, 100_000],
      'linear',
    );
    expect(markers.map((m) => m.label)).toEqual(['memorised', 'λ=5', 'grokked']);
    expect(layoutLabels(markers, 300).map((m) => m.row)).toEqual([0, 2, 1]); // milestones take rows first
    expect(layoutLabels(markers, 3000).map((m) => m.row)).toEqual([0, 1, 0]);
  });

  it('never overlaps two labels: milestones first, a label with no free row is left out', () => {
    const events = [
      ...Array.from({ length: 12 }, (_, i) => ({
        type: 'change' as const,
        step: 100 + i * 5,
        key: 'lambda' as const,
        from: 2 + i / 10,
        to: 2.1 + i / 10,
      })),
      { type: 'memorised' as const, step: 130 },
      { type: 'grokked' as const, step: 150 },
    ];
    const placed = layoutLabels(buildMarkers(events, [0, 1000], 'linear'), 600);
    const shown = placed.filter((m) => m.row !== null);
    expect(shown.filter((m) => m.milestone).map((m) => m.label)).toEqual(['memorised', 'grokked']);
    expect(shown.length).toBeLessThan(placed.length);
    const span = (m: (typeof placed)[number]) => {
      const x = m.fraction * 600;
      const w = m.label.length * 7 + 10;
      return m.labelLeft ? [x - w, x] : [x, x + w];
    };
    for (const [i, a] of shown.entries())
      for (const b of shown.slice(i + 1)) {
        if (a.row !== b.row) continue;
        const [a0 = 0, a1 = 0] = span(a);
        const [b0 = 0, b1 = 0] = span(b);
        expect(a1 <= b0 || b1 <= a0, `${a.label} and ${b.label}`).toBe(true);
      }
  });

  it('shows one marker per step naming each key changed there, with the value that stuck', () => {
    const markers = buildMarkers(
      [
        { type: 'change', step: 40, key: 'lambda', from: 2, to: 5 },
        { type: 'change', step: 40, key: 'alpha', from: 0.98, to: 0.9 },
        { type: 'change', step: 40, key: 'lambda', from: 5, to: 5.1 },
        { type: 'change', step: 60, key: 'filter', from: 'none', to: 'ema' },
        { type: 'change', step: 60, key: 'lambda', from: 5.1, to: 3 },
      ],
      [0, 100],
      'linear',
    );
    expect(markers.map((m) => [m.step, m.label])).toEqual([
      [40, 'α=0.9, λ=5.1'],
      [60, 'filter=ema, λ=3'],
    ]);
  });
});

describe('run comparison', () => {
  it('names the settings that differ and the speed-up to grok', () => {
    expect(configDiff(SMALL_GROKFAST_CONFIG, SMALL_GROKKING_CONFIG)).toBe('filter=ema');
    expect(configDiff(SMALL_GROKKING_CONFIG, SMALL_GROKKING_CONFIG)).toBe('');
    const grok = (step: number) => [{ type: 'grokked' as const, step }];
    expect(speedup(grok(2900), grok(6200))).toBe('2.1× fewer steps to grok');
    expect(speedup(grok(6200), grok(2900))).toBe('2.1× more steps to grok');
    expect(speedup([], grok(2900))).toBeNull();
  });
});

// A cancelled sweep's cells: runs it stopped are neither "not grokked by the budget" nor still running.
import { describe, expect, it } from 'vitest';
import { SMALL_GROKKING_CONFIG } from '../src/config/presets';
import { pendingRow } from '../src/sweep/summary';
import { phaseDiagram } from '../src/sweep/phase';
import { cellText } from '../src/ui/sweep/PhaseHeatmap';

describe('a cancelled sweep in the phase diagram', () => {
  it('counts stopped runs apart, and says so', () => {
    const config = (lr: number) => ({ ...SMALL_GROKKING_CONFIG, lr });
    const rows = [
      { ...pendingRow('a', config(0.001), 'running'), status: 'stopped' as const, stepsTaken: 40 },
      { ...pendingRow('b', config(0.003), 'pending'), status: 'stopped' as const },
    ];
    const result = phaseDiagram([{ key: 'lr', values: [0.001, 0.003] }], rows);
    if (!result.ok) throw new Error(result.message);
    const [a, b] = result.diagram.cells;
    expect([a?.stopped, a?.notGrokked, a?.waiting, b?.stopped]).toEqual([1, 0, 0, 1]);
    expect(cellText(a as NonNullable<typeof a>, 10_000)).toMatch(
      /^stopped before the end \(the sweep was cancelled\); seed \d+: stopped at 40$/,
    );
  });
});

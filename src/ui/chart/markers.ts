// The vertical markers on both charts: live changes, and the memorised and grokked milestones.
import { milestones, type RunEvent } from '../../engine/metrics';
import type { StepScale } from './downsample';
import { changeLabel } from './format';
import { axisFraction, type Domain } from './scales';
import { COLORS } from './theme';

export interface Marker {
  step: number;
  label: string;
  color: string;
  milestone: boolean;
  /** Where the step falls across the plot, 0..1. */
  fraction: number;
}

export interface PlacedMarker extends Marker {
  /** Labels that would overlap go on separate rows, 0 at the top; null: no room, the label is left out. */
  row: number | null;
  /** Near the right edge the label goes on the left of the line, to stay inside the plot. */
  labelLeft: boolean;
}

/** Another run whose milestones are marked too (a racing baseline), in its own colour. */
export interface MarkedRun {
  label: string;
  color: string;
  events: readonly RunEvent[];
}

/** The markers inside the x domain, in step order; `others` add their memorised and grokked steps. */
export function buildMarkers(
  events: readonly RunEvent[],
  domain: Domain,
  scale: StepScale,
  others: readonly MarkedRun[] = [],
): Marker[] {
  // One marker per step naming every key changed there (e.g. a knob that turned its filter on: "filter=ema,
  // λ=3"); several changes to one key at one step (a slider dragged while paused) show the value that stuck.
  const changes = new Map<number, Map<string, string>>();
  for (const e of events) {
    if (e.type !== 'change') continue;
    const atStep = changes.get(e.step) ?? new Map<string, string>();
    atStep.delete(e.key);
    atStep.set(e.key, changeLabel(e.key, e.to));
    changes.set(e.step, atStep);
  }
  const found: Omit<Marker, 'fraction'>[] = [...changes].map(([step, labels]) => ({
    step,
    label: [...labels.values()].join(', '),
    color: COLORS.change,
    milestone: false,
  }));
  const { memorised, grokked, grokkedOod } = milestones(events);
  if (memorised !== null) found.push({ step: memorised, label: 'memorised', color: COLORS.memorised, milestone: true });
  if (grokked !== null) found.push({ step: grokked, label: 'grokked', color: COLORS.grokked, milestone: true });
  if (grokkedOod !== null) found.push({ step: grokkedOod, label: 'grokked OOD', color: COLORS.ood, milestone: true });
  for (const o of others) {
    const m = milestones(o.events);
    if (m.memorised !== null)
      found.push({ step: m.memorised, label: `${o.label} memorised`, color: o.color, milestone: true });
    if (m.grokked !== null)
      found.push({ step: m.grokked, label: `${o.label} grokked`, color: o.color, milestone: true });
  }
  return found
    .filter((m) => m.step >= domain[0] && m.step <= domain[1])
    .sort((a, b) => a.step - b.step)
    .map((m) => ({ ...m, fraction: axisFraction(m.step, domain, scale) }));
}

// Label width estimate for 12px system-ui text; a measured width would need the DOM.
const CHAR_PX = 7;
const PAD_PX = 10;

/**
 * Rows and sides for the labels on a plot `width` px wide, so that no two labels overlap. Milestones
 * are placed first; a label that finds no free row is left out (row null: its line is still drawn, and
 * zooming in gives it room).
 */
export function layoutLabels(markers: readonly Marker[], width: number, rows = 4): PlacedMarker[] {
  const spans = markers.map((m, i) => {
    const x = m.fraction * width;
    const w = m.label.length * CHAR_PX + PAD_PX;
    const labelLeft = x + w > width && x - w >= 0;
    return { i, milestone: m.milestone, labelLeft, start: labelLeft ? x - w : x, end: labelLeft ? x : x + w };
  });
  const taken: { start: number; end: number }[][] = Array.from({ length: rows }, () => []);
  const rowOf = new Array<number | null>(markers.length).fill(null);
  const byPriority = [...spans].sort((a, b) => Number(b.milestone) - Number(a.milestone) || a.start - b.start);
  for (const s of byPriority) {
    const row = taken.findIndex((spansInRow) => spansInRow.every((o) => o.end <= s.start || s.end <= o.start));
    if (row < 0) continue;
    taken[row]?.push(s);
    rowOf[s.i] = row;
  }
  return markers.map((m, i) => ({ ...m, row: rowOf[i] ?? null, labelLeft: spans[i]?.labelLeft ?? false }));
}

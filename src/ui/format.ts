// Numbers as the page's readouts show them ("–" for none yet), in the charts' formats.
import { formatPercent, formatStep } from './chart/format';

export const percent = (x: number | undefined): string => (x === undefined ? '–' : formatPercent(x));

export const count = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : formatStep(n));

/** 75 s → "1:15", 3725 s → "1:02:05". */
export function duration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export const rate = (perSec: number): string =>
  perSec >= 100 ? perSec.toFixed(0) : perSec >= 10 ? perSec.toFixed(1) : perSec.toFixed(2);

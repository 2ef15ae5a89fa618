// The inside views in a run file: typed arrays as plain lists, and the checks an imported view must
// fit (its sizes follow from the run's config).
import { symbolCount } from '../config/operations';
import { type Config, SCHEMA } from '../config/schema';
import { int, list, num, object, type Shape } from '../config/shape';
import type { InsideView } from '../engine/inside/view';
import { SEQ_LEN } from '../engine/data';

export interface InsideViewData {
  step: number;
  split: number[];
  answer: number[];
  predicted: number[];
  confidence: number[];
  spectrum: number[];
  sparsity: number;
  pca: { x: number[]; y: number[]; explained: [number, number] };
  plane: { k: number; x: number[]; y: number[] };
  attention: { a: number; b: number; maps: number[][][][] };
}

/** Probabilities and coordinates are kept to 4 significant digits: the file stays small, the picture the same. */
const round = (v: number) => Number(v.toPrecision(4));

export function insideToData(v: InsideView): InsideViewData {
  return {
    step: v.step,
    split: Array.from(v.split),
    answer: Array.from(v.answer),
    predicted: Array.from(v.predicted),
    confidence: Array.from(v.confidence, round),
    spectrum: v.spectrum.map(round),
    sparsity: round(v.sparsity),
    pca: {
      x: v.pca.x.map(round),
      y: v.pca.y.map(round),
      explained: [round(v.pca.explained[0]), round(v.pca.explained[1])],
    },
    plane: { k: v.plane.k, x: v.plane.x.map(round), y: v.plane.y.map(round) },
    attention: {
      a: v.attention.a,
      b: v.attention.b,
      maps: v.attention.maps.map((l) => l.map((h) => h.map((r) => r.map(round)))),
    },
  };
}

/** The largest finite float32: the engine's losses and norms are float32 values. */
export const FLOAT32: Shape = {
  kind: 'number',
  min: 0,
  max: 3.4028234663852886e38,
  range: 'from 0 to 3.4e38 (float32)',
};
/** A share: an accuracy, a probability, a sparsity. */
export const SHARE = num(0, 1);
/** A step of a run: no run takes more than the largest step budget. */
export const STEP = int(0, SCHEMA.steps.max);
const FINITE: Shape = { kind: 'number', min: -Number.MAX_VALUE, max: Number.MAX_VALUE, range: '(finite)' };

/** An inside view's shape for a run of `config`: its sizes follow from p, layers and heads. */
export function insideShape(config: Config): Shape {
  const { layers, heads } = config;
  // The table's side: p, or S5's 120 elements whatever p says.
  const p = symbolCount(config.op, config.p);
  const cells = p * p;
  const half = Math.floor(p / 2);
  const square = list(list(SHARE, { length: SEQ_LEN }), { length: SEQ_LEN });
  return object({
    step: STEP,
    split: list(int(0, 2), { length: cells }),
    answer: list(int(-1, p - 1), { length: cells }),
    predicted: list(int(-1, p + 1), { length: cells }),
    confidence: list(SHARE, { length: cells }),
    spectrum: list(num(0, Number.MAX_VALUE), { length: half + 1 }),
    sparsity: SHARE,
    pca: object({
      x: list(FINITE, { length: p }),
      y: list(FINITE, { length: p }),
      explained: list(FINITE, { length: 2 }),
    }),
    plane: object({ k: int(1, half), x: list(FINITE, { length: p }), y: list(FINITE, { length: p }) }),
    attention: object({
      a: int(0, Number.MAX_SAFE_INTEGER),
      b: int(0, Number.MAX_SAFE_INTEGER),
      maps: list(list(square, { length: heads }), { length: layers }),
    }),
  });
}

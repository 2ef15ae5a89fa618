// The inside views in a run file: typed arrays as plain lists, and the checks an imported view must
// pass (its shape must fit the run's config).
import type { Config } from '../config/schema';
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

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const numbers = (x: unknown, length: number, ok: (v: number) => boolean = () => true): x is number[] =>
  Array.isArray(x) && x.length === length && x.every((v) => finite(v) && ok(v));

/** Checks an imported view against the run's config; returns what is wrong, or null. */
export function checkInsideData(x: unknown, config: Config): string | null {
  const { p, layers, heads } = config;
  const cells = p * p;
  if (!isObject(x)) return 'should be an object';
  if (!Number.isInteger(x.step) || (x.step as number) < 0) return '"step" should be a whole number';
  if (!numbers(x.split, cells, (v) => v === 0 || v === 1 || v === 2))
    return `"split" should list 0, 1 or 2 for each of the ${cells} cells`;
  if (!numbers(x.answer, cells, (v) => Number.isInteger(v) && v >= -1 && v < p))
    return `"answer" should list an answer (or −1) for each of the ${cells} cells`;
  if (!numbers(x.predicted, cells, (v) => Number.isInteger(v) && v >= -1 && v < p + 2))
    return `"predicted" should list a token (or −1) for each of the ${cells} cells`;
  if (!numbers(x.confidence, cells, (v) => v >= 0 && v <= 1))
    return `"confidence" should list a probability for each of the ${cells} cells`;
  if (!numbers(x.spectrum, Math.floor(p / 2) + 1, (v) => v >= 0))
    return `"spectrum" should list ${Math.floor(p / 2) + 1} norms`;
  if (!finite(x.sparsity) || x.sparsity < 0 || x.sparsity > 1) return '"sparsity" should be a share from 0 to 1';
  const pca = x.pca;
  if (!isObject(pca) || !numbers(pca.x, p) || !numbers(pca.y, p) || !numbers(pca.explained, 2))
    return `"pca" should hold x and y for ${p} numbers and 2 shares`;
  const plane = x.plane;
  if (
    !isObject(plane) ||
    !Number.isInteger(plane.k) ||
    (plane.k as number) < 1 ||
    (plane.k as number) > Math.floor(p / 2) ||
    !numbers(plane.x, p) ||
    !numbers(plane.y, p)
  ) {
    return `"plane" should hold a frequency from 1 to ${Math.floor(p / 2)} and x and y for ${p} numbers`;
  }
  const att = x.attention;
  if (!isObject(att) || !Number.isInteger(att.a) || !Number.isInteger(att.b))
    return '"attention" should name its pair a, b';
  const maps = att.maps;
  const square = (m: unknown) =>
    Array.isArray(m) && m.length === SEQ_LEN && m.every((row) => numbers(row, SEQ_LEN, (v) => v >= 0 && v <= 1));
  if (
    !Array.isArray(maps) ||
    maps.length !== layers ||
    !maps.every((l) => Array.isArray(l) && l.length === heads && l.every(square))
  ) {
    return `"attention" should hold ${layers} × ${heads} maps of ${SEQ_LEN} × ${SEQ_LEN}`;
  }
  return null;
}

// Declarative shapes of the files the lab reads (run files, sweep summaries), and the one checker
// that walks them: every field's type and range is written down once, and the first wrong field is
// named with its path ("records[3].trainAcc: -1 is not from 0 to 1"). The walk follows the shape,
// not the data, so its depth is the shape's: a value nested 100,000 deep fails at the first level
// the shape does not expect, and describing it (`brief`) never recurses into it.

/**
 * How far a number the lab computed in floating point may stray past its range and still be read (it
 * is clamped): a share summed in another order than its total can come out as 1.0000000000000002.
 */
export const FLOAT_SLACK = 1e-9;

export type Shape =
  /** A finite number from min to max (excess within FLOAT_SLACK is clamped); `int`: a whole one. */
  | { kind: 'number'; min: number; max: number; int?: boolean; range?: string }
  /** A text; `values`: one of these; `nonEmpty`: not blank (it is trimmed). */
  | { kind: 'text'; values?: readonly string[]; nonEmpty?: boolean }
  | { kind: 'nullable'; of: Shape }
  /** A list; `length`: exactly so many items; `increasing`: that field of the items rises strictly. */
  | { kind: 'list'; of: Shape; length?: number; max?: number; increasing?: string }
  /**
   * An object with these fields (others are dropped); `optional` ones may be absent, and absent ones
   * with a default (files from before the field existed) take it.
   */
  | {
      kind: 'object';
      fields: Readonly<Record<string, Shape>>;
      optional?: readonly string[];
      defaults?: Readonly<Record<string, unknown>>;
    }
  /** An object whose `tag` field picks its shape. */
  | { kind: 'tagged'; tag: string; variants: Readonly<Record<string, Shape>> }
  /** The first of these that fits; `what` says what is expected when none does. */
  | { kind: 'either'; of: readonly Shape[]; what: string }
  /** A check of its own (the config, with the config schema): the value read, or what is wrong. */
  | { kind: 'custom'; read: (x: unknown) => Checked<unknown> };

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (message: string): Checked<never> => ({ ok: false, message });

export const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** A value in a few words, without walking into it (it may be nested too deep to print). */
export function brief(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === 'number' || typeof x === 'boolean' || x === null) return String(x);
  if (x === undefined) return 'nothing';
  if (Array.isArray(x)) return `a list (of ${x.length})`;
  if (typeof x === 'object') return 'an object';
  return typeof x;
}

/** What a shape expects, in words. */
function expected(shape: Shape): string {
  switch (shape.kind) {
    case 'number':
      return `${shape.int ? 'a whole number' : 'a number'} ${shape.range ?? `from ${shape.min} to ${shape.max}`}`;
    case 'text':
      return shape.values ? `one of ${shape.values.join(', ')}` : shape.nonEmpty ? 'a non-empty text' : 'a text';
    case 'nullable':
      return `${expected(shape.of)}, or null`;
    case 'list':
      return shape.length === undefined ? 'a list' : `a list of ${shape.length}`;
    case 'object':
    case 'tagged':
      return 'an object';
    case 'either':
      return shape.what;
    case 'custom':
      return 'a value';
  }
}

const at = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
const named = (path: string, why: string) => fail(path === '' ? why : `${path}: ${why}`);

/**
 * Checks `x` against `shape`; gives a clean copy (numbers clamped into range, unknown fields dropped)
 * or the first wrong field, named by its path under `path`.
 */
export function checkShape(shape: Shape, x: unknown, path = ''): Checked<unknown> {
  const wrong = () => named(path, `${brief(x)} is not ${expected(shape)}`);
  switch (shape.kind) {
    case 'number': {
      if (typeof x !== 'number' || !Number.isFinite(x)) return wrong();
      if (shape.int && !Number.isInteger(x)) return wrong();
      if (x < shape.min - FLOAT_SLACK || x > shape.max + FLOAT_SLACK) return wrong();
      return ok(Math.min(shape.max, Math.max(shape.min, x)));
    }
    case 'text': {
      if (typeof x !== 'string') return wrong();
      if (shape.values && !shape.values.includes(x)) return wrong();
      if (shape.nonEmpty && x.trim() === '') return wrong();
      return ok(shape.nonEmpty ? x.trim() : x);
    }
    case 'nullable': {
      if (x === null) return ok(null);
      const value = checkShape(shape.of, x, path);
      // A wrong number or text is named with what is expected, null included; a wrong field inside
      // an object or list keeps its own message.
      return value.ok || (shape.of.kind !== 'number' && shape.of.kind !== 'text') ? value : wrong();
    }
    case 'list': {
      if (!Array.isArray(x)) return wrong();
      if (shape.length !== undefined && x.length !== shape.length)
        return named(path, `a list of ${x.length} where ${shape.length} were expected`);
      if (shape.max !== undefined && x.length > shape.max)
        return named(path, `a list of ${x.length}, more than the ${shape.max} allowed`);
      const out: unknown[] = [];
      for (let i = 0; i < x.length; i++) {
        const item = checkShape(shape.of, x[i], at(path, i));
        if (!item.ok) return item;
        const key = shape.increasing;
        if (key !== undefined && i > 0) {
          const now = (item.value as Record<string, number>)[key] as number;
          const before = (out[i - 1] as Record<string, number>)[key] as number;
          if (!(now > before)) return named(at(at(path, i), key), `${now} does not come after ${before}`);
        }
        out.push(item.value);
      }
      return ok(out);
    }
    case 'object': {
      if (!isObject(x)) return wrong();
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(shape.fields)) {
        if (!Object.prototype.hasOwnProperty.call(x, key) || x[key] === undefined) {
          if (shape.defaults && Object.hasOwn(shape.defaults, key)) out[key] = shape.defaults[key];
          if (shape.optional?.includes(key) || key in out) continue;
          return named(at(path, key), `missing; expected ${expected(field)}`);
        }
        const value = checkShape(field, x[key], at(path, key));
        if (!value.ok) return value;
        out[key] = value.value;
      }
      return ok(out);
    }
    case 'tagged': {
      if (!isObject(x)) return wrong();
      const tag = x[shape.tag];
      const variant = typeof tag === 'string' && Object.hasOwn(shape.variants, tag) ? shape.variants[tag] : undefined;
      if (!variant)
        return named(at(path, shape.tag), `${brief(tag)} is not one of ${Object.keys(shape.variants).join(', ')}`);
      const value = checkShape(variant, x, path);
      return value.ok ? ok({ [shape.tag]: tag, ...(value.value as object) }) : value;
    }
    case 'either': {
      for (const option of shape.of) {
        const value = checkShape(option, x, path);
        if (value.ok) return value;
      }
      return wrong();
    }
    case 'custom': {
      const value = shape.read(x);
      return value.ok ? value : named(path, value.message);
    }
  }
}

/** Shorthands for writing shapes. */
export const num = (min: number, max: number): Shape => ({ kind: 'number', min, max });
export const int = (min: number, max: number): Shape => ({ kind: 'number', min, max, int: true });
export const text = (values?: readonly string[]): Shape => (values ? { kind: 'text', values } : { kind: 'text' });
export const nullable = (of: Shape): Shape => ({ kind: 'nullable', of });
export const list = (of: Shape, more: { length?: number; max?: number; increasing?: string } = {}): Shape => ({
  kind: 'list',
  of,
  ...more,
});
export const object = (
  fields: Readonly<Record<string, Shape>>,
  more: { optional?: readonly string[]; defaults?: Readonly<Record<string, unknown>> } = {},
): Shape => ({ kind: 'object', fields, ...more });

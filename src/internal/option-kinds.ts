/**
 * The constraint kinds that option declarations are built from: a small checker written for
 * options alone, so that declaring a function's options costs a few hundred bytes in a bundle
 * instead of a schema library (zod stays the library of record schemas and model schemas).
 *
 * A {@link Kind} checks one value and returns it (objects, arrays and records as fresh copies with
 * their defaults filled in), or the first issue with its path. Its fluent surface is what the
 * option declarations use: `.optional()`, `.default(value)`, `.readonly()`; the constructors
 * `number`, `string`, `boolean`, `literal`, `union`, `array`, `record`, `strictObject`, `custom`,
 * `unknown` and `refine` cover the rest (import the module as a namespace: `import * as o from`).
 * The output types are inferred as a schema library would: a key whose kind is optional is an
 * optional property, a key with a default is required in the output.
 *
 * How an issue becomes a message is the options checker's business (./options.ts); here an issue
 * records its path, the unknown key if that is what failed, and whether it "aborts": a value of the
 * wrong type aborts, a failed range or length check or an unknown key does not. A union whose every
 * branch fails reports the one branch that failed without aborting, if there is exactly one (so
 * `{ als: 1, typo: 2 }` against `'learned' | { als?, … }` is an unknown key `typo`), and itself
 * otherwise.
 *
 * @module
 */

/** Where a check failed: the path below the checked value, and the unknown key if any. */
export interface KindIssue {
  readonly path: readonly PropertyKey[];
  /** Set when an object met a key its shape does not declare. */
  readonly unknownKey?: string;
}

/** The outcome of one check. */
export type KindResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issue: KindIssue; readonly aborted: boolean };

/** A declaration shape: one kind per option name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Shape = Readonly<Record<string, Kind<any, boolean>>>;

/** What a kind knows about its structure, for messages (object shapes, union branches). */
interface KindInfo {
  /** May the key be missing from its object (`.optional()`, `.default()`)? */
  readonly mayBeMissing?: boolean;
  readonly shape?: Shape;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly options?: readonly Kind<any, boolean>[];
  /** The kind of an array's elements. */
  readonly item?: Kind<unknown, boolean>;
  /** The kind of a record's values. */
  readonly value?: Kind<unknown, boolean>;
}

const OK = (value: unknown): KindResult => ({ ok: true, value });
const fail = (aborted: boolean, path: readonly PropertyKey[] = [], unknownKey?: string): KindResult => ({
  ok: false,
  aborted,
  issue: unknownKey === undefined ? { path } : { path, unknownKey },
});
const under = (key: PropertyKey, r: KindResult & { ok: false }): KindResult =>
  fail(r.aborted, [key, ...r.issue.path], r.issue.unknownKey);

/** A shallow copy of arrays and plain objects, so a default value is never shared between calls. */
const fresh = <T>(v: T): T => (Array.isArray(v) ? ([...v] as T) : v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype ? { ...v } : v);

/**
 * One constraint on a value. `Out` is the checked value's type; `Opt` says whether the key that
 * holds it may be missing from the output (`.optional()`, `unknown()`).
 */
export class Kind<Out, Opt extends boolean = false> {
  /** Type-level only: the output type. */
  declare readonly _out: Out;
  /** Type-level only: whether the output key is optional. */
  declare readonly _opt: Opt;

  /**
   * @param text - what the value must be, in words (`an integer in [1, 10000]`), or undefined
   *   when the kind was not described (messages then use `fallback`)
   * @param fallback - the generated description
   * @param run - the check
   * @param info - object shape or union branches, for messages
   */
  constructor(
    readonly text: string | undefined,
    readonly fallback: string,
    readonly run: (value: unknown) => KindResult,
    readonly info: KindInfo = {},
  ) {}

  /** What the value must be: the described text, else the generated one. */
  get expected(): string {
    return this.text ?? this.fallback;
  }

  /** Also accepts `undefined` (the key may be left out). */
  optional(): Kind<Out | undefined, true> {
    return new Kind(this.text, this.fallback, (v) => (v === undefined ? OK(undefined) : this.run(v)), { ...this.info, mayBeMissing: true });
  }

  /**
   * `undefined` becomes `value` (a fresh shallow copy of it each time), or what `value` returns if
   * it is a function (so a function-valued default is given as `() => fn`); the default is not
   * checked.
   */
  default(value: Exclude<Out, undefined> | (() => Exclude<Out, undefined>)): Kind<Exclude<Out, undefined>> {
    const make = typeof value === 'function' ? (value as () => unknown) : () => fresh(value);
    return new Kind(this.text, this.fallback, (v) => (v === undefined ? OK(make()) : this.run(v)), { ...this.info, mayBeMissing: true });
  }

  /** The checked value is frozen (shallowly). */
  readonly(): Kind<Readonly<Out>, Opt> {
    return new Kind(this.text, this.fallback, (v) => {
      const r = this.run(v);
      return r.ok && r.value !== null && typeof r.value === 'object' ? OK(Object.freeze(r.value)) : r;
    }, this.info);
  }

  /** The same kind with a description of its own. */
  describe(text: string): this {
    return new Kind(text, this.fallback, this.run, this.info) as this;
  }
}

/** The output type of a kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Infer<K> = K extends Kind<infer O, any> ? O : never;

type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Kind<unknown, true> ? K : never }[keyof S];

/** The output type of an object of the given shape. */
export type ShapeOutput<S extends Shape> = {
  [K in keyof ({ -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { -readonly [K in OptionalKeys<S>]?: Infer<S[K]> })]: ({
    -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]>;
  } & { -readonly [K in OptionalKeys<S>]?: Infer<S[K]> })[K];
};

const fmt = (x: number): string => (Number.isInteger(x) && Math.abs(x) >= 1e5 ? x.toExponential().replace('e+', 'e') : String(x));

/** Bounds of a number; `gt`/`lt` exclusive, `min`/`max` inclusive; `int` asks for a safe integer. */
export interface NumberBounds {
  readonly int?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly gt?: number;
  readonly lt?: number;
}

/** Words for a range: `[1, 10]`, `(0, 1)`, or `≥ 0` alone. */
export function rangeText(b: NumberBounds): string | undefined {
  const { min, max, gt, lt } = b;
  const lo = min !== undefined ? `[${fmt(min)}` : gt !== undefined ? `(${fmt(gt)}` : undefined;
  const hi = max !== undefined ? `${fmt(max)}]` : lt !== undefined ? `${fmt(lt)})` : undefined;
  if (lo && hi) return `in ${lo}, ${hi}`;
  if (lo) return `${min !== undefined ? '≥' : '>'} ${fmt((min ?? gt)!)}`;
  if (hi) return `${max !== undefined ? '≤' : '<'} ${fmt((max ?? lt)!)}`;
  return undefined;
}

/** A finite number (a safe integer with `int`) within the bounds. NaN and ±Infinity are refused. */
export function number(b: NumberBounds = {}): Kind<number> {
  const range = rangeText(b);
  const text = b.int ? `an integer${range ? ` ${range}` : ''}` : range ? (range.startsWith('in') ? `a number ${range}` : `a finite number ${range}`) : 'a finite number';
  const { min, max, gt, lt } = b;
  return new Kind(undefined, text, (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return fail(true);
    if (b.int && !Number.isSafeInteger(v)) return fail(true);
    if ((min !== undefined && v < min) || (gt !== undefined && v <= gt) || (max !== undefined && v > max) || (lt !== undefined && v >= lt)) return fail(false);
    return OK(v);
  });
}

/** A string of at least `min` characters (default 0), matching `regex` if given. */
export function string(c: { readonly min?: number; readonly regex?: RegExp } = {}): Kind<string> {
  const min = c.min ?? 0;
  const text = c.regex ? `a string matching ${String(c.regex)}` : min > 0 ? 'a non-empty string' : 'a string';
  return new Kind(undefined, text, (v) => {
    if (typeof v !== 'string') return fail(true);
    if (v.length < min) return fail(false);
    if (c.regex) {
      c.regex.lastIndex = 0;
      if (!c.regex.test(v)) return fail(false);
    }
    return OK(v);
  });
}

/** `true` or `false`. */
export function boolean(): Kind<boolean> {
  return new Kind(undefined, 'true or false', (v) => (typeof v === 'boolean' ? OK(v) : fail(true)));
}

const quote = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : String(v));

/** Exactly `value` (SameValueZero). */
export function literal<const T extends string | number | boolean | null>(value: T): Kind<T> {
  return new Kind(undefined, quote(value), (v) => (v === value || (v !== v && value !== value) ? OK(v) : fail(true)));
}

/** One of the given values. */
export function oneOfValues<const T extends readonly [string, ...string[]]>(values: T): Kind<T[number]> {
  const quoted = values.map(quote);
  const text = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  const set = new Set<unknown>(values);
  return new Kind(undefined, text, (v) => (set.has(v) ? OK(v) : fail(true)));
}

/** Any value for which `test` holds (callbacks, class instances, shapes checked elsewhere). */
export function custom<T>(test: (v: unknown) => boolean = () => true): Kind<T> {
  // like a refinement, a failed custom check does not abort
  return new Kind(undefined, 'a valid value', (v) => (test(v) ? OK(v) : fail(false)));
}

/** Anything, `undefined` included (the key may be left out). */
export function unknown(): Kind<unknown, true> {
  return new Kind(undefined, 'any value', OK);
}

/** `kind`, and then `test` on its checked value (a failure does not abort). */
export function refine<O, Opt extends boolean>(kind: Kind<O, Opt>, test: (v: O) => boolean): Kind<O, Opt> {
  return new Kind(kind.text, kind.fallback, (v) => {
    const r = kind.run(v);
    return r.ok && !test(r.value as O) ? fail(false) : r;
  }, kind.info);
}

/** The first branch that accepts the value. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function union<const T extends readonly Kind<any, boolean>[]>(options: T): Kind<Infer<T[number]>> {
  const text = options.map((k) => k.expected).join(' or ');
  return new Kind(undefined, text, (v) => {
    let only: KindResult | undefined;
    let live = 0;
    for (const k of options) {
      const r = k.run(v);
      if (r.ok) return r;
      if (!r.aborted) {
        live++;
        only = r;
      }
    }
    return live === 1 ? only! : fail(true);
  }, { options });
}

/** Length bounds of an array. */
export interface LengthBounds {
  readonly min?: number;
  readonly max?: number;
  readonly length?: number;
}

/** An array (not a typed array) whose elements all pass `item`; a fresh array is returned. */
export function array<K extends Kind<unknown, boolean>>(item: K, b: LengthBounds = {}): Kind<Infer<K>[]> {
  return new Kind(undefined, 'an array', (v) => {
    if (!Array.isArray(v)) return fail(true);
    const out: unknown[] = new Array(v.length);
    let first: (KindResult & { ok: false }) | undefined;
    let aborted = false;
    for (let i = 0; i < v.length; i++) {
      const r = item.run(v[i]);
      if (r.ok) out[i] = r.value;
      else {
        first ??= under(i, r) as KindResult & { ok: false };
        aborted ||= r.aborted;
      }
    }
    if (first) return { ...first, aborted };
    const n = v.length;
    if ((b.min !== undefined && n < b.min) || (b.max !== undefined && n > b.max) || (b.length !== undefined && n !== b.length)) return fail(false);
    return OK(out);
  }, { item });
}

/** An object of string keys whose values all pass `value` (own enumerable keys); a fresh object is returned. */
export function record<K extends Kind<unknown, boolean>>(value: K): Kind<Record<string, Infer<K>>> {
  return new Kind(undefined, 'an object', (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail(true);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const r = value.run((v as Record<string, unknown>)[key]);
      if (!r.ok) return under(key, r);
      Object.defineProperty(out, key, { value: r.value, enumerable: true, writable: true, configurable: true });
    }
    return OK(out);
  }, { value });
}

/**
 * An object with exactly the keys of `shape` (an undeclared key is an issue naming it, reported
 * after the declared keys' issues; a key whose kind is neither optional nor defaulted must be
 * present); a fresh object is returned, defaults filled in.
 */
export function strictObject<const S extends Shape>(shape: S): Kind<ShapeOutput<S>> {
  const keys = Object.keys(shape);
  return new Kind(undefined, 'an object', (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail(true);
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let first: (KindResult & { ok: false }) | undefined;
    let aborted = false;
    for (const key of keys) {
      const present = Object.hasOwn(input, key);
      const kind = shape[key]!;
      // a key without .optional() or .default() must be present (given as undefined, it is checked)
      const r = present || kind.info.mayBeMissing ? kind.run(present ? input[key] : undefined) : fail(true);
      if (r.ok) {
        if (present || r.value !== undefined) out[key] = r.value;
      } else {
        first ??= under(key, r) as KindResult & { ok: false };
        aborted ||= r.aborted;
      }
    }
    if (first) return { ...first, aborted };
    for (const key of Object.keys(input)) if (!Object.hasOwn(shape, key)) return fail(false, [], key);
    return OK(out);
  }, { shape });
}

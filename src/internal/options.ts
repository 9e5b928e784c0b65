/**
 * One options checker for every public function (scikit-learn's `_parameter_constraints`): each
 * function declares its options once, as a shape of option kinds (./option-kinds.ts: no zod, so a
 * bundle that only fits a model carries no schema library) built from the constraint helpers below, and
 * {@link defineOptions} turns that declaration into a parser that
 *
 * - accepts `undefined` (all defaults) or a plain object, and refuses `null`, arrays and other
 *   values;
 * - refuses unknown keys, naming the nearest known one (`did you mean 'maxIter'?`);
 * - renames deprecated spellings to their canonical name, and refuses an alias given together with
 *   its canonical name, or any declared pair of contradictory options;
 * - checks types and ranges, with a message naming the function, the option, what was expected and
 *   what was received: `fitKMeans: option k must be an integer in [1, 10000], got 0`;
 * - fills defaults.
 *
 * Every failure is an {@link OptionsError} whose `option` is the (dotted) option name. The check
 * runs once per call, never per row.
 */
import { OptionsError } from '../errors.js';
import type { Progress } from './model.js';
import { nearestName } from './fuzzy.js';
import * as o from './option-kinds.js';
import { MAX_WORKERS } from '../limits.js';
import { Kind, custom, number, oneOfValues, boolean as booleanKind, string as stringKind, strictObject, type KindIssue, type Shape, type ShapeOutput } from './option-kinds.js';

export type { Kind, Shape, ShapeOutput } from './option-kinds.js';

/** Exclusive upper end of a seed: seeds are integers in [0, 2³²). */
export const SEED_LIMIT = 2 ** 32;

const fmt = (x: number): string => (Number.isInteger(x) && Math.abs(x) >= 1e5 ? x.toExponential().replace('e+', 'e') : String(x));

/** An integer in [min, max]. */
export function int(min: number, max: number): Kind<number> {
  return number({ int: true, min, max }).describe(`an integer in [${fmt(min)}, ${fmt(max)}]`);
}

/** The `seed` option: an integer in [0, 2³²), never truncated. */
export function seed(): Kind<number> {
  return number({ int: true, min: 0, max: SEED_LIMIT - 1 }).describe('an integer in [0, 2³²)');
}

/** Bounds of a real-valued option; `gt`/`lt` are exclusive, `min`/`max` inclusive. */
export interface RealBounds {
  readonly min?: number;
  readonly max?: number;
  readonly gt?: number;
  readonly lt?: number;
}

/** A finite number within `bounds`. */
export function real(bounds: RealBounds = {}): Kind<number> {
  const k = number(bounds);
  return k.describe(k.fallback);
}

/** One of the given string values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): Kind<T[number]> {
  const k = oneOfValues(values);
  return k.describe(k.fallback);
}

/** `true` or `false`. */
export function bool(): Kind<boolean> {
  return booleanKind().describe('true or false');
}

/** A string (non-empty unless `allowEmpty`). */
export function str(allowEmpty = false): Kind<string> {
  return stringKind({ min: allowEmpty ? 0 : 1 }).describe(allowEmpty ? 'a string' : 'a non-empty string');
}

/** A function (callbacks). */
export function func<F extends (...args: never[]) => unknown>(): Kind<F> {
  return custom<F>((v) => typeof v === 'function').describe('a function');
}

/** Any constraint with an expected-text of its own (for hand-written unions). */
export function described<T extends Kind<unknown, boolean>>(kind: T, text: string): T {
  return kind.describe(text);
}

/** `onProgress` and `signal`, the options of every long-running function. */
export function longRun() {
  return {
    onProgress: func<(p: Progress) => void>().optional(),
    signal: custom<AbortSignal>((v) => typeof v === 'object' && v !== null && typeof (v as AbortSignal).aborted === 'boolean')
      .describe('an AbortSignal')
      .optional(),
  };
}

/**
 * The `workers` option: threads for the heavy kernels, an integer in [1, {@link MAX_WORKERS}] or
 * `'auto'` (the processor count, capped); default 1. It never changes a result, so fits keep it out
 * of the stored options.
 */
export function workers() {
  return described(o.union([number({ int: true, min: 1, max: MAX_WORKERS }), o.literal('auto' as const)]), `an integer in [1, ${MAX_WORKERS}] or 'auto'`).default(1);
}

/** Throws the OptionsError for one option: `fn: option name must be <expected>, got <value>`. */
export function optionError(fn: string, option: string, expected: string, value: unknown): OptionsError {
  return new OptionsError(`${fn}: option ${option} must be ${expected}, got ${describeValue(value)}`, option);
}

/** A short, safe rendering of a received value for messages. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined || v === null) {
    return String(v);
  }
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a symbol';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return 'an object';
}

/**
 * Checks one value that plays the part of an option (an argument with a declared kind, such as
 * `recommendEase`'s history): returns the checked value, or throws the OptionsError naming it.
 */
export function checkOption<T>(kind: Kind<T, boolean>, value: unknown, fn: string, name: string): T {
  const r = kind.run(value);
  if (r.ok) return r.value as T;
  throw fromIssue(fn, strictObject({ [name]: kind }), { [name]: value }, { ...r.issue, path: [name, ...r.issue.path] });
}

/** Declaration extras: deprecated spellings and contradictory pairs. */
export interface OptionsSpec<Keys extends string> {
  /** Deprecated spelling → canonical name. Giving both is an OptionsError. */
  readonly aliases?: Readonly<Record<string, Keys>>;
  /** Pairs that contradict each other, with an optional reason shown in the message. */
  readonly conflicts?: readonly (readonly [string, string, string?])[];
}

/** A parser made by {@link defineOptions}. */
export interface OptionsParser<Out> {
  /**
   * Checks `options` and fills defaults; `fn` overrides the function name in messages, `prefix`
   * names a nested group (`'als.'` when `fitRecommender` checks its `als` options).
   */
  (options: unknown, fn?: string, prefix?: string): Out;
  /** The canonical option names, then the deprecated ones. */
  readonly keys: readonly string[];
}

/**
 * The kind at `path` inside an object kind, or undefined where the path leaves it. The path goes
 * through object shapes, and through the elements of arrays and the values of records that carry
 * no description of their own (a described container answers for what is inside it).
 */
function kindAt(root: Kind<unknown, boolean>, path: readonly PropertyKey[]): Kind<unknown, boolean> | undefined {
  let cur: Kind<unknown, boolean> | undefined = root;
  for (const key of path) {
    if (!cur) return undefined;
    const { shape, item, value }: { shape?: Shape | undefined; item?: Kind<unknown, boolean> | undefined; value?: Kind<unknown, boolean> | undefined } = cur.info;
    if (shape) cur = typeof key === 'string' && Object.hasOwn(shape, key) ? shape[key] : undefined;
    else if (item && cur.text === undefined && typeof key === 'number') cur = item;
    else if (value && cur.text === undefined && typeof key === 'string') cur = value;
    else return undefined;
  }
  return cur;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function unknownKey(fn: string, prefix: string, key: string, known: readonly string[]): OptionsError {
  const near = nearestName(key, known);
  const hint = near ? `; did you mean '${near}'?` : `; known options: ${known.join(', ')}`;
  return new OptionsError(`${fn}: unknown option '${prefix}${key}'${hint}`, prefix + key);
}

/**
 * Turns the first issue into an OptionsError: an unknown key names the keys of its object (an
 * object inside a union, such as blend: 'learned' | { als?, … }, lists the object's keys); any
 * other issue is reported by the deepest described kind on its path (the path is followed through
 * objects only: a failure inside an array, record or union is the container's), or by the deepest
 * kind's own description if none on the path is described.
 */
function fromIssue(fn: string, root: Kind<unknown, boolean>, input: unknown, issue: KindIssue, renamed?: Record<string, string>, top = ''): OptionsError {
  const path = issue.path;
  // a deprecated spelling is checked by its canonical name's constraint
  const canonicalOf = (k: PropertyKey): PropertyKey => (renamed ? (Object.entries(renamed).find(([, a]) => a === k)?.[0] ?? k) : k);
  const at = (sub: readonly PropertyKey[]): Kind<unknown, boolean> | undefined => (sub.length ? kindAt(root, [canonicalOf(sub[0]!), ...sub.slice(1)]) : root);
  if (issue.unknownKey !== undefined) {
    const obj = at(path);
    const shape = obj?.info.shape ?? obj?.info.options?.map((o) => o.info.shape).find((sh) => sh !== undefined);
    if (shape) return unknownKey(fn, top + (path.length ? `${path.join('.')}.` : ''), issue.unknownKey, Object.keys(shape));
  }
  let deepest: { sub: readonly PropertyKey[]; kind: Kind<unknown, boolean> } | undefined;
  for (let d = path.length; d >= 1; d--) {
    const sub = path.slice(0, d);
    const k = at(sub);
    if (!k) continue;
    deepest ??= { sub, kind: k };
    if (k.text !== undefined) return optionError(fn, top + sub.join('.'), k.text, valueAt(input, sub));
  }
  if (deepest) return optionError(fn, top + deepest.sub.join('.'), deepest.kind.expected, valueAt(input, deepest.sub));
  const where = top ? top.slice(0, -1) : '(options)';
  return new OptionsError(`${fn}: option ${where} is invalid, got ${describeValue(input)}`, where);
}

/**
 * Declares the options of a public function once and returns their parser.
 *
 * @param fn - the public function's name, used in every message
 * @param shape - one kind per option, built from {@link int}, {@link real}, {@link oneOf}, … and the
 *   constructors of ./option-kinds.ts, with `.optional()` or `.default(value)`; nested groups as
 *   `o.strictObject({...})`
 * @param spec - deprecated aliases and contradictory pairs
 */
export function defineOptions<const S extends Shape>(
  fn: string,
  shape: S,
  spec: OptionsSpec<keyof S & string> = {},
): OptionsParser<ShapeOutput<S>> {
  const schema = strictObject(shape);
  const canonical = Object.keys(shape);
  const aliases = spec.aliases ?? {};
  const aliasNames = Object.keys(aliases);
  const known = [...canonical, ...aliasNames];
  const knownSet = new Set(known);
  const conflicts = spec.conflicts ?? [];
  const parse = (options: unknown, name: string = fn, prefix = ''): ShapeOutput<S> => {
    if (options === undefined) options = {};
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      const what = prefix ? `option ${prefix.slice(0, -1)}` : 'options';
      throw new OptionsError(`${name}: ${what} must be an object or undefined, got ${describeValue(options)}`, prefix ? prefix.slice(0, -1) : '(options)');
    }
    const given = options as Record<string, unknown>;
    let input: Record<string, unknown> = given;
    let renamed: Record<string, string> | undefined;
    for (const key of Object.keys(given)) {
      if (!knownSet.has(key)) throw unknownKey(name, prefix, key, canonical);
    }
    const has = (o: Record<string, unknown>, k: string): boolean => Object.hasOwn(o, k) && o[k] !== undefined;
    if (aliasNames.some((a) => has(given, a))) {
      input = { ...given };
      for (const a of aliasNames) {
        if (!has(given, a)) continue;
        const c = aliases[a]!;
        if (has(given, c)) {
          throw new OptionsError(`${name}: options '${prefix}${a}' (deprecated) and '${prefix}${c}' both given; use '${prefix}${c}' only`, prefix + a);
        }
        input[c] = input[a];
        delete input[a];
        (renamed ??= {})[c] = a;
      }
    }
    for (const [a, b, why] of conflicts) {
      if (has(input, a) && has(input, b)) {
        const spelled = (k: string): string => (has(given, k) ? k : (aliasNames.find((x) => aliases[x] === k && has(given, x)) ?? k));
        throw new OptionsError(
          `${name}: options '${prefix}${spelled(a)}' and '${prefix}${spelled(b)}' contradict each other; give one${why ? ` (${why})` : ''}`,
          prefix + spelled(b),
        );
      }
    }
    const r = schema.run(input);
    if (!r.ok) {
      const issue = r.issue;
      const head = issue.path[0];
      // report the spelling the caller used
      const shown = typeof head === 'string' && renamed && Object.hasOwn(renamed, head) ? { ...issue, path: [renamed[head]!, ...issue.path.slice(1)] } : issue;
      throw fromIssue(name, schema, shown === issue ? input : given, shown, renamed, prefix);
    }
    return r.value as ShapeOutput<S>;
  };
  return Object.assign(parse, { keys: known });
}

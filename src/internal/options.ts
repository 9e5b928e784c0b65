/**
 * One options checker for every public function (scikit-learn's `_parameter_constraints`): each
 * function declares its options once, as a zod shape built from the constraint helpers below, and
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
import * as z from 'zod';
import { OptionsError } from '../errors.js';
import type { Progress } from './model.js';
import { nearestName } from './fuzzy.js';

/** What each constraint expects, in words, keyed by the zod schema built for it. */
const EXPECTED = new WeakMap<z.ZodType, string>();

function expecting<T extends z.ZodType>(schema: T, text: string): T {
  EXPECTED.set(schema, text);
  return schema;
}

/** Exclusive upper end of a seed: seeds are integers in [0, 2³²). */
export const SEED_LIMIT = 2 ** 32;

const fmt = (x: number): string => (Number.isInteger(x) && Math.abs(x) >= 1e5 ? x.toExponential().replace('e+', 'e') : String(x));

/** An integer in [min, max]. */
export function int(min: number, max: number): z.ZodNumber {
  return expecting(z.number().int().min(min).max(max), `an integer in [${fmt(min)}, ${fmt(max)}]`);
}

/** The `seed` option: an integer in [0, 2³²), never truncated. */
export function seed(): z.ZodNumber {
  return expecting(z.number().int().min(0).max(SEED_LIMIT - 1), 'an integer in [0, 2³²)');
}

/** Bounds of a real-valued option; `gt`/`lt` are exclusive, `min`/`max` inclusive. */
export interface RealBounds {
  readonly min?: number;
  readonly max?: number;
  readonly gt?: number;
  readonly lt?: number;
}

/** A finite number within `bounds`. */
export function real(bounds: RealBounds = {}): z.ZodNumber {
  let s = z.number().finite();
  const { min, max, gt, lt } = bounds;
  if (min !== undefined) s = s.gte(min);
  if (gt !== undefined) s = s.gt(gt);
  if (max !== undefined) s = s.lte(max);
  if (lt !== undefined) s = s.lt(lt);
  const lo = min !== undefined ? `[${fmt(min)}` : gt !== undefined ? `(${fmt(gt)}` : undefined;
  const hi = max !== undefined ? `${fmt(max)}]` : lt !== undefined ? `${fmt(lt)})` : undefined;
  const text =
    lo && hi
      ? `a number in ${lo}, ${hi}`
      : lo
        ? `a finite number ${min !== undefined ? '≥' : '>'} ${fmt((min ?? gt)!)}`
        : hi
          ? `a finite number ${max !== undefined ? '≤' : '<'} ${fmt((max ?? lt)!)}`
          : 'a finite number';
  return expecting(s, text);
}

/** One of the given string values. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
  const quoted = values.map((v) => `'${v}'`);
  const text = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return expecting(z.enum(values as unknown as [string, ...string[]]), text) as never;
}

/** `true` or `false`. */
export function bool(): z.ZodBoolean {
  return expecting(z.boolean(), 'true or false');
}

/** A string (non-empty unless `allowEmpty`). */
export function str(allowEmpty = false): z.ZodString {
  return expecting(allowEmpty ? z.string() : z.string().min(1), allowEmpty ? 'a string' : 'a non-empty string');
}

/** A function (callbacks). */
export function func<F extends (...args: never[]) => unknown>(): z.ZodType<F> {
  return expecting(z.custom<F>((v) => typeof v === 'function'), 'a function');
}

/** Any constraint with an expected-text of its own (for hand-written unions). */
export function described<T extends z.ZodType>(schema: T, text: string): T {
  return expecting(schema, text);
}

/** `onProgress` and `signal`, the options of every long-running function. */
export function longRun() {
  return {
    onProgress: func<(p: Progress) => void>().optional(),
    signal: expecting(
      z.custom<AbortSignal>((v) => typeof v === 'object' && v !== null && typeof (v as AbortSignal).aborted === 'boolean'),
      'an AbortSignal',
    ).optional(),
  };
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

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s as z.ZodType & { _zod: { def: { type: string; innerType?: z.ZodType } } };
  while (cur._zod.def.innerType && ['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch'].includes(cur._zod.def.type)) {
    if (EXPECTED.has(cur)) return cur;
    cur = cur._zod.def.innerType as typeof cur;
  }
  return cur;
}

/** The schema at `path` inside an object schema, or undefined where the path leaves objects. */
function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = root;
  for (const key of path) {
    if (!cur) return undefined;
    const u = unwrap(cur) as z.ZodType & { _zod: { def: { type: string; shape?: Record<string, z.ZodType> } } };
    if (u._zod.def.type !== 'object' || typeof key !== 'string' || !u._zod.def.shape) return undefined;
    cur = Object.hasOwn(u._zod.def.shape, key) ? u._zod.def.shape[key] : undefined;
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

/** Turns the first zod issue into an OptionsError. */
function fromIssue(fn: string, schema: z.ZodType, input: unknown, issue: z.core.$ZodIssue, renamed?: Record<string, string>, top = ''): OptionsError {
  const path = issue.path;
  // a deprecated spelling is checked by its canonical name's constraint
  const canonicalOf = (k: PropertyKey): PropertyKey => (renamed ? (Object.entries(renamed).find(([, a]) => a === k)?.[0] ?? k) : k);
  if (issue.code === 'unrecognized_keys') {
    type Def = { shape?: Record<string, unknown>; options?: readonly z.ZodType[] };
    const obj = unwrap(schemaAt(schema, path) ?? schema) as z.ZodType & { _zod: { def: Def } };
    // an object inside a union (such as blend: 'learned' | { als?, … }) lists the object's keys
    const shapeOf = (d: Def): Record<string, unknown> | undefined =>
      d.shape ?? d.options?.map((o) => (unwrap(o) as z.ZodType & { _zod: { def: Def } })._zod.def.shape).find((sh) => sh !== undefined);
    const known = Object.keys(shapeOf(obj._zod.def) ?? {});
    const prefix = top + (path.length ? `${path.join('.')}.` : '');
    return unknownKey(fn, prefix, String(issue.keys[0]), known);
  }
  // the deepest described schema on the path names the option and what it expects
  for (let d = path.length; d >= 1; d--) {
    const sub = path.slice(0, d);
    const s = schemaAt(schema, [canonicalOf(sub[0]!), ...sub.slice(1)]);
    if (!s) continue;
    const text = EXPECTED.get(unwrap(s));
    if (text) return optionError(fn, top + sub.join('.'), text, valueAt(input, sub));
  }
  const where = path.length ? top + path.join('.') : top ? top.slice(0, -1) : '(options)';
  return new OptionsError(`${fn}: option ${where} is invalid: ${issue.message}, got ${describeValue(valueAt(input, path))}`, where);
}

/**
 * Declares the options of a public function once and returns their parser.
 *
 * @param fn - the public function's name, used in every message
 * @param shape - one zod schema per option, built from {@link int}, {@link real}, {@link oneOf}, …,
 *   with `.optional()` or `.default(value)`; nested groups as `z.strictObject({...})`
 * @param spec - deprecated aliases and contradictory pairs
 */
export function defineOptions<S extends z.ZodRawShape>(
  fn: string,
  shape: S,
  spec: OptionsSpec<keyof S & string> = {},
): OptionsParser<z.output<z.ZodObject<S, z.core.$strict>>> {
  const schema = z.strictObject(shape);
  const canonical = Object.keys(shape);
  const aliases = spec.aliases ?? {};
  const aliasNames = Object.keys(aliases);
  const known = [...canonical, ...aliasNames];
  const knownSet = new Set(known);
  const conflicts = spec.conflicts ?? [];
  const parse = (options: unknown, name: string = fn, prefix = ''): z.output<typeof schema> => {
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
    const r = schema.safeParse(input);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const head = issue.path[0];
      // report the spelling the caller used
      const shown = typeof head === 'string' && renamed && Object.hasOwn(renamed, head) ? { ...issue, path: [renamed[head]!, ...issue.path.slice(1)] } : issue;
      throw fromIssue(name, schema, shown === issue ? input : given, shown as z.core.$ZodIssue, renamed, prefix);
    }
    return r.data;
  };
  return Object.assign(parse, { keys: known });
}

/**
 * A validator specialised per schema for the hot path of record validation (CSV rows). It is built
 * once from the zod object schema by walking its definition (object shape; number/int with
 * min/max; string with length limits and regexes; enums and literals; booleans; optional and
 * nullable wrappers; the coercions the schema declares; refinements on the object), into an array
 * of small field checkers — no `eval`, no `new Function`.
 *
 * The fast path only ever ACCEPTS: given a raw record it either returns the record exactly as
 * `coerceObject` + `schema.safeParse` would return it (same keys in the same order, same values),
 * or `undefined`, in which case the caller runs the zod path for that row, so invalid rows get
 * exactly zod's errors. A schema with a construct the builder does not understand gives `null`
 * (zod is used for every row).
 *
 * @module
 * @internal
 */
import type * as z from 'zod';

/** Returns the output record for a raw record it accepts, or `undefined` to send the row to zod. @internal */
export type FastValidator = (raw: Record<string, unknown>, unknown: Set<string>, rejectUnknown: boolean) => Record<string, unknown> | undefined;

/** Coerces and checks one field value; returns `undefined` when it cannot accept the value (`MISSING` for an absent optional field). */
type FieldCheck = (v: unknown) => unknown;

interface ZodDefLike {
  type: string;
  coerce?: boolean;
  innerType?: { _zod?: { def: ZodDefLike }; def?: ZodDefLike };
  shape?: Record<string, { _zod?: { def: ZodDefLike } }>;
  checks?: readonly { _zod?: { def: CheckDefLike } }[];
  catchall?: unknown;
  check?: string;
  format?: string;
  entries?: Record<string, unknown>;
  values?: readonly unknown[];
  fn?: (v: unknown) => unknown;
}

interface CheckDefLike {
  check: string;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  length?: number;
  format?: string;
  pattern?: RegExp;
  fn?: (v: unknown) => unknown;
  type?: string;
}

/** Marks an absent optional field (distinct from `undefined`, which means "send to zod"). */
const MISSING: unique symbol = Symbol('missing');

// the same coercion grammar as validate.ts (kept in step by the equivalence property test)
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);

/** Powers of ten that are exact doubles (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `Number(s)` for a plain decimal (`[+-]?digits[.digits]`, at most 15 digits, no spaces or
 * exponent), computed without the general string-to-number conversion: the digits form an integer
 * M < 2^53 and the value is M / 10^k with 10^k exact, one correctly rounded division, which is
 * the correctly rounded value of the decimal, i.e. exactly what `Number(s)` returns. Any other
 * form returns `undefined` (the caller then uses the general path).
 * @internal
 */
export function plainDecimal(s: string): number | undefined {
  const len = s.length;
  let i = 0;
  let neg = false;
  let c = len > 0 ? s.charCodeAt(0) : 0;
  if (c === 45 || c === 43) {
    neg = c === 45;
    i = 1;
  }
  let m = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < len; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (dot) scale++;
    } else if (c === 46 && !dot) dot = true;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  const v = scale === 0 ? m : m / POW10[scale]!;
  return neg ? -v : v;
}

function defOf(s: unknown): ZodDefLike | null {
  const d = (s as { _zod?: { def?: unknown } } | null)?._zod?.def;
  return typeof d === 'object' && d !== null && typeof (d as ZodDefLike).type === 'string' ? (d as ZodDefLike) : null;
}

type Pred = (v: never) => boolean;

/** A predicate for one zod check on a value of the given base type, or null when not understood. */
function checkPred(c: CheckDefLike, base: 'number' | 'string'): Pred | null {
  switch (c.check) {
    case 'greater_than': {
      if (base !== 'number' || typeof c.value !== 'number') return null;
      const m = c.value;
      return c.inclusive ? (v: number) => v >= m : (v: number) => v > m;
    }
    case 'less_than': {
      if (base !== 'number' || typeof c.value !== 'number') return null;
      const m = c.value;
      return c.inclusive ? (v: number) => v <= m : (v: number) => v < m;
    }
    case 'number_format':
      if (base !== 'number') return null;
      if (c.format === 'safeint') return (v: number) => Number.isSafeInteger(v);
      if (c.format === 'int32') return (v: number) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
      if (c.format === 'uint32') return (v: number) => Number.isInteger(v) && v >= 0 && v <= 4294967295;
      return null;
    case 'min_length': {
      if (base !== 'string' || typeof c.minimum !== 'number') return null;
      const m = c.minimum;
      return (v: string) => v.length >= m;
    }
    case 'max_length': {
      if (base !== 'string' || typeof c.maximum !== 'number') return null;
      const m = c.maximum;
      return (v: string) => v.length <= m;
    }
    case 'length_equals': {
      if (base !== 'string' || typeof c.length !== 'number') return null;
      const m = c.length;
      return (v: string) => v.length === m;
    }
    case 'string_format': {
      if (base !== 'string' || c.format !== 'regex' || !(c.pattern instanceof RegExp)) return null;
      const re = c.pattern;
      return (v: string) => {
        re.lastIndex = 0;
        return re.test(v);
      };
    }
    default:
      return null;
  }
}

/** Predicates for a def's own format check plus its `checks`, or null when any is not understood. */
function predsOf(d: ZodDefLike, base: 'number' | 'string'): Pred[] | null {
  const preds: Pred[] = [];
  if (d.check !== undefined) {
    const p = checkPred(d as unknown as CheckDefLike, base);
    if (!p) return null;
    preds.push(p);
  }
  for (const c of d.checks ?? []) {
    const cd = c?._zod?.def;
    if (!cd) return null;
    const p = checkPred(cd, base);
    if (!p) return null;
    preds.push(p);
  }
  return preds;
}

function all(preds: readonly Pred[], v: unknown): boolean {
  for (let i = 0; i < preds.length; i++) if (!(preds[i] as (x: unknown) => boolean)(v)) return false;
  return true;
}

/** The checker of one field (mirrors validate.ts's coerceValue, then the zod checks), or null. */
function fieldCheck(schema: unknown, coerce: boolean): FieldCheck | null {
  let d = defOf(schema);
  let optional = false;
  while (d && (d.type === 'optional' || d.type === 'nullable')) {
    // coerceValue turns null into "missing"; a field that is nullable but not optional rejects missing
    if (d.type === 'optional') optional = true;
    d = defOf(d.innerType);
  }
  if (!d) return null;
  const miss = optional ? MISSING : undefined;
  switch (d.type) {
    case 'number': {
      const preds = predsOf(d, 'number');
      if (!preds) return null;
      const declared = d.coerce === true;
      return (v) => {
        let n: number;
        if (typeof v === 'number') n = v;
        else if (v === null || v === undefined) return miss;
        else if (typeof v !== 'string' || !coerce || declared) return undefined;
        else {
          const quick = plainDecimal(v);
          if (quick !== undefined) return all(preds, quick) ? quick : undefined;
          const s = v.trim();
          if (s === '') return miss;
          if (!NUMBER_RE.test(s)) return undefined;
          n = Number(s);
        }
        return Number.isFinite(n) && all(preds, n) ? n : undefined;
      };
    }
    case 'string': {
      const preds = predsOf(d, 'string');
      if (!preds) return null;
      return (v) => {
        if (v === null || v === undefined) return miss;
        if (typeof v !== 'string') return undefined;
        let s = v;
        if (coerce) {
          s = v.trim();
          if (s === '') return miss;
        }
        return all(preds, s) ? s : undefined;
      };
    }
    case 'enum':
    case 'literal': {
      if (d.checks?.length || d.coerce) return null;
      const allowed = new Set<unknown>(d.type === 'enum' ? Object.values(d.entries ?? {}) : (d.values ?? []));
      return (v) => {
        if (v === null || v === undefined) return miss;
        if (typeof v !== 'string') return undefined;
        let s = v;
        if (coerce) {
          s = v.trim();
          if (s === '') return miss;
        }
        return allowed.has(s) ? s : undefined;
      };
    }
    case 'boolean': {
      if (d.checks?.length || d.coerce) return null;
      return (v) => {
        if (typeof v === 'boolean') return v;
        if (v === null || v === undefined) return miss;
        if (typeof v !== 'string' || !coerce) return undefined;
        const s = v.trim();
        if (s === '') return miss;
        const w = s.toLowerCase();
        if (TRUE_WORDS.has(w)) return true;
        if (FALSE_WORDS.has(w)) return false;
        return undefined;
      };
    }
    default:
      return null;
  }
}

/** Refinements on the object (`.refine`): each must return a truthy value (not a promise) for the fast path to accept. */
function objectRefinements(d: ZodDefLike): ((v: unknown) => unknown)[] | null {
  const out: ((v: unknown) => unknown)[] = [];
  for (const c of d.checks ?? []) {
    const cd = c?._zod?.def;
    if (!cd || cd.check !== 'custom' || cd.type !== 'custom' || typeof cd.fn !== 'function') return null;
    out.push(cd.fn);
  }
  return out;
}

/** The per-schema parts both validator forms share: field names in schema order, their checks, the object refinements. */
interface Compiled {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly checks: readonly FieldCheck[];
  readonly refinements: readonly ((v: unknown) => unknown)[];
}

function compile(schema: z.ZodObject, coerce: boolean): Compiled | null {
  const d = defOf(schema);
  if (!d || d.type !== 'object' || d.catchall !== undefined || typeof d.shape !== 'object' || d.shape === null) return null;
  const names = Object.keys(d.shape);
  if (names.length === 0) return null;
  const index = new Map<string, number>();
  const checks: FieldCheck[] = [];
  for (const name of names) {
    if (name === '__proto__') return null;
    const c = fieldCheck(d.shape[name], coerce);
    if (!c) return null;
    index.set(name, checks.length);
    checks.push(c);
  }
  const refinements = objectRefinements(d);
  if (!refinements) return null;
  return { names, index, checks, refinements };
}

/**
 * Output records are cloned from a template of the same fields (`{ ...template }`: one allocation
 * of the final size, the template's hidden class) and then overwritten, instead of grown one
 * property at a time from `{}` (a backing-store reallocation every few properties). The template
 * is kept for the last presence pattern of the optional fields (a CSV file usually has one).
 */
interface Builder {
  readonly c: Compiled;
  readonly results: unknown[];
  /** Presence pattern of the template (one char per field: 1 present, 0 missing). */
  pattern: string;
  template: Record<string, unknown> | null;
}

function builder(c: Compiled): Builder {
  return { c, results: new Array<unknown>(c.names.length).fill(undefined), pattern: '', template: null };
}

/** Checks every field (values in schema order in `slots`), builds the output record and runs the refinements. */
function finish(bd: Builder, slots: readonly unknown[]): Record<string, unknown> | undefined {
  const { names, checks, refinements } = bd.c;
  const results = bd.results;
  let complete = true;
  for (let i = 0; i < checks.length; i++) {
    const r = checks[i]!(slots[i]);
    if (r === undefined) return undefined;
    if (r === MISSING) complete = false;
    results[i] = r;
  }
  let out: Record<string, unknown>;
  const tpl = bd.template;
  if (tpl !== null && (complete ? bd.pattern === '' : samePattern(bd.pattern, results))) {
    out = { ...tpl };
    for (let i = 0; i < names.length; i++) if (results[i] !== MISSING) out[names[i]!] = results[i];
  } else {
    out = {};
    for (let i = 0; i < names.length; i++) if (results[i] !== MISSING) out[names[i]!] = results[i];
    // a private copy: `out` goes to the caller, who may change it
    bd.template = { ...out };
    bd.pattern = complete ? '' : results.map((r) => (r === MISSING ? '0' : '1')).join('');
  }
  for (const f of refinements) {
    let ok: unknown;
    try {
      ok = f(out);
    } catch {
      return undefined;
    }
    if (!ok || ok instanceof Promise) return undefined;
  }
  return out;
}

function samePattern(pattern: string, results: readonly unknown[]): boolean {
  if (pattern.length !== results.length) return false;
  for (let i = 0; i < results.length; i++) if ((results[i] === MISSING) !== (pattern.charCodeAt(i) === 48)) return false;
  return true;
}

/**
 * Builds the fast validator of a zod object schema for the given coercion mode, or null when the
 * schema uses a construct the builder does not understand (nested objects, dates, transforms,
 * pipes, defaults, catch-alls, superRefine, other string formats …): zod then checks every row.
 * @internal
 */
export function buildFastValidator(schema: z.ZodObject, coerce: boolean): FastValidator | null {
  const c = compile(schema, coerce);
  return c && recordValidator(c);
}

function recordValidator(c: Compiled): FastValidator {
  const index = c.index;
  const n = c.names.length;
  // per-validator scratch, reused for every row: the value for…in saw for each field, valid when
  // its stamp is this row's generation (so nothing is allocated or cleared per row)
  const slots: unknown[] = new Array<unknown>(n).fill(undefined);
  const values: unknown[] = new Array<unknown>(n).fill(undefined);
  const stamps = new Float64Array(n);
  let generation = 0;
  const bd = builder(c);
  return (raw, unknown, rejectUnknown) => {
    const gen = ++generation;
    // the same walk as coerceObject (for…in): the same fields seen, unknown ones in the same order
    let extra = false;
    for (const k in raw) {
      const at = index.get(k);
      if (at === undefined) {
        unknown.add(k);
        extra = true;
      } else {
        slots[at] = raw[k];
        stamps[at] = gen;
      }
    }
    if (extra && rejectUnknown) return undefined;
    for (let i = 0; i < n; i++) values[i] = stamps[i] === gen ? slots[i] : undefined;
    return finish(bd, values);
  };
}

/**
 * The fast validator of CSV rows given as field arrays under a fixed header: the same answers as
 * the record validator on the record `{ [header[j]]: fields[j] }` (no record is built). `header`
 * must have distinct names, none `__proto__` and none an array index (for…in would visit those
 * first); the caller checks. @internal
 */
export type FastRowValidator = (fields: readonly string[], unknown: Set<string>, rejectUnknown: boolean) => Record<string, unknown> | undefined;

function rowValidator(c: Compiled, header: readonly string[]): FastRowValidator {
  const n = c.names.length;
  // where each schema field sits in a row (−1: not in the header, always missing)
  const at = new Int32Array(n).fill(-1);
  const extras: string[] = [];
  header.forEach((h, j) => {
    const i = c.index.get(h);
    if (i === undefined) extras.push(h);
    else at[i] = j;
  });
  const values: unknown[] = new Array<unknown>(n).fill(undefined);
  const bd = builder(c);
  return (fields, unknown, rejectUnknown) => {
    if (extras.length > 0) {
      for (const k of extras) unknown.add(k);
      if (rejectUnknown) return undefined;
    }
    for (let i = 0; i < n; i++) {
      const j = at[i]!;
      values[i] = j < 0 ? undefined : fields[j];
    }
    return finish(bd, values);
  };
}

/** Whether `name` is an array index (`0`, `17`, … below 2³² − 1), which for…in enumerates first. */
function isArrayIndex(name: string): boolean {
  return /^(0|[1-9]\d*)$/.test(name) && Number(name) < 4294967295;
}

const rowCache = new WeakMap<readonly string[], { schema: object; coerce: boolean; v: FastRowValidator | null }>();

/**
 * The fast validator of field-array rows under `header` (cached per header array), or null when the
 * schema has none, or the header repeats a name, names `__proto__` or an array index. @internal
 */
export function fastRowValidatorOf(schema: z.ZodObject, coerce: boolean, header: readonly string[]): FastRowValidator | null {
  const hit = rowCache.get(header);
  if (hit && hit.schema === schema && hit.coerce === coerce) return hit.v;
  let v: FastRowValidator | null = null;
  if (enabled && new Set(header).size === header.length && !header.some((h) => h === '__proto__' || isArrayIndex(h))) {
    let c: Compiled | null;
    try {
      c = compile(schema, coerce);
    } catch {
      c = null;
    }
    v = c && rowValidator(c, header);
  }
  rowCache.set(header, { schema, coerce, v });
  return v;
}

const cache = new WeakMap<object, { coerce?: FastValidator | null; raw?: FastValidator | null }>();

let enabled = true;

/** Turns the fast path off (zod for every row) or back on, process-wide: for benchmarks that measure both paths. @internal */
export function setFastValidation(on: boolean): void {
  enabled = on;
}

/** The cached fast validator of `schema` (built on first use). @internal */
export function fastValidatorOf(schema: z.ZodObject, coerce: boolean): FastValidator | null {
  if (!enabled) return null;
  let e = cache.get(schema);
  if (!e) {
    e = {};
    cache.set(schema, e);
  }
  const slot = coerce ? 'coerce' : 'raw';
  let v = e[slot];
  if (v === undefined) {
    try {
      v = buildFastValidator(schema, coerce);
    } catch {
      v = null;
    }
    e[slot] = v;
  }
  return v;
}

/** What a {@link ColumnFieldChecks} check returns for an absent optional field. @internal */
export const FIELD_MISSING: symbol = MISSING;

/** The per-field checks of a schema, for validating columns without building a record per row. @internal */
export interface ColumnFieldChecks {
  /** The schema's fields, in shape order. */
  readonly names: readonly string[];
  /** Check of each field: the output value, {@link FIELD_MISSING} for an absent optional field, or `undefined` to send the row to zod. */
  readonly checks: readonly ((v: unknown) => unknown)[];
}

/**
 * The field checks of the fast validator of `schema`, or null when it has none or when the object
 * has refinements (they need the whole record: such schemas validate columns row by row as records).
 * @internal
 */
export function buildFieldChecks(schema: z.ZodObject, coerce: boolean): ColumnFieldChecks | null {
  if (!enabled) return null;
  const d = defOf(schema);
  if (!d || d.type !== 'object' || d.catchall !== undefined || typeof d.shape !== 'object' || d.shape === null) return null;
  if ((d.checks ?? []).length > 0) return null;
  const names = Object.keys(d.shape);
  if (names.length === 0) return null;
  const checks: FieldCheck[] = [];
  for (const name of names) {
    if (name === '__proto__') return null;
    const c = fieldCheck(d.shape[name], coerce);
    if (!c) return null;
    checks.push(c);
  }
  return { names, checks };
}

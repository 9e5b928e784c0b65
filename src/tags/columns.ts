/**
 * Profile input for the tag engine (records, columns or a FeatureMatrix) and the column-wise
 * compilation of rules to bitsets. Internal to src/tags.
 */
import { DataError } from '../errors.js';
import { checkFeatureMatrix, isFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../matrix/feature-matrix.js';
import { andBits, createBitset, notBits, orBits } from '../internal/bitset.js';
import { quantileOfPresent } from '../internal/quantile.js';
import type { TagDefinition, TagRule, TagScalar } from './catalogue.js';

/** A column of the column form: numbers (NaN missing) or scalars (null missing). @category Tags */
export type TagProfileColumn = Float64Array | readonly (string | number | boolean | null | undefined)[];

/**
 * Profiles in column form, the fast path for millions of subscribers: one id per row and one
 * array per field, all of the same length.
 * @category Tags
 */
export interface TagProfileColumns {
  /** One subscriber id per row. */
  readonly ids: readonly string[];
  /** Field name → values, one per row. */
  readonly columns: Readonly<Record<string, TagProfileColumn>>;
}

/**
 * What the tag engine reads profiles from: records (one object per subscriber, with an id field),
 * the column form, or a FeatureMatrix (row ids and numeric columns).
 * @category Tags
 */
export type TagProfiles = readonly Readonly<Record<string, unknown>>[] | TagProfileColumns | FeatureMatrix;

/** A compiled column: numbers (NaN = missing) or dictionary-coded text (-1 = missing). */
export type Column =
  | { readonly kind: 'num'; readonly values: Float64Array }
  | { readonly kind: 'cat'; readonly codes: Int32Array; readonly levels: readonly string[] }
  | { readonly kind: 'none' };

/** Uniform access to the three profile forms. */
export interface ProfileSource {
  readonly n: number;
  readonly ids: readonly string[];
  /** The column for `field`, or undefined when the profiles have no such field. */
  column(field: string): Column | undefined;
  /** The raw value of `field` in row `i` (for explanations). */
  value(field: string, i: number): unknown;
}

function isColumns(p: TagProfiles): p is TagProfileColumns {
  return !Array.isArray(p) && !isFeatureMatrix(p) && typeof p === 'object' && p !== null && 'columns' in p && 'ids' in p;
}

/** Builds a column from a getter of raw values; null when the field is absent everywhere. */
function columnFromValues(n: number, get: (i: number) => unknown, field: string, fn: string): Column | undefined {
  let sawNum = false;
  let sawStr = false;
  let sawAny = false;
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (v === undefined) continue;
    sawAny = true;
    if (typeof v === 'number' || typeof v === 'boolean') sawNum = true;
    else if (typeof v === 'string') sawStr = true;
    else if (v !== null) throw new DataError(`${fn}: field '${field}' holds ${typeof v} at row ${i}; expected numbers, strings or booleans`);
    if (sawNum && sawStr) throw new DataError(`${fn}: field '${field}' mixes numbers and strings (row ${i}); give one type per field`);
  }
  if (!sawAny) return undefined;
  if (!sawStr && !sawNum) return { kind: 'none' };
  if (!sawStr) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = get(i);
      values[i] = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : NaN;
    }
    return { kind: 'num', values };
  }
  const codes = new Int32Array(n);
  const levels: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (typeof v !== 'string') {
      codes[i] = -1;
      continue;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = levels.length;
      levels.push(v);
      index.set(v, c);
    }
    codes[i] = c;
  }
  return { kind: 'cat', codes, levels };
}

/** Wraps any profile form; `idField` names the id field of records. */
export function profileSource(profiles: TagProfiles, idField: string, fn: string): ProfileSource {
  if (isFeatureMatrix(profiles)) {
    const m = checkFeatureMatrix(profiles, fn);
    return {
      n: m.nRows,
      ids: m.rowIds,
      column(field) {
        const j = m.columns.indexOf(field);
        if (j < 0) return undefined;
        const values = new Float64Array(m.nRows);
        for (let i = 0, k = j; i < m.nRows; i++, k += m.nCols) values[i] = m.values[k]!;
        return { kind: 'num', values };
      },
      value(field, i) {
        const j = m.columns.indexOf(field);
        return j < 0 ? undefined : m.values[i * m.nCols + j];
      },
    };
  }
  if (isColumns(profiles)) {
    const { ids, columns } = profiles;
    if (!Array.isArray(ids)) throw new DataError(`${fn}: column-form profiles need an 'ids' array`);
    for (const [name, col] of Object.entries(columns)) {
      if (col.length !== ids.length) {
        throw new DataError(`${fn}: column '${name}' has ${col.length} values for ${ids.length} ids`);
      }
    }
    return {
      n: ids.length,
      ids,
      column(field) {
        if (!Object.hasOwn(columns, field)) return undefined;
        const col = columns[field]!;
        if (col instanceof Float64Array) return { kind: 'num', values: col };
        return columnFromValues(ids.length, (i) => col[i] ?? null, field, fn) ?? { kind: 'none' };
      },
      value(field, i) {
        return Object.hasOwn(columns, field) ? columns[field]![i] : undefined;
      },
    };
  }
  if (!Array.isArray(profiles)) throw new DataError(`${fn}: profiles must be records, { ids, columns } or a FeatureMatrix`);
  const records = profiles as readonly Readonly<Record<string, unknown>>[];
  const ids = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const id = r?.[idField];
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new DataError(`${fn}: profile ${i} has no '${idField}' (a string or number id)`);
    }
    ids[i] = String(id);
  }
  return {
    n: records.length,
    ids,
    column(field) {
      // no records: nothing to tell a missing field from an empty one
      if (records.length === 0) return { kind: 'none' };
      return columnFromValues(records.length, (i) => records[i]![field], field, fn);
    },
    value(field, i) {
      return records[i]?.[field];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rule compilation: each leaf is one tight loop over a column producing a bitset; combinators
// are word-wise bitset operations.

const F64 = new Float64Array(1);
const U64 = new BigInt64Array(F64.buffer);

/** The smallest double above `x` (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  F64[0] = x;
  U64[0] = x > 0 ? U64[0]! + 1n : U64[0]! - 1n;
  return F64[0]!;
}

/** The largest double below `x`. */
function nextDown(x: number): number {
  return -nextUp(-x);
}

/** Bits of rows whose value lies in [lo, hi] (NaN never does). */
function rangeBits(values: Float64Array, lo: number, hi: number): Uint32Array<ArrayBuffer> {
  const n = values.length;
  const out = createBitset(n);
  const full = n >>> 5;
  for (let w = 0; w < full; w++) {
    let x = 0;
    const base = w << 5;
    for (let j = 0; j < 32; j++) {
      const v = values[base + j]!;
      if (v >= lo && v <= hi) x |= 1 << j;
    }
    out[w] = x;
  }
  if (full < out.length) {
    let x = 0;
    for (let i = full << 5, j = 0; i < n; i++, j++) {
      const v = values[i]!;
      if (v >= lo && v <= hi) x |= 1 << j;
    }
    out[full] = x;
  }
  return out;
}

/** Bits of rows whose code is selected by `pick` (pick[code] === 1). */
function codeBits(codes: Int32Array, pick: Uint8Array): Uint32Array<ArrayBuffer> {
  const n = codes.length;
  const out = createBitset(n);
  for (let w = 0, base = 0; base < n; w++, base += 32) {
    let x = 0;
    const end = Math.min(32, n - base);
    for (let j = 0; j < end; j++) {
      const c = codes[base + j]!;
      if (c >= 0 && pick[c] === 1) x |= 1 << j;
    }
    out[w] = x;
  }
  return out;
}

/** The [lo, hi] interval of an ordered comparison with threshold t. */
export function interval(op: string, t: number): [number, number] {
  switch (op) {
    case '>':
      return [nextUp(t), Infinity];
    case '>=':
      return [t, Infinity];
    case '<':
      return [-Infinity, nextDown(t)];
    case '<=':
      return [-Infinity, t];
    default:
      return [t, t];
  }
}

/** Compilation context for one evaluation. */
export interface CompileContext {
  readonly fn: string;
  readonly n: number;
  /** Cached columns by field. */
  column(field: string, tagId: string): Column;
  /** Resolved quantile thresholds, keyed `tagId#path`; filled when absent. */
  readonly thresholds: Record<string, number>;
  /** When true, a missing quantile threshold is an error (single-subscriber updates). */
  readonly frozenThresholds: boolean;
}

function numericValue(v: TagScalar, tagId: string, field: string, ctx: CompileContext): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new DataError(`${ctx.fn}: tag '${tagId}' compares numeric field '${field}' with string ${JSON.stringify(v)}`);
}

/** The bitset of one rule over all rows. `path` identifies the rule inside its tag. */
export function compileRule(rule: TagRule, tagId: string, path: string, ctx: CompileContext): Uint32Array<ArrayBuffer> {
  if ('all' in rule) {
    let acc = compileRule(rule.all[0]!, tagId, `${path}.all.0`, ctx);
    for (let k = 1; k < rule.all.length; k++) acc = andBits(acc, compileRule(rule.all[k]!, tagId, `${path}.all.${k}`, ctx));
    return acc;
  }
  if ('any' in rule) {
    let acc = compileRule(rule.any[0]!, tagId, `${path}.any.0`, ctx);
    for (let k = 1; k < rule.any.length; k++) acc = orBits(acc, compileRule(rule.any[k]!, tagId, `${path}.any.${k}`, ctx));
    return acc;
  }
  if ('not' in rule) return notBits(compileRule(rule.not, tagId, `${path}.not`, ctx), ctx.n);
  const col = ctx.column(rule.field, tagId);
  const field = rule.field;
  if (col.kind === 'none') {
    // every value missing: only `exists: false` holds
    return 'exists' in rule && !rule.exists ? notBits(createBitset(ctx.n), ctx.n) : createBitset(ctx.n);
  }
  if ('exists' in rule) {
    const has = col.kind === 'num' ? rangeBits(col.values, -Infinity, Infinity) : codeBits(col.codes, new Uint8Array(col.levels.length).fill(1));
    return rule.exists ? has : notBits(has, ctx.n);
  }
  if ('between' in rule) {
    if (col.kind !== 'num') throw new DataError(`${ctx.fn}: tag '${tagId}' uses 'between' on text field '${field}'`);
    return rangeBits(col.values, rule.between[0], rule.between[1]);
  }
  if ('in' in rule) {
    if (col.kind === 'num') {
      let acc = createBitset(ctx.n);
      for (const v of rule.in) {
        const t = numericValue(v, tagId, field, ctx);
        acc = orBits(acc, rangeBits(col.values, t, t));
      }
      return acc;
    }
    const pick = new Uint8Array(col.levels.length);
    for (const v of rule.in) {
      if (typeof v !== 'string') throw new DataError(`${ctx.fn}: tag '${tagId}' compares text field '${field}' with ${typeof v} ${String(v)}`);
      const c = col.levels.indexOf(v);
      if (c >= 0) pick[c] = 1;
    }
    return codeBits(col.codes, pick);
  }
  // comparison
  const op = rule.op;
  let t: number | string | boolean;
  if ('quantile' in rule) {
    if (col.kind !== 'num') throw new DataError(`${ctx.fn}: tag '${tagId}' takes a quantile of text field '${field}'`);
    const key = `${tagId}#${path}`;
    let q = ctx.thresholds[key];
    if (q === undefined) {
      if (ctx.frozenThresholds) throw new DataError(`${ctx.fn}: the index has no quantile threshold for tag '${tagId}' (${key}); re-run applyTagCatalogue`);
      q = quantileOfPresent(col.values, rule.quantile);
      ctx.thresholds[key] = q;
    }
    if (Number.isNaN(q)) return createBitset(ctx.n);
    t = q;
  } else {
    t = rule.value;
  }
  if (col.kind === 'num') {
    const x = numericValue(t, tagId, field, ctx);
    if (op === '!=') return andBits(rangeBits(col.values, -Infinity, Infinity), notBits(rangeBits(col.values, x, x), ctx.n));
    const [lo, hi] = interval(op, x);
    return rangeBits(col.values, lo, hi);
  }
  if (op !== '==' && op !== '!=') throw new DataError(`${ctx.fn}: tag '${tagId}' uses '${op}' on text field '${field}'; ordered comparisons need numbers`);
  if (typeof t !== 'string') throw new DataError(`${ctx.fn}: tag '${tagId}' compares text field '${field}' with ${typeof t} ${String(t)}`);
  const c = col.levels.indexOf(t);
  const pick = new Uint8Array(col.levels.length);
  if (op === '==') {
    if (c >= 0) pick[c] = 1;
  } else {
    pick.fill(1);
    if (c >= 0) pick[c] = 0;
  }
  return codeBits(col.codes, pick);
}

/** Tags in evaluation order: every rule tag, then categories deepest first. */
export function evaluationOrder(tags: readonly TagDefinition[]): number[] {
  const byId = new Map(tags.map((t, i) => [t.id, i]));
  const depth = (i: number): number => {
    let d = 0;
    let p = tags[i]!.parent;
    while (p !== undefined && d <= tags.length) {
      d++;
      p = tags[byId.get(p)!]!.parent;
    }
    return d;
  };
  const rules = tags.map((_, i) => i).filter((i) => tags[i]!.rule !== undefined);
  const cats = tags
    .map((_, i) => i)
    .filter((i) => tags[i]!.rule === undefined)
    .sort((a, b) => depth(b) - depth(a) || a - b);
  return [...rules, ...cats];
}

/** Bitsets of every tag (catalogue order) over the rows of `ctx`. */
export function compileCatalogue(tags: readonly TagDefinition[], ctx: CompileContext): Uint32Array<ArrayBuffer>[] {
  const bits = new Array<Uint32Array<ArrayBuffer>>(tags.length);
  for (const i of evaluationOrder(tags)) {
    const t = tags[i]!;
    if (t.rule !== undefined) {
      bits[i] = compileRule(t.rule, t.id, 'rule', ctx);
    } else {
      let acc = createBitset(ctx.n);
      tags.forEach((c, k) => {
        if (c.parent === t.id) acc = orBits(acc, bits[k]!);
      });
      bits[i] = acc;
    }
  }
  return bits;
}

/**
 * `validateRecords`: checks raw records (from CSV, JSON Lines or code) against a schema, coercing
 * CSV strings, and returns the valid records and every problem side by side. Nothing is dropped
 * without an error that names the row, the field, the reason and the value.
 *
 * @module
 */
import * as z from 'zod';
import { DataError, OptionsError, ValidationError, type ValidationIssue } from '../errors.js';
import { requireArray, requireObject } from '../internal/guards.js';
import { bool, defineOptions, described, int, oneOf } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { fastRowValidatorOf, fastValidatorOf } from './fast-validate.js';
import { createKeyIndex, type KeyIndex } from '../internal/key-index.js';

/** Options of {@link validateRecords}. @category Schema */
export interface ValidateOptions {
  /** `'collect'` (default) returns errors beside the valid rows; `'strict'` throws a ValidationError listing the first `maxErrors` problems. */
  mode?: 'collect' | 'strict';
  /** Coerce strings (as read from CSV) to the field types: numbers, booleans; empty → missing. Default true. */
  coerce?: boolean;
  /**
   * Fields that identify a record; a repeat is reported as an error on the later row and the first
   * is kept. Default `'auto'`: `id` when the schema has it, `subscriberId` + `month` when it has
   * both, `callerId` + `calleeId` + `month` for call edges, otherwise none. `false` turns the check
   * off. Only records that are otherwise valid take part in the check.
   */
  key?: 'auto' | false | string | readonly string[];
  /** Accept `1,234.5` style numbers by removing this separator. Default: such numbers are reported. */
  thousandsSeparator?: ',' | ' ' | '_' | "'";
  /** Fields not in the schema: `'strip'` (default; their names are listed in `unknownFields`), `'keep'`, or `'error'`. */
  unknownFields?: 'strip' | 'keep' | 'error';
  /** How many problems a strict-mode error lists. Default 20. */
  maxErrors?: number;
  /** Added to row numbers in errors (for batches of a longer input). Default 0. */
  rowOffset?: number;
}

const fieldName = o.string({ min: 1 });
/** The declared options shared by {@link validateRecords} and `validateColumns`. @internal */
export const VALIDATE_OPTION_SHAPE = {
  mode: oneOf(['collect', 'strict']).default('collect'),
  coerce: bool().default(true),
  key: described(
    o.union([o.literal('auto'), o.literal(false), fieldName, o.array(fieldName, { min: 1 })]),
    "'auto', false, a field name or a non-empty list of field names",
  ).default('auto'),
  thousandsSeparator: oneOf([',', ' ', '_', "'"]).optional(),
  unknownFields: oneOf(['strip', 'keep', 'error']).default('strip'),
  maxErrors: described(int(1, Number.MAX_SAFE_INTEGER), 'an integer ≥ 1').default(20),
  rowOffset: described(int(0, Number.MAX_SAFE_INTEGER), 'an integer ≥ 0').default(0),
};
/** The declared options of {@link validateRecords} (checked once per call). */
export const parseValidateOptions = defineOptions('validateRecords', VALIDATE_OPTION_SHAPE);

/** What {@link validateRecords} returns. @category Schema */
export interface ValidationResult<T> {
  /** Records that passed, coerced and typed, in input order. */
  valid: T[];
  /** Every problem found; a row with several problems has several entries. */
  errors: ValidationIssue[];
  /** Row numbers (with `rowOffset`) of the records that failed. */
  invalidRows: number[];
  /** Names of input fields the schema does not know (stripped unless `unknownFields: 'keep'`). */
  unknownFields: string[];
  /** Records read. `valid.length + invalidRows.length === rowsRead`. */
  rowsRead: number;
}

type FieldPlan =
  | { t: 'number' }
  | { t: 'boolean' }
  | { t: 'string' }
  | { t: 'object'; fields: Record<string, FieldPlan> }
  | { t: 'other' };

interface Def {
  type: string;
  innerType?: { def: Def };
  shape?: Record<string, { def: Def }>;
}

function planOf(def: Def): FieldPlan {
  let d = def;
  while ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'prefault') && d.innerType) {
    d = d.innerType.def;
  }
  switch (d.type) {
    case 'number':
    case 'int':
      return { t: 'number' };
    case 'boolean':
      return { t: 'boolean' };
    case 'string':
    case 'enum':
    case 'literal':
      return { t: 'string' };
    case 'object': {
      const fields: Record<string, FieldPlan> = {};
      for (const [k, v] of Object.entries(d.shape ?? {})) fields[k] = planOf(v.def);
      return { t: 'object', fields };
    }
    default:
      return { t: 'other' };
  }
}

/** Context carried across batches of one input (duplicate keys, unknown fields). @internal */
export interface ValidationContext {
  /** First rows of the keys seen so far, made on the first batch with key fields (the same fields for every batch of one input). */
  keys: { readonly fields: string; readonly index: KeyIndex } | null;
  readonly unknown: Set<string>;
}

/** A fresh context for {@link validateBatch}. @internal */
export function createValidationContext(): ValidationContext {
  return { keys: null, unknown: new Set() };
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE_RE = /^[+-]?(nan|inf|infinity)$/i;
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);

function thousandsRe(sep: string): RegExp {
  const s = sep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^[+-]?\\d{1,3}(${s}\\d{3})+(\\.\\d+)?$`);
}
const ANY_THOUSANDS_RE = /^[+-]?\d{1,3}([, _']\d{3})+(\.\d+)?$/;

interface CoerceProblem {
  path: (string | number)[];
  reason: string;
  value: unknown;
}

function coerceValue(plan: FieldPlan, v: unknown, parent: readonly (string | number)[], key: string, opts: ValidateOptions, problems: CoerceProblem[]): unknown {
  if (v === null) return undefined;
  if (plan.t === 'object') {
    if (typeof v !== 'object' || Array.isArray(v)) return v;
    return coerceObject(plan.fields, v as Record<string, unknown>, [...parent, key], opts, problems, false);
  }
  if (plan.t === 'number' && typeof v === 'number') {
    if (!Number.isFinite(v)) problems.push({ path: [...parent, key], reason: `not a finite number`, value: v });
    return v;
  }
  if (typeof v !== 'string' || opts.coerce === false) return v;
  const s = v.trim();
  if (s === '') return undefined;
  switch (plan.t) {
    case 'number': {
      if (NUMBER_RE.test(s)) return Number(s);
      if (NON_FINITE_RE.test(s)) {
        problems.push({ path: [...parent, key], reason: `not a finite number`, value: v });
        return v;
      }
      if (opts.thousandsSeparator && thousandsRe(opts.thousandsSeparator).test(s)) {
        return Number(s.split(opts.thousandsSeparator).join(''));
      }
      if (ANY_THOUSANDS_RE.test(s)) {
        problems.push({ path: [...parent, key], reason: `number with a thousands separator; pass thousandsSeparator to accept it`, value: v });
        return v;
      }
      problems.push({ path: [...parent, key], reason: `expected a number`, value: v });
      return v;
    }
    case 'boolean': {
      const w = s.toLowerCase();
      if (TRUE_WORDS.has(w)) return true;
      if (FALSE_WORDS.has(w)) return false;
      problems.push({ path: [...parent, key], reason: `expected a boolean (true/false, yes/no, 1/0)`, value: v });
      return v;
    }
    case 'string':
      return s;
    default:
      return v;
  }
}

function coerceObject(
  fields: Record<string, FieldPlan>,
  raw: Record<string, unknown>,
  path: (string | number)[],
  opts: ValidateOptions,
  problems: CoerceProblem[],
  top: boolean,
  unknown?: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // dotted keys (`device.brand`, as CSV headers flatten nested objects) are nested first
  let src = raw;
  for (const k of Object.keys(raw)) {
    const dot = k.indexOf('.');
    if (dot > 0 && Object.hasOwn(fields, k.slice(0, dot)) && fields[k.slice(0, dot)]?.t === 'object') {
      if (src === raw) src = { ...raw };
      const head = k.slice(0, dot);
      const inner = (typeof src[head] === 'object' && src[head] !== null ? { ...(src[head] as object) } : {}) as Record<string, unknown>;
      inner[k.slice(dot + 1)] = raw[k];
      src[head] = inner;
      delete src[k];
    }
  }
  for (const k in src) {
    const v = src[k];
    // own properties only: a field named `constructor` or `toString` is an unknown field, not a schema one
    const plan = Object.hasOwn(fields, k) ? fields[k] : undefined;
    if (!plan) {
      if (top) unknown?.add(k);
      if (opts.unknownFields === 'keep') setOwn(out, k, v);
      else if (opts.unknownFields === 'error') problems.push({ path: [...path, k], reason: 'field not in the schema', value: v });
      continue;
    }
    const c = coerceValue(plan, v, path, k, opts, problems);
    // nested objects whose fields were all empty are missing, not `{}`
    if (c !== undefined && !(plan.t === 'object' && typeof c === 'object' && c !== null && Object.keys(c).length === 0)) out[k] = c;
  }
  return out;
}

function getPath(o: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** @internal */
export function keyFields(shape: Record<string, unknown>, key: ValidateOptions['key'], fn: string): readonly string[] {
  const has = (f: string) => Object.hasOwn(shape, f);
  if (key === false) return [];
  if (key === undefined || key === 'auto') {
    if (has('id')) return ['id'];
    if (has('subscriberId') && has('month')) return ['subscriberId', 'month'];
    if (has('callerId') && has('calleeId') && has('month')) return ['callerId', 'calleeId', 'month'];
    return [];
  }
  const list: unknown = typeof key === 'string' ? [key] : key;
  if (!Array.isArray(list) || list.length === 0) {
    throw new OptionsError(`${fn}: key must be 'auto', false, a field name or a non-empty list of field names, got ${JSON.stringify(key)}`, 'key');
  }
  for (const f of list as unknown[]) {
    if (typeof f !== 'string' || !has(f)) {
      throw new OptionsError(
        `${fn}: key field ${JSON.stringify(f)} is not a field of the schema (fields: ${Object.keys(shape).slice(0, 30).join(', ')}); every row would share the key 'undefined'`,
        'key',
      );
    }
  }
  return list as string[];
}

/** Sets `o[k] = v` as an own data property, even for `__proto__` (which plain assignment would treat as the prototype). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/**
 * Validates one batch of records, carrying duplicate-key and unknown-field state in `ctx` so a
 * long input can be checked batch by batch. Row numbers start at `options.rowOffset`.
 * @internal
 */
export function validateBatch<S extends z.ZodObject>(
  schema: S,
  rows: Iterable<unknown>,
  options: ValidateOptions,
  ctx: ValidationContext,
  fn = 'validateRecords',
  fastPath = true,
  header?: readonly string[],
): ValidationResult<z.output<S>> {
  const shape = schema.shape as Record<string, { def: Def }>;
  const plan: Record<string, FieldPlan> = {};
  for (const [k, v] of Object.entries(shape)) plan[k] = planOf(v.def);
  const keys = keyFields(shape, options.key, fn);
  const offset = options.rowOffset ?? 0;
  const valid: z.output<S>[] = [];
  const errors: ValidationIssue[] = [];
  const invalidRows: number[] = [];
  // rows the specialised validator accepts skip coerceObject + zod; every other row takes the zod path below
  const fast = fastPath && options.unknownFields !== 'keep' ? fastValidatorOf(schema, options.coerce !== false) : null;
  // `header`: rows are CSV field arrays under it (the readers' hot path); a row the fast path does
  // not accept becomes the record `{ [header[j]]: fields[j] }` for the zod path, as parseCsv builds it
  const fastRow = header !== undefined && fastPath && options.unknownFields !== 'keep' ? fastRowValidatorOf(schema, options.coerce !== false, header) : null;
  const rejectUnknown = options.unknownFields === 'error';
  // duplicate keys: each field's value interned, the combination folded to an integer (no per-row key string)
  let seen: KeyIndex | null = null;
  if (keys.length > 0) {
    const fields = keys.join('\u0000');
    if (ctx.keys === null || ctx.keys.fields !== fields) ctx.keys = { fields, index: createKeyIndex(keys, Array.isArray(rows) ? rows.length : 0) };
    seen = ctx.keys.index;
  }
  let i = 0;
  for (const item of rows) {
    const row = offset + i++;
    let raw: unknown = item;
    let quick: Record<string, unknown> | undefined;
    if (header !== undefined) {
      const fields = item as readonly string[];
      quick = fastRow ? fastRow(fields, ctx.unknown, rejectUnknown) : undefined;
      if (quick === undefined) {
        const rec: Record<string, unknown> = {};
        for (let j = 0; j < header.length; j++) setOwn(rec, header[j]!, fields[j]);
        raw = rec;
      }
    } else if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ row, path: [], reason: 'expected a record (an object of fields)', value: raw });
      invalidRows.push(row);
      continue;
    }
    else quick = fast ? fast(raw as Record<string, unknown>, ctx.unknown, rejectUnknown) : undefined;
    if (quick !== undefined) {
      if (seen !== null) {
        const first = seen.firstSeen(quick, row);
        if (first >= 0) {
          errors.push({ row, path: [...keys], reason: `duplicate key (${keys.join(' + ')}) first seen at row ${first}`, value: keys.map((f) => quick[f]).join(' / ') });
          invalidRows.push(row);
          continue;
        }
      }
      valid.push(quick as z.output<S>);
      continue;
    }
    const problems: CoerceProblem[] = [];
    const rec = coerceObject(plan, raw as Record<string, unknown>, [], options, problems, true, ctx.unknown);
    const parsed = schema.safeParse(rec);
    const rowErrors: ValidationIssue[] = problems.map((p) => ({ row, path: p.path, reason: p.reason, value: p.value }));
    if (!parsed.success) {
      for (const iss of parsed.error.issues) {
        const path = iss.path as (string | number)[];
        // a coercion problem already explains this field
        if (problems.some((p) => p.path.join('.') === path.join('.'))) continue;
        const coerced = getPath(rec, path);
        const received = getPath(raw, path);
        const value = received === undefined ? coerced : received;
        const reason = coerced === undefined && iss.code !== 'custom' ? 'required field is missing' : iss.message;
        rowErrors.push({ row, path, reason, value });
      }
    }
    if (rowErrors.length === 0 && parsed.success && seen !== null) {
      const first = seen.firstSeen(parsed.data as Record<string, unknown>, row);
      if (first >= 0) {
        rowErrors.push({ row, path: [...keys], reason: `duplicate key (${keys.join(' + ')}) first seen at row ${first}`, value: keys.map((f) => (parsed.data as Record<string, unknown>)[f]).join(' / ') });
      }
    }
    if (rowErrors.length > 0 || !parsed.success) {
      errors.push(...rowErrors);
      invalidRows.push(row);
    } else if (options.unknownFields === 'keep') {
      const extra: Record<string, unknown> = {};
      for (const k of Object.keys(rec)) if (!Object.hasOwn(plan, k)) setOwn(extra, k, rec[k]);
      valid.push({ ...parsed.data, ...extra });
    } else valid.push(parsed.data);
  }
  const result = { valid, errors, invalidRows, unknownFields: [...ctx.unknown], rowsRead: i };
  if (options.mode === 'strict' && errors.length > 0) throw strictError(fn, result, options.maxErrors ?? 20);
  return result;
}

/** Formats one issue as `row 3, field 'dataMB': expected a number (got "abc")`. @category Schema */
export function formatIssue(e: ValidationIssue): string {
  requireObject('formatIssue', 'issue', e, 'a ValidationIssue { row, path, reason, value }');
  requireArray('formatIssue', 'issue.path', e.path, 'of keys');
  const field = e.path.length ? `field '${e.path.join('.')}'` : 'record';
  let shown: string;
  try {
    shown = e.value === undefined ? 'nothing' : JSON.stringify(e.value);
  } catch {
    shown = String(e.value);
  }
  if (shown.length > 60) shown = `${shown.slice(0, 57)}...`;
  return `row ${e.row}, ${field}: ${e.reason} (got ${shown})`;
}

/** The strict-mode error for a failed batch. @internal */
export function strictError(fn: string, r: { errors: ValidationIssue[]; invalidRows: number[] }, max: number): ValidationError {
  const shown = r.errors.slice(0, max).map((e) => `  ${formatIssue(e)}`);
  const more = r.errors.length > max ? `\n  … and ${r.errors.length - max} more` : '';
  return new ValidationError(`${fn}: ${r.invalidRows.length} invalid record(s), ${r.errors.length} problem(s):\n${shown.join('\n')}${more}`, r.errors);
}

/**
 * Validates records against a schema: strings are coerced as CSV needs (numbers, booleans,
 * empty → missing), each record is checked, repeated keys are reported, and the valid records are
 * returned beside the errors. Every input row is either in `valid` or in `invalidRows`.
 *
 * @param schema - a zod object schema, e.g. `UsageMonthSchema` or an `.extend()` of one
 * @param rows - raw records, e.g. from `parseCsv` or `JSON.parse`
 * @param options - see {@link ValidateOptions}
 * @returns `{ valid, errors, invalidRows, unknownFields, rowsRead }`
 * @throws ValidationError in `mode: 'strict'` when any record fails, listing the first problems;
 *   DataError when `schema` is not a zod object schema or `rows` is not iterable; OptionsError for a
 *   `key` naming a field the schema lacks
 * @example
 * const r = validateRecords(CallEdgeSchema, [
 *   { callerId: 'a', calleeId: 'b', month: '2024-05', calls: '3', minutes: '12.5' },
 *   { callerId: 'a', calleeId: 'c', month: '2024-13', calls: '1', minutes: '2' },
 * ]);
 * r.valid.length // => 1
 * r.errors[0].path // => ['month']
 * @category Schema
 */
export function validateRecords<S extends z.ZodObject>(
  schema: S,
  rows: Iterable<unknown>,
  options: ValidateOptions = {},
): ValidationResult<z.output<S>> {
  checkSchemaAndRows(schema, rows, 'validateRecords');
  return validateBatch(schema, rows, parseValidateOptions(options), createValidationContext());
}

/** Named errors for a missing schema or rows (instead of a TypeError from deep inside). @internal */
export function checkSchemaAndRows(schema: unknown, rows: unknown, fn: string): void {
  const shape = typeof schema === 'object' && schema !== null ? (schema as { shape?: unknown }).shape : undefined;
  if (typeof shape !== 'object' || shape === null) {
    throw new DataError(`${fn}: expected a zod object schema (such as UsageMonthSchema), got ${schema === null ? 'null' : typeof schema}`);
  }
  if (rows === undefined || rows === null || typeof (rows as Iterable<unknown>)[Symbol.iterator] !== 'function' || typeof rows === 'string') {
    throw new DataError(`${fn}: expected an array (or iterable) of records, got ${rows === null ? 'null' : typeof rows}`);
  }
}

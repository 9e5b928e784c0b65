/**
 * `validateColumns`: record validation for a table held as columns (one array per field), without
 * a record per row — for the big tables (call edges, usage) where one object per row dominates
 * time (garbage collection) and memory.
 *
 * @module
 */
import type * as z from 'zod';
import { DataError } from '../errors.js';
import type { ValidationIssue } from '../errors.js';
import { createKeyIndex } from '../internal/key-index.js';
import { defineOptions } from '../internal/options.js';
import { FIELD_MISSING, buildFieldChecks } from './fast-validate.js';
import { VALIDATE_OPTION_SHAPE, createValidationContext, keyFields, strictError, validateBatch, type ValidateOptions } from './validate.js';

/** A table as columns: field name → one value per row (an array or a typed array). @category Schema */
export type RecordColumns<T> = { readonly [K in keyof T]-?: ArrayLike<T[K]> };

/** What {@link validateColumns} returns. @category Schema */
export interface ColumnValidationResult<T> {
  /** The valid rows as columns, one per schema field, in input order. A column that needed no change (no coercion, no invalid row) is the input array itself, not a copy. */
  valid: RecordColumns<T>;
  /** Valid rows (the length of every column of `valid`). */
  rows: number;
  /** Every problem found, exactly as `validateRecords` reports them for the same rows as records. */
  errors: ValidationIssue[];
  /** Row numbers (with `rowOffset`) of the rows that failed. */
  invalidRows: number[];
  /** Names of input columns the schema does not know (dropped unless `unknownFields: 'keep'`). */
  unknownFields: string[];
  /** Rows read. `rows + invalidRows.length === rowsRead`. */
  rowsRead: number;
}

const parseColumnOptions = defineOptions('validateColumns', VALIDATE_OPTION_SHAPE);

/** Sets `o[k] = v` as an own data property (also for `__proto__`). */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** Row `r` as the record `validateRecords` would get: every column whose value is not `undefined`. */
function recordAt(names: readonly string[], cols: readonly ArrayLike<unknown>[], r: number): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  for (let c = 0; c < names.length; c++) {
    const v = cols[c]![r];
    if (v !== undefined) put(rec, names[c]!, v);
  }
  return rec;
}

/** The checked columns: names, arrays and the common length (DataError naming the first bad one). */
function checkColumns(fn: string, columns: unknown): { names: string[]; cols: ArrayLike<unknown>[]; n: number } {
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns) || ArrayBuffer.isView(columns)) {
    throw new DataError(`${fn}: expected an object of columns { field: array }, got ${columns === null ? 'null' : Array.isArray(columns) ? 'an array (for records use validateRecords)' : typeof columns}`);
  }
  const names = Object.keys(columns);
  const cols: ArrayLike<unknown>[] = [];
  let n = -1;
  for (const name of names) {
    const col: unknown = (columns as Record<string, unknown>)[name];
    if (!Array.isArray(col) && !(ArrayBuffer.isView(col) && !(col instanceof DataView))) {
      throw new DataError(`${fn}: column '${name}' must be an array or a typed array, got ${col === null ? 'null' : typeof col}`);
    }
    const len = (col as ArrayLike<unknown>).length;
    if (n >= 0 && len !== n) throw new DataError(`${fn}: column '${name}' has ${len} rows, column '${names[0]}' has ${n}; every column needs one value per row`);
    n = len;
    cols.push(col as ArrayLike<unknown>);
  }
  return { names, cols, n: Math.max(n, 0) };
}

/** Keeps the rows not flagged in `bad` (a typed array stays of its type). */
function compact(col: ArrayLike<unknown>, bad: Uint8Array, kept: number): ArrayLike<unknown> {
  if (ArrayBuffer.isView(col)) return (col as unknown as Float64Array).filter((_, r) => bad[r] === 0);
  const out = new Array<unknown>(kept);
  let p = 0;
  for (let r = 0; r < col.length; r++) if (bad[r] === 0) out[p++] = col[r];
  return out;
}

/**
 * Validates a table held as columns against a record schema: the same coercions, checks,
 * duplicate-key rule and errors (row numbers, paths, reasons, values) as `validateRecords` on the
 * same rows as records (a row's record holds the columns whose value at that row is not
 * `undefined`), and the valid rows returned as columns, without building an object per row.
 * Columns that need no change are returned as given; invalid rows are dropped from copies.
 *
 * Rows the specialised per-field checks accept take the column path; any other row is checked as a
 * record by zod (so its errors are zod's), and a schema with object refinements, or
 * `unknownFields: 'keep' | 'error'`, checks every row as a record.
 *
 * @param schema - a zod object schema, e.g. `CallEdgeSchema`
 * @param columns - field name → values, one per row (arrays or typed arrays of equal length)
 * @param options - as `validateRecords` (see {@link ValidateOptions})
 * @returns `{ valid (columns), rows, errors, invalidRows, unknownFields, rowsRead }`
 * @throws ValidationError in `mode: 'strict'` when any row fails; DataError when `schema` is not a
 *   zod object schema or a column is not an array or differs in length; OptionsError for bad options
 * @example
 * const r = validateColumns(CallEdgeSchema, {
 *   callerId: ['a', 'a'], calleeId: ['b', 'c'], month: ['2024-05', '2024-13'],
 *   calls: Int32Array.from([3, 1]), minutes: Float64Array.from([12.5, 2]),
 * });
 * r.rows // => 1
 * r.errors[0].path // => ['month']
 * Array.from(r.valid.minutes) // => [12.5]
 * @category Schema
 */
export function validateColumns<S extends z.ZodObject>(
  schema: S,
  columns: Readonly<Record<string, ArrayLike<unknown>>>,
  options: ValidateOptions = {},
): ColumnValidationResult<z.output<S>> {
  const fn = 'validateColumns';
  const shape = typeof schema === 'object' && schema !== null ? (schema as { shape?: unknown }).shape : undefined;
  if (typeof shape !== 'object' || shape === null) {
    throw new DataError(`${fn}: expected a zod object schema (such as CallEdgeSchema), got ${schema === null ? 'null' : typeof schema}`);
  }
  const o = parseColumnOptions(options);
  const { names, cols, n } = checkColumns(fn, columns);
  const fields = Object.keys(shape);
  const fieldSet = new Set(fields);
  const unknown = names.filter((c) => !fieldSet.has(c));
  const keys = keyFields(shape as Record<string, unknown>, o.key, fn);
  const checks = o.unknownFields === 'strip' ? buildFieldChecks(schema, o.coerce !== false) : null;
  const result = checks ? columnPath(schema, o, names, cols, n, fields, checks, keys, unknown, fn) : recordPath(schema, o, names, cols, n, fields, unknown, fn);
  if (o.mode === 'strict' && result.errors.length > 0) throw strictError(fn, result, o.maxErrors ?? 20);
  return result as ColumnValidationResult<z.output<S>>;
}

type Result = ColumnValidationResult<Record<string, unknown>>;

/** Every row as a record through `validateBatch`, then the valid records back to columns. */
function recordPath(schema: z.ZodObject, o: ValidateOptions, names: readonly string[], cols: readonly ArrayLike<unknown>[], n: number, fields: readonly string[], unknown: readonly string[], fn: string): Result {
  function* rows(): Generator<Record<string, unknown>> {
    for (let r = 0; r < n; r++) yield recordAt(names, cols, r);
  }
  const res = validateBatch(schema, rows(), o, createValidationContext(), fn);
  const outNames = o.unknownFields === 'keep' ? [...fields, ...unknown] : fields;
  const valid: Record<string, unknown[]> = {};
  for (const f of outNames) put(valid, f, res.valid.map((rec) => (rec as Record<string, unknown>)[f]));
  return { valid, rows: res.valid.length, errors: res.errors, invalidRows: res.invalidRows, unknownFields: res.unknownFields, rowsRead: n };
}

/** The column path: per-field checks over the columns; a rejected row goes to zod as a record. */
function columnPath(
  schema: z.ZodObject,
  o: ValidateOptions,
  names: readonly string[],
  cols: readonly ArrayLike<unknown>[],
  n: number,
  fields: readonly string[],
  checks: NonNullable<ReturnType<typeof buildFieldChecks>>,
  keys: readonly string[],
  unknown: readonly string[],
  fn: string,
): Result {
  const offset = o.rowOffset ?? 0;
  const nF = fields.length;
  const colOf = fields.map((f) => {
    const at = names.indexOf(f);
    return at >= 0 ? cols[at]! : null;
  });
  // output columns: the input until a value changes (coercion), then a copy
  const out: (unknown[] | null)[] = fields.map(() => null);
  const write = (f: number, r: number, v: unknown): void => {
    let c = out[f]!;
    if (c === null) {
      const src = colOf[f];
      c = src ? Array.from(src as ArrayLike<unknown>) : new Array<unknown>(n).fill(undefined);
      out[f] = c;
    }
    c[r] = v;
  };
  // 1. column by column (one checker per loop, no record): rows every check accepts, their output values
  const fail = new Uint8Array(n);
  for (let f = 0; f < nF; f++) {
    const check = checks.checks[f]!;
    const src = colOf[f] ?? null;
    if (src === null) {
      if (check(undefined) === undefined) fail.fill(1); // a required field without a column
      continue;
    }
    for (let r = 0; r < n; r++) {
      if (fail[r] === 1) continue;
      const given = src[r];
      const v = check(given);
      if (v === undefined) fail[r] = 1;
      else if (v === FIELD_MISSING) {
        if (given !== undefined) write(f, r, undefined);
      } else if (!Object.is(given, v)) write(f, r, v);
    }
  }
  // 2. row by row: zod's verdict and errors for the rows the checks refused, then repeated keys
  const seen = keys.length > 0 ? createKeyIndex(keys, n) : null;
  const keyRec: Record<string, unknown> = {};
  const keyCols = keys.map((k) => fields.indexOf(k));
  const errors: ValidationIssue[] = [];
  const invalidRows: number[] = [];
  const bad = new Uint8Array(n);
  const rowOptions: ValidateOptions = { ...o, key: false, mode: 'collect' };
  for (let r = 0; r < n; r++) {
    const row = offset + r;
    if (fail[r] === 1) {
      const res = validateBatch(schema, [recordAt(names, cols, r)], { ...rowOptions, rowOffset: row }, createValidationContext(), fn, false);
      if (res.errors.length > 0 || res.valid.length === 0) {
        errors.push(...res.errors);
        invalidRows.push(row);
        bad[r] = 1;
        continue;
      }
      const rec = res.valid[0] as Record<string, unknown>;
      for (let f = 0; f < nF; f++) {
        const v = rec[fields[f]!];
        const now = (out[f] ?? colOf[f])?.[r];
        if (!Object.is(now, v)) write(f, r, v);
      }
    }
    if (seen !== null) {
      for (let k = 0; k < keys.length; k++) {
        const f = keyCols[k]!;
        keyRec[keys[k]!] = (out[f] ?? colOf[f])?.[r];
      }
      const first = seen.firstSeen(keyRec, row);
      if (first >= 0) {
        errors.push({ row, path: [...keys], reason: `duplicate key (${keys.join(' + ')}) first seen at row ${first}`, value: keys.map((k) => keyRec[k]).join(' / ') });
        invalidRows.push(row);
        bad[r] = 1;
      }
    }
  }
  const kept = n - invalidRows.length;
  const valid: Record<string, ArrayLike<unknown>> = {};
  for (let f = 0; f < nF; f++) {
    const col = out[f] ?? colOf[f] ?? new Array<unknown>(n).fill(undefined);
    put(valid, fields[f]!, invalidRows.length > 0 ? compact(col, bad, kept) : col);
  }
  return { valid, rows: kept, errors, invalidRows, unknownFields: [...unknown], rowsRead: n };
}

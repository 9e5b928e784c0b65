/**
 * `FeatureMatrix`: the one currency between telcokit's modules. Row ids, column names and a
 * row-major `Float64Array` in which NaN means missing.
 *
 * @module
 */
import { DataError, DimensionError } from '../errors.js';

/**
 * A numeric n × p table: `values[i * nCols + j]` is row `i`, column `j`; NaN means missing.
 * A plain object, so it serialises and can be built by hand.
 * @category Features
 */
export interface FeatureMatrix {
  /** One id per row (subscriber id, usually). */
  readonly rowIds: readonly string[];
  /** One name per column, e.g. `dataMB_log1p`, `region=GD`. */
  readonly columns: readonly string[];
  /** Row-major values, length `nRows * nCols`. */
  readonly values: Float64Array;
  readonly nRows: number;
  readonly nCols: number;
}

/** What public functions accept wherever they take a matrix. @category Features */
export type MatrixInput = FeatureMatrix | readonly (readonly number[])[];

/**
 * Builds a FeatureMatrix, checking that the sizes agree.
 *
 * @param values - row-major values (not copied)
 * @param columns - column names (`nCols = columns.length`)
 * @param rowIds - row ids; default `'0'`, `'1'`, …
 * @throws DimensionError when `values.length` is not a multiple of the column count or ids disagree;
 *   DataError when two columns share a name
 * @example
 * createFeatureMatrix(new Float64Array([1, 2, 3, 4]), ['a', 'b']).nRows // => 2
 * @category Features
 */
export function createFeatureMatrix(values: Float64Array, columns: readonly string[], rowIds?: readonly string[]): FeatureMatrix {
  return buildMatrix(values, columns, rowIds, 'createFeatureMatrix');
}

function buildMatrix(values: Float64Array, columns: readonly string[], rowIds: readonly string[] | undefined, fn: string): FeatureMatrix {
  if (!(values instanceof Float64Array)) throw new DataError(`${fn}: values must be a Float64Array, got ${describeValue(values)}`);
  if (!Array.isArray(columns)) throw new DataError(`${fn}: columns must be an array of names, got ${describeValue(columns)}`);
  if (rowIds !== undefined && !Array.isArray(rowIds)) throw new DataError(`${fn}: rowIds must be an array of ids, got ${describeValue(rowIds)}`);
  const nCols = columns.length;
  if (nCols === 0 && values.length > 0) throw new DimensionError(`${fn}: values given but no columns`);
  const nRows = nCols === 0 ? (rowIds?.length ?? 0) : values.length / nCols;
  if (!Number.isInteger(nRows)) {
    throw new DimensionError(`${fn}: ${values.length} values do not fill rows of ${nCols} columns`);
  }
  if (rowIds && rowIds.length !== nRows) {
    throw new DimensionError(`${fn}: ${rowIds.length} row ids for ${nRows} rows`);
  }
  return checkFeatureMatrix({ rowIds: rowIds ?? defaultIds(nRows), columns, values, nRows, nCols }, fn);
}

function defaultIds(n: number): string[] {
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = String(i);
  return ids;
}

/**
 * Builds a FeatureMatrix from `number[][]` (copied). Column names default to `x0`, `x1`, ….
 * Every cell must be a number (NaN for missing): `null`, strings such as `'5'` and anything else
 * are refused, never coerced.
 * @param rows - n rows of p numbers
 * @param options - column names (p of them, distinct) and row ids (n of them)
 * @returns the n × p matrix
 * @throws DataError for a cell that is not a number or a row that is not an array (naming row and
 *   column); DimensionError on ragged rows
 * @example
 * matrixFromRows([[1, 2], [3, 4]]).columns // => ['x0', 'x1']
 * @category Features
 */
export function matrixFromRows(
  rows: readonly (readonly number[])[],
  options: { columns?: readonly string[]; rowIds?: readonly string[] } = {},
): FeatureMatrix {
  return rowsToMatrix(rows, options, 'matrixFromRows');
}

function rowsToMatrix(rows: readonly (readonly number[])[], options: { columns?: readonly string[]; rowIds?: readonly string[] }, fn: string): FeatureMatrix {
  if (!Array.isArray(rows)) throw new DataError(`${fn}: expected an array of rows, got ${describeValue(rows)}`);
  if (typeof options !== 'object' || options === null) throw new DataError(`${fn}: expected an options object, got ${describeValue(options)}`);
  const first: unknown = rows[0];
  const nCols = options.columns?.length ?? (Array.isArray(first) ? first.length : 0);
  const values = new Float64Array(rows.length * nCols);
  for (let i = 0; i < rows.length; i++) {
    const r: unknown = rows[i];
    if (!Array.isArray(r)) throw new DataError(`${fn}: row ${i} is ${describeValue(r)}, expected an array of ${nCols} numbers`);
    if (r.length !== nCols) throw new DimensionError(`${fn}: row ${i} has ${r.length} values, expected ${nCols}`);
    for (let j = 0; j < nCols; j++) {
      const v: unknown = r[j];
      if (typeof v !== 'number') {
        throw new DataError(`${fn}: value ${describeValue(v)} at row ${i}, column ${j} is not a number (use NaN for missing; nothing is coerced)`);
      }
      values[i * nCols + j] = v;
    }
  }
  const columns = options.columns ?? Array.from({ length: nCols }, (_, j) => `x${j}`);
  return buildMatrix(values, columns, options.rowIds ?? defaultIds(rows.length), fn);
}

/** A short description of a value for error messages: `null`, `"5" (string)`, `[object]`. */
function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'string') return `${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)} (string)`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${String(v)} (${typeof v})`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return `a ${typeof v}`;
}

/**
 * Checks a FeatureMatrix built anywhere (by hand, from JSON) against its own invariants:
 * `values` a Float64Array of `nRows × nCols`, `columns` `nCols` distinct strings, `rowIds`
 * `nRows` strings. Returns it unchanged.
 * @param m - the matrix to check
 * @param fn - the public function name to start the message with
 * @returns `m`
 * @throws DimensionError when the sizes disagree; DataError for wrong types or duplicate column names
 * @example
 * checkFeatureMatrix(matrixFromRows([[1, 2]]), 'myFunction').nCols // => 2
 * @category Features
 */
export function checkFeatureMatrix(m: FeatureMatrix, fn: string): FeatureMatrix {
  if (typeof m !== 'object' || m === null) throw new DataError(`${fn}: expected a FeatureMatrix, got ${describeValue(m)}`);
  const { values, columns, rowIds, nRows, nCols } = m as Partial<FeatureMatrix>;
  if (!(values instanceof Float64Array)) throw new DataError(`${fn}: matrix.values must be a Float64Array, got ${describeValue(values)}`);
  if (!Array.isArray(columns)) throw new DataError(`${fn}: matrix.columns must be an array of names, got ${describeValue(columns)}`);
  if (!Array.isArray(rowIds)) throw new DataError(`${fn}: matrix.rowIds must be an array of ids, got ${describeValue(rowIds)}`);
  if (typeof nRows !== 'number' || !Number.isSafeInteger(nRows) || nRows < 0) throw new DimensionError(`${fn}: matrix.nRows is ${describeValue(nRows)}, expected a non-negative integer`);
  if (typeof nCols !== 'number' || !Number.isSafeInteger(nCols) || nCols < 0) throw new DimensionError(`${fn}: matrix.nCols is ${describeValue(nCols)}, expected a non-negative integer`);
  if (columns.length !== nCols) throw new DimensionError(`${fn}: matrix has ${columns.length} column names but nCols is ${nCols}`);
  if (rowIds.length !== nRows) throw new DimensionError(`${fn}: matrix has ${rowIds.length} row ids but nRows is ${nRows}`);
  if (values.length !== nRows * nCols) throw new DimensionError(`${fn}: matrix has ${values.length} values, expected nRows × nCols = ${nRows} × ${nCols} = ${nRows * nCols}`);
  const seen = new Map<string, number>();
  for (let j = 0; j < columns.length; j++) {
    const c: unknown = columns[j];
    if (typeof c !== 'string') throw new DataError(`${fn}: column name ${j} is ${describeValue(c)}, expected a string`);
    const before = seen.get(c);
    if (before !== undefined) throw new DataError(`${fn}: columns ${before} and ${j} are both named ${JSON.stringify(c)}; column names must be distinct`);
    seen.set(c, j);
  }
  for (let i = 0; i < rowIds.length; i++) {
    if (typeof rowIds[i] !== 'string') throw new DataError(`${fn}: row id ${i} is ${describeValue(rowIds[i])}, expected a string`);
  }
  return m;
}

/**
 * Accepts a FeatureMatrix or `number[][]` and returns a FeatureMatrix (the first checked and
 * returned unchanged, the second copied): the one input guard of every function taking a matrix.
 * @param input - a FeatureMatrix or n rows of p numbers
 * @param fn - the public function name to start error messages with
 * @returns the matrix
 * @throws DataError for a non-number cell (naming row and column), wrong types or duplicate
 *   column names; DimensionError when sizes disagree
 * @example
 * toFeatureMatrix([[1, 2], [3, 4]]).nRows // => 2
 * @category Features
 */
export function toFeatureMatrix(input: MatrixInput, fn = 'toFeatureMatrix'): FeatureMatrix {
  if (Array.isArray(input)) return rowsToMatrix(input, {}, fn);
  if (typeof input === 'object' && input !== null && 'values' in input) return checkFeatureMatrix(input as FeatureMatrix, fn);
  throw new DataError(`${fn}: expected a FeatureMatrix or an array of number rows, got ${describeValue(input)}`);
}

/** True when `x` has the FeatureMatrix shape. @category Features */
export function isFeatureMatrix(x: unknown): x is FeatureMatrix {
  return typeof x === 'object' && x !== null && (x as FeatureMatrix).values instanceof Float64Array && Array.isArray((x as FeatureMatrix).columns);
}

/** The matrix as `number[][]` (copied; NaN stays NaN). @category Features */
export function matrixToRows(m: FeatureMatrix): number[][] {
  checkFeatureMatrix(m, 'matrixToRows');
  const out = new Array<number[]>(m.nRows);
  for (let i = 0; i < m.nRows; i++) out[i] = Array.from(m.values.subarray(i * m.nCols, (i + 1) * m.nCols));
  return out;
}

/**
 * Builds a FeatureMatrix from records: one column per name in `columns`. A missing, `undefined`
 * or `null` field becomes NaN (missing); booleans become 0/1; numbers stay as they are. Anything
 * else (a string such as `'5'`, an object) is refused, never coerced.
 * @param records - one record per row
 * @param columns - the numeric fields to take, in order (distinct)
 * @param options.idField - field holding the row id, a string (default `'id'`; the row index when absent)
 * @returns the n × p matrix
 * @throws DataError naming the row and field of a value that is not a number, boolean or missing,
 *   a record that is not an object, or an id that is not a string
 * @example
 * matrixFromRecords([{ id: 's1', a: 2, b: true }, { id: 's2', a: null, b: false }], ['a', 'b']).values
 * // => new Float64Array([2, 1, NaN, 0])
 * @category Features
 */
export function matrixFromRecords(
  records: readonly Readonly<Record<string, unknown>>[],
  columns: readonly string[],
  options: { idField?: string } = {},
): FeatureMatrix {
  const fn = 'matrixFromRecords';
  if (!Array.isArray(records)) throw new DataError(`${fn}: expected an array of records, got ${describeValue(records)}`);
  if (!Array.isArray(columns)) throw new DataError(`${fn}: expected an array of column names, got ${describeValue(columns)}`);
  const idField = options?.idField ?? 'id';
  const p = columns.length;
  const values = new Float64Array(records.length * p);
  const rowIds = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r: unknown = records[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new DataError(`${fn}: record ${i} is ${describeValue(r)}, expected an object`);
    const rec = r as Record<string, unknown>;
    const id = Object.hasOwn(rec, idField) ? rec[idField] : undefined;
    if (id !== undefined && id !== null && typeof id !== 'string') {
      throw new DataError(`${fn}: record ${i} has ${idField} ${describeValue(id)}; ids must be strings`);
    }
    rowIds[i] = id === undefined || id === null ? String(i) : id;
    for (let j = 0; j < p; j++) {
      const v = Object.hasOwn(rec, columns[j]!) ? rec[columns[j]!] : undefined;
      if (typeof v === 'number') values[i * p + j] = v;
      else if (typeof v === 'boolean') values[i * p + j] = v ? 1 : 0;
      else if (v === undefined || v === null) values[i * p + j] = NaN;
      else throw new DataError(`${fn}: record ${i} field '${columns[j]}' is ${describeValue(v)}, expected a number, a boolean or null (nothing is coerced)`);
    }
  }
  return buildMatrix(values, columns, rowIds, fn);
}

/** The matrix as records `{ id, [column]: value }`. @category Features */
export function matrixToRecords(m: FeatureMatrix, options: { idField?: string } = {}): Record<string, number | string>[] {
  checkFeatureMatrix(m, 'matrixToRecords');
  options ??= {};
  const idField = options.idField ?? 'id';
  const out = new Array<Record<string, number | string>>(m.nRows);
  for (let i = 0; i < m.nRows; i++) {
    const rec: Record<string, number | string> = { [idField]: m.rowIds[i]! };
    for (let j = 0; j < m.nCols; j++) rec[m.columns[j]!] = m.values[i * m.nCols + j]!;
    out[i] = rec;
  }
  return out;
}

/** Index of a column by name or position. @throws DimensionError when absent @category Features */
export function columnIndex(m: FeatureMatrix, column: string | number): number {
  checkFeatureMatrix(m, 'columnIndex');
  const j = typeof column === 'number' ? column : m.columns.indexOf(column);
  if (j < 0 || j >= m.nCols || !Number.isInteger(j)) {
    throw new DimensionError(`columnIndex: no column ${JSON.stringify(column)} (columns: ${m.columns.slice(0, 20).join(', ')})`);
  }
  return j;
}

/** One column, copied into a new Float64Array. @category Features */
export function getColumn(m: FeatureMatrix, column: string | number): Float64Array {
  const j = columnIndex(m, column);
  const out = new Float64Array(m.nRows);
  for (let i = 0, k = j; i < m.nRows; i++, k += m.nCols) out[i] = m.values[k]!;
  return out;
}

/** One row as a read-only view into the matrix (no copy: do not write to it). @category Features */
export function getRow(m: FeatureMatrix, i: number): Float64Array {
  checkFeatureMatrix(m, 'getRow');
  if (!Number.isInteger(i) || i < 0 || i >= m.nRows) throw new DimensionError(`getRow: row ${i} outside 0..${m.nRows - 1}`);
  return m.values.subarray(i * m.nCols, (i + 1) * m.nCols);
}

/** A new matrix with the given columns, in the given order. @category Features */
export function selectColumns(m: FeatureMatrix, columns: readonly (string | number)[]): FeatureMatrix {
  checkFeatureMatrix(m, 'selectColumns');
  if (!Array.isArray(columns)) throw new DataError(`selectColumns: expected an array of column names or positions, got ${describeValue(columns)}`);
  const idx = columns.map((c) => columnIndex(m, c));
  const q = idx.length;
  const values = new Float64Array(m.nRows * q);
  for (let i = 0; i < m.nRows; i++) {
    const base = i * m.nCols;
    for (let j = 0; j < q; j++) values[i * q + j] = m.values[base + idx[j]!]!;
  }
  return createFeatureMatrix(values, idx.map((j) => m.columns[j]!), m.rowIds);
}

/** A new matrix with the given rows, in the given order. @category Features */
export function selectRows(m: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  checkFeatureMatrix(m, 'selectRows');
  if (!Array.isArray(rows) && !ArrayBuffer.isView(rows)) throw new DataError(`selectRows: expected an array of row positions, got ${describeValue(rows)}`);
  const p = m.nCols;
  const values = new Float64Array(rows.length * p);
  const rowIds = new Array<string>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    if (!Number.isInteger(i) || i < 0 || i >= m.nRows) throw new DimensionError(`selectRows: row ${i} outside 0..${m.nRows - 1}`);
    values.set(m.values.subarray(i * p, (i + 1) * p), r * p);
    rowIds[r] = m.rowIds[i]!;
  }
  return createFeatureMatrix(values, m.columns, rowIds);
}

/**
 * Throws when any value is NaN or ±Infinity, naming the first row and column.
 * @param fn - the public function name to start the message with
 * @category Features
 */
export function assertFinite(m: FeatureMatrix, fn: string): void {
  const v = m.values;
  for (let k = 0; k < v.length; k++) {
    if (!Number.isFinite(v[k]!)) {
      const i = Math.floor(k / m.nCols);
      const j = k % m.nCols;
      throw new DataError(
        `${fn}: value ${v[k]} at row ${i} (id ${m.rowIds[i]}), column '${m.columns[j]}'; impute or drop missing values first`,
      );
    }
  }
}

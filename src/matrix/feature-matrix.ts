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
 * @throws DimensionError when `values.length` is not a multiple of the column count or ids disagree
 * @example
 * createFeatureMatrix(new Float64Array([1, 2, 3, 4]), ['a', 'b']).nRows // => 2
 * @category Features
 */
export function createFeatureMatrix(values: Float64Array, columns: readonly string[], rowIds?: readonly string[]): FeatureMatrix {
  const nCols = columns.length;
  if (nCols === 0 && values.length > 0) throw new DimensionError('createFeatureMatrix: values given but no columns');
  const nRows = nCols === 0 ? (rowIds?.length ?? 0) : values.length / nCols;
  if (!Number.isInteger(nRows)) {
    throw new DimensionError(`createFeatureMatrix: ${values.length} values do not fill rows of ${nCols} columns`);
  }
  if (rowIds && rowIds.length !== nRows) {
    throw new DimensionError(`createFeatureMatrix: ${rowIds.length} row ids for ${nRows} rows`);
  }
  return { rowIds: rowIds ?? defaultIds(nRows), columns, values, nRows, nCols };
}

function defaultIds(n: number): string[] {
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = String(i);
  return ids;
}

/**
 * Builds a FeatureMatrix from `number[][]` (copied). Column names default to `x0`, `x1`, ….
 * @throws DimensionError on ragged rows
 * @example
 * matrixFromRows([[1, 2], [3, 4]]).columns // => ['x0', 'x1']
 * @category Features
 */
export function matrixFromRows(
  rows: readonly (readonly number[])[],
  options: { columns?: readonly string[]; rowIds?: readonly string[] } = {},
): FeatureMatrix {
  const nCols = options.columns?.length ?? rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * nCols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.length !== nCols) throw new DimensionError(`matrixFromRows: row ${i} has ${r.length} values, expected ${nCols}`);
    for (let j = 0; j < nCols; j++) values[i * nCols + j] = r[j]!;
  }
  const columns = options.columns ?? Array.from({ length: nCols }, (_, j) => `x${j}`);
  return createFeatureMatrix(values, columns, options.rowIds ?? defaultIds(rows.length));
}

/** Accepts a FeatureMatrix or `number[][]` and returns a FeatureMatrix (the first unchanged). @category Features */
export function toFeatureMatrix(input: MatrixInput): FeatureMatrix {
  return isFeatureMatrix(input) ? input : matrixFromRows(input);
}

/** True when `x` has the FeatureMatrix shape. @category Features */
export function isFeatureMatrix(x: unknown): x is FeatureMatrix {
  return typeof x === 'object' && x !== null && (x as FeatureMatrix).values instanceof Float64Array && Array.isArray((x as FeatureMatrix).columns);
}

/** The matrix as `number[][]` (copied; NaN stays NaN). @category Features */
export function matrixToRows(m: FeatureMatrix): number[][] {
  const out = new Array<number[]>(m.nRows);
  for (let i = 0; i < m.nRows; i++) out[i] = Array.from(m.values.subarray(i * m.nCols, (i + 1) * m.nCols));
  return out;
}

/**
 * Builds a FeatureMatrix from records: one column per name in `columns`; a missing, null or
 * non-numeric field becomes NaN (missing). Booleans become 0/1.
 * @param options.idField - field holding the row id (default `'id'`; row index when absent)
 * @category Features
 */
export function matrixFromRecords(
  records: readonly Readonly<Record<string, unknown>>[],
  columns: readonly string[],
  options: { idField?: string } = {},
): FeatureMatrix {
  const idField = options.idField ?? 'id';
  const p = columns.length;
  const values = new Float64Array(records.length * p);
  const rowIds = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const id = r[idField];
    rowIds[i] = id === undefined || id === null ? String(i) : String(id);
    for (let j = 0; j < p; j++) {
      const v = r[columns[j]!];
      values[i * p + j] = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : NaN;
    }
  }
  return createFeatureMatrix(values, columns, rowIds);
}

/** The matrix as records `{ id, [column]: value }`. @category Features */
export function matrixToRecords(m: FeatureMatrix, options: { idField?: string } = {}): Record<string, number | string>[] {
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
  if (!Number.isInteger(i) || i < 0 || i >= m.nRows) throw new DimensionError(`getRow: row ${i} outside 0..${m.nRows - 1}`);
  return m.values.subarray(i * m.nCols, (i + 1) * m.nCols);
}

/** A new matrix with the given columns, in the given order. @category Features */
export function selectColumns(m: FeatureMatrix, columns: readonly (string | number)[]): FeatureMatrix {
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

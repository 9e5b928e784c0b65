/**
 * `streamDuckDbMatrices`: a DuckDB table or query streamed back as FeatureMatrix batches, for the
 * in-process steps that need rows in memory (fitting on a sample, explanations), never holding
 * more than one batch.
 *
 * @module
 */
import { AbortError, DataError, OptionsError } from '../errors.js';
import { createFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../matrix/feature-matrix.js';
import type { LongRunOptions } from '../long-run.js';
import type { TelcoDuckDb } from './open-duckdb.js';

/** Options of {@link streamDuckDbMatrices}. @category DuckDB */
export interface StreamDuckDbMatricesOptions extends LongRunOptions {
  /** The matrix columns, in order (default: every column but `idColumn`); each must be numeric or boolean. */
  columns?: readonly string[];
  /** The column giving row ids (default `'id'` when the result has one, else the row number). */
  idColumn?: string;
  /** Rows per matrix (default 65,536; at most 1,048,576). */
  batchSize?: number;
}

/** The largest `batchSize` (a batch of 1,048,576 rows × 64 columns is 512 MB of doubles). */
export const MAX_DUCKDB_BATCH = 1_048_576;

const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/**
 * Streams a table, view or query from DuckDB as FeatureMatrix batches of `batchSize` rows (the
 * last may be shorter): NULL becomes NaN (missing), booleans 1/0; text in a matrix column is a
 * DataError naming the column. `onProgress` gets `{ stage: 'rows', done, total }` after each
 * batch (the total is counted first, one extra scan, only when `onProgress` is given).
 *
 * @param db - from `openDuckDb`
 * @param source - a table or view name, or `{ sql }` (trusted query text)
 * @param options - `columns`, `idColumn`, `batchSize`, `onProgress`, `signal`
 * @returns an async iterator of n × p FeatureMatrix batches
 * @throws OptionsError for a bad option; DataError for a non-numeric column or a DuckDB failure; AbortError when `signal` fires
 * @category DuckDB
 */
export async function* streamDuckDbMatrices(
  db: TelcoDuckDb,
  source: string | { readonly sql: string },
  options: StreamDuckDbMatricesOptions = {},
): AsyncGenerator<FeatureMatrix, void, undefined> {
  const fn = 'streamDuckDbMatrices';
  const batchSize = options.batchSize ?? 65_536;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_DUCKDB_BATCH) {
    throw new OptionsError(`${fn}: batchSize must be an integer in 1…${MAX_DUCKDB_BATCH}, got ${String(batchSize)}`, 'batchSize');
  }
  const query = typeof source === 'string' ? `SELECT * FROM ${ident(source)}` : source.sql;
  const { signal, onProgress } = options;
  if (signal?.aborted) throw new AbortError(fn);
  const stop = (): void => db.connection.interrupt();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    let total = -1;
    if (onProgress) {
      const r = await db.connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM (${query})`);
      total = Number(r.getRowObjectsJS()[0]!.n);
    }
    let result;
    try {
      result = await db.connection.stream(query);
    } catch (e) {
      throw new DataError(`${fn}: DuckDB: ${(e as Error).message}`);
    }
    const names = result.columnNames();
    const idColumn = options.idColumn ?? (names.includes('id') ? 'id' : undefined);
    if (idColumn !== undefined && !names.includes(idColumn)) throw new OptionsError(`${fn}: the result has no id column '${idColumn}'`, 'idColumn');
    const cols = options.columns ? [...options.columns] : names.filter((n) => n !== idColumn);
    const at = cols.map((c) => {
      const j = names.indexOf(c);
      if (j < 0) throw new OptionsError(`${fn}: the result has no column '${c}' (columns: ${names.slice(0, 20).join(', ')})`, 'columns');
      return j;
    });
    const idAt = idColumn === undefined ? -1 : names.indexOf(idColumn);
    const p = cols.length;
    let values = new Float64Array(batchSize * p);
    let ids: string[] = [];
    let fill = 0;
    let done = 0;
    const flush = (): FeatureMatrix => {
      const m = createFeatureMatrix(fill === batchSize ? values : values.slice(0, fill * p), cols, ids);
      done += fill;
      values = new Float64Array(batchSize * p);
      ids = [];
      fill = 0;
      onProgress?.({ stage: 'rows', done, total: total < 0 ? done : total });
      return m;
    };
    for (;;) {
      if (signal?.aborted) throw new AbortError(fn);
      let chunk;
      try {
        chunk = await result.fetchChunk();
      } catch (e) {
        if (signal?.aborted) throw new AbortError(fn);
        throw new DataError(`${fn}: DuckDB: ${(e as Error).message}`);
      }
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const colValues = at.map((j) => chunk.getColumnValues(j));
      const idValues = idAt >= 0 ? chunk.getColumnValues(idAt) : null;
      for (let i = 0; i < n; i++) {
        const base = fill * p;
        for (let k = 0; k < p; k++) {
          const v = colValues[k]![i];
          let x: number;
          if (v === null || v === undefined) x = NaN;
          else if (typeof v === 'number') x = v;
          else if (typeof v === 'boolean') x = v ? 1 : 0;
          else if (typeof v === 'bigint') x = Number(v);
          else throw new DataError(`${fn}: column '${cols[k]}' holds ${typeof v === 'string' ? `text ${JSON.stringify(v.slice(0, 40))}` : typeof v}; matrix columns must be numeric`);
          values[base + k] = x;
        }
        ids.push(idValues ? String(idValues[i]) : String(done + fill));
        fill++;
        if (fill === batchSize) yield flush();
      }
    }
    if (fill > 0) yield flush();
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

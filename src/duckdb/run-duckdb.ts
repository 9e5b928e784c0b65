/**
 * Files and models in the embedded DuckDB: `registerDuckDbTable` (CSV or Parquet, any size, with
 * header mapping), `subscriberFeaturesDuckDb` (history features in SQL), `applyModelsDuckDb`
 * (fitted models through `toSql`, written to a table or a Parquet file) and `queryDuckDb`.
 *
 * @module
 */
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { buildSql } from '../sql/to-sql.js';
import type { SqlModel, ToSqlOptions } from '../sql/to-sql.js';
import { SQL_USAGE_NUMERIC, subscriberFeaturesSql } from '../sql/subscriber-features-sql.js';
import type { SubscriberFeaturesSqlOptions } from '../sql/subscriber-features-sql.js';
import { guarded } from './open-duckdb.js';
import type { TelcoDuckDb } from './open-duckdb.js';

const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;
const text = (s: string): string => `'${s.replaceAll("'", "''")}'`;

function checkName(s: unknown, fn: string, option: string): string {
  if (typeof s !== 'string' || s.length === 0 || s.includes('\u0000')) throw new OptionsError(`${fn}: ${option} must be a non-empty string without NUL`, option);
  return s;
}

/** Options of {@link registerDuckDbTable}. @category DuckDB */
export interface RegisterDuckDbTableOptions {
  /** `'csv'` or `'parquet'`; default from the first file's extension. */
  format?: 'csv' | 'parquet';
  /**
   * Header → field renames (`suggestColumnMapping(headers, UsageMonthSchema).mapping`, so Chinese
   * headers such as `上网流量` become `dataMB`); other columns keep their names.
   */
  mapping?: Readonly<Record<string, string>>;
  /** Stops the query; then AbortError. */
  signal?: AbortSignal;
}

/**
 * Makes CSV or Parquet files queryable as the view `name` without loading them: DuckDB streams
 * them at query time, so they may be larger than memory. Headers are renamed by `mapping`.
 *
 * @param db - from `openDuckDb`
 * @param name - the view's name
 * @param files - one path or several (same columns), or a glob such as `'usage/*.parquet'`
 * @param options - `format`, `mapping`, `signal`
 * @returns the view's columns (after renaming), with their DuckDB types
 * @throws DataError for a file that does not exist, is truncated or unreadable
 * @throws OptionsError for a bad option or a mapping naming a header the file lacks
 * @category DuckDB
 */
export async function registerDuckDbTable(
  db: TelcoDuckDb,
  name: string,
  files: string | readonly string[],
  options: RegisterDuckDbTableOptions = {},
): Promise<{ name: string; type: string }[]> {
  const fn = 'registerDuckDbTable';
  checkName(name, fn, 'name');
  const list = typeof files === 'string' ? [files] : [...files];
  if (list.length === 0) throw new OptionsError(`${fn}: no file given`, 'files');
  list.forEach((f) => checkName(f, fn, 'files'));
  const format = options.format ?? (/\.parquet$/i.test(list[0]!) ? 'parquet' : /\.(csv|tsv|txt)(\.gz)?$/i.test(list[0]!) ? 'csv' : undefined);
  if (format !== 'csv' && format !== 'parquet') throw new OptionsError(`${fn}: cannot tell the format of ${JSON.stringify(list[0])}; pass format: 'csv' or 'parquet'`, 'format');
  const src = `${format === 'parquet' ? 'read_parquet' : 'read_csv'}([${list.map(text).join(', ')}]${format === 'csv' ? ', header = true' : ''})`;
  return guarded(db, fn, options.signal, async () => {
    let cols: { name: string; type: string }[];
    try {
      const r = await db.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`);
      cols = r.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
    } catch (e) {
      throw new DataError(`${fn}: cannot read ${list.length === 1 ? JSON.stringify(list[0]) : `${list.length} files`} as ${format}: ${(e as Error).message}`);
    }
    const mapping = options.mapping ?? {};
    for (const h of Object.keys(mapping)) {
      if (!cols.some((c) => c.name === h)) throw new OptionsError(`${fn}: mapping names header ${JSON.stringify(h)}, which the file does not have`, 'mapping');
      checkName(mapping[h], fn, 'mapping');
    }
    const renamed = cols.map((c) => ({ from: c.name, name: Object.hasOwn(mapping, c.name) ? mapping[c.name]! : c.name, type: c.type }));
    const seen = new Set<string>();
    for (const c of renamed) {
      if (seen.has(c.name)) throw new OptionsError(`${fn}: two columns would be named ${JSON.stringify(c.name)} after renaming`, 'mapping');
      seen.add(c.name);
    }
    await db.connection.run(`CREATE OR REPLACE VIEW ${ident(name)} AS SELECT ${renamed.map((c) => `${ident(c.from)} AS ${ident(c.name)}`).join(', ')} FROM ${src}`);
    return renamed.map(({ name: n, type }) => ({ name: n, type }));
  });
}

/** Where {@link applyModelsDuckDb} and {@link subscriberFeaturesDuckDb} put their result. @category DuckDB */
export interface DuckDbOutput {
  /** A table to create (replaced if it exists). */
  table?: string;
  /** A view to create instead (nothing computed until read; replaced if it exists). */
  view?: string;
  /** A Parquet file to write (zstd-compressed). */
  parquet?: string;
}

async function materialize(db: TelcoDuckDb, sql: string, output: DuckDbOutput, fn: string): Promise<number> {
  const targets = (['table', 'view', 'parquet'] as const).filter((k) => output[k] !== undefined);
  if (targets.length !== 1) throw new OptionsError(`${fn}: output needs exactly one of table, view or parquet`, 'output');
  if (output.view !== undefined) {
    await db.connection.run(`CREATE OR REPLACE VIEW ${ident(checkName(output.view, fn, 'output.view'))} AS ${sql}`);
    return -1;
  }
  if (output.table !== undefined) {
    const t = ident(checkName(output.table, fn, 'output.table'));
    await db.connection.run(`CREATE OR REPLACE TABLE ${t} AS ${sql}`);
    const r = await db.connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${t}`);
    return Number(r.getRowObjectsJS()[0]!.n);
  }
  const file = checkName(output.parquet, fn, 'output.parquet');
  const r = await db.connection.runAndReadAll(`COPY (${sql}) TO ${text(file)} (FORMAT parquet, COMPRESSION zstd)`);
  const row = r.getRowObjectsJS()[0];
  return row ? Number(Object.values(row)[0]) : -1;
}

/** The DuckDB types a numeric model input accepts. */
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?|BOOLEAN)$/;

/** Options of {@link applyModelsDuckDb}: those of `toSql` but `dialect`, plus where to write and a signal. @category DuckDB */
export interface ApplyModelsDuckDbOptions extends Omit<ToSqlOptions, 'dialect' | 'input'> {
  /** The input table or view (e.g. from {@link registerDuckDbTable}). */
  input: string;
  /** Where the result goes. */
  output: DuckDbOutput;
  /** Stops the query; then AbortError. */
  signal?: AbortSignal;
}

/**
 * Applies fitted models to a DuckDB table through the SQL of `toSql` (dialect `duckdb`): a
 * pipeline, churn scores, segments, tags and audiences for every row, written to a table, a view
 * or a Parquet file, with results equal to the in-process functions (see `toSql`). The input's
 * columns are checked first: a column the models read must exist, with a numeric type where
 * they expect numbers and a text type where they expect categories.
 *
 * @param db - from `openDuckDb`
 * @param models - one model or a chain, as for `toSql`
 * @param options - the `toSql` options (`keep`, `columns`, `thresholds`, `audiences`, `outputs`), `input`, `output`, `signal`
 * @returns the number of rows written (−1 for a view)
 * @throws DimensionError when the input lacks a column the models read
 * @throws DataError for a column of the wrong type, or when DuckDB fails (e.g. an unseen category under `handleUnknown: 'error'`)
 * @throws AbortError when `signal` fires
 * @category DuckDB
 */
export async function applyModelsDuckDb(db: TelcoDuckDb, models: SqlModel | readonly SqlModel[], options: ApplyModelsDuckDbOptions): Promise<{ rows: number; sql: string }> {
  const fn = 'applyModelsDuckDb';
  const { output, signal, input, ...rest } = options;
  checkName(input, fn, 'input');
  const { sql, inputs } = buildSql(models, { ...rest, dialect: 'duckdb', input });
  return guarded(db, fn, signal, async () => {
    const described = (await db.connection.runAndReadAll(`DESCRIBE ${ident(input)}`)).getRowObjectsJS();
    const types = new Map(described.map((r) => [String(r.column_name), String(r.column_type)]));
    for (const c of inputs) {
      const t = types.get(c.column);
      const what = c.column !== c.name ? ` (for '${c.name}')` : '';
      if (t === undefined) {
        throw new DimensionError(`${fn}: the input '${input}' has no column '${c.column}'${what}, which the models read (columns: ${[...types.keys()].slice(0, 20).join(', ')})`);
      }
      if (c.type === 'numeric' && !NUMERIC.test(t)) throw new DataError(`${fn}: column '${c.column}'${what} of '${input}' is ${t}; the models expect numbers there`);
      if (c.type === 'categorical' && t !== 'VARCHAR') throw new DataError(`${fn}: column '${c.column}'${what} of '${input}' is ${t}; the models expect text categories there`);
    }
    const rows = await materialize(db, sql, output, fn);
    return { rows, sql };
  });
}

/** Options of {@link subscriberFeaturesDuckDb}. @category DuckDB */
export interface SubscriberFeaturesDuckDbOptions extends Omit<SubscriberFeaturesSqlOptions, 'dialect' | 'input'> {
  /** Where the features go. */
  output: DuckDbOutput;
  /** Stops the query; then AbortError. */
  signal?: AbortSignal;
}

/**
 * Computes `subscriberFeatures` in DuckDB from a usage table (any size: DuckDB aggregates it in
 * a streaming GROUP BY that spills to disk), through `subscriberFeaturesSql`. Duplicated
 * (subscriber, month) rows are an error, as in process.
 *
 * @param db - from `openDuckDb`
 * @param usage - the usage table or view (`UsageMonth` fields, e.g. from {@link registerDuckDbTable})
 * @param options - `asOf`, `windowMonths`, `columns`, `output`, `signal`
 * @returns the number of subscribers written (−1 for a view)
 * @throws DataError for duplicated (subscriber, month) rows or a DuckDB failure
 * @category DuckDB
 */
export async function subscriberFeaturesDuckDb(db: TelcoDuckDb, usage: string, options: SubscriberFeaturesDuckDbOptions): Promise<{ rows: number; sql: string }> {
  const fn = 'subscriberFeaturesDuckDb';
  const { output, signal, ...rest } = options;
  checkName(usage, fn, 'usage');
  const sql = subscriberFeaturesSql({ ...rest, dialect: 'duckdb', input: usage });
  return guarded(db, fn, signal, async () => {
    const c = rest.columns ?? {};
    const described = (await db.connection.runAndReadAll(`DESCRIBE ${ident(usage)}`)).getRowObjectsJS();
    const types = new Map(described.map((r) => [String(r.column_name), String(r.column_type)]));
    for (const f of ['subscriberId', 'month', ...SQL_USAGE_NUMERIC]) {
      const col = Object.hasOwn(c, f) ? c[f]! : f;
      const t = types.get(col);
      const what = col !== f ? ` (for '${f}')` : '';
      if (t === undefined) throw new DimensionError(`${fn}: the usage table '${usage}' has no column '${col}'${what} (columns: ${[...types.keys()].slice(0, 30).join(', ')})`);
      if (f === 'month' && t !== 'VARCHAR') throw new DataError(`${fn}: column '${col}'${what} is ${t}; expected text months 'YYYY-MM'`);
      if (f !== 'month' && f !== 'subscriberId' && !NUMERIC.test(t)) throw new DataError(`${fn}: column '${col}'${what} of '${usage}' is ${t}; expected numbers`);
    }
    const sid = ident(c.subscriberId ?? 'subscriberId');
    const month = ident(c.month ?? 'month');
    const dup = (await db.connection.runAndReadAll(`SELECT ${sid} AS s, ${month} AS m FROM ${ident(usage)} GROUP BY ALL HAVING count(*) > 1 LIMIT 1`)).getRowObjectsJS();
    if (dup.length > 0) throw new DataError(`${fn}: subscriber ${JSON.stringify(dup[0]!.s)} has two records for month ${JSON.stringify(dup[0]!.m)}`);
    return { rows: await materialize(db, sql, output, fn), sql };
  });
}

/**
 * Runs SQL and returns its rows as plain objects (numbers, strings, booleans, null; BIGINT as
 * bigint). For small results: counts, audience sizes, samples.
 *
 * @param db - from `openDuckDb`
 * @param sql - the query (trusted text: never build it from user input)
 * @param options - `signal`
 * @returns the rows
 * @throws DataError when DuckDB fails
 * @category DuckDB
 */
export async function queryDuckDb(db: TelcoDuckDb, sql: string, options: { signal?: AbortSignal } = {}): Promise<Record<string, unknown>[]> {
  return guarded(db, 'queryDuckDb', options.signal, async () => (await db.connection.runAndReadAll(sql)).getRowObjectsJS());
}

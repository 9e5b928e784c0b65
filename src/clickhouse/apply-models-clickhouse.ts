/**
 * `applyModelsClickHouse`: fitted models written as a ClickHouse table through the emitted SQL of
 * `toSql`, batch by batch, replacing the table atomically.
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { buildSql } from '../sql/to-sql.js';
import type { SqlModel, ToSqlOptions } from '../sql/to-sql.js';
import { checkClient, checkName, exec, ident, requireTable, rows, siblingSql, tableExists, tableSql } from './connect-clickhouse.js';
import type { ClickHouseClientLike, TableName } from './connect-clickhouse.js';
import { STAGING_SUFFIX, dropQuietly } from './tag-bitmaps.js';

/** Most batches one call may split the work into. */
export const MAX_CLICKHOUSE_BATCHES = 100_000;

/** Options of {@link applyModelsClickHouse}. @category ClickHouse */
export interface ApplyModelsClickHouseOptions extends Pick<ToSqlOptions, 'columns' | 'keep' | 'thresholds' | 'audiences' | 'outputs'> {
  /** The input table (required): a name or `[database, table]`. */
  input: TableName;
  /** The table to write (required); replaced when it exists. A name or `[database, table]`. */
  table: TableName;
  /** The id column: it splits the batches (`cityHash64(id) % batches`) and orders the table (default `'subscriberId'`). */
  idColumn?: string;
  /** Number of batches (default 1; an integer in 1…100,000): each is one INSERT … SELECT over its share of the ids. */
  batches?: number;
  /** Called after each batch. */
  onProgress?: (p: { stage: 'batch'; done: number; total: number }) => void;
  /** Stops between batches (and the running statement); the staging table is dropped and the old table kept. */
  signal?: AbortSignal;
}

const KEYS = ['input', 'table', 'idColumn', 'batches', 'onProgress', 'signal', 'columns', 'keep', 'thresholds', 'audiences', 'outputs'];

/**
 * Applies fitted models (a pipeline, a churn model, a segment model, a tag catalogue, or a chain
 * of them, as {@link toSql} takes) to a ClickHouse table and writes the result as a table, with
 * the in-process results (scores within 1e-9, identical segments and tags).
 *
 * The work is split into `batches` by a hash of the id, each one `INSERT INTO staging SELECT …`
 * of the emitted SQL over its share of the input, into a staging table `<table>__telcokit_staging`
 * (MergeTree ordered by the id). Only when every batch is in is the staging table exchanged with
 * the target (`EXCHANGE TABLES`, atomic in an Atomic database) or renamed to it, and the old data
 * dropped. So a re-run replaces the table and never duplicates rows (idempotent), readers see the
 * old table or the new one, never a mixture, and a failure or an abort mid-way drops the staging
 * table and leaves the old table as it was.
 *
 * @param client - from `connectClickHouse` or `openChdb`
 * @param models - a model, a catalogue, or a chain (as {@link toSql})
 * @param options - `input`, `table` (required), `idColumn`, `batches`, `onProgress`, `signal`, and
 *   `toSql`'s `columns`, `keep` (default: the id column), `thresholds`, `audiences`, `outputs`
 * @returns the number of rows written and the output columns with their ClickHouse types
 * @throws DataError when the input table does not exist, or ClickHouse fails (the old table is kept)
 * @throws OptionsError, ModelError as {@link toSql}; OptionsError for a bad option
 * @throws AbortError when `signal` fires (the old table is kept)
 * @category ClickHouse
 */
export async function applyModelsClickHouse(
  client: ClickHouseClientLike,
  models: SqlModel | readonly SqlModel[],
  options: ApplyModelsClickHouseOptions,
): Promise<{ rows: number; columns: { name: string; type: string }[] }> {
  const fn = 'applyModelsClickHouse';
  checkClient(client, fn);
  if (options === null || typeof options !== 'object') throw new OptionsError(`${fn}: options must be an object with \`input\` and \`table\``, 'options');
  for (const k of Object.keys(options)) if (!KEYS.includes(k)) throw new OptionsError(`${fn}: unknown option '${k}'`, k);
  const signal = options.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new OptionsError(`${fn}: signal must be an AbortSignal`, 'signal');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new OptionsError(`${fn}: onProgress must be a function`, 'onProgress');
  const input = tableSql(options.input, fn, 'input');
  const target = tableSql(options.table, fn, 'table');
  const idName = checkName(options.idColumn ?? 'subscriberId', fn, 'idColumn');
  const id = ident(idName);
  const batches = options.batches ?? 1;
  if (!Number.isInteger(batches) || batches < 1 || batches > MAX_CLICKHOUSE_BATCHES) {
    throw new OptionsError(`${fn}: batches must be an integer in 1…${MAX_CLICKHOUSE_BATCHES}, got ${String(batches)}`, 'batches');
  }
  const keep = options.keep ?? [idName];
  const sqlOf = (b: number): string => {
    const where = batches === 1 ? '' : ` WHERE cityHash64(${id}) % ${batches} = ${b}`;
    return buildSql(models, {
      dialect: 'clickhouse',
      input: { sql: `SELECT * FROM ${input}${where}` },
      keep,
      ...(options.columns === undefined ? {} : { columns: options.columns }),
      ...(options.thresholds === undefined ? {} : { thresholds: options.thresholds }),
      ...(options.audiences === undefined ? {} : { audiences: options.audiences }),
      ...(options.outputs === undefined ? {} : { outputs: options.outputs }),
    }).sql;
  };
  const first = sqlOf(0); // checks the models and options before anything runs
  await requireTable(client, fn, input, 'input', signal);
  const stage = siblingSql(options.table, STAGING_SUFFIX);
  const orderBy = keep.includes(idName) ? `ifNull(toString(${id}), '')` : 'tuple()';
  try {
    await exec(client, fn, `DROP TABLE IF EXISTS ${stage}`, signal);
    await exec(client, fn, `CREATE TABLE ${stage} ENGINE = MergeTree ORDER BY ${orderBy} EMPTY AS ${first}`, signal);
    for (let b = 0; b < batches; b++) {
      await exec(client, fn, `INSERT INTO ${stage} ${b === 0 ? first : sqlOf(b)}`, signal);
      options.onProgress?.({ stage: 'batch', done: b + 1, total: batches });
    }
    const written = Number((await rows<{ c: unknown }>(client, fn, `SELECT count() AS c FROM ${stage}`, signal))[0]!.c);
    const columns = (await rows<{ name: string; type: string }>(client, fn, `DESCRIBE TABLE ${stage}`, signal)).map((r) => ({ name: r.name, type: r.type }));
    if (await tableExists(client, fn, target, signal)) {
      await exec(client, fn, `EXCHANGE TABLES ${stage} AND ${target}`, signal);
      await dropQuietly(client, stage);
    } else {
      await exec(client, fn, `RENAME TABLE ${stage} TO ${target}`, signal);
    }
    return { rows: written, columns };
  } catch (e) {
    await dropQuietly(client, stage);
    throw e;
  }
}

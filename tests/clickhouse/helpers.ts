/**
 * Shared by the ClickHouse tests: an embedded chDB client (or a skip message when `chdb` is not
 * installed), and a writer of plain rows into a new table.
 */
import { openChdb } from '../../src/clickhouse/index.js';
import type { ClickHouseClientLike } from '../../src/clickhouse/index.js';

/** Opens chDB, or returns the reason it cannot (the tests then skip with that message). */
export async function tryChdb(): Promise<{ client: ClickHouseClientLike } | { skip: string }> {
  try {
    return { client: await openChdb() };
  } catch (e) {
    return { skip: `chdb is not available here (${(e as Error).message}); the ClickHouse tests need it: npm install chdb` };
  }
}

const q = (s: string): string => `\`${s.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;

/**
 * Creates `table` with the given ClickHouse column types and inserts `rows` as JSONEachRow, in
 * chunks (NaN is written as the float literal `nan` by typing the column Float64 and sending null
 * for missing only where the column is Nullable).
 */
export async function writeRows(client: ClickHouseClientLike, table: string, types: Record<string, string>, rows: readonly Record<string, unknown>[], orderBy = 'tuple()'): Promise<void> {
  await client.command({ query: `DROP TABLE IF EXISTS ${q(table)}` });
  await client.command({ query: `CREATE TABLE ${q(table)} (${Object.entries(types).map(([c, t]) => `${q(c)} ${t}`).join(', ')}) ENGINE = MergeTree ORDER BY ${orderBy}` });
  // the rows go through a plain-named table: an inline-data INSERT names its table in the query's
  // first line, which chDB's statement splitter reads before the data
  const cols = Object.keys(types);
  const tmp = q('telcokit_test_rows');
  await client.command({ query: `DROP TABLE IF EXISTS ${tmp}` });
  await client.command({ query: `CREATE TABLE ${tmp} (${cols.map((c, j) => `c${j} ${types[c]}`).join(', ')}) ENGINE = Memory` });
  const CHUNK = 20_000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const lines = rows.slice(i, i + CHUNK).map((r) => JSON.stringify(Object.fromEntries(cols.map((c, j) => [`c${j}`, r[c] ?? null]))));
    await client.command({ query: `INSERT INTO ${tmp} FORMAT JSONEachRow\n${lines.join('\n')}` });
  }
  await client.command({ query: `INSERT INTO ${q(table)} SELECT * FROM ${tmp}` });
  await client.command({ query: `DROP TABLE ${tmp}` });
}

/**
 * `telcokit/duckdb`: the embedded DuckDB path for files larger than memory. Reads CSV and Parquet
 * through DuckDB, computes the history features and applies fitted models in SQL (the `toSql`
 * emitters), writes Parquet, and streams rows back as FeatureMatrix batches. Needs the optional
 * peer dependency `@duckdb/node-api`, loaded on first use.
 *
 * @module
 */
export { openDuckDb, closeDuckDb, DUCKDB_PACKAGE } from './open-duckdb.js';
export type { OpenDuckDbOptions, TelcoDuckDb, DuckDbConnectionLike, DuckDbChunkLike } from './open-duckdb.js';
export { registerDuckDbTable, applyModelsDuckDb, subscriberFeaturesDuckDb, queryDuckDb } from './run-duckdb.js';
export type { RegisterDuckDbTableOptions, DuckDbOutput, ApplyModelsDuckDbOptions, SubscriberFeaturesDuckDbOptions } from './run-duckdb.js';
export { streamDuckDbMatrices } from './stream-duckdb-matrices.js';
export type { StreamDuckDbMatricesOptions } from './stream-duckdb-matrices.js';

/**
 * SQL emitters: fitted models as SQL for DuckDB, ClickHouse, Spark SQL and Trino.
 *
 * @module
 */
export { toSql } from './to-sql.js';
export type { SqlModel, ToSqlOptions } from './to-sql.js';
export { SQL_DIALECTS } from './dialect.js';
export type { SqlDialectName } from './dialect.js';
export { subscriberFeaturesSql } from './subscriber-features-sql.js';
export type { SubscriberFeaturesSqlOptions } from './subscriber-features-sql.js';
export { alsFactorRows } from './recommend-sql.js';
export { hybridHistoryRows, hybridSubscriberRows } from './hybrid-sql.js';
export type { HybridSqlRules } from './hybrid-sql.js';

/**
 * `telcokit/clickhouse`: ClickHouse as the distributed engine. Tag bitmaps and audience
 * expressions answered with `bitmapAnd` / `bitmapOr` / `bitmapAndnot`, scoring tables filled from
 * the emitted SQL of `toSql` and swapped in atomically, and fits over every row that move only
 * parameters (Lloyd steps, exact quantiles, standardisation statistics). Runs a server through
 * the optional peer dependency `@clickhouse/client`, or the embedded engine through `chdb`, both
 * loaded on first use.
 *
 * @module
 */
export { connectClickHouse, openChdb, closeClickHouse, CLICKHOUSE_CLIENT_PACKAGE, CHDB_PACKAGE } from './connect-clickhouse.js';
export type { ClickHouseClientLike, ConnectClickHouseOptions, TableName } from './connect-clickhouse.js';
export { encodeSubscribersClickHouse, buildTagBitmapsClickHouse, countAudienceClickHouse, queryAudienceClickHouse } from './tag-bitmaps.js';
export type {
  EncodeSubscribersClickHouseOptions,
  BuildTagBitmapsClickHouseOptions,
  CountAudienceClickHouseOptions,
  QueryAudienceClickHouseOptions,
} from './tag-bitmaps.js';
export { applyModelsClickHouse } from './apply-models-clickhouse.js';
export type { ApplyModelsClickHouseOptions } from './apply-models-clickhouse.js';
export { lloydStepClickHouse, fitKMeansClickHouse, columnStatsClickHouse, quantilesClickHouse } from './fit-clickhouse.js';
export type {
  LloydStepResult,
  LloydStepClickHouseOptions,
  FitKMeansClickHouseOptions,
  ClickHouseColumnStats,
  ColumnStatsClickHouseOptions,
  QuantilesClickHouseOptions,
} from './fit-clickhouse.js';

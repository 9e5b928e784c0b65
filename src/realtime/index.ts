/**
 * Real-time decisioning: event triggers over streams (event time, watermarks, windows,
 * deduplication, the campaign contact policy, checkpoints) and the same rules as Flink SQL.
 * @module realtime
 */
export {
  TriggerRuleSchema,
  GeoFenceEntryRuleSchema,
  UsageDropRuleSchema,
  BalanceThresholdRuleSchema,
  TagOnRuleSchema,
  TriggerWindowSchema,
  MAX_TRIGGER_RULES,
} from './rules.js';
export type { TriggerRule, TriggerRuleInput, TriggerWindow, TriggerEvent } from './rules.js';
export { createTriggerEngine } from './trigger-engine.js';
export type {
  TriggerEngine,
  TriggerEngineOptions,
  TriggerAction,
  TriggerRejection,
  TriggerSuppression,
  TriggerStats,
  TriggerCheckpoint,
} from './trigger-engine.js';
export { toFlinkSql } from './to-flink-sql.js';
export type { ToFlinkSqlOptions, FlinkSqlScript } from './to-flink-sql.js';

/**
 * Real-time decisioning: event triggers over streams (event time, watermarks, windows,
 * deduplication, the campaign contact policy, checkpoints), the same rules as Flink SQL, and the
 * decision API as a fetch handler (audiences, offers, churn scores) with API keys, scopes, rate
 * limits, privacy for partners and a hot-audience cache.
 * @module realtime
 */
export { createDecisionHandler, DECISION_SCOPES } from './decision/create-decision-handler.js';
export type { DecisionHandler, DecisionHandlerOptions, DecisionApiKey, DecisionScope, DecisionAuditRecord, PartnerPolicy } from './decision/create-decision-handler.js';
export { hashApiKey, MIN_KEY_SECRET_BYTES, MAX_API_KEY_LENGTH } from './decision/api-keys.js';
export { createLruCache } from './decision/audience-cache.js';
export type { AudienceCache, CachedAudience, LruCacheOptions, LruAudienceCache } from './decision/audience-cache.js';
export { canonicalAudience } from './decision/canonical-audience.js';
export type { RateLimit } from './decision/rate-limit.js';
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

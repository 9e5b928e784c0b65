/**
 * Trigger rules as plain data (zod schemas) and the events the trigger engine reads. Shared by
 * {@link createTriggerEngine} and {@link toFlinkSql}, so the in-process engine and the emitted Flink
 * SQL read one rule the same way.
 *
 * @module
 */
import * as z from 'zod';
import { ValidationError } from '../errors.js';
import type { ValidationIssue } from '../errors.js';

/** Most rules one engine or one Flink script takes. @category Realtime */
export const MAX_TRIGGER_RULES = 1_000;

const id = /* @__PURE__ */ (() => z.string().min(1).max(200))();
const weekday = /* @__PURE__ */ (() => z.union([z.number().int().min(0).max(6), z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])]))();
const hhmm = /* @__PURE__ */ (() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "'HH:MM' between 00:00 and 24:00"))();

const common = {
  /** Unique rule id; it names the actions the rule emits. */
  id,
  /** Channel of the action (default `'push'`). */
  channel: z.enum(['sms', 'push', 'call']).default('push'),
  /** Offer to make (copied into the action). */
  offer: z.string().max(200).optional(),
  /** Campaign the action belongs to (copied into the action). */
  campaignId: z.string().max(200).optional(),
  /**
   * Deduplication period: at most one action per subscriber per rule per local `'hour'` or `'day'`
   * (aligned to the engine's `utcOffsetMinutes`), or once ever (`'forever'`). Default `'day'`.
   */
  oncePer: z.enum(['hour', 'day', 'forever']).default('day'),
};

/** A geo-fence entry: the previous location ping outside the circle, this one inside, in the local time window. @category Realtime */
export const GeoFenceEntryRuleSchema = /* @__PURE__ */ (() => z.strictObject({
  kind: z.literal('geoFenceEntry'),
  ...common,
  center: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
  radiusKm: z.number().positive().max(20_100),
  days: z.array(weekday).max(7).optional(),
  from: hhmm.optional(),
  to: hhmm.optional(),
  /** Local time of the window = UTC + this (default: the engine's `utcOffsetMinutes`). */
  utcOffsetMinutes: z.number().int().min(-720).max(840).optional(),
}))();

/** Event-time window of a windowed rule, in whole minutes up to 99 days (UTC-aligned, as Flink's TUMBLE and HOP). @category Realtime */
export const TriggerWindowSchema = /* @__PURE__ */ (() => z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('tumbling'), sizeMinutes: z.number().int().min(1).max(99 * 1440) }),
  z.strictObject({ type: z.literal('sliding'), sizeMinutes: z.number().int().min(1).max(99 * 1440), slideMinutes: z.number().int().min(1).max(99 * 1440) }),
]))();

/**
 * A usage drop: the subscriber's total of `metric` in a window falls below `(1 − dropFraction)` times
 * their own baseline, the mean of their previous `baselineWindows` windows (windows with events,
 * as Flink's window aggregation yields them).
 * @category Realtime
 */
export const UsageDropRuleSchema = /* @__PURE__ */ (() => z.strictObject({
  kind: z.literal('usageDrop'),
  ...common,
  metric: z.enum(['dataMB', 'voiceMinutes', 'sms']),
  window: TriggerWindowSchema,
  baselineWindows: z.number().int().min(1).max(1000).default(7),
  /** Fewest previous windows before the rule may fire (default `baselineWindows`). */
  minBaselineWindows: z.number().int().min(1).max(1000).optional(),
  dropFraction: z.number().gt(0).max(1),
}))();

/** A balance or quota below a threshold (a balance event with `field` < `threshold`). @category Realtime */
export const BalanceThresholdRuleSchema = /* @__PURE__ */ (() => z.strictObject({
  kind: z.literal('balanceBelow'),
  ...common,
  field: z.enum(['balance', 'quotaRemainingMB']),
  threshold: z.number().finite(),
}))();

/** A tag that turns on: the subscriber's previous event for `tag` said off, this one says on. @category Realtime */
export const TagOnRuleSchema = /* @__PURE__ */ (() => z.strictObject({
  kind: z.literal('tagOn'),
  ...common,
  tag: z.string().min(1).max(200),
}))();

/** One trigger rule (plain data). @category Realtime */
export const TriggerRuleSchema = /* @__PURE__ */ (() => z.discriminatedUnion('kind', [GeoFenceEntryRuleSchema, UsageDropRuleSchema, BalanceThresholdRuleSchema, TagOnRuleSchema]))();

/** A trigger rule as written (defaults optional). @category Realtime */
export type TriggerRuleInput = z.input<typeof TriggerRuleSchema>;
/** A trigger rule with its defaults filled. @category Realtime */
export type TriggerRule = z.output<typeof TriggerRuleSchema>;
/** A window of a windowed rule. @category Realtime */
export type TriggerWindow = z.output<typeof TriggerWindowSchema>;

/**
 * Checks a rule list: every rule against {@link TriggerRuleSchema}, ids unique, a sliding window's
 * size a multiple of its slide, `minBaselineWindows` ≤ `baselineWindows`, `from`/`to` apart.
 * @throws ValidationError naming the rule index and field of each problem
 * @internal
 */
export function parseTriggerRules(fn: string, rules: unknown): TriggerRule[] {
  if (!Array.isArray(rules)) throw new ValidationError(`${fn}: rules must be an array of trigger rules, got ${rules === null ? 'null' : typeof rules}`, [{ row: -1, path: [], reason: 'not an array', value: rules }]);
  if (rules.length > MAX_TRIGGER_RULES) throw new ValidationError(`${fn}: ${rules.length} rules, at most ${MAX_TRIGGER_RULES}`, [{ row: -1, path: [], reason: 'too many rules', value: rules.length }]);
  const issues: ValidationIssue[] = [];
  const out: TriggerRule[] = [];
  const seen = new Set<string>();
  rules.forEach((raw, k) => {
    const r = TriggerRuleSchema.safeParse(raw);
    if (!r.success) {
      for (const i of r.error.issues) issues.push({ row: k, path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), reason: i.message, value: valueAt(raw, i.path) });
      return;
    }
    const rule = r.data;
    if (seen.has(rule.id)) issues.push({ row: k, path: ['id'], reason: `duplicate rule id ${JSON.stringify(rule.id)}`, value: rule.id });
    seen.add(rule.id);
    if (rule.kind === 'usageDrop') {
      if (rule.window.type === 'sliding' && rule.window.sizeMinutes % rule.window.slideMinutes !== 0) {
        issues.push({ row: k, path: ['window', 'sizeMinutes'], reason: 'a sliding window size must be a whole multiple of its slide', value: rule.window.sizeMinutes });
      }
      if (rule.window.type === 'sliding' && rule.window.sizeMinutes / rule.window.slideMinutes > 1000) {
        issues.push({ row: k, path: ['window', 'slideMinutes'], reason: 'at most 1000 overlapping windows (size / slide)', value: rule.window.slideMinutes });
      }
      if ((rule.minBaselineWindows ?? rule.baselineWindows) > rule.baselineWindows) {
        issues.push({ row: k, path: ['minBaselineWindows'], reason: 'must be ≤ baselineWindows', value: rule.minBaselineWindows });
      }
    }
    out.push(rule);
  });
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new ValidationError(`${fn}: rule ${first.row}${first.path.length ? ` field ${first.path.join('.')}` : ''}: ${first.reason}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, issues);
  }
  return out;
}

function valueAt(x: unknown, path: readonly PropertyKey[]): unknown {
  let v = x;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * An event the trigger engine reads. `timestamp` is an ISO-8601 instant (as the schema's
 * LocationPing: `Z`, `±HH:MM` or no offset = UTC) or epoch milliseconds.
 * @category Realtime
 */
export type TriggerEvent =
  | { readonly type: 'location'; readonly subscriberId: string; readonly timestamp: string | number; readonly latitude: number; readonly longitude: number }
  | { readonly type: 'usage'; readonly subscriberId: string; readonly timestamp: string | number; readonly dataMB?: number; readonly voiceMinutes?: number; readonly sms?: number }
  | { readonly type: 'balance'; readonly subscriberId: string; readonly timestamp: string | number; readonly balance?: number; readonly quotaRemainingMB?: number }
  | { readonly type: 'tag'; readonly subscriberId: string; readonly timestamp: string | number; readonly tag: string; readonly on: boolean }
  | { readonly type: 'interaction'; readonly subscriberId: string; readonly timestamp: string | number; readonly offerId: string; readonly action?: string };

/**
 * Mapping a user's own column headers onto schema fields: exact names, names that differ only in
 * case and punctuation (`monthly_fee` → `monthlyFee`), a dictionary of common Chinese billing
 * headers (`月租费` → `monthlyFee`), and the user's own aliases.
 *
 * @module
 */
import type * as z from 'zod';
import { DataError } from '../errors.js';
import { requireObject, requireRecords } from '../internal/guards.js';
import { bool, defineOptions, described } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';

/**
 * Chinese headers seen in operators' billing and CRM exports, mapped to telcokit field names.
 * Subscriber-id headers map to `subscriberId`; for `SubscriberSchema` they become `id`.
 * @category Schema
 */
export const CHINESE_HEADER_ALIASES: Readonly<Record<string, string>> = {
  用户ID: 'subscriberId',
  用户id: 'subscriberId',
  用户标识: 'subscriberId',
  用户编号: 'subscriberId',
  手机号: 'subscriberId',
  月份: 'month',
  账期: 'month',
  统计月份: 'month',
  性别: 'gender',
  年龄: 'age',
  出生年份: 'birthYear',
  地区: 'regionCode',
  地市: 'regionCode',
  城市等级: 'cityTier',
  客户类型: 'customerType',
  职业: 'occupation',
  入网日期: 'joinDate',
  入网时间: 'joinDate',
  在网时长: 'tenureMonths',
  套餐: 'planId',
  套餐ID: 'planId',
  套餐名称: 'planGroup',
  付费方式: 'paymentPlan',
  优惠ID: 'discountId',
  信用分: 'creditScore',
  信用等级: 'creditScore',
  用户状态: 'status',
  网络类型: 'networkType',
  副卡数: 'secondaryCards',
  副卡数量: 'secondaryCards',
  本地通话时长: 'localVoiceMinutes',
  长途通话时长: 'longDistanceVoiceMinutes',
  漫游通话时长: 'roamingVoiceMinutes',
  主叫次数: 'callsOut',
  被叫次数: 'callsIn',
  通话对象数: 'distinctContacts',
  短信条数: 'smsCount',
  短信数: 'smsCount',
  上网流量: 'dataMB',
  流量: 'dataMB',
  总流量: 'dataMB',
  夜间流量: 'nightDataMB',
  闲时流量: 'nightDataMB',
  WAP流量: 'wapMB',
  增值业务数: 'vasCount',
  月租费: 'monthlyFee',
  本地通话话费: 'localCallFee',
  本地通话费: 'localCallFee',
  长途通话费: 'longDistanceFee',
  长途话费: 'longDistanceFee',
  基本通信费: 'basicCommFee',
  短信费: 'smsFee',
  增值业务费: 'vasFee',
  新业务费: 'newBusinessFee',
  其他费用: 'otherFee',
  出账金额: 'billedAmount',
  账单金额: 'billedAmount',
  月消费: 'billedAmount',
  实收金额: 'actualRevenue',
  充值次数: 'topUpCount',
  充值金额: 'topUpAmount',
  投诉次数: 'complaints',
  客服呼叫次数: 'serviceCalls',
  客服来电次数: 'serviceCalls',
  工作日异地通话次数: 'awayWeekdayCalls',
  // survey exports (SurveyResponseSchema in telcokit/loyalty)
  调查日期: 'date',
  回访日期: 'date',
  调研日期: 'date',
  调查渠道: 'channel',
  回访渠道: 'channel',
  调查类型: 'surveyType',
  推荐意愿: 'nps',
  推荐值: 'nps',
  NPS评分: 'nps',
  净推荐值评分: 'nps',
  满意度: 'csat',
  总体满意度: 'csat',
  满意度评分: 'csat',
  网络质量: 'networkQuality',
  网络质量满意度: 'networkQuality',
  网络覆盖: 'coverage',
  信号覆盖: 'coverage',
  资费: 'price',
  资费满意度: 'price',
  客户服务: 'customerService',
  服务满意度: 'customerService',
  账单清晰度: 'billingClarity',
  账单满意度: 'billingClarity',
  APP体验: 'digitalExperience',
  线上渠道体验: 'digitalExperience',
  意见建议: 'comment',
  评价内容: 'comment',
};

/** Options of {@link suggestColumnMapping}. @category Schema */
export interface ColumnMappingOptions {
  /** Your own header → field aliases; they win over everything else. */
  aliases?: Readonly<Record<string, string>>;
  /** Use {@link CHINESE_HEADER_ALIASES}. Default true. */
  chinese?: boolean;
}

const parseColumnMappingOptions = defineOptions('suggestColumnMapping', {
  aliases: described(o.record(o.string()), 'an object mapping headers to field names').optional(),
  chinese: bool().default(true),
});

/** What {@link suggestColumnMapping} returns. @category Schema */
export interface ColumnMapping {
  /** Header → schema field, for every header that maps. */
  mapping: Record<string, string>;
  /** Headers that map to no field of the schema. */
  unmapped: string[];
  /** Required schema fields that no header provides. */
  missingRequired: string[];
  /** Fields more than one header maps to (the first header wins; the others are unmapped). */
  conflicts: { field: string; headers: string[] }[];
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9\u4e00-\u9fff]/g, '');

/**
 * Proposes a header → field mapping for a schema. Matching order: your `aliases`, the exact field
 * name, the name ignoring case and punctuation, then the Chinese dictionary. The result is plain
 * data: review it, then pass `mapping` as the `columns` option of `readCsv` / `parseCsv`.
 *
 * @param headers - the input's column headers
 * @param schema - the target zod object schema
 * @param options - aliases; whether to use the Chinese dictionary
 * @returns `{ mapping, unmapped, missingRequired, conflicts }`
 * @example
 * suggestColumnMapping(['用户ID', '月份', 'monthly_fee'], UsageMonthSchema).mapping
 * // => { 用户ID: 'subscriberId', 月份: 'month', monthly_fee: 'monthlyFee' }
 * @category Schema
 */
export function suggestColumnMapping(headers: readonly string[], schema: z.ZodObject, options: ColumnMappingOptions = {}): ColumnMapping {
  const fn = 'suggestColumnMapping';
  if (!Array.isArray(headers)) throw new DataError(`${fn}: expected an array of header names, got ${headers === null ? 'null' : typeof headers}`);
  const shapeRaw: unknown = typeof schema === 'object' && schema !== null ? (schema as { shape?: unknown }).shape : undefined;
  if (typeof shapeRaw !== 'object' || shapeRaw === null) throw new DataError(`${fn}: expected a zod object schema (such as UsageMonthSchema)`);
  const opts = parseColumnMappingOptions(options);
  const shape = shapeRaw as Record<string, { def: { type: string } }>;
  // own properties only: `constructor`, `toString`, `__proto__` are headers like any other, never schema fields
  const inShape = (f: string) => Object.hasOwn(shape, f);
  const fields = Object.keys(shape);
  const byNorm = new Map(fields.map((f) => [norm(f), f]));
  const hasId = inShape('id');
  const aliases = opts.aliases;
  const resolve = (h: string): string | undefined => {
    const t = h.trim();
    const alias = aliases !== undefined && Object.hasOwn(aliases, t) ? aliases[t] : undefined;
    if (typeof alias === 'string') return alias;
    if (inShape(t)) return t;
    const n = byNorm.get(norm(t));
    if (n) return n;
    if (opts.chinese !== false) {
      let c = Object.hasOwn(CHINESE_HEADER_ALIASES, t) ? CHINESE_HEADER_ALIASES[t] : undefined;
      if (c === 'subscriberId' && hasId && !inShape('subscriberId')) c = 'id';
      if (c && inShape(c)) return c;
    }
    return undefined;
  };
  const mapping: Record<string, string> = {};
  const taken = new Map<string, string[]>();
  const unmapped: string[] = [];
  for (const h of headers) {
    if (typeof h !== 'string') throw new DataError(`${fn}: header names must be strings, got ${h === null ? 'null' : typeof h}`);
    const f = resolve(h);
    if (f === undefined || !inShape(f)) {
      unmapped.push(h);
      continue;
    }
    const list = taken.get(f) ?? [];
    list.push(h);
    taken.set(f, list);
    if (list.length === 1) Object.defineProperty(mapping, h, { value: f, enumerable: true, writable: true, configurable: true });
    else unmapped.push(h);
  }
  const conflicts = [...taken].filter(([, hs]) => hs.length > 1).map(([field, hs]) => ({ field, headers: hs }));
  const missingRequired = fields.filter((f) => !taken.has(f) && !['optional', 'default', 'prefault'].includes(shape[f]!.def.type));
  return { mapping, unmapped, missingRequired, conflicts };
}

/**
 * Renames the fields of records by a header → field mapping (new objects; fields not in the
 * mapping are kept under their own names).
 * @category Schema
 */
export function renameFields(records: readonly Readonly<Record<string, unknown>>[], mapping: Readonly<Record<string, string>>): Record<string, unknown>[] {
  requireRecords('renameFields', 'records', records);
  requireObject('renameFields', 'mapping', mapping, 'an object { from: to }');
  return records.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      const to = Object.hasOwn(mapping, k) ? mapping[k]! : k;
      Object.defineProperty(o, to, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return o;
  });
}

/**
 * `subscriberFeaturesSql`: the monthly-history telecom features of `subscriberFeatures` as one
 * GROUP BY query over a usage table, for DuckDB, ClickHouse, Spark SQL and Trino.
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { monthIndex } from '../features/telecom-months.js';
import { SUBSCRIBER_FEATURE_NAMES } from '../features/telecom-features.js';
import { APP_CATEGORIES, APP_FIELDS } from '../schema/usage-month.js';
import { checkSqlText, dialectOf, intLiteral } from './dialect.js';
import type { SqlDialectName } from './dialect.js';

/** Options of {@link subscriberFeaturesSql}. @category SQL */
export interface SubscriberFeaturesSqlOptions {
  /** The SQL dialect. */
  dialect: SqlDialectName;
  /** The usage table (one row per subscriber and month, `UsageMonth` fields): a name, its qualified parts, or `{ sql }` (inserted as given). */
  input: string | readonly string[] | { readonly sql: string };
  /** Where the `UsageMonth` fields live in the table when named otherwise: field → column (`{ dataMB: '上网流量' }`). */
  columns?: Readonly<Record<string, string>>;
  /** Reference month `YYYY-MM`; default the latest month in the table (a scalar subquery). */
  asOf?: string;
  /** Months in the window ending at `asOf` (default 3; an integer in 1…120). */
  windowMonths?: number;
}

const FN = 'subscriberFeaturesSql';

/** The numeric usage fields the query reads (internal: the DuckDB runner checks them). */
export const SQL_USAGE_NUMERIC: readonly string[] = [
  'billedAmount',
  'dataMB',
  'nightDataMB',
  'localVoiceMinutes',
  'longDistanceVoiceMinutes',
  'roamingVoiceMinutes',
  'vasCount',
  'vasFee',
  'topUpCount',
  'complaints',
  'serviceCalls',
  'callsIn',
  'callsOut',
  'distinctContacts',
  'awayWeekdayCalls',
  ...APP_CATEGORIES.map((c) => APP_FIELDS[c] as string),
];
/** Columns that need subscriber master data; NULL here, as in `subscriberFeatures` without `subscribers`. */
const MASTER = new Set(['tenureMonths', 'tenureBucket', 'deviceAgeMonths', 'deviceIs5G', 'device5GOn4GPlan', 'secondaryCards', 'cityTier']);


/** The checked options: the dialect, window, `asOf` as a month-index literal (or null), column renames, and the FROM source. */
function checkOptions(options: SubscriberFeaturesSqlOptions): { d: ReturnType<typeof dialectOf>; w: number; asOf: string | null; columns: Readonly<Record<string, string>>; from: string } {
  if (options === null || typeof options !== 'object') throw new OptionsError(`${FN}: options must be an object with \`dialect\` and \`input\``, 'options');
  for (const k of Object.keys(options)) {
    if (!['dialect', 'input', 'columns', 'asOf', 'windowMonths'].includes(k)) throw new OptionsError(`${FN}: unknown option '${k}'`, k);
  }
  const d = dialectOf(options.dialect, FN);
  const w = options.windowMonths ?? 3;
  if (!Number.isInteger(w) || w < 1 || w > 120) throw new OptionsError(`${FN}: windowMonths must be an integer in 1…120, got ${String(w)}`, 'windowMonths');
  let asOf: string | null = null;
  if (options.asOf !== undefined) {
    if (typeof options.asOf !== 'string' || !/^\d{4}-\d{2}$/.test(options.asOf)) {
      throw new OptionsError(`${FN}: asOf must be a month 'YYYY-MM', got ${JSON.stringify(options.asOf)}`, 'asOf');
    }
    try {
      asOf = intLiteral(monthIndex(options.asOf, FN));
    } catch (e) {
      throw new OptionsError((e as Error).message, 'asOf');
    }
  }
  const columns = options.columns ?? {};
  for (const [k, v] of Object.entries(columns)) {
    checkSqlText(k, 'column name', FN, 'columns');
    checkSqlText(v, 'column name', FN, 'columns');
  }
  let from: string;
  const input = typeof options.input === 'string' ? [options.input] : options.input;
  if (Array.isArray(input)) {
    if (input.length === 0) throw new OptionsError(`${FN}: \`input\` names no table`, 'input');
    for (const part of input as readonly string[]) checkSqlText(part, 'input table name', FN, 'input');
    from = (input as readonly string[]).map((p) => d.ident(p)).join('.');
  } else if (typeof input === 'object' && input !== null && typeof (input as { sql?: unknown }).sql === 'string') {
    checkSqlText((input as { sql: string }).sql, 'input SQL', FN, 'input');
    from = `(${(input as { sql: string }).sql}) AS ${d.ident('__telcokit_input')}`;
  } else throw new OptionsError(`${FN}: \`input\` must be a table name, its qualified parts, or { sql }`, 'input');

  return { d, w, asOf, columns, from };
}

/**
 * Writes `subscriberFeatures(usage, { asOf, windowMonths })` as SQL: one row per subscriber id
 * found in the table (column `subscriberId`), the columns of `SUBSCRIBER_FEATURE_NAMES` in
 * order, each aggregated over the window with `CASE` inside the aggregate (so the same text runs
 * in every dialect). The master-data columns (tenure, device, city tier, secondary cards) are
 * NULL, as in process without `subscribers`; join them from the subscriber table.
 *
 * Exact in kind, approximate in the last bits: SQL sums in its own order, so means, shares, the
 * OLS trend `(n Σxy − Σx Σy) / (n Σx² − (Σx)²)` and the population sd can differ from the
 * in-process doubles by a few ulps (at most 9e-14 relative on the synthetic operator, tests/sql/subscriber-features-duckdb.test.ts).
 * Duplicated (subscriber, month) rows are not detected here (the in-process function throws):
 * check them with a `GROUP BY subscriberId, month HAVING count(*) > 1` first.
 *
 * @param options - see {@link SubscriberFeaturesSqlOptions}
 * @returns the SQL text of one `SELECT`
 * @throws OptionsError for an unknown dialect, a malformed `asOf`, a `windowMonths` out of range, or a name holding NUL
 * @example
 * subscriberFeaturesSql({ dialect: 'duckdb', input: 'usage', asOf: '2024-06' }).startsWith('WITH') // => true
 * @category SQL
 */
export function subscriberFeaturesSql(options: SubscriberFeaturesSqlOptions): string {
  const { d, w, asOf, columns, from } = checkOptions(options);
  const col = (f: string): string => d.ident(Object.hasOwn(columns, f) ? columns[f]! : f);
  const num = (f: string): string => {
    const x = `CAST(${col(f)} AS ${d.double})`;
    return `(CASE WHEN ${d.isNan(x)} THEN NULL ELSE ${x} END)`;
  };
  const I = (s: string): string => d.ident(s);
  const month = col('month');
  const mi = `(CAST(substr(${month}, 1, 4) AS BIGINT) * 12 + CAST(substr(${month}, 6, 2) AS BIGINT) - 1)`;
  const apps = APP_CATEGORIES.map((c) => APP_FIELDS[c] as string);
  const fields = SQL_USAGE_NUMERIC;
  const base = [`${col('subscriberId')} AS ${I('sid')}`, `${mi} AS ${I('mi')}`, ...fields.map((f) => `${num(f)} AS ${I(f)}`)];
  const asOfSql = asOf ?? `(SELECT max(${I('mi')}) FROM ${I('__telcokit_u')})`;
  // per row: window flags and the derived per-month values
  const f = (n: string): string => I(n);
  const voice = `(${f('localVoiceMinutes')} + ${f('longDistanceVoiceMinutes')} + ${f('roamingVoiceMinutes')})`;
  const rows = [
    `${f('sid')}`,
    `${f('mi')}`,
    `${f('mi')} - ${f('asof')} AS ${I('x')}`,
    `(CASE WHEN ${f('mi')} <= ${f('asof')} AND ${f('mi')} > ${f('asof')} - ${intLiteral(w)} THEN 1 ELSE 0 END) AS ${I('w')}`,
    `(CASE WHEN ${f('mi')} = ${f('asof')} THEN 1 ELSE 0 END) AS ${I('last')}`,
    `${f('asof')}`,
    ...fields.map((n) => f(n)),
    `${voice} AS ${I('voice')}`,
    `${f('callsIn')} + ${f('callsOut')} AS ${I('calls')}`,
  ];
  const inW = (e: string): string => `(CASE WHEN ${f('w')} = 1 THEN ${e} END)`;
  const prior = (e: string): string => `(CASE WHEN ${f('w')} = 1 AND ${f('last')} = 0 THEN ${e} END)`;
  const atLast = (e: string): string => `max(CASE WHEN ${f('last')} = 1 THEN ${e} END)`;
  const dbl = (e: string): string => `CAST(${e} AS ${d.double})`;
  const agg: [string, string][] = [
    ['n_bill', `count(${inW(f('billedAmount'))})`],
    ['s_bill', `sum(${inW(f('billedAmount'))})`],
    ['sx', `sum(${inW(`CASE WHEN ${f('billedAmount')} IS NOT NULL THEN ${dbl(f('x'))} END`)})`],
    ['sxx', `sum(${inW(`CASE WHEN ${f('billedAmount')} IS NOT NULL THEN ${dbl(f('x'))} * ${dbl(f('x'))} END`)})`],
    ['sxy', `sum(${inW(`${dbl(f('x'))} * ${f('billedAmount')}`)})`],
    ['sd_bill', `stddev_pop(${inW(f('billedAmount'))})`],
    ['has_last', `max(${f('last')})`],
    ['last_bill', atLast(f('billedAmount'))],
    ['last_data', atLast(f('dataMB'))],
    ['last_voice', atLast(f('voice'))],
    ['prior_data', `avg(${prior(f('dataMB'))})`],
    ['prior_voice', `avg(${prior(f('voice'))})`],
    ['s_data', `sum(${inW(f('dataMB'))})`],
    ['s_night', `sum(${inW(`CASE WHEN ${f('dataMB')} IS NOT NULL THEN ${f('nightDataMB')} END`)})`],
    ['s_voice', `sum(${inW(f('voice'))})`],
    ['vasIntensity', `avg(${inW(f('vasCount'))})`],
    ['n_vasfee', `count(${inW(f('vasFee'))})`],
    ['s_vasfee', `sum(${inW(f('vasFee'))})`],
    ['topUpFrequency', `avg(${inW(f('topUpCount'))})`],
    ['last_topup', `max(CASE WHEN ${f('mi')} <= ${f('asof')} AND ${f('topUpCount')} > 0 THEN ${f('mi')} END)`],
    ['complaintRate', `avg(${inW(f('complaints'))})`],
    ['serviceCallRate', `avg(${inW(f('serviceCalls'))})`],
    ['callsPerMonth', `avg(${inW(f('calls'))})`],
    ['contactsPerMonth', `avg(${inW(f('distinctContacts'))})`],
    ['n_away', `count(${inW(f('awayWeekdayCalls'))})`],
    ['s_away', `sum(${inW(f('awayWeekdayCalls'))})`],
    ['s_out_away', `sum(${inW(`CASE WHEN ${f('awayWeekdayCalls')} IS NOT NULL THEN ${f('callsOut')} END`)})`],
    ...apps.map((a, k): [string, string] => [`s_app${k}`, `COALESCE(sum(${inW(f(a))}), 0e0)`]),
    ['monthsObserved', `sum(${f('w')})`],
    ['asof', `max(${f('asof')})`],
  ];
  const g = (n: string): string => I(n);
  const clip01 = (e: string): string => `(CASE WHEN ${e} < 0e0 THEN 0e0 WHEN ${e} > 1e0 THEN 1e0 ELSE ${e} END)`;
  const drop = (last: string, pm: string): string => `(CASE WHEN ${g('has_last')} = 1 AND ${g(pm)} > 0e0 THEN 1e0 - ${g(last)} / ${g(pm)} END)`;
  const appTot = `(${apps.map((_, k) => g(`s_app${k}`)).join(' + ')})`;
  const arpu = `(${g('s_bill')} / ${g('n_bill')})`;
  const out: Record<string, string> = {
    arpu: `(CASE WHEN ${g('n_bill')} > 0 THEN ${arpu} END)`,
    arpuTrend: `(CASE WHEN ${g('n_bill')} >= 2 THEN (${g('n_bill')} * ${g('sxy')} - ${g('sx')} * ${g('s_bill')}) / (${g('n_bill')} * ${g('sxx')} - ${g('sx')} * ${g('sx')}) END)`,
    billVolatility: `(CASE WHEN ${g('n_bill')} >= 2 AND ${arpu} > 0e0 THEN ${g('sd_bill')} / ${arpu} END)`,
    monthlyBill: `(CASE WHEN ${g('has_last')} = 1 THEN ${g('last_bill')} END)`,
    dataMB: `(CASE WHEN ${g('has_last')} = 1 THEN ${g('last_data')} END)`,
    voiceMinutes: `(CASE WHEN ${g('has_last')} = 1 THEN ${g('last_voice')} END)`,
    dataDropRatio: drop('last_data', 'prior_data'),
    voiceDropRatio: drop('last_voice', 'prior_voice'),
    nightDataShare: `(CASE WHEN ${g('s_data')} > 0e0 THEN ${clip01(`COALESCE(${g('s_night')}, 0e0) / ${g('s_data')}`)} END)`,
    voiceDataMix: `(CASE WHEN ${g('s_voice')} + ${g('s_data')} > 0e0 THEN ${g('s_voice')} / (${g('s_voice')} + ${g('s_data')}) END)`,
    vasIntensity: g('vasIntensity'),
    vasSpendShare: `(CASE WHEN ${g('n_vasfee')} > 0 AND COALESCE(${g('s_bill')}, 0e0) > 0e0 THEN ${g('s_vasfee')} / ${g('s_bill')} END)`,
    topUpFrequency: g('topUpFrequency'),
    topUpRecencyMonths: dbl(`${g('asof')} - ${g('last_topup')}`),
    complaintRate: g('complaintRate'),
    serviceCallRate: g('serviceCallRate'),
    callsPerMonth: g('callsPerMonth'),
    contactsPerMonth: g('contactsPerMonth'),
    awayWeekdayCallShare: `(CASE WHEN ${g('n_away')} > 0 AND ${g('s_out_away')} > 0e0 THEN ${clip01(`${g('s_away')} / ${g('s_out_away')}`)} END)`,
    ...Object.fromEntries(APP_CATEGORIES.map((c, k) => [`appShare_${c}`, `(CASE WHEN ${appTot} > 0e0 THEN ${g(`s_app${k}`)} / ${appTot} END)`])),
    monthsObserved: dbl(g('monthsObserved')),
  };
  const select = SUBSCRIBER_FEATURE_NAMES.map((n) => `${MASTER.has(n) ? `CAST(NULL AS ${d.double})` : out[n]} AS ${I(n)}`);
  const stage = (name: string, list: readonly string[], src: string, tail = ''): string =>
    `${I(name)} AS (\n  SELECT\n    ${list.join(',\n    ')}\n  FROM ${src}${tail}\n)`;
  return [
    'WITH',
    [
      stage('__telcokit_u', base, from),
      stage('__telcokit_r', rows, `${I('__telcokit_u')} CROSS JOIN (SELECT ${asOfSql} AS ${I('asof')}) AS ${I('__telcokit_a')}`),
      stage('__telcokit_g', [f('sid'), ...agg.map(([n, e]) => `${e} AS ${I(n)}`)], I('__telcokit_r'), `\n  GROUP BY ${f('sid')}`),
    ].join(',\n'),
    `SELECT\n  ${[`${g('sid')} AS ${I('subscriberId')}`, ...select].join(',\n  ')}\nFROM ${I('__telcokit_g')}`,
  ].join('\n');
}

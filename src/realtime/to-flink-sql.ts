/**
 * `toFlinkSql`: the trigger rules of {@link createTriggerEngine} as a Flink SQL script, for
 * operators whose event streams run on Apache Flink.
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { defineOptions, described, int, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { parseTriggerRules } from './rules.js';
import type { TriggerRule, TriggerRuleInput } from './rules.js';

/** Options of {@link toFlinkSql}. @category Realtime */
export interface ToFlinkSqlOptions {
  /** Name of the event source table (default `'telco_events'`). */
  sourceTable?: string;
  /** `WITH` options of the source (default a Kafka topic `telco-events` in JSON on localhost:9092). */
  source?: Readonly<Record<string, string>>;
  /** Name of the action sink table (default `'trigger_actions'`). */
  sinkTable?: string;
  /** `WITH` options of the sink (default a Kafka topic `trigger-actions` in JSON). */
  sink?: Readonly<Record<string, string>>;
  /** Prefix of the temporary views, one per rule plus their union (default `'telcokit_trigger'`). */
  viewPrefix?: string;
  /** Bounded out-of-orderness, ms, as the engine's option: the watermark is `event_time − (B + 1) ms`. Default 0. */
  maxOutOfOrdernessMs?: number;
  /** Local time offset for dedup periods and geo windows without their own, minutes. Default 0. */
  utcOffsetMinutes?: number;
  /** A table of do-not-disturb subscriber ids (`subscriber_id STRING`) to leave out; default none. */
  doNotDisturbTable?: string;
  /** `WITH` options of the do-not-disturb table (default a filesystem CSV `do_not_disturb.csv`). */
  doNotDisturb?: Readonly<Record<string, string>>;
}

/** A Flink SQL script: the statements in order, and the whole text. @category Realtime */
export interface FlinkSqlScript {
  /** Each statement without its final `;` (submit them one by one, e.g. with a `StatementSet`). */
  readonly statements: readonly string[];
  /** The statements joined with `;\n\n`, ending in `;\n` (for `sql-client.sh -f`). */
  readonly sql: string;
}

const withOptions = described(
  o.refine(o.record(o.string()), (r) => Object.keys(r).length > 0),
  'an object of string option values',
);

const parseOptions = defineOptions('toFlinkSql', {
  sourceTable: str().default('telco_events'),
  source: withOptions.default({ connector: 'kafka', topic: 'telco-events', 'properties.bootstrap.servers': 'localhost:9092', 'scan.startup.mode': 'earliest-offset', format: 'json' }),
  sinkTable: str().default('trigger_actions'),
  sink: withOptions.default({ connector: 'kafka', topic: 'trigger-actions', 'properties.bootstrap.servers': 'localhost:9092', format: 'json' }),
  viewPrefix: str().default('telcokit_trigger'),
  maxOutOfOrdernessMs: int(0, 30 * 86_400_000).default(0),
  utcOffsetMinutes: int(-720, 840).default(0),
  doNotDisturbTable: str().optional(),
  doNotDisturb: withOptions.default({ connector: 'filesystem', path: 'do_not_disturb.csv', format: 'csv' }),
});

/** Mean Earth radius, km, as geoFenceTag. */
const EARTH_RADIUS_KM = 6371.0088;

/** A quoted identifier: backticks, an inner backtick doubled; control characters refused. */
function ident(fn: string, name: string, option: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new OptionsError(`${fn}: ${option} must not contain control characters, got ${JSON.stringify(name.slice(0, 40))}`, option);
  return '`' + name.replaceAll('`', '``') + '`';
}

/** A string literal: single quotes, an inner quote doubled; control characters as Unicode escapes. */
function lit(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f\\]/.test(s)) return `'${s.replaceAll("'", "''")}'`;
  // U&'…' with \XXXX escapes for control characters and the backslash itself
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f || ch === '\\') out += '\\' + c.toString(16).padStart(4, '0');
    else if (ch === "'") out += "''";
    else out += ch;
  }
  return `U&'${out}'`;
}

/** A numeric literal that Flink reads back as the same double. */
function numLit(x: number): string {
  const s = String(x);
  return s.includes('e') ? `CAST(${lit(s)} AS DOUBLE)` : s;
}

/** A day-time interval of whole minutes in the largest exact unit (leading precision 2). */
function minutes(m: number): string {
  if (m % 1440 === 0 && m / 1440 <= 99) return `INTERVAL '${m / 1440}' DAY`;
  if (m % 60 === 0 && m / 60 <= 99) return `INTERVAL '${m / 60}' HOUR`;
  if (m <= 99) return `INTERVAL '${m}' MINUTE`;
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return `INTERVAL '${d} ${String(h).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}' DAY TO MINUTE`;
}

function withClause(w: Readonly<Record<string, string>>): string {
  return `WITH (\n${Object.entries(w).map(([k, v]) => `  ${lit(k)} = ${lit(v)}`).join(',\n')}\n)`;
}

function hhmmMinutes(s: string | undefined, fallback: number): number {
  return s === undefined ? fallback : Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

const DAY_NO: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };


/** The events table: one row per event, with a watermark `maxOutOfOrdernessMs` + 1 ms behind the event time. */
function sourceTableDdl(src: string, maxOutOfOrdernessMs: number, connector: Readonly<Record<string, string>>): string {
  const wmMs = maxOutOfOrdernessMs + 1;
  return `CREATE TABLE ${src} (
  \`subscriber_id\` STRING,
  \`event_type\` STRING,
  \`event_time\` TIMESTAMP(3),
  \`latitude\` DOUBLE,
  \`longitude\` DOUBLE,
  \`data_mb\` DOUBLE,
  \`voice_minutes\` DOUBLE,
  \`sms\` DOUBLE,
  \`balance\` DOUBLE,
  \`quota_remaining_mb\` DOUBLE,
  \`tag\` STRING,
  \`tag_on\` BOOLEAN,
  WATERMARK FOR \`event_time\` AS \`event_time\` - INTERVAL '${Math.floor(wmMs / 1000)}.${String(wmMs % 1000).padStart(3, '0')}' SECOND
) ${withClause(connector)}`;
}

/** The actions table the INSERT writes. */
function sinkTableDdl(sink: string, connector: Readonly<Record<string, string>>): string {
  return `CREATE TABLE ${sink} (
  \`action_id\` STRING,
  \`rule_id\` STRING,
  \`rule_kind\` STRING,
  \`subscriber_id\` STRING,
  \`event_time\` TIMESTAMP(3),
  \`channel\` STRING,
  \`offer\` STRING,
  \`campaign_id\` STRING,
  \`period\` BIGINT,
  \`value\` DOUBLE,
  \`baseline\` DOUBLE
) ${withClause(connector)}`;
}

/**
 * Emits Flink SQL that runs the same trigger rules on a Flink cluster: a source table of events
 * with a watermark declaration, one temporary view per rule, their union, and an `INSERT` into
 * an action sink with the per-period deduplication.
 *
 * How each rule maps: `geoFenceEntry` and `tagOn` are sequences (outside then inside; off then
 * on) and become `MATCH_RECOGNIZE` with `PATTERN (A B)` partitioned by subscriber and ordered by
 * event time; the circle test is the haversine inequality of `geoFenceTag`
 * (`sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) ≤ sin²(r / 2R)`), the local window uses `HOUR`, `MINUTE`
 * and `DAYOFWEEK` of the time shifted by the offset. `usageDrop` is a `TUMBLE` or `HOP` window
 * aggregation whose totals go through two identical `OVER` windows of the last `baselineWindows + 1` rows per
 * subscriber (the baseline is the sum less the current window over the count less one, since Flink
 * bounds `OVER` windows at `CURRENT ROW`). `balanceBelow` is a filter. Deduplication is Flink's
 * `ROW_NUMBER() … ORDER BY` rowtime `= 1` per subscriber, rule and period; the optional
 * do-not-disturb table is an anti-join. Frequency caps and quiet hours are not in the SQL: apply
 * them where the actions are sent (`checkContact` from the campaign module does it per action).
 *
 * Every identifier is quoted with backticks (inner backticks doubled) and every string literal
 * with single quotes (inner quotes doubled; control characters as `U&'\XXXX'` escapes), so rule
 * ids, tags and table names cannot break out of the SQL.
 *
 * Flink differences from the engine: Flink emits watermarks periodically, not after every event
 * (same results, later); late rows pass a plain filter (`balanceBelow`) on Flink but are reported
 * as late by the engine; window TVF aggregations have no allowed lateness (the engine's
 * `allowedLatenessMs` must be 0 for identical results).
 *
 * @param rules - trigger rules, as {@link createTriggerEngine} takes them
 * @param options - see {@link ToFlinkSqlOptions}
 * @returns the script: `statements` and `sql`
 * @throws ValidationError for bad rules (rule index and field); OptionsError for bad options or a
 *   table name with control characters
 * @example
 * const { statements } = toFlinkSql([{ id: 'low-balance', kind: 'balanceBelow', field: 'balance', threshold: 5 }]);
 * statements.length // => 5
 * statements[0]!.startsWith('CREATE TABLE `telco_events`') // => true
 * @category Realtime
 */
export function toFlinkSql(rules: readonly TriggerRuleInput[], options?: ToFlinkSqlOptions): FlinkSqlScript {
  const fn = 'toFlinkSql';
  const R = parseTriggerRules(fn, rules);
  if (R.length === 0) throw new OptionsError(`${fn}: no rules to emit`, 'rules');
  const o = parseOptions(options);
  const src = ident(fn, o.sourceTable, 'sourceTable');
  const sink = ident(fn, o.sinkTable, 'sinkTable');
  const view = (k: number | string): string => ident(fn, `${o.viewPrefix}_${k}`, 'viewPrefix');
  const statements: string[] = [];
  statements.push(sourceTableDdl(src, o.maxOutOfOrdernessMs, o.source), sinkTableDdl(sink, o.sink));
  const dnd = o.doNotDisturbTable !== undefined ? ident(fn, o.doNotDisturbTable, 'doNotDisturbTable') : null;
  if (dnd) statements.push(`CREATE TABLE ${dnd} (\n  \`subscriber_id\` STRING\n) ${withClause(o.doNotDisturb)}`);

  const local = (col: string, off: number): string => (off === 0 ? col : `TIMESTAMPADD(MINUTE, ${off}, ${col})`);
  const periodOf = (r: TriggerRule, col: string): string =>
    r.oncePer === 'forever' ? 'CAST(0 AS BIGINT)' : `CAST(TIMESTAMPDIFF(${r.oncePer === 'hour' ? 'HOUR' : 'DAY'}, TIMESTAMP '1970-01-01 00:00:00', ${local(col, o.utcOffsetMinutes)}) AS BIGINT)`;
  const head = (r: TriggerRule, time: string, value: string, baseline: string): string =>
    `SELECT ${lit(r.id)} AS \`rule_id\`, ${lit(r.kind)} AS \`rule_kind\`, \`subscriber_id\`, ${time} AS \`trigger_time\`, ${lit(r.channel)} AS \`channel\`, ${r.offer !== undefined ? lit(r.offer) : 'CAST(NULL AS STRING)'} AS \`offer\`, ${r.campaignId !== undefined ? lit(r.campaignId) : 'CAST(NULL AS STRING)'} AS \`campaign_id\`, ${periodOf(r, time)} AS \`period\`, ${value} AS \`value\`, ${baseline} AS \`baseline\``;
  const NULLD = 'CAST(NULL AS DOUBLE)';
  const sequence = (cols: string, where: string, defineA: string, defineB: string, partition: string): string =>
    `FROM (
  SELECT ${cols} FROM ${src} WHERE ${where}
) MATCH_RECOGNIZE (
  PARTITION BY ${partition}
  ORDER BY \`event_time\`
  MEASURES MATCH_ROWTIME() AS \`match_time\`${cols.includes('`latitude`') ? ', B.`latitude` AS `latitude`, B.`longitude` AS `longitude`' : ''}
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO LAST B
  PATTERN (A B)
  DEFINE
    A AS ${defineA},
    B AS ${defineB}
) AS m`;

  R.forEach((r, k) => {
    let body: string;
    switch (r.kind) {
      case 'balanceBelow': {
        const col = r.field === 'balance' ? '`balance`' : '`quota_remaining_mb`';
        body = `${head(r, '`event_time`', col, NULLD)}\nFROM ${src}\nWHERE \`event_type\` = 'balance' AND ${col} < ${numLit(r.threshold)}`;
        break;
      }
      case 'tagOn':
        body = `${head(r, '`match_time`', NULLD, NULLD)}\n${sequence('`subscriber_id`, `event_time`, `tag_on`', `\`event_type\` = 'tag' AND \`tag\` = ${lit(r.tag)} AND \`tag_on\` IS NOT NULL`, 'A.`tag_on` = FALSE', 'B.`tag_on` = TRUE', '`subscriber_id`')}`;
        break;
      case 'geoFenceEntry': {
        const ang = Math.min(Math.PI, r.radiusKm / EARTH_RADIUS_KM);
        const hMax = Math.sin(ang / 2) ** 2;
        const inside = (v: string): string =>
          `POWER(SIN(RADIANS(${v}.\`latitude\` - ${numLit(r.center.lat)}) / 2), 2) + ${numLit(Math.cos((r.center.lat * Math.PI) / 180))} * COS(RADIANS(${v}.\`latitude\`)) * POWER(SIN(RADIANS(${v}.\`longitude\` - ${numLit(r.center.lon)}) / 2), 2) <= ${numLit(hMax)}`;
        const off = r.utcOffsetMinutes ?? o.utcOffsetMinutes;
        const from = hhmmMinutes(r.from, 0);
        const to = hhmmMinutes(r.to, 1440);
        const lt = local('B.`event_time`', off);
        const minute = `(HOUR(${lt}) * 60 + MINUTE(${lt}))`;
        const conds: string[] = [];
        const wrap = from > to;
        if (from !== to && !(from === 0 && to === 1440)) conds.push(wrap ? `(${minute} >= ${from} OR ${minute} < ${to})` : `${minute} >= ${from} AND ${minute} < ${to}`);
        if (r.days !== undefined) {
          const set = [...new Set(r.days.map((d) => (typeof d === 'number' ? d : DAY_NO[d]!)))].sort((a, b) => a - b).map((d) => d + 1);
          const dow = wrap ? `CASE WHEN ${minute} < ${to} THEN DAYOFWEEK(TIMESTAMPADD(DAY, -1, ${lt})) ELSE DAYOFWEEK(${lt}) END` : `DAYOFWEEK(${lt})`;
          conds.push(set.length === 0 ? 'FALSE' : `${dow} IN (${set.join(', ')})`);
        }
        body = `${head(r, '`match_time`', NULLD, NULLD)}\n${sequence('`subscriber_id`, `event_time`, `latitude`, `longitude`', "`event_type` = 'location' AND `latitude` IS NOT NULL AND `longitude` IS NOT NULL", `NOT (${inside('A')})`, [inside('B'), ...conds].join('\n      AND '), '`subscriber_id`')}`;
        break;
      }
      case 'usageDrop': {
        const col = r.metric === 'dataMB' ? '`data_mb`' : r.metric === 'voiceMinutes' ? '`voice_minutes`' : '`sms`';
        const tvf =
          r.window.type === 'tumbling'
            ? `TUMBLE(TABLE ${src}, DESCRIPTOR(\`event_time\`), ${minutes(r.window.sizeMinutes)})`
            : `HOP(TABLE ${src}, DESCRIPTOR(\`event_time\`), ${minutes(r.window.slideMinutes)}, ${minutes(r.window.sizeMinutes)})`;
        const minN = r.minBaselineWindows ?? r.baselineWindows;
        const over = `(PARTITION BY \`subscriber_id\` ORDER BY \`window_time\` ROWS BETWEEN ${r.baselineWindows} PRECEDING AND CURRENT ROW)`;
        body = `${head(r, '`window_time`', '`total`', '`baseline`')}
FROM (
  SELECT \`subscriber_id\`, \`window_time\`, \`total\`, (\`running_sum\` - \`total\`) / NULLIF(\`running_count\` - 1, 0) AS \`baseline\`, \`running_count\` - 1 AS \`n\`
  FROM (
    SELECT \`subscriber_id\`, \`window_time\`, \`total\`,
      SUM(\`total\`) OVER ${over} AS \`running_sum\`,
      COUNT(\`total\`) OVER ${over} AS \`running_count\`
    FROM (
      SELECT \`subscriber_id\`, \`window_start\`, \`window_end\`, \`window_time\`, SUM(${col}) AS \`total\`
      FROM TABLE(${tvf})
      WHERE \`event_type\` = 'usage' AND ${col} IS NOT NULL
      GROUP BY \`subscriber_id\`, \`window_start\`, \`window_end\`, \`window_time\`
    )
  )
)
WHERE \`n\` >= ${minN} AND \`baseline\` > 0 AND \`total\` < ${numLit(1 - r.dropFraction)} * \`baseline\``;
        break;
      }
    }
    statements.push(`CREATE TEMPORARY VIEW ${view(k)} AS\n${body}`);
  });
  statements.push(`CREATE TEMPORARY VIEW ${view('all')} AS\n${R.map((_, k) => `SELECT * FROM ${view(k)}`).join('\nUNION ALL\n')}`);
  statements.push(
    `INSERT INTO ${sink}
SELECT CONCAT(\`rule_id\`, '|', CAST(\`period\` AS STRING), '|', \`subscriber_id\`) AS \`action_id\`, \`rule_id\`, \`rule_kind\`, \`subscriber_id\`, \`trigger_time\` AS \`event_time\`, \`channel\`, \`offer\`, \`campaign_id\`, \`period\`, \`value\`, \`baseline\`
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY \`subscriber_id\`, \`rule_id\`, \`period\` ORDER BY \`trigger_time\` ASC) AS \`rn\`
  FROM ${view('all')}
)
WHERE \`rn\` = 1${dnd ? `\n  AND \`subscriber_id\` NOT IN (SELECT \`subscriber_id\` FROM ${dnd})` : ''}`,
  );
  return { statements, sql: statements.join(';\n\n') + ';\n' };
}

/**
 * toFlinkSql: golden Flink SQL (tests/realtime/golden/, reviewed by hand; regenerate with
 * TELCOKIT_UPDATE_GOLDEN=1), every statement parsed by dt-sql-parser 4.5's Flink SQL grammar
 * (an ANTLR grammar of Flink SQL; no Flink cluster runs here), and hostile names kept inside their
 * quotes.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FlinkSQL } from 'dt-sql-parser/dist/parser/flink/index.js';
import { OptionsError, ValidationError } from 'telcokit';
import { toFlinkSql } from 'telcokit/realtime';
import type { TriggerRuleInput } from 'telcokit/realtime';

const here = dirname(fileURLToPath(import.meta.url));
const parser = new FlinkSQL();
const parses = (statements: readonly string[]) => statements.map((s) => parser.validate(`${s};`)).filter((e) => e.length > 0);

const rules: TriggerRuleInput[] = [
  { id: 'mall-lunch', kind: 'geoFenceEntry', center: { lat: 31.2304, lon: 121.4737 }, radiusKm: 1, days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '11:30', to: '13:30', utcOffsetMinutes: 480, offer: 'lunch-10', campaignId: 'lunch' },
  { id: 'night-out', kind: 'geoFenceEntry', center: { lat: 31.24, lon: 121.49 }, radiusKm: 0.5, days: ['fri', 'sat'], from: '22:00', to: '02:00', channel: 'sms', oncePer: 'hour' },
  { id: 'data-recall', kind: 'usageDrop', metric: 'dataMB', window: { type: 'tumbling', sizeMinutes: 1440 }, baselineWindows: 7, minBaselineWindows: 3, dropFraction: 0.6, channel: 'call', offer: 'recall-5gb' },
  { id: 'voice-dip', kind: 'usageDrop', metric: 'voiceMinutes', window: { type: 'sliding', sizeMinutes: 180, slideMinutes: 60 }, baselineWindows: 4, dropFraction: 0.5, oncePer: 'forever' },
  { id: 'low-balance', kind: 'balanceBelow', field: 'balance', threshold: 5, channel: 'sms', offer: 'top-up' },
  { id: 'quota', kind: 'balanceBelow', field: 'quotaRemainingMB', threshold: 0.000001 },
  { id: 'traveller', kind: 'tagOn', tag: 'travel_enthusiast', offer: 'roaming-pack' },
];

describe('toFlinkSql', () => {
  test('toFlinkSql(rules) matches tests/realtime/golden/triggers.flink.sql', () => {
    const { sql } = toFlinkSql(rules, { maxOutOfOrdernessMs: 30_000, utcOffsetMinutes: 480, doNotDisturbTable: 'do_not_disturb' });
    const file = join(here, 'golden', 'triggers.flink.sql');
    if (process.env.TELCOKIT_UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, sql);
    }
    expect(sql).toBe(readFileSync(file, 'utf8'));
  });

  test('every statement parses with the Flink SQL grammar, which rejects broken SQL', () => {
    const { statements, sql } = toFlinkSql(rules, { maxOutOfOrdernessMs: 30_000, doNotDisturbTable: 'dnd' });
    expect(statements.length).toBe(2 + 1 + rules.length + 2);
    expect(parses(statements)).toEqual([]);
    expect(sql).toBe(`${statements.join(';\n\n')};\n`);
    expect(parser.validate('SELECT * FROM t MATCH_RECOGNIZE (PATTERN (A B) DEFINE A AS);').length).toBeGreaterThan(0);
    expect(parser.validate(`${statements.find((x) => x.includes('PATTERN (A B)'))!.replace('PATTERN (A B)', 'PATTERN (A B')};`).length).toBeGreaterThan(0);
  });

  test('the watermark is event_time − (maxOutOfOrdernessMs + 1) ms, as the engine\'s', () => {
    const one = (ms: number) => toFlinkSql([rules[4]!], { maxOutOfOrdernessMs: ms }).statements[0]!;
    expect(one(0)).toContain("WATERMARK FOR `event_time` AS `event_time` - INTERVAL '0.001' SECOND");
    expect(one(90_500)).toContain("WATERMARK FOR `event_time` AS `event_time` - INTERVAL '90.501' SECOND");
  });

  test('the geo-fence test is the haversine inequality with sin²(r / 2R), R = 6371.0088 km', () => {
    const s = toFlinkSql([rules[0]!]).statements[2]!;
    const hMax = Math.sin(1 / (2 * 6371.0088)) ** 2; // 6.159…e-9
    expect(s).toContain(`<= CAST('${hMax}' AS DOUBLE)`);
    expect(s).toContain('PATTERN (A B)');
    expect(s).toContain('DAYOFWEEK(TIMESTAMPADD(MINUTE, 480, B.`event_time`)) IN (2, 3, 4, 5, 6)');
    // a window wrapping midnight counts its small hours on the day it started
    const night = toFlinkSql([rules[1]!]).statements[2]!;
    expect(night).toContain('CASE WHEN (HOUR(B.`event_time`) * 60 + MINUTE(B.`event_time`)) < 120 THEN DAYOFWEEK(TIMESTAMPADD(DAY, -1, B.`event_time`))');
  });

  test('windows map to TUMBLE and HOP with exact intervals', () => {
    const t = toFlinkSql([rules[2]!]).statements[2]!;
    expect(t).toContain("TUMBLE(TABLE `telco_events`, DESCRIPTOR(`event_time`), INTERVAL '1' DAY)");
    expect(t).toContain('ROWS BETWEEN 7 PRECEDING AND CURRENT ROW');
    expect(t).toContain('`n` >= 3 AND `baseline` > 0 AND `total` < 0.4 * `baseline`');
    const h = toFlinkSql([rules[3]!]).statements[2]!;
    expect(h).toContain("HOP(TABLE `telco_events`, DESCRIPTOR(`event_time`), INTERVAL '1' HOUR, INTERVAL '3' HOUR)");
    const odd = toFlinkSql([{ id: 'w', kind: 'usageDrop', metric: 'sms', window: { type: 'tumbling', sizeMinutes: 1530 }, dropFraction: 0.5 }]).statements;
    expect(odd[2]).toContain("INTERVAL '1 01:30' DAY TO MINUTE");
    expect(parses(odd)).toEqual([]);
  });

  test('hostile rule ids, tags, offers and table names stay inside their quotes', () => {
    const hostile: TriggerRuleInput[] = [
      { id: "x'); DROP TABLE t; --", kind: 'tagOn', tag: "a' OR '1'='1", offer: 'back\\slash' },
      { id: 'new\nline', kind: 'balanceBelow', field: 'balance', threshold: -1e-7, campaignId: '`tick`' },
    ];
    const { statements } = toFlinkSql(hostile, { sourceTable: 'ev`il', sinkTable: 'out; DROP', viewPrefix: 'v`' });
    expect(parses(statements)).toEqual([]);
    const all = statements.join('\n');
    expect(all).toContain("'x''); DROP TABLE t; --' AS `rule_id`");
    expect(all).toContain("`tag` = 'a'' OR ''1''=''1'");
    expect(all).toContain("U&'back\\005cslash'");
    expect(all).toContain("U&'new\\000aline' AS `rule_id`");
    expect(all).toContain("CAST('-1e-7' AS DOUBLE)");
    expect(all).toContain('CREATE TABLE `ev``il`');
    expect(all).toContain('INSERT INTO `out; DROP`');
    expect(all).toContain('`v``_all`');
    expect(() => toFlinkSql(hostile, { sinkTable: 'a\nb' })).toThrow(OptionsError);
  });

  test('bad input is a named error', () => {
    expect(() => toFlinkSql([])).toThrow(OptionsError);
    expect(() => toFlinkSql([{ id: 'a', kind: 'tagOn' } as never])).toThrow(/^toFlinkSql: rule 0 field tag/);
    expect(() => toFlinkSql(undefined as never)).toThrow(ValidationError);
    expect(() => toFlinkSql(rules, { source: {} })).toThrow(/option source/);
    expect(() => toFlinkSql(rules, { sinkTabel: 'x' } as never)).toThrow(/did you mean 'sinkTable'/);
  });
});

/**
 * The ClickHouse text of toSql(recommend/hybrid) run in the embedded engine chDB (ClickHouse 26.7):
 * the offers, their order and their scores equal `recommend`'s, without rules and with each
 * business rule (exclude, eligible, maxPerCategory; per-subscriber `exclude` and `eligible`
 * tables), for known subscribers and ids the model does not know, with the model's numbers inline
 * and from tables, and with hostile offer ids and categories. "Equal" as in
 * tests/sql/hybrid-reference.ts. Skips with a message when chdb is not installed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fitRecommender, generateOperator, hybridHistoryRows, hybridSubscriberRows, toSql } from '../../src/index.js';
import type { HybridSqlRules, RecommenderModel, RecommendInteraction } from '../../src/index.js';
import type { ClickHouseClientLike } from '../../src/clickhouse/index.js';
import { interactions as fxInteractions, offers as fxOffers, subscribers as fxSubscribers } from '../recommend/fixtures.js';
import { engineRows, expectSameAsRecommend } from '../sql/hybrid-reference.js';
import type { Rules } from '../sql/hybrid-reference.js';
import { tryChdb, writeRows } from './helpers.js';

const opened = await tryChdb();
const skip = 'skip' in opened ? opened.skip : '';
if (skip) console.warn(`tests/clickhouse/hybrid-chdb: SKIPPED: ${skip}`);
const client = ('client' in opened ? opened.client : null) as ClickHouseClientLike;
afterAll(async () => {
  if (!skip) await client.close();
});

async function run(model: RecommenderModel, input: string, k: number, extra: Record<string, unknown>): Promise<ReturnType<typeof engineRows>> {
  const sql = toSql(model, { dialect: 'clickhouse', input, k, ...extra });
  return engineRows(await (await client.query({ query: sql, format: 'JSONEachRow' })).json<Record<string, unknown>>());
}

const idTable = (name: string, ids: readonly string[]): Promise<void> => writeRows(client, name, { subscriberId: 'String' }, ids.map((subscriberId) => ({ subscriberId })));

function check(model: RecommenderModel, ids: readonly string[], rows: ReturnType<typeof engineRows>, k: number, rules: Rules, per?: (id: string) => Rules): void {
  const { exact, nonEmpty } = expectSameAsRecommend(model, ids, rows, k, rules, per);
  expect(nonEmpty).toBeGreaterThan(ids.length / 2);
  expect(exact).toBeGreaterThan(nonEmpty * 0.9);
}

describe.skipIf(skip !== '')('toSql(recommend/hybrid, { dialect: clickhouse }) in chDB equals recommend: hand-built fixture', () => {
  let model: RecommenderModel;
  const ids = [...fxSubscribers.map((s) => s.id), 'stranger'];
  beforeAll(async () => {
    model = fitRecommender({ interactions: fxInteractions, subscribers: fxSubscribers, offers: fxOffers }, { als: { factors: 2, maxIter: 5 }, blend: { als: 1, itemKnn: 1, profile: 1, popularity: 1, ease: 1 }, seed: 3 });
    await idTable('hy_fx_subs', ids);
  }, 60_000);
  test('no rules (history left out), every component weighted', async () => {
    check(model, ids, await run(model, 'hy_fx_subs', 4, {}), 4, {});
  }, 60_000);
  const sets: [string, Rules][] = [
    ['exclude: none', { exclude: 'none' }],
    ['exclude: a list of ids', { exclude: ['P-5g', 'C-video', 'nope'] }],
    ['eligible: a list', { eligible: ['P-basic', 'P-5g', 'D-10', 'D-50', 'C-music', 'X-phone'] }],
    ['eligible: a predicate', { eligible: (o) => o.price < 50 }],
    ['maxPerCategory: 1', { maxPerCategory: 1 }],
    ['every rule at once', { maxPerCategory: 1, exclude: ['D-10'], eligible: (o) => o.category !== 'vas' }],
  ];
  for (const [name, rules] of sets) {
    test(`rules: ${name}`, async () => {
      check(model, ids, await run(model, 'hy_fx_subs', 5, { rules: rules as HybridSqlRules }), 5, rules);
    }, 60_000);
  }
});

describe.skipIf(skip !== '')('toSql(recommend/hybrid, { dialect: clickhouse }) in chDB equals recommend: synthetic operator', () => {
  let model: RecommenderModel;
  let ids: string[];
  let allowed: Map<string, string[]>;
  let held: Map<string, string[]>;
  beforeAll(async () => {
    const op = generateOperator({ subscribers: 400, months: 3, seed: 11, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 6 });
    model = fitRecommender({ interactions: op.interactions, subscribers: op.subscribers, offers: op.offers }, { als: { factors: 4, maxIter: 4 }, profile: { maxIter: 10 }, validationUsers: 80, seed: 2 });
    ids = [...model.subscriberIds.slice(0, 200), 'unknown-1', 'unknown-2'];
    allowed = new Map(ids.map((id, u) => [id, model.offerIds.filter((_, i) => (i + u) % 3 !== 0)]));
    held = new Map(ids.map((id, u) => [id, model.offerIds.filter((_, i) => (i * 7 + u) % 11 === 0)]));
    await idTable('hy_op_subs', ids);
    // the model's numbers inline make a query of about 420 KB (400 subscribers): above ClickHouse's default
    // max_query_size (256 KiB), which applies before the query is parsed, so it is a session setting
    await client.command({ query: 'SET max_query_size = 16777216' });
    const fa = model.als!.options.factors;
    const fp = model.profile!.options.factors;
    await writeRows(client, 'hy_op_known', {
      subscriberId: 'String',
      popSegment: 'Int32',
      nHistory: 'Int32',
      ...Object.fromEntries(Array.from({ length: fa }, (_, j) => [`a${j}`, 'Float64'])),
      ...Object.fromEntries(Array.from({ length: fp }, (_, j) => [`p${j}`, 'Float64'])),
    }, hybridSubscriberRows(model));
    await writeRows(client, 'hy_op_hist', { subscriberId: 'String', offerIndex: 'Int32', strength: 'Float64' }, hybridHistoryRows(model));
    const pairs = (m: Map<string, string[]>) => [...m].flatMap(([subscriberId, list]) => list.map((offerId) => ({ subscriberId, offerId })));
    await writeRows(client, 'hy_op_allowed', { subscriberId: 'String', offerId: 'String' }, pairs(allowed));
    await writeRows(client, 'hy_op_held', { subscriberId: 'String', offerId: 'String' }, pairs(held));
  }, 180_000);
  test('no rules, the model\'s numbers inline', async () => {
    check(model, ids, await run(model, 'hy_op_subs', 5, {}), 5, {});
  }, 120_000);
  test('no rules, the model\'s numbers from tables (hybridSubscriberRows, hybridHistoryRows)', async () => {
    check(model, ids, await run(model, 'hy_op_subs', 5, { subscriberFactors: 'hy_op_known', history: 'hy_op_hist' }), 5, {});
  }, 120_000);
  test('maxPerCategory: 1, eligible predicate, exclude list', async () => {
    const rules: Rules = { maxPerCategory: 1, eligible: (o) => o.price < 80, exclude: [model.offerIds[0]!] };
    check(model, ids, await run(model, 'hy_op_subs', 5, { rules: rules as HybridSqlRules }), 5, rules);
  }, 120_000);
  test('per-subscriber tables: eligible pairs (LEFT SEMI JOIN) and exclude pairs (LEFT ANTI JOIN), caps 2', async () => {
    const rows = await run(model, 'hy_op_subs', 5, { eligible: 'hy_op_allowed', exclude: 'hy_op_held', subscriberFactors: 'hy_op_known', history: 'hy_op_hist', rules: { maxPerCategory: 2 } });
    check(model, ids, rows, 5, { maxPerCategory: 2 }, (id) => {
      const out = new Set(held.get(id)!);
      return { eligible: allowed.get(id)!.filter((o) => !out.has(o)) };
    });
  }, 120_000);
});

describe.skipIf(skip !== '')('toSql(recommend/hybrid, { dialect: clickhouse }) in chDB: hostile offer ids and categories', () => {
  const hostile = ["x'); DROP TABLE hy_h_subs; --", 'a`b`c', 'semi;colon', '/* comment */', '-- dash', 'ünïcødé 🚀 訂閱', 'back\\slash\'', '"dq"', 'tab\there'];
  const cats = ["cat'; DELETE", 'cat`tick', 'cat\u0000nul', 'cat\u0000nul', '', "cat'; DELETE", '類別 ✓', '/*c*/', '\\'];
  const interactions: RecommendInteraction[] = [];
  for (let u = 0; u < 30; u++) {
    for (let i = 0; i < hostile.length; i++) {
      if ((u * 5 + i * 3) % 4 === 0 || (u + i) % 7 === 0) interactions.push({ subscriberId: `s'${u}`, offerId: hostile[i]!, timestamp: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`, kind: 'accept' });
    }
  }
  const model = fitRecommender({ interactions, offers: hostile.map((id, i) => ({ id, category: cats[i]!, price: 10 + i })) }, { components: ['als', 'itemKnn', 'popularity'], als: { factors: 2, maxIter: 3 }, blend: { als: 1, itemKnn: 1, popularity: 1 }, seed: 1 });
  const ids = [...model.subscriberIds, 'stranger'];
  test('the ids come back byte for byte; with and without rules the picks are recommend\'s', async () => {
    await idTable('hy_h_subs', ids);
    check(model, ids, await run(model, 'hy_h_subs', 6, {}), 6, {});
    const rules: Rules = { maxPerCategory: 1, eligible: hostile.slice(0, 8), exclude: [hostile[2]!, "' OR 1=1 --"] };
    const rows = await run(model, 'hy_h_subs', 8, { rules: rules as HybridSqlRules });
    check(model, ids, rows, 8, rules);
    expect(new Set(rows.map((r) => r.offerId)).size).toBeGreaterThan(3);
    const [n] = await (await client.query({ query: 'SELECT count() AS n FROM hy_h_subs', format: 'JSONEachRow' })).json<{ n: string | number }>();
    expect(Number(n!.n)).toBe(ids.length);
  }, 60_000);
});

/**
 * toSql(recommend/hybrid) in DuckDB: top-N offers per subscriber equal to recommendBatch with its
 * default rules — components z-scored over the candidates per subscriber, blended with the learned
 * weights (cold weights without history), history left out, ties to the offer first in offerIds —
 * for known subscribers and ids the model does not know, with the model's numbers inline and from
 * tables. Scores agree to 1e-9 (SQL sums and standard deviations in its own order); offers agree
 * wherever no two scores around the cut are within 1e-9 of each other.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fitRecommender, generateOperator, hybridHistoryRows, hybridSubscriberRows, OptionsError, recommendBatch, toSql } from '../../src/index.js';
import type { RecommenderModel } from '../../src/index.js';
import { SparkSQL } from 'dt-sql-parser/dist/parser/spark/index.js';
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino/index.js';
import { openDuck } from './duck.js';
import type { Duck } from './duck.js';

let duck: Duck;
let model: RecommenderModel;
/** Every component with weight 1 (the learned blend may leave some at 0). */
let fixed: RecommenderModel;
let ids: string[];
beforeAll(async () => {
  duck = await openDuck();
  const op = generateOperator({ subscribers: 600, months: 3, seed: 5, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 6 });
  model = fitRecommender({ interactions: op.interactions, subscribers: op.subscribers, offers: op.offers }, { als: { factors: 4, maxIter: 4 }, profile: { maxIter: 10 }, validationUsers: 100, seed: 2 });
  fixed = fitRecommender({ interactions: op.interactions, subscribers: op.subscribers, offers: op.offers }, { als: { factors: 4, maxIter: 4 }, profile: { maxIter: 10 }, blend: { als: 1, itemKnn: 1, profile: 1, popularity: 1, ease: 1 }, seed: 2 });
  ids = [...model.subscriberIds.slice(0, 400), 'unknown-1', 'unknown-2'];
  await duck.table('subs', ids.map((id) => ({ subscriberId: id })));
  await duck.table('known', hybridSubscriberRows(model));
  await duck.table('hist', hybridHistoryRows(model));
}, 180_000);
afterAll(() => duck.close());

async function compare(model: RecommenderModel, extra: Record<string, unknown>): Promise<void> {
  const k = 5;
  const want = recommendBatch(model, ids, { k: k + 1, reasons: false });
  const rows = await duck.rows(`${toSql(model, { dialect: 'duckdb', input: 'subs', k, ...extra })} ORDER BY "subscriberId", "rank"`);
  const got = new Map<string, { offerId: string; score: number }[]>();
  for (const r of rows) {
    const list = got.get(r.subscriberId as string) ?? [];
    expect(Number(r.rank)).toBe(list.length + 1);
    list.push({ offerId: r.offerId as string, score: r.score as number });
    got.set(r.subscriberId as string, list);
  }
  expect(got.size).toBe(ids.length);
  let exact = 0;
  ids.forEach((id, t) => {
    const ref = want[t]!;
    const list = got.get(id)!;
    expect(list.length, id).toBe(Math.min(k, ref.length));
    list.forEach((x, r) => expect(Math.abs(x.score - ref[r]!.score), `${id} rank ${r + 1}`).toBeLessThan(1e-9));
    const nearTie = ref.slice(0, k + 1).some((x, r) => r > 0 && Math.abs(x.score - ref[r - 1]!.score) < 1e-9);
    if (!nearTie) {
      expect(list.map((x) => x.offerId), id).toEqual(ref.slice(0, k).map((x) => x.offerId));
      exact++;
    }
  });
  expect(exact).toBeGreaterThan(ids.length * 0.9);
}

describe('toSql(recommend/hybrid) in DuckDB equals recommendBatch', () => {
  test('the model has every component and learned weights', () => {
    expect(model.als).not.toBeNull();
    expect(model.itemKnn).not.toBeNull();
    expect(model.profile).not.toBeNull();
    expect(model.ease).not.toBeNull();
    expect(Object.values(model.blend.weights).filter((w) => w > 0).length).toBeGreaterThan(1);
  });
  test('the model\'s numbers inline', () => compare(model, {}), 120_000);
  test('the model\'s numbers from tables (hybridSubscriberRows, hybridHistoryRows)', () => compare(model, { subscriberFactors: 'known', history: 'hist' }), 120_000);
  test('every component weighted (ALS, item-kNN, profile, popularity, EASE), inline', () => compare(fixed, {}), 120_000);
  test('bad input: a chain with a recommender, a bad k, hostile table names, another kind of model', () => {
    expect(() => toSql([model, model] as never, { dialect: 'duckdb', input: 'subs' })).toThrow(/only model/);
    expect(() => toSql(model, { dialect: 'duckdb', input: 'subs', k: 0 })).toThrow(OptionsError);
    // a hostile table name is quoted whole, never spliced; NUL cannot be carried at all
    expect(toSql(model, { dialect: 'duckdb', input: 'subs', history: 'a"; DROP TABLE x; --' })).toContain('FROM "a""; DROP TABLE x; --"');
    expect(() => toSql(model, { dialect: 'duckdb', input: 'subs', history: 'a\u0000b' })).toThrow(OptionsError);
    expect(() => hybridSubscriberRows({ kind: 'recommend/als' } as never)).toThrow(/recommend\/hybrid/);
  });
});

describe('toSql(recommend/hybrid) in the other dialects', () => {
  const tiny = fitRecommender({
    interactions: [
      { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
      { subscriberId: 'a', offerId: 'y', timestamp: '2025-01-02T00:00:00Z', kind: 'accept' },
      { subscriberId: 'b', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
      { subscriberId: 'c', offerId: 'z', timestamp: '2025-01-03T00:00:00Z', kind: 'click' },
    ],
  }, { components: ['als', 'itemKnn', 'popularity'], als: { factors: 2, maxIter: 2 }, blend: { als: 1, itemKnn: 1, popularity: 1 } });
  test('Trino and Spark parse it (dt-sql-parser grammars); ClickHouse leaves history out by anti join, the others by NOT EXISTS', () => {
    expect(new TrinoSQL().validate(toSql(tiny, { dialect: 'trino', input: 'subs', exclude: 'owned' }))).toEqual([]);
    expect(new SparkSQL().validate(toSql(tiny, { dialect: 'spark', input: 'subs', exclude: 'owned' }))).toEqual([]);
    const ch = toSql(tiny, { dialect: 'clickhouse', input: 'subs', exclude: 'owned' });
    expect(ch).toContain('LEFT ANTI JOIN');
    expect(ch).not.toContain('NOT EXISTS');
    expect(ch).toContain('LIMIT 10 BY');
  }, 60_000);
});

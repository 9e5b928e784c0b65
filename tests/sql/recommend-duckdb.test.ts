/**
 * toSql(recommend/als) in DuckDB: top-N offers per subscriber identical to the in-process
 * reference — dot products summed left to right, owned offers left out, ties to the offer first
 * in the model's offerIds (topKIndices) — with the factors inline and from a table; golden shape
 * of the other dialects' top-N (QUALIFY / LIMIT n BY / row_number()).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { alsFactorRows, fitAls, generateOperator, OptionsError, toSql } from '../../src/index.js';
import type { AlsModel } from '../../src/index.js';
import { topKIndices } from '../../src/recommend/topk.js';
import { openDuck } from './duck.js';
import type { Duck } from './duck.js';

let duck: Duck;
let model: AlsModel;
let owned: { subscriberId: string; offerId: string }[];
beforeAll(async () => {
  duck = await openDuck();
  const op = generateOperator({ subscribers: 1500, months: 3, seed: 3, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 6 });
  model = fitAls(op.interactions, { factors: 8, maxIter: 5, seed: 1 });
  owned = op.interactions.filter((x) => x.kind === 'accept').map((x) => ({ subscriberId: x.subscriberId, offerId: x.offerId }));
  await duck.table('subs', model.subscriberIds.map((id) => ({ subscriberId: id })));
  await duck.table('owned', owned);
  await duck.table('factors', alsFactorRows(model));
}, 120_000);
afterAll(() => duck.close());

/** The in-process reference: scores u·v left to right, owned skipped, topKIndices. */
function reference(k: number): Map<string, { offerId: string; score: number }[]> {
  const f = model.options.factors;
  const m = model.offerIds.length;
  const at = new Map(model.offerIds.map((o, v) => [o, v]));
  const have = new Map<string, Set<number>>();
  for (const x of owned) {
    if (!have.has(x.subscriberId)) have.set(x.subscriberId, new Set());
    const v = at.get(x.offerId);
    if (v !== undefined) have.get(x.subscriberId)!.add(v);
  }
  const out = new Map<string, { offerId: string; score: number }[]>();
  model.subscriberIds.forEach((id, u) => {
    const scores = new Float64Array(m);
    for (let v = 0; v < m; v++) {
      let s = model.userFactors[u * f]! * model.itemFactors[v * f]!;
      for (let j = 1; j < f; j++) s += model.userFactors[u * f + j]! * model.itemFactors[v * f + j]!;
      scores[v] = s;
    }
    const skip = new Uint8Array(m);
    for (const v of have.get(id) ?? []) skip[v] = 1;
    out.set(id, Array.from(topKIndices(scores, k, skip), (v) => ({ offerId: model.offerIds[v]!, score: scores[v]! })));
  });
  return out;
}

describe('toSql(recommend/als) in DuckDB equals the in-process top-N', () => {
  test.each([
    ['inline factors', {}],
    ['a subscriber-factor table', { subscriberFactors: 'factors' }],
  ])('top 5 with owned offers excluded (%s): identical offers, order and scores', async (_, extra) => {
    const want = reference(5);
    const rows = await duck.rows(`${toSql(model, { dialect: 'duckdb', input: 'subs', k: 5, exclude: 'owned', ...extra })} ORDER BY "subscriberId", "rank"`);
    const got = new Map<string, { offerId: string; score: number }[]>();
    for (const r of rows) {
      const list = got.get(r.subscriberId as string) ?? [];
      expect(Number(r.rank)).toBe(list.length + 1);
      list.push({ offerId: r.offerId as string, score: r.score as number });
      got.set(r.subscriberId as string, list);
    }
    expect(got.size).toBe(want.size);
    for (const [id, list] of want) expect(got.get(id), id).toEqual(list);
  }, 60_000);
  test('ties go to the offer first in offerIds, as in process', async () => {
    const tied = { ...model, itemFactors: Float64Array.from(model.itemFactors, (x, i) => (Math.floor(i / model.options.factors) % 2 === 0 ? 0.5 : x)) };
    const rows = await duck.rows(`${toSql(tied, { dialect: 'duckdb', input: 'subs', k: 3 })} ORDER BY "subscriberId", "rank"`);
    const first = rows.filter((r) => r.subscriberId === model.subscriberIds[0]);
    const m = tied.offerIds.length;
    const scores = Array.from({ length: m }, (_, v) => {
      let s = tied.userFactors[0]! * tied.itemFactors[v * tied.options.factors]!;
      for (let j = 1; j < tied.options.factors; j++) s += tied.userFactors[j]! * tied.itemFactors[v * tied.options.factors + j]!;
      return s;
    });
    expect(first.map((r) => r.offerId)).toEqual(Array.from(topKIndices(scores, 3), (v) => tied.offerIds[v]));
  });
  test('every dialect keeps the top n its own way; a recommender must stand alone', () => {
    expect(toSql(model, { dialect: 'duckdb', input: 's', k: 2, subscriberFactors: 'f' })).toMatch(/QUALIFY row_number\(\) OVER/);
    expect(toSql(model, { dialect: 'clickhouse', input: 's', k: 2, subscriberFactors: 'f' })).toMatch(/LIMIT 2 BY `subscriberId`/);
    for (const dialect of ['spark', 'trino'] as const) expect(toSql(model, { dialect, input: 's', k: 2, subscriberFactors: 'f' })).toMatch(/WHERE [`"]rank[`"] <= 2/);
    expect(() => toSql(model, { dialect: 'duckdb', input: 's', k: 0 })).toThrow(OptionsError);
    expect(() => toSql([model, model], { dialect: 'duckdb', input: 's' })).toThrow(/must be the only model/);
  });
});

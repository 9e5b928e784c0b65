/**
 * Test support, shared by the DuckDB and chDB tests of `toSql(recommend/hybrid)`: compares the
 * rows an engine returned `(subscriberId, rank, offerId, score)` with `recommend` under the same
 * business rules.
 *
 * What must hold, per subscriber:
 * - ranks 1…n without gaps, and n = the in-process list's length (how many offers the rules leave
 *   is independent of the scores);
 * - every offer the engine returned is a candidate in-process, with its in-process score to 1e-9;
 * - the offers and their order equal the in-process ones, unless two in-process candidate scores
 *   that decide the pick differ by less than 1e-9 without being equal (a "near tie": the engine
 *   sums and takes standard deviations in its own order, so it may order those two the other way).
 *   Exact ties are not excused: equal raw numbers give equal scores in the engine too, and the
 *   engine must break them to the offer first in `offerIds`, as in-process.
 */
import { expect } from 'vitest';
import { recommend } from '../../src/index.js';
import type { RecommenderModel, RecommendOptions } from '../../src/index.js';

export interface EngineRow {
  readonly subscriberId: string;
  readonly rank: number;
  readonly offerId: string;
  readonly score: number;
}

/** Rows as the engines return them (ranks may come as bigint or text) → EngineRow. */
export function engineRows(rows: readonly Record<string, unknown>[]): EngineRow[] {
  return rows.map((r) => ({ subscriberId: String(r.subscriberId), rank: Number(r.rank), offerId: String(r.offerId), score: Number(r.score) }));
}

/** The business rules of `recommend` without k, reasons and diversity. */
export type Rules = Pick<RecommendOptions, 'exclude' | 'eligible' | 'maxPerCategory'>;

/**
 * Checks the engine's rows against `recommend(model, id, { k, ...rules, ...perSubscriber(id) })`
 * for every id; returns how many subscribers were compared offer for offer (no near tie).
 */
export function expectSameAsRecommend(
  model: RecommenderModel,
  ids: readonly string[],
  rows: readonly EngineRow[],
  k: number,
  rules: Rules,
  perSubscriber: (id: string) => Rules = () => ({}),
): { exact: number; nonEmpty: number } {
  const got = new Map<string, EngineRow[]>();
  for (const r of [...rows].sort((a, b) => a.rank - b.rank)) {
    const list = got.get(r.subscriberId) ?? [];
    list.push(r);
    got.set(r.subscriberId, list);
  }
  for (const id of got.keys()) expect(ids, `the engine returned an id it was not given: ${id}`).toContain(id);
  let exact = 0;
  let nonEmpty = 0;
  for (const id of ids) {
    const opts = { ...rules, ...perSubscriber(id) };
    const want = recommend(model, id, { k, reasons: false, ...opts });
    const list = got.get(id) ?? [];
    expect(list.map((r) => r.rank), id).toEqual(list.map((_, i) => i + 1));
    expect(list.length, `${id}: number of offers`).toBe(want.length);
    if (want.length > 0) nonEmpty++;
    // every candidate's in-process score (no caps: the caps only pick among them)
    const all = recommend(model, id, { k: model.offerIds.length, reasons: false, exclude: opts.exclude ?? 'owned', ...(opts.eligible !== undefined ? { eligible: opts.eligible } : {}) });
    const scoreOf = new Map(all.map((r) => [r.offerId, r.score]));
    for (const r of list) {
      expect(scoreOf.has(r.offerId), `${id}: ${JSON.stringify(r.offerId)} is not a candidate in-process`).toBe(true);
      expect(Math.abs(r.score - scoreOf.get(r.offerId)!), `${id}: score of ${JSON.stringify(r.offerId)}`).toBeLessThan(1e-9);
    }
    if (want.length === 0) continue;
    const cut = want[want.length - 1]!.score - 1e-9;
    const deciding = all.filter((r) => r.score >= cut);
    const nearTie = deciding.some((r, i) => i > 0 && r.score !== deciding[i - 1]!.score && Math.abs(r.score - deciding[i - 1]!.score) < 1e-9);
    if (nearTie) continue;
    expect(list.map((r) => r.offerId), id).toEqual(want.map((r) => r.offerId));
    exact++;
  }
  return { exact, nonEmpty };
}

/**
 * Top-k ranking metrics for recommenders: hit rate, NDCG, precision, recall and average precision
 * at k, for one ranked list against a set of relevant items (binary relevance).
 *
 * @module
 */
import { DataError } from '../errors.js';

/** Relevant items: an array (duplicates ignored) or a set. @category Metrics */
export type RelevantItems<T> = readonly T[] | ReadonlySet<T>;

function toSet<T>(r: RelevantItems<T>): ReadonlySet<T> {
  return r instanceof Set ? r : new Set(r as readonly T[]);
}

function checkK(k: number, fn: string): void {
  if (!Number.isInteger(k) || k < 1) throw new DataError(`${fn}: k must be a positive integer, got ${k}`);
}

/** Positions (1-based) of relevant items within the first k of `ranked` (a repeated item counts once). */
function hitRanks<T>(ranked: readonly T[], rel: ReadonlySet<T>, k: number): number[] {
  const out: number[] = [];
  const seen = new Set<T>();
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) {
    const x = ranked[r]!;
    if (rel.has(x) && !seen.has(x)) {
      seen.add(x);
      out.push(r + 1);
    }
  }
  return out;
}

/**
 * Hit rate at k: 1 when any relevant item is among the first k ranked, else 0.
 * @param ranked - items, best first
 * @param relevant - the relevant items
 * @param k - cut-off (positive integer)
 * @returns 0 or 1
 * @throws DataError when k is not a positive integer
 * @example
 * hitRateAtK(['a', 'b', 'c'], ['c'], 2) // => 0
 * @category Metrics
 */
export function hitRateAtK<T>(ranked: readonly T[], relevant: RelevantItems<T>, k: number): number {
  checkK(k, 'hitRateAtK');
  return hitRanks(ranked, toSet(relevant), k).length > 0 ? 1 : 0;
}

/**
 * NDCG at k with binary relevance: DCG = Σ_{relevant at rank r ≤ k} 1/log2(r + 1), divided by the
 * ideal DCG Σ_{r=1}^{min(k, |relevant|)} 1/log2(r + 1) (Järvelin & Kekäläinen 2002). 0 when nothing is relevant.
 * @param ranked - items, best first
 * @param relevant - the relevant items
 * @param k - cut-off
 * @returns NDCG in [0, 1]
 * @throws DataError when k is not a positive integer
 * @example
 * ndcgAtK(['a', 'b', 'c'], ['b'], 3) // => 0.6309297535714575
 * @category Metrics
 */
export function ndcgAtK<T>(ranked: readonly T[], relevant: RelevantItems<T>, k: number): number {
  checkK(k, 'ndcgAtK');
  const rel = toSet(relevant);
  let dcg = 0;
  for (const r of hitRanks(ranked, rel, k)) dcg += 1 / Math.log2(r + 1);
  let idcg = 0;
  for (let r = 1; r <= Math.min(k, rel.size); r++) idcg += 1 / Math.log2(r + 1);
  return idcg > 0 ? dcg / idcg : 0;
}

/**
 * Precision at k: relevant items among the first k, divided by k (a list shorter than k counts its
 * missing places as misses).
 * @param ranked - items, best first
 * @param relevant - the relevant items
 * @param k - cut-off
 * @returns precision in [0, 1]
 * @throws DataError when k is not a positive integer
 * @example
 * rankingPrecisionAtK(['a', 'b', 'c', 'd'], ['a', 'c'], 4) // => 0.5
 * @category Metrics
 */
export function rankingPrecisionAtK<T>(ranked: readonly T[], relevant: RelevantItems<T>, k: number): number {
  checkK(k, 'rankingPrecisionAtK');
  return hitRanks(ranked, toSet(relevant), k).length / k;
}

/**
 * Recall at k: relevant items among the first k, divided by the number of relevant items (0 when none).
 * @param ranked - items, best first
 * @param relevant - the relevant items
 * @param k - cut-off
 * @returns recall in [0, 1]
 * @throws DataError when k is not a positive integer
 * @example
 * rankingRecallAtK(['a', 'b', 'c', 'd'], ['a', 'e'], 4) // => 0.5
 * @category Metrics
 */
export function rankingRecallAtK<T>(ranked: readonly T[], relevant: RelevantItems<T>, k: number): number {
  checkK(k, 'rankingRecallAtK');
  const rel = toSet(relevant);
  return rel.size > 0 ? hitRanks(ranked, rel, k).length / rel.size : 0;
}

/**
 * Average precision at k: Σ_{relevant at rank r ≤ k} precision@r, divided by min(k, |relevant|);
 * MAP@k is its mean over subscribers. With one relevant item it is 1/rank (0 beyond k).
 * @param ranked - items, best first
 * @param relevant - the relevant items
 * @param k - cut-off
 * @returns AP in [0, 1]
 * @throws DataError when k is not a positive integer
 * @example
 * averagePrecisionAtK(['a', 'b', 'c'], ['a', 'c'], 3) // => 0.8333333333333333
 * @category Metrics
 */
export function averagePrecisionAtK<T>(ranked: readonly T[], relevant: RelevantItems<T>, k: number): number {
  checkK(k, 'averagePrecisionAtK');
  const rel = toSet(relevant);
  const hits = hitRanks(ranked, rel, k);
  let s = 0;
  hits.forEach((r, h) => (s += (h + 1) / r));
  const d = Math.min(k, rel.size);
  return d > 0 ? s / d : 0;
}

/** The five ranking metrics of one list. @category Metrics */
export interface RankingMetricsAtK {
  readonly hitRate: number;
  readonly ndcg: number;
  readonly precision: number;
  readonly recall: number;
  readonly averagePrecision: number;
}

/**
 * Hit rate, NDCG, precision, recall and average precision at k of one ranked list.
 * @param ranked - items, best first
 * @param relevant - the relevant items
 * @param k - cut-off
 * @returns the five metrics
 * @throws DataError when k is not a positive integer
 * @example
 * rankingMetricsAtK(['a', 'b'], ['b'], 2).averagePrecision // => 0.5
 * @category Metrics
 */
export function rankingMetricsAtK<T>(ranked: readonly T[], relevant: RelevantItems<T>, k: number): RankingMetricsAtK {
  checkK(k, 'rankingMetricsAtK');
  return {
    hitRate: hitRateAtK(ranked, relevant, k),
    ndcg: ndcgAtK(ranked, relevant, k),
    precision: rankingPrecisionAtK(ranked, relevant, k),
    recall: rankingRecallAtK(ranked, relevant, k),
    averagePrecision: averagePrecisionAtK(ranked, relevant, k),
  };
}

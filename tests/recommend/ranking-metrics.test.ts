import { describe, expect, test } from 'vitest';
import { averagePrecisionAtK, DataError, hitRateAtK, ndcgAtK, rankingMetricsAtK, rankingPrecisionAtK, rankingRecallAtK } from 'telcokit';

describe('ranking metrics (hand-computed)', () => {
  const ranked = ['a', 'b', 'c', 'd', 'e'];
  test('hitRateAtK(ranked, relevant, k) is 1 when a relevant item is in the first k', () => {
    expect(hitRateAtK(ranked, ['c'], 3)).toBe(1);
    expect(hitRateAtK(ranked, ['c'], 2)).toBe(0);
    expect(hitRateAtK(ranked, new Set(['z']), 5)).toBe(0);
  });
  test('ndcgAtK: one relevant at rank 3 → 1/log2(4) = 0.5; two relevant at ranks 1, 3 → (1 + 0.5)/(1 + 1/log2 3)', () => {
    expect(ndcgAtK(ranked, ['c'], 5)).toBe(0.5);
    expect(ndcgAtK(ranked, ['a', 'c'], 5)).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3)), 15);
    expect(ndcgAtK(ranked, ['a'], 5)).toBe(1);
    expect(ndcgAtK(ranked, [], 5)).toBe(0);
    // ideal DCG is capped at k: 3 relevant, k = 2, hits at 1 and 2 → 1
    expect(ndcgAtK(ranked, ['a', 'b', 'e'], 2)).toBe(1);
  });
  test('rankingPrecisionAtK and rankingRecallAtK count hits in the first k', () => {
    expect(rankingPrecisionAtK(ranked, ['b', 'd', 'z'], 4)).toBe(0.5);
    expect(rankingRecallAtK(ranked, ['b', 'd', 'z'], 4)).toBeCloseTo(2 / 3, 15);
    // a short list: missing places are misses
    expect(rankingPrecisionAtK(['a'], ['a'], 10)).toBe(0.1);
    expect(rankingRecallAtK(ranked, [], 3)).toBe(0);
  });
  test('averagePrecisionAtK: hits at 2 and 4 of 2 relevant → (1/2 + 2/4)/2 = 0.5; one relevant → 1/rank', () => {
    expect(averagePrecisionAtK(ranked, ['b', 'd'], 5)).toBe(0.5);
    expect(averagePrecisionAtK(ranked, ['d'], 5)).toBe(0.25);
    expect(averagePrecisionAtK(ranked, ['d'], 3)).toBe(0);
    // repeated items in the ranked list count once
    expect(averagePrecisionAtK(['a', 'a', 'b'], ['a', 'b'], 3)).toBeCloseTo((1 + 2 / 3) / 2, 15);
  });
  test('rankingMetricsAtK gathers the five', () => {
    expect(rankingMetricsAtK(ranked, ['b'], 2)).toEqual({ hitRate: 1, ndcg: 1 / Math.log2(3), precision: 0.5, recall: 1, averagePrecision: 0.5 });
  });
  test('k must be a positive integer', () => {
    expect(() => ndcgAtK(ranked, ['a'], 0)).toThrow(DataError);
    expect(() => hitRateAtK(ranked, ['a'], 1.5)).toThrow(/hitRateAtK: k must be a positive integer/);
  });
});

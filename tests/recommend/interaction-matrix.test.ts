import { describe, expect, test } from 'vitest';
import { buildInteractionMatrix, DataError } from 'telcokit';
import type { RecommendInteraction } from 'telcokit';
import { isInteractionMatrix } from '../../src/recommend/interaction-matrix.js';

const t = '2025-01-01T00:00:00Z';
const rec = (s: string, o: string, kind: RecommendInteraction['kind'] = 'accept', weight?: number): RecommendInteraction =>
  weight === undefined ? { subscriberId: s, offerId: o, timestamp: t, kind } : { subscriberId: s, offerId: o, timestamp: t, kind, weight };

describe('buildInteractionMatrix', () => {
  test('sums duplicates and weights kinds (accept 1, click 0.3, impression 0 dropped, decline excluded)', () => {
    const m = buildInteractionMatrix([rec('a', 'x'), rec('a', 'x', 'accept', 2), rec('a', 'y', 'click'), rec('b', 'y', 'impression'), rec('b', 'x', 'decline'), rec('b', 'z')]);
    expect(m.subscriberIds).toEqual(['a', 'b']);
    expect(m.offerIds).toEqual(['x', 'y', 'z']);
    expect(Array.from(m.indptr)).toEqual([0, 2, 3]);
    expect(Array.from(m.indices)).toEqual([0, 1, 2]);
    expect(Array.from(m.data)).toEqual([3, 0.3, 1]);
    // CSC holds the same matrix by column
    expect(Array.from(m.cscIndptr)).toEqual([0, 1, 2, 3]);
    expect(Array.from(m.cscIndices)).toEqual([0, 0, 1]);
    expect(Array.from(m.cscData)).toEqual([3, 0.3, 1]);
    expect(m.problems).toEqual([]);
  });
  test('kind weights are configurable; null excludes', () => {
    const m = buildInteractionMatrix([rec('a', 'x', 'impression'), rec('a', 'y', 'decline')], { kindWeights: { impression: 0.1, decline: null } });
    expect(Array.from(m.data)).toEqual([0.1]);
    expect(() => buildInteractionMatrix([], { kindWeights: { click: -1 } })).toThrow(/kindWeights.click/);
  });
  test('unknown subscribers and offers are reported, not fatal', () => {
    const m = buildInteractionMatrix([rec('a', 'x'), rec('ghost', 'x'), rec('a', 'nope')], { subscriberIds: ['a'], offerIds: ['x', 'y'] });
    expect(m.problems).toEqual([
      { row: 1, reason: 'unknown subscriber', value: 'ghost' },
      { row: 2, reason: 'unknown offer', value: 'nope' },
    ]);
    expect(m.nOffers).toBe(2);
    expect(Array.from(m.data)).toEqual([1]);
  });
  test('negative, NaN or infinite weights throw a DataError naming the record', () => {
    expect(() => buildInteractionMatrix([rec('a', 'x'), rec('b', 'y', 'accept', -1)])).toThrow(DataError);
    expect(() => buildInteractionMatrix([rec('a', 'x'), rec('b', 'y', 'accept', -1)])).toThrow(/interaction 1 \(subscriber 'b', offer 'y'\) has weight -1/);
    expect(() => buildInteractionMatrix([rec('a', 'x', 'accept', NaN)])).toThrow(/interaction 0 .* weight NaN/);
    expect(() => buildInteractionMatrix([rec('a', 'x', 'accept', Infinity)])).toThrow(DataError);
  });
  test('an all-zero matrix (impressions only) keeps the ids and stores nothing', () => {
    const m = buildInteractionMatrix([rec('a', 'x', 'impression'), rec('b', 'y', 'impression')]);
    expect(m.nSubscribers).toBe(2);
    expect(m.nOffers).toBe(2);
    expect(m.data.length).toBe(0);
    expect(Array.from(m.indptr)).toEqual([0, 0, 0]);
  });
  test('does not mutate its input', () => {
    const input = Object.freeze([Object.freeze(rec('a', 'x')), Object.freeze(rec('a', 'x'))]);
    expect(() => buildInteractionMatrix(input)).not.toThrow();
  });
});

describe('isInteractionMatrix', () => {
  test('isInteractionMatrix(x) holds for a built matrix only', () => {
    expect(isInteractionMatrix(buildInteractionMatrix([rec('a', 'x')]))).toBe(true);
    expect(isInteractionMatrix([rec('a', 'x')])).toBe(false);
    expect(isInteractionMatrix({ indptr: [0, 1] })).toBe(false);
    expect(isInteractionMatrix(null)).toBe(false);
    expect(isInteractionMatrix([])).toBe(false);
  });
});

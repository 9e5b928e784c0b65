import { describe, expect, test } from 'vitest';
import { fitItemKnn, fitPopularity, parseModel, serializeModel } from 'telcokit';
import type { RecommendInteraction } from 'telcokit';

const pairs: [string, string][] = [['a', 'x'], ['a', 'y'], ['b', 'x'], ['b', 'y'], ['b', 'z'], ['c', 'z']];
const data: RecommendInteraction[] = pairs.map(([s, o]) => ({ subscriberId: s, offerId: o, timestamp: '2025-01-01T00:00:00Z', kind: 'accept' }));

function sim(m: ReturnType<typeof fitItemKnn>, i: string, j: string): number | undefined {
  const a = m.offerIds.indexOf(i);
  const b = m.offerIds.indexOf(j);
  for (let k = m.indptr[a]!; k < m.indptr[a + 1]!; k++) if (m.indices[k] === b) return m.similarities[k];
  return undefined;
}

describe('fitItemKnn', () => {
  test('cosine on binary vectors: x = {a,b}, y = {a,b}, z = {b,c} → sim(x,y) = 1, sim(x,z) = 1/2', () => {
    const m = fitItemKnn(data);
    expect(sim(m, 'x', 'y')).toBeCloseTo(1, 15);
    expect(sim(m, 'x', 'z')).toBeCloseTo(0.5, 15);
    expect(sim(m, 'z', 'y')).toBeCloseTo(0.5, 15);
    expect(sim(m, 'x', 'x')).toBeUndefined();
    // rows are sorted by similarity, best first
    const xi = m.offerIds.indexOf('x');
    expect(m.offerIds[m.indices[m.indptr[xi]!]!]).toBe('y');
  });
  test('neighbours caps each row', () => {
    const m = fitItemKnn(data, { neighbours: 1 });
    for (let i = 0; i < m.offerIds.length; i++) expect(m.indptr[i + 1]! - m.indptr[i]!).toBeLessThanOrEqual(1);
  });
  test('TF-IDF and BM25 weightings give positive similarities on co-occurring offers', () => {
    const more = [...data, ...['p', 'q', 'r', 's'].map((o) => ({ ...data[0]!, subscriberId: 'd', offerId: o }))];
    for (const similarity of ['tfidf', 'bm25'] as const) {
      const m = fitItemKnn(more, { similarity });
      expect(sim(m, 'x', 'y')).toBeGreaterThan(0);
      // x and y co-occur in two subscribers, x and z in one
      expect(sim(m, 'x', 'y')!).toBeGreaterThan(sim(m, 'x', 'z')!);
    }
  });
  test('round trip', () => {
    const m = fitItemKnn(data);
    expect(serializeModel(parseModel(serializeModel(m), 'recommend/item-knn'))).toBe(serializeModel(m));
  });
});

describe('fitPopularity', () => {
  test('counts distinct subscribers per offer, globally and per segment', () => {
    const m = fitPopularity([...data, data[0]!], { segments: { a: 'young', b: 'young', c: 'senior' } });
    expect(m.offerIds).toEqual(['x', 'y', 'z']);
    expect(Array.from(m.counts)).toEqual([2, 2, 2]);
    expect(m.segmentNames).toEqual(['young', 'senior']);
    expect(Array.from(m.segmentCounts)).toEqual([2, 2, 1, 0, 0, 1]);
    expect(Array.from(m.subscriberSegment)).toEqual([0, 0, 1]);
  });
});

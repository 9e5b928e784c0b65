import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  DataError,
  DimensionError,
  adjustedRandIndex,
  calinskiHarabasz,
  purity,
  purityByClass,
  silhouetteScore,
} from 'telcokit';

describe('adjustedRandIndex', () => {
  // reference values from scikit-learn's adjusted_rand_score documentation, checked by hand:
  // [0,0,1,2] vs [0,0,1,1]: Σ C(nij,2) = 1, Σ C(a,2) = 1, Σ C(b,2) = 2, E = 2/6, max = 1.5 → 4/7
  test('adjustedRandIndex(a, b) matches scikit-learn reference values', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(4 / 7, 15);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 15);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 15);
  });
  test('labels may be strings; single-cluster and all-singleton pairs give 1', () => {
    expect(adjustedRandIndex(['a', 'a', 'b'], [7, 7, 9])).toBe(1);
    expect(adjustedRandIndex([1, 1, 1], [2, 2, 2])).toBe(1);
    expect(adjustedRandIndex([1, 2, 3], [4, 5, 6])).toBe(1);
    expect(adjustedRandIndex([], [])).toBe(1);
  });
  test('adjustedRandIndex is symmetric and invariant to relabelling (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })), { minLength: 2, maxLength: 60 }), (pairs) => {
        const a = pairs.map((x) => x[0]);
        const b = pairs.map((x) => x[1]);
        const r = adjustedRandIndex(a, b);
        expect(adjustedRandIndex(b, a)).toBeCloseTo(r, 12);
        expect(adjustedRandIndex(a.map((v) => `c${(v * 7) % 5}`), b)).toBeCloseTo(r, 12);
        expect(r).toBeLessThanOrEqual(1 + 1e-12);
        expect(r).toBeGreaterThanOrEqual(-0.5 - 1e-12);
      }),
    );
  });
  test('different lengths → DimensionError', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(DimensionError);
  });
});

describe('purity', () => {
  test('purity(clusters, classes) = Σ max class count / n (hand-computed)', () => {
    // cluster 0 holds a, a, b → 2; cluster 1 holds b, b, b → 3; (2 + 3) / 6
    expect(purity([0, 0, 0, 1, 1, 1], ['a', 'a', 'b', 'b', 'b', 'b'])).toBeCloseTo(5 / 6, 15);
    expect(purity([0, 1, 2], ['x', 'x', 'x'])).toBe(1);
    expect(() => purity([], [])).toThrow(DataError);
  });
  test('purityByClass gives each class its majority cluster and share', () => {
    expect(purityByClass([0, 0, 1, 1], ['a', 'a', 'a', 'b'])).toEqual([
      { label: 'a', size: 3, cluster: 0, share: 2 / 3 },
      { label: 'b', size: 1, cluster: 1, share: 1 },
    ]);
  });
});

describe('silhouetteScore and calinskiHarabasz', () => {
  const X = [[0], [1], [4], [5]];
  const y = [0, 0, 1, 1];
  test('silhouetteScore on four points (hand-computed)', () => {
    // s(0) = (4.5 − 1)/4.5, s(1) = (3.5 − 1)/3.5, the other two mirror them
    const expected = ((4.5 - 1) / 4.5 + (3.5 - 1) / 3.5) / 2;
    expect(silhouetteScore(X, y)).toBeCloseTo(expected, 15);
  });
  test('a singleton cluster scores 0 for its row', () => {
    // rows 0,1 in cluster a; row 2 alone: s(2) = 0; s(0) = (4 − 1)/4, s(1) = (3 − 1)/3
    expect(silhouetteScore([[0], [1], [4]], ['a', 'a', 'b'])).toBeCloseTo((3 / 4 + 2 / 3) / 3, 15);
  });
  test('calinskiHarabasz on four points (hand-computed): B = 16, W = 1 → (16/1)/(1/2) = 32', () => {
    expect(calinskiHarabasz(X, y)).toBe(32);
    expect(calinskiHarabasz([[0], [0], [1], [1]], y)).toBe(1);
  });
  test('sampled silhouette is seeded and close to the full value', () => {
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 1200; i++) {
      const c = i % 3;
      rows.push([c * 5 + Math.sin(i) * 1.5, c * 2 + Math.cos(i * 1.7)]);
      labels.push(c);
    }
    const full = silhouetteScore(rows, labels);
    const s1 = silhouetteScore(rows, labels, { sampleSize: 400, seed: 3 });
    expect(silhouetteScore(rows, labels, { sampleSize: 400, seed: 3 })).toBe(s1);
    expect(Math.abs(s1 - full)).toBeLessThan(0.05);
  });
  test('bad input: one cluster, n clusters, NaN, wrong length', () => {
    expect(() => silhouetteScore(X, [0, 0, 0, 0])).toThrow(/between 2 and n − 1 clusters/);
    expect(() => silhouetteScore(X, [0, 1, 2, 3])).toThrow(DataError);
    expect(() => calinskiHarabasz([[0], [NaN], [1], [2]], y)).toThrow(DataError);
    expect(() => calinskiHarabasz(X, [0, 1])).toThrow(DimensionError);
  });

  test('a sample with as many clusters as rows is a DataError, not a silent 0', () => {
    // 10 rows in 5 clusters of 2; every sample of 3 rows holds 2 or 3 clusters
    const rows = [0, 0.1, 5, 5.1, 10, 10.1, 15, 15.1, 20, 20.1].map((v) => [v]);
    const labels = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4];
    let threw = 0;
    for (let seed = 0; seed < 20; seed++) {
      try {
        const v = silhouetteScore(rows, labels, { sampleSize: 3, seed });
        expect(v).not.toBe(0); // two clusters in the sample: a real score
      } catch (e) {
        expect(e).toBeInstanceOf(DataError);
        expect((e as Error).message).toMatch(/^silhouetteScore: the sample of 3 rows holds 3 clusters, needs between 2 and 2/);
        threw++;
      }
    }
    expect(threw).toBeGreaterThan(0);
    // a sample of 2 rows from different clusters: 2 clusters > 2 − 1
    expect(() => silhouetteScore(rows, labels, { sampleSize: 2, seed: 0 })).toThrow(DataError);
  });
});

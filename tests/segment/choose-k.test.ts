import { describe, expect, test } from 'vitest';
import { DataError, chooseK } from 'telcokit';
import { blobs } from './helpers.js';

describe('chooseK', () => {
  test('chooseK(m, { kMin, kMax }) reports every criterion per k (doc example)', () => {
    const rows = [[0, 0], [0, 1], [1, 0], [9, 9], [9, 10], [10, 9], [0, 9], [1, 9], [0, 10]];
    const r = chooseK(rows, { kMin: 2, kMax: 4 });
    expect(r.rows.map((x) => x.k)).toEqual([2, 3, 4]);
    // k = 3: each group like (0,0),(0,1),(1,0) has centroid (⅓,⅓) and inertia 2/9 + 5/9 + 5/9 = 4/3; three groups → 4
    expect(r.rows[1]!.inertia).toBeCloseTo(4, 12);
    expect(r.recommended).toEqual({ elbow: 3, silhouette: 3, calinskiHarabasz: 3 });
    expect(r.note).toMatch(/agree on k = 3/);
    expect(r.silhouetteSampleSize).toBe(9);
  });

  test('four separated blobs: all three criteria pick k = 4; inertia falls with k', () => {
    const { m } = blobs(2000, [[0, 0], [10, 0], [0, 10], [10, 10]], { seed: 5 });
    const r = chooseK(m, { kMin: 2, kMax: 7, sampleSize: 500 });
    expect(r.recommended).toEqual({ elbow: 4, silhouette: 4, calinskiHarabasz: 4 });
    for (let i = 1; i < r.rows.length; i++) expect(r.rows[i]!.inertia).toBeLessThan(r.rows[i - 1]!.inertia);
    expect(r.silhouetteSampleSize).toBe(500);
  });

  test('nested structure: the note says plainly that the elbow and the silhouette disagree', () => {
    // two far-apart groups, each made of three close blobs
    const { m } = blobs(2000, [[0, 0], [2.5, 0], [0, 2.5], [30, 30], [32.5, 30], [30, 32.5]], { seed: 5 });
    const r = chooseK(m, { kMin: 2, kMax: 8 });
    expect(r.recommended.silhouette).toBe(2);
    expect(r.recommended.elbow).not.toBe(2);
    expect(r.note).toMatch(/^The criteria disagree: the elbow of the inertia curve is at k = \d, but the silhouette is highest at k = 2/);
  });

  test('same seed → same report', () => {
    const { m } = blobs(600, [[0, 0], [4, 4], [0, 5]], { seed: 2 });
    expect(chooseK(m, { kMax: 5, seed: 3 })).toEqual(chooseK(m, { kMax: 5, seed: 3 }));
  });

  test('duplicate points: kMax is capped at the number of distinct rows and the note says so', () => {
    // 12 rows, 3 distinct points
    const rows = [0, 0, 0, 0, 5, 5, 5, 5, 9, 9, 9, 9].map((v) => [v]);
    const r = chooseK(rows, { kMin: 2, kMax: 6 });
    expect(r.rows.map((x) => x.k)).toEqual([2, 3]);
    expect(r.rows[1]!.inertia).toBe(0);
    expect(r.note).toMatch(/k was tried up to 3 only, not 6: the matrix has 3 distinct rows/);
    // no cap, no such sentence
    expect(chooseK(rows, { kMin: 2, kMax: 3 }).note).not.toMatch(/tried up to/);
    // even kMin is impossible: the error names chooseK, not fitKMeans
    expect(() => chooseK([[1], [1], [1], [2], [2]], { kMin: 3, kMax: 4 })).toThrow(/^chooseK: kMin = 3 but the matrix has only 2 distinct rows/);
    expect(() => chooseK([[1], [1], [1], [1]])).toThrow(/^chooseK: kMin = 2 but the matrix has only 1 distinct rows/);
  });

  test('a silhouette sample must be able to hold every segment', () => {
    const { m } = blobs(60, [[0, 0], [5, 5]], { seed: 1 });
    expect(() => chooseK(m, { kMin: 2, kMax: 5, sampleSize: 5 })).toThrow(/^chooseK: sampleSize must be an integer above kMax \(5\)/);
    expect(chooseK(m, { kMin: 2, kMax: 5, sampleSize: 6 }).silhouetteSampleSize).toBe(6);
  });

  test('bad input', () => {
    expect(() => chooseK([[1], [2]])).toThrow(/at least 3 rows/);
    expect(() => chooseK([[1], [2], [NaN]])).toThrow(DataError);
    expect(() => chooseK([[1], [2], [3], [4]], { kMin: 1 })).toThrow(/chooseK: option kMin must be an integer in \[2, 10000\], got 1/);
    expect(() => chooseK([[1], [2], [3], [4]], { kMin: 4, kMax: 5 })).toThrow(DataError);
  });
});

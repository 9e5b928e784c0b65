import { describe, expect, test } from 'vitest';
import * as fc from 'fast-check';
import { createRng } from '../../src/internal/rng.js';
import { createIndexSampler, partialShuffle, permutation, sampleIndices, sampleSorted, shuffleInPlace } from '../../src/internal/sample.js';

describe('seeded sampling', () => {
  test('sampleIndices(n, k, rng) gives k distinct in-range indices; the same seed the same sample', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 250 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, k, seed) => {
        const a = sampleIndices(n, k, createRng(seed));
        expect(a.length).toBe(Math.min(n, k));
        expect(new Set(a).size).toBe(a.length);
        for (const i of a) expect(i >= 0 && i < n).toBe(true);
        expect(Array.from(sampleIndices(n, k, createRng(seed)))).toEqual(Array.from(a));
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  test('createIndexSampler draws the sequence sampleIndices returns, then −1', () => {
    const s = createIndexSampler(7, createRng(11));
    const drawn = Array.from({ length: 7 }, () => s.next());
    expect(drawn).toEqual(Array.from(sampleIndices(7, 7, createRng(11))));
    expect(new Set(drawn).size).toBe(7);
    expect(s.next()).toBe(-1);
  });

  test('partialShuffle(a, k) puts a sample first and keeps every element; k ≥ n shuffles all', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f'];
    partialShuffle(a, 3, createRng(5));
    expect([...a].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const idx = Array.from(sampleIndices(6, 3, createRng(5)));
    expect(a.slice(0, 3)).toEqual(idx.map((i) => 'abcdef'[i]));
    const b = [1, 2, 3];
    partialShuffle(b, 10, createRng(1));
    expect([...b].sort()).toEqual([1, 2, 3]);
  });

  test('permutation is shuffleInPlace of 0..n-1 and uniform over the 6 orders of 3 (χ², 60,000 draws)', () => {
    const x = Int32Array.from([0, 1, 2, 3, 4]);
    shuffleInPlace(x, createRng(9));
    expect(Array.from(permutation(5, createRng(9)))).toEqual(Array.from(x));
    const rng = createRng(2);
    const counts = new Map<string, number>();
    const N = 60_000;
    for (let i = 0; i < N; i++) {
      const key = Array.from(permutation(3, rng)).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    let chi2 = 0;
    for (const c of counts.values()) chi2 += (c - N / 6) ** 2 / (N / 6);
    // χ²(5) 99.9th percentile is 20.52 (scipy.stats.chi2.ppf(0.999, 5))
    expect(chi2).toBeLessThan(20.52);
  });

  test('sampleSorted(n, k) gives k distinct ascending integers below n (Floyd)', () => {
    const r = sampleSorted(1_000_000_000, 5, createRng(4));
    expect(r.length).toBe(5);
    for (let i = 1; i < r.length; i++) expect(r[i]!).toBeGreaterThan(r[i - 1]!);
    for (const v of r) expect(Number.isInteger(v) && v >= 0 && v < 1e9).toBe(true);
    expect(Array.from(sampleSorted(4, 4, createRng(0)))).toEqual([0, 1, 2, 3]);
  });
});

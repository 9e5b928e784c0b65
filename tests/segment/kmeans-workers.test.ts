import { afterEach, expect, test } from 'vitest';
import fc from 'fast-check';
import { fitKMeans, serializeModel } from 'telcokit';
import { setParallelFallbackForTests, setParallelMinSizeForTests } from '../../src/internal/parallel/pool.js';
import { blobs } from './helpers.js';

afterEach(() => {
  setParallelFallbackForTests(false);
  setParallelMinSizeForTests(undefined);
});

// 3,000 rows: above fitKMeans's threshold for using threads (2,048 rows)
const centres = [
  [0, 0, 0, 0, 0],
  [4, 0, 1, 0, 2],
  [0, 4, 0, 1, 0],
  [3, 3, 3, 3, 3],
  [-2, 1, -3, 0, 1],
];

test('fitKMeans gives the same model bytes for workers 1, 2, 3 and auto (hamerly, lloyd; kmeans++ and random starts)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 2, max: 12 }),
      fc.constantFrom('hamerly' as const, 'lloyd' as const),
      fc.constantFrom('kmeans++' as const, 'random' as const),
      (seed, k, algorithm, init) => {
        const { m } = blobs(3000, centres, { sd: 1.5, seed });
        const base = { k, seed, algorithm, init, nInit: init === 'random' ? 2 : 1, tol: 0 };
        const one = serializeModel(fitKMeans(m, { ...base, workers: 1 }));
        for (const workers of [2, 3, 'auto'] as const) expect(serializeModel(fitKMeans(m, { ...base, workers }))).toBe(one);
      },
    ),
    { numRuns: 12 },
  );
});

test('fitKMeans gives the same model bytes for workers 1, 2, 3 on small data with threads forced (more parts than rows too)', () => {
  setParallelMinSizeForTests(1);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 5 }), (seed, n, k) => {
      const { m } = blobs(n, centres, { sd: 2, seed });
      const opts = { k: Math.min(k, 2), seed, tol: 0 };
      const one = serializeModel(fitKMeans(m, { ...opts, workers: 1 }));
      for (const workers of [2, 3, 8] as const) expect(serializeModel(fitKMeans(m, { ...opts, workers }))).toBe(one);
    }),
    { numRuns: 25 },
  );
});

test('fitKMeans with workers 2 and the single-thread fallback (no shared memory or workers) gives the same model', () => {
  const { m } = blobs(5000, centres, { sd: 2, seed: 9 });
  const two = serializeModel(fitKMeans(m, { k: 7, seed: 3, workers: 2 }));
  setParallelFallbackForTests(true);
  expect(serializeModel(fitKMeans(m, { k: 7, seed: 3, workers: 2 }))).toBe(two);
  setParallelFallbackForTests(false);
  expect(serializeModel(fitKMeans(m, { k: 7, seed: 3 }))).toBe(two);
});

test('fitKMeans(…, { workers }) keeps workers out of the stored options; onProgress and signal still work between iterations', () => {
  const { m } = blobs(3000, centres, { seed: 2 });
  const seen: number[] = [];
  const model = fitKMeans(m, { k: 5, workers: 2, onProgress: (p) => seen.push(p.done) });
  expect(Object.keys(model.options)).not.toContain('workers');
  expect(seen.length).toBeGreaterThan(1);
  expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
  const ac = new AbortController();
  ac.abort();
  expect(() => fitKMeans(m, { k: 5, workers: 2, signal: ac.signal })).toThrow(/aborted/);
});

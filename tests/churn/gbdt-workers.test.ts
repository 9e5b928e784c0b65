import { afterEach, expect, test } from 'vitest';
import fc from 'fast-check';
import { createFeatureMatrix, fitChurnModel, fitGbdt, serializeModel } from 'telcokit';
import { setParallelFallbackForTests, setParallelMinSizeForTests } from '../../src/internal/parallel/pool.js';
import { mulberry32 } from '../support/mulberry32.js';

afterEach(() => {
  setParallelFallbackForTests(false);
  setParallelMinSizeForTests(undefined);
});

/** n rows of p features (some NaN in feature 1) with labels from a noisy logistic model. */
function data(n: number, p: number, seed: number) {
  const u = mulberry32(seed);
  const values = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) {
      const v = u() * 4 - 2;
      values[i * p + j] = j === 1 && u() < 0.05 ? Number.NaN : v;
      if (j % 3 === 0) s += v;
      if (j === 1) s -= 0.7 * v;
    }
    y[i] = u() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  return { m: createFeatureMatrix(values, Array.from({ length: p }, (_, j) => `f${j}`)), y };
}

// 20,000 rows: above fitGbdt's thresholds for threads (16,384 training rows, 8,192 positions per histogram)
test('fitGbdt gives the same model bytes for workers 1, 2, 3 with every phase on the threads, down to tiny nodes (histograms, gradients, partitions)', () => {
  // every size threshold at 16 positions: splits of every size run in parts, so a part that wrote
  // into another part's rows or pairs would change the trees
  setParallelMinSizeForTests(16);
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_000 }),
      fc.integer({ min: 200, max: 3_000 }),
      fc.constantFrom(1, 3, 5, 9, 16),
      fc.constantFrom(1, 0.6),
      fc.constantFrom(1, 0.85),
      (seed, n, p, colsample, subsample) => {
        const { m, y } = data(n, p, seed);
        const base = { nTrees: 3, maxLeaves: 15, minSamplesLeaf: 5, seed, colsample, subsample, earlyStopping: false };
        const one = serializeModel(fitGbdt(m, y, { ...base, workers: 1 }));
        for (const workers of [2, 3] as const) expect(serializeModel(fitGbdt(m, y, { ...base, workers }))).toBe(one);
      },
    ),
    { numRuns: 25 },
  );
});

test('fitGbdt gives the same model bytes for workers 1, 2, 3 at the tuned thresholds (all features, colsample, subsample)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1000 }),
      fc.constantFrom(5, 9, 16),
      fc.constantFrom(1, 0.6),
      fc.constantFrom(1, 0.85),
      (seed, p, colsample, subsample) => {
        const { m, y } = data(20_000, p, seed);
        const base = { nTrees: 4, maxLeaves: 15, seed, colsample, subsample, earlyStopping: false };
        const one = serializeModel(fitGbdt(m, y, { ...base, workers: 1 }));
        for (const workers of [2, 3] as const) expect(serializeModel(fitGbdt(m, y, { ...base, workers }))).toBe(one);
      },
    ),
    { numRuns: 6 },
  );
});

test("fitChurnModel(m, y, { kind: 'gbdt', workers: 2 }) equals workers 1 and the single-thread fallback; workers is not stored", () => {
  const { m, y } = data(22_000, 7, 4);
  const one = fitChurnModel(m, y, { kind: 'gbdt', nTrees: 5, seed: 2 });
  const two = fitChurnModel(m, y, { kind: 'gbdt', nTrees: 5, seed: 2, workers: 2 });
  expect(serializeModel(two)).toBe(serializeModel(one));
  expect(Object.keys(two.options)).not.toContain('workers');
  setParallelFallbackForTests(true);
  expect(serializeModel(fitChurnModel(m, y, { kind: 'gbdt', nTrees: 5, seed: 2, workers: 2 }))).toBe(serializeModel(one));
});

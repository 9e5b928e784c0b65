import { afterEach, expect, test } from 'vitest';
import fc from 'fast-check';
import { OptionsError, createFeatureMatrix, fitChurnModel, predictChurn, predictChurnMargin } from 'telcokit';
import { setParallelFallbackForTests, setParallelMinSizeForTests } from '../../src/internal/parallel/pool.js';
import { mulberry32 } from '../support/mulberry32.js';

afterEach(() => {
  setParallelFallbackForTests(false);
  setParallelMinSizeForTests(undefined);
});

/** n rows of p features (some NaN in feature 1 when `nan`) with labels from a noisy logistic model. */
function data(n: number, p: number, seed: number, nan: boolean) {
  const u = mulberry32(seed);
  const values = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) {
      const v = u() * 4 - 2;
      values[i * p + j] = nan && j === 1 && u() < 0.05 ? Number.NaN : v;
      if (j % 2 === 0) s += v;
    }
    y[i] = u() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  return { m: createFeatureMatrix(values, Array.from({ length: p }, (_, j) => `f${j}`)), y };
}

const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2));

test('predictChurn / predictChurnMargin give the same scores, bit for bit, for workers 1, 2, 3 and the fallback (gbdt with NaN, logistic), every part of the row range on the threads', () => {
  // the size threshold at 1: every batch of 2+ rows is split, so a part writing outside its range would show
  setParallelMinSizeForTests(1);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 2, max: 3_000 }), fc.constantFrom(1, 4, 9), (seed, n, p) => {
      const train = data(400, p, seed, true);
      const gbdt = fitChurnModel(train.m, train.y, { kind: 'gbdt', nTrees: 5, maxLeaves: 7, minSamplesLeaf: 5, seed, earlyStopping: false });
      const logistic = fitChurnModel(data(400, p, seed + 1, false).m, train.y, { kind: 'logistic' });
      const { m } = data(n, p, seed + 2, true);
      const mf = data(n, p, seed + 2, false).m;
      // a logistic model uses threads only for rows already in shared memory
      const sv = new Float64Array(new SharedArrayBuffer(8 * mf.values.length));
      sv.set(mf.values);
      const mfShared = createFeatureMatrix(sv, mf.columns);
      for (const [model, x] of [
        [gbdt, m],
        [logistic, mf],
        [logistic, mfShared],
      ] as const) {
        const one = predictChurn(model, x);
        const oneM = predictChurnMargin(model, x, { workers: 1 });
        expect(one.length).toBe(n);
        for (const workers of [2, 3] as const) {
          expect(bits(predictChurn(model, x, { workers }))).toEqual(bits(one));
          expect(bits(predictChurnMargin(model, x, { workers }))).toEqual(bits(oneM));
        }
        setParallelFallbackForTests(true);
        expect(bits(predictChurn(model, x, { workers: 2 }))).toEqual(bits(one));
        setParallelFallbackForTests(false);
      }
    }),
    { numRuns: 20 },
  );
});

test('predictChurn with workers at the tuned threshold (200,000 rows × 20 trees) equals one thread; probabilities are σ(margin)', () => {
  const train = data(3_000, 6, 7, true);
  const model = fitChurnModel(train.m, train.y, { kind: 'gbdt', nTrees: 20, seed: 3, earlyStopping: false });
  const { m } = data(200_000, 6, 8, true);
  const one = predictChurn(model, m);
  const two = predictChurn(model, m, { workers: 2 });
  expect(bits(two)).toEqual(bits(one));
  // the scores come back in ordinary memory, as from one thread (not a view of the threads' shared buffer)
  expect(two.buffer).toBeInstanceOf(ArrayBuffer);
  expect(bits(predictChurn(model, m, { workers: 'auto' }))).toEqual(bits(one));
  const z = predictChurnMargin(model, m, { workers: 2 });
  // hand check of a few rows: σ(z) = 1 / (1 + e^−z) to the last few ulps
  for (const i of [0, 1, 99_999, 199_999]) expect(two[i]).toBeCloseTo(1 / (1 + Math.exp(-z[i]!)), 14);
});

test('predictChurn: a bad workers value or unknown option is an OptionsError naming it', () => {
  const train = data(200, 3, 1, false);
  const model = fitChurnModel(train.m, train.y, { kind: 'logistic' });
  for (const w of [0, 65, 1.5, -1, 'two', null, Number.NaN]) {
    expect(() => predictChurn(model, train.m, { workers: w as never })).toThrow(OptionsError);
    expect(() => predictChurn(model, train.m, { workers: w as never })).toThrow(/predictChurn: option workers must be an integer in \[1, 64\] or 'auto'/);
  }
  expect(() => predictChurnMargin(model, train.m, { worker: 2 } as never)).toThrow(/predictChurnMargin: unknown option 'worker'; did you mean 'workers'\?/);
  expect(() => predictChurn(model, train.m, 3 as never)).toThrow(OptionsError);
});

import { describe, expect, test } from 'vitest';
import { kmeans as mlKMeans } from 'ml-kmeans';
import {
  AbortError,
  DataError,
  DimensionError,
  OptionsError,
  adjustedRandIndex,
  assignSegments,
  fitKMeans,
  matrixFromRows,
  matrixToRows,
  parseModel,
  serializeModel,
} from 'telcokit';
import { describeConformance } from '../conformance/harness.js';
import { blobs, rand } from './helpers.js';

const four = [
  [0, 0],
  [0, 1],
  [10, 10],
  [10, 11],
];

describe('fitKMeans', () => {
  test('fitKMeans(rows, { k: 2 }) finds the two obvious groups (doc example)', () => {
    const m = fitKMeans(four, { k: 2, seed: 1 });
    expect(m.kind).toBe('segment/kmeans');
    expect(m.sizes).toEqual([2, 2]);
    expect(m.inertia).toBe(1);
    expect(m.converged).toBe(true);
    const cents = [Array.from(m.centroids.subarray(0, 2)), Array.from(m.centroids.subarray(2, 4))].sort((a, b) => a[0]! - b[0]!);
    expect(cents).toEqual([
      [0, 0.5],
      [10, 10.5],
    ]);
    const s = assignSegments(m, [
      [9, 9],
      [1, 0],
    ]);
    expect(s[0]).not.toBe(s[1]);
  });

  test('same start as ml-kmeans → same partition and centroids (up to label order)', () => {
    for (const seed of [1, 2, 3]) {
      const { m } = blobs(400, [[0, 0, 0], [3, 3, 0], [0, 3, 3], [3, 0, 3]], { sd: 1.2, seed });
      const u = rand(seed + 100);
      const rows = matrixToRows(m);
      const init = [0, 1, 2, 3].map(() => rows[Math.floor(u() * rows.length)]!.slice());
      const ml = mlKMeans(rows, 4, { initialization: init, maxIterations: 1000, tolerance: 0 });
      for (const algorithm of ['lloyd', 'hamerly'] as const) {
        const ours = fitKMeans(m, { k: 4, init, tol: 0, maxIter: 1000, algorithm });
        const labels = assignSegments(ours, m);
        expect(adjustedRandIndex(labels, ml.clusters)).toBe(1);
        // identical labels under the start's order, since both keep centroid order
        expect(Array.from(labels)).toEqual(ml.clusters);
        for (let c = 0; c < 4; c++) {
          for (let j = 0; j < 3; j++) expect(ours.centroids[c * 3 + j]).toBeCloseTo(ml.centroids[c]![j]!, 10);
        }
      }
    }
  });

  test("algorithm 'hamerly' gives the same partition as plain 'lloyd' from the same seed", () => {
    const { m } = blobs(3000, [[0, 0, 0, 0], [2, 2, 0, 0], [0, 2, 2, 0], [0, 0, 2, 2], [2, 0, 0, 2]], { sd: 1, seed: 9 });
    for (const k of [2, 3, 5, 7]) {
      const a = fitKMeans(m, { k, seed: 4, tol: 0, maxIter: 500, algorithm: 'lloyd' });
      const b = fitKMeans(m, { k, seed: 4, tol: 0, maxIter: 500, algorithm: 'hamerly' });
      expect(Array.from(assignSegments(b, m))).toEqual(Array.from(assignSegments(a, m)));
      expect(b.inertia).toBeCloseTo(a.inertia, 6);
      expect(b.iterations).toBe(a.iterations);
    }
  });

  test('the inertia is the sum of squared distances to the assigned centroids', () => {
    const { m } = blobs(500, [[0, 0], [5, 5], [0, 6]], { seed: 3 });
    const model = fitKMeans(m, { k: 3, seed: 2 });
    const lab = assignSegments(model, m);
    let s = 0;
    for (let i = 0; i < m.nRows; i++) {
      for (let j = 0; j < 2; j++) s += (m.values[i * 2 + j]! - model.centroids[lab[i]! * 2 + j]!) ** 2;
    }
    expect(model.inertia).toBeCloseTo(s, 8);
    expect(model.sizes.reduce((a, b) => a + b, 0)).toBe(500);
  });

  test('recovers well-separated blobs (ARI 1) with kmeans++, random and minibatch', () => {
    const { m, truth } = blobs(6000, [[0, 0], [10, 0], [0, 10], [10, 10]], { seed: 5 });
    for (const opts of [{}, { init: 'random' as const }, { algorithm: 'minibatch' as const, batchSize: 256 }]) {
      const model = fitKMeans(m, { k: 4, seed: 1, ...opts });
      expect(adjustedRandIndex(assignSegments(model, m), truth)).toBe(1);
    }
  });

  test('nInit keeps the start with the lowest inertia', () => {
    const { m } = blobs(800, [[0, 0], [4, 0], [0, 4], [4, 4], [2, 2]], { sd: 0.8, seed: 8 });
    const one = fitKMeans(m, { k: 5, seed: 6, nInit: 1, init: 'random' });
    const many = fitKMeans(m, { k: 5, seed: 6, nInit: 6, init: 'random' });
    // the first start of `many` is `one`'s start, so the best of six cannot be worse
    expect(many.inertia).toBeLessThanOrEqual(one.inertia);
    expect(many.options.nInit).toBe(6);
  });

  test('maxIter reached → converged: false, not an exception', () => {
    const { m } = blobs(2000, [[0, 0], [1, 1], [2, 0]], { sd: 1, seed: 2 });
    const model = fitKMeans(m, { k: 6, seed: 0, maxIter: 1, tol: 0 });
    expect(model.converged).toBe(false);
    expect(model.iterations).toBe(1);
  });

  test('an explicit start whose centroid attracts no row is repaired (no empty segment)', () => {
    const { m } = blobs(300, [[0, 0], [6, 6]], { seed: 4 });
    const model = fitKMeans(m, { k: 3, init: [[0, 0], [6, 6], [1000, 1000]] });
    expect(model.sizes.every((s) => s > 0)).toBe(true);
    expect(model.centroids.every((v) => Number.isFinite(v))).toBe(true);
  });

  test('duplicate rows: k up to the number of distinct rows works', () => {
    const rows = [
      [1, 1],
      [1, 1],
      [1, 1],
      [5, 5],
      [5, 5],
    ];
    const model = fitKMeans(rows, { k: 2, seed: 3 });
    expect([...model.sizes].sort()).toEqual([2, 3]);
    expect(model.inertia).toBe(0);
    expect(() => fitKMeans(rows, { k: 3 })).toThrow(/only 2 distinct rows/);
    expect(() => fitKMeans(rows, { k: 3, init: 'random' })).toThrow(DataError);
  });

  test('a single row with k = 1: the centroid is the row', () => {
    const model = fitKMeans([[3, 4]], { k: 1 });
    expect(Array.from(model.centroids)).toEqual([3, 4]);
    expect(model.inertia).toBe(0);
    expect(model.converged).toBe(true);
  });

  test('bad input throws clear errors', () => {
    expect(() => fitKMeans([], { k: 1 })).toThrow(/fitKMeans: the matrix has no rows/);
    expect(() => fitKMeans([[1, NaN]], { k: 1 })).toThrow(DataError);
    expect(() => fitKMeans([[1, NaN]], { k: 1 })).toThrow(/row 0.*column 'x1'/);
    expect(() => fitKMeans([[1, Infinity]], { k: 1 })).toThrow(DataError);
    expect(() => fitKMeans(four, { k: 5 })).toThrow(/k = 5 is larger than the number of rows \(4\)/);
    expect(() => fitKMeans(four, { k: 0 })).toThrow(OptionsError);
    expect(() => fitKMeans(four, { k: 2.5 })).toThrow(OptionsError);
    expect(() => fitKMeans(four, { k: 2, maxIter: 0 })).toThrow(OptionsError);
    expect(() => fitKMeans(four, { k: 2, tol: -1 })).toThrow(OptionsError);
    expect(() => fitKMeans(four, { k: 2, init: [[0, 0]] })).toThrow(DimensionError);
    expect(() => fitKMeans(four, { k: 2, init: [[0, 0], [1]] })).toThrow(DimensionError);
    const model = fitKMeans(four, { k: 2 });
    expect(() => assignSegments(model, [[1, 2, 3]])).toThrow(/assignSegments: matrix has 3 columns, model expects 2/);
    expect(() => assignSegments(model, [[1, NaN]])).toThrow(DataError);
  });

  test('onProgress reports iterations and signal aborts', () => {
    const { m } = blobs(1000, [[0, 0], [3, 3]], { seed: 1 });
    const seen: number[] = [];
    fitKMeans(m, { k: 2, onProgress: (p) => seen.push(p.done) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toBe(1);
    const ac = new AbortController();
    ac.abort();
    expect(() => fitKMeans(m, { k: 2, signal: ac.signal })).toThrow(AbortError);
    const ac2 = new AbortController();
    expect(() => fitKMeans(m, { k: 2, signal: ac2.signal, onProgress: () => ac2.abort() })).toThrow(AbortError);
  });

  test('serializeModel → parseModel restores the model exactly', () => {
    const model = fitKMeans(four, { k: 2 });
    const back = parseModel(serializeModel(model), 'segment/kmeans');
    expect(Array.from(back.centroids)).toEqual(Array.from(model.centroids));
    expect(back.options).toEqual(model.options);
  });

  test('accepts a FeatureMatrix and keeps its column names', () => {
    const m = matrixFromRows(four, { columns: ['dataMB', 'voiceMinutes'] });
    expect(fitKMeans(m, { k: 2 }).featureNames).toEqual(['dataMB', 'voiceMinutes']);
  });
});

const train = blobs(600, [[0, 0, 0], [4, 4, 0], [0, 4, 4]], { seed: 12 }).m;
describeConformance({
  name: 'segment/kmeans (hamerly)',
  train,
  fit: (m, seed) => fitKMeans(m, { k: 3, seed }),
  predict: (model, m) => assignSegments(model, m),
});
describeConformance({
  name: 'segment/kmeans (minibatch)',
  train,
  fit: (m, seed) => fitKMeans(m, { k: 3, seed, algorithm: 'minibatch', batchSize: 64 }),
  predict: (model, m) => assignSegments(model, m),
});

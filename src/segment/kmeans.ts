/**
 * `fitKMeans` and `assignSegments`: k-means segmentation over a FeatureMatrix, as plain data.
 *
 * @module
 */
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { assertFinite, toFeatureMatrix, type MatrixInput } from '../matrix/feature-matrix.js';
import { type LongRunOptions, throwIfAborted } from '../internal/model.js';
import { assertDistanceRange } from '../internal/distance-range.js';
import { createRng } from '../internal/rng.js';
import { defineOptions, described, int, longRun, oneOf, real, seed, workers } from '../internal/options.js';
import { getPool, minParallelSize, parallelSupported, resolveWorkers, toSharedFloat64 } from '../internal/parallel/pool.js';
import { KMEANS_WORKER_SOURCE } from '../internal/parallel/worker-source.generated.js';
import * as o from '../internal/option-kinds.js';
import { MAX_BATCH_SIZE, MAX_CLUSTERS, MAX_ITER, MAX_STARTS } from '../limits.js';
import {
  countDistinctRows,
  kmeansPlusPlus,
  lloyd,
  meanColumnVariance,
  miniBatch,
  nearestCentroids,
  randomInit,
  type LloydResult,
} from './kmeans-kernel.js';
import { assignKPrototypesAs, type KPrototypesModel, type MixedData, type MixedRecords } from './kprototypes.js';

/** The k-means algorithm variants. @category Segment */
export type KMeansAlgorithm = 'lloyd' | 'hamerly' | 'minibatch';

/** Options of {@link fitKMeans}; all optional. @category Segment */
export interface KMeansOptions extends LongRunOptions {
  /** Number of segments (default 8, as scikit-learn). */
  k?: number;
  /** Seed of the random start (default 0). */
  seed?: number;
  /** `'kmeans++'` (default), `'random'` (k distinct rows) or explicit k × p start centroids. */
  init?: 'kmeans++' | 'random' | readonly (readonly number[])[];
  /** Number of starts; the lowest inertia wins (default 1; 10 for `'random'`; 1 for explicit starts). */
  nInit?: number;
  /** Maximum iterations (default 300; for `'minibatch'`: passes over the data, default 100). */
  maxIter?: number;
  /**
   * Convergence tolerance relative to the data: stop when the summed squared centre shift is
   * ≤ `tol` × the mean column variance (scikit-learn's rule; default 1e-4, 0 for `'minibatch'`).
   */
  tol?: number;
  /** `'hamerly'` (default: Lloyd with Hamerly's bounds), `'lloyd'` (plain) or `'minibatch'` (Sculley 2010). */
  algorithm?: KMeansAlgorithm;
  /** Rows per mini-batch step (default 1024). */
  batchSize?: number;
  /**
   * Threads for the assignment steps of `'hamerly'` and `'lloyd'` (default 1; `'auto'`: one per
   * processor). The model is the same, bit for bit, for any value; not stored in the model.
   */
  workers?: number | 'auto';
}

/** Zod schema of {@link KMeansModel}. @category Segment */
export { KMeansOptionsSchema, KMeansModelSchema } from './model-schemas.js';
export type { KMeansModel } from './model-schemas.js';
import type { KMeansModel } from './model-schemas.js';
import { SEGMENT_MODEL_VERSIONS } from './model-kinds.js';
import { requireModel } from '../internal/guards.js';


const FN = 'fitKMeans';
/** Fewest rows for which `workers > 1` uses threads (below it a phase is shorter than a message round trip). */
const PARALLEL_MIN_ROWS = 2_048;

/** The declared options of {@link fitKMeans} (checked once per call). */
export const parseKMeansOptions = defineOptions(FN, {
  k: int(1, MAX_CLUSTERS).default(8),
  seed: seed().default(0),
  init: described(
    o.union([o.oneOfValues(['kmeans++', 'random']), o.array(o.array(o.number()))]),
    "'kmeans++', 'random' or k × p start centroids",
  ).optional(),
  nInit: int(1, MAX_STARTS).optional(),
  maxIter: int(1, MAX_ITER).optional(),
  tol: real({ min: 0 }).optional(),
  algorithm: oneOf(['lloyd', 'hamerly', 'minibatch']).default('hamerly'),
  batchSize: int(1, MAX_BATCH_SIZE).default(1024),
  workers: workers(),
  ...longRun(),
});

function resolveOptions(options: unknown, p: number) {
  const o = parseKMeansOptions(options);
  const { k, algorithm, batchSize, seed } = o;
  const given = Array.isArray(o.init);
  const initName = o.init === undefined ? 'kmeans++' : given ? 'given' : (o.init as 'kmeans++' | 'random');
  let start: Float64Array | undefined;
  if (given) {
    const rows = o.init as readonly (readonly number[])[];
    if (rows.length !== k) throw new DimensionError(`${FN}: init has ${rows.length} centroids, k is ${k}`);
    start = new Float64Array(k * p);
    rows.forEach((r, c) => {
      if (r.length !== p) throw new DimensionError(`${FN}: init centroid ${c} has ${r.length} values, the matrix has ${p} columns`);
      for (let j = 0; j < p; j++) {
        if (!Number.isFinite(r[j]!)) throw new OptionsError(`${FN}: init centroid ${c} has a non-finite value at column ${j}`, 'init');
        start![c * p + j] = r[j]!;
      }
    });
  }
  const nInit = given ? 1 : (o.nInit ?? (initName === 'random' ? 10 : 1));
  const maxIter = o.maxIter ?? (algorithm === 'minibatch' ? 100 : 300);
  const tol = o.tol ?? (algorithm === 'minibatch' ? 0 : 1e-4);
  return {
    // every field is checked by parseKMeansOptions with KMeansOptionsSchema's constraints or
    // tighter (k, nInit, maxIter, batchSize positive integers, tol ≥ 0, seed an integer), so the
    // model loads; checking again with the zod schema would put zod into every fitKMeans bundle
    resolved: { k, seed, init: initName as KMeansModel['options']['init'], nInit, maxIter, tol, algorithm, batchSize },
    start,
    workers: resolveWorkers(o.workers),
    signal: o.signal,
    onProgress: o.onProgress,
  };
}

/**
 * Partitions the rows of a matrix into k segments by k-means: minimises the inertia
 * Σᵢ ‖xᵢ − c₍ₐᵢ₎‖² over assignments a and centroids c.
 *
 * Seeding is greedy k-means++ (Arthur & Vassilvitskii 2007; 2 + ⌊ln k⌋ candidates per centre as
 * in scikit-learn). The default `'hamerly'` algorithm is Lloyd's iteration with Hamerly's (2010)
 * distance bounds: the same partition as plain Lloyd, with most distance computations skipped.
 * `'minibatch'` (Sculley 2010, "Web-scale k-means clustering") updates the centroids from random
 * batches, for millions of rows. A cluster that empties takes the row farthest from its centroid.
 * Not converging within `maxIter` is reported as `converged: false`, not thrown.
 * Scale the features first (k-means is not scale invariant).
 *
 * @param matrix - n × p rows to cluster (FeatureMatrix or `number[][]`); no NaN
 * @param options - see {@link KMeansOptions}
 * @param options.k - number of segments (default 8)
 * @param options.seed - random seed (default 0)
 * @param options.init - `'kmeans++'`, `'random'` or k × p starting centroids
 * @param options.nInit - number of starts, the lowest inertia wins
 * @param options.maxIter - maximum iterations (mini-batch: passes over the data)
 * @param options.tol - tolerance on the summed squared centre shift, relative to the mean column variance
 * @param options.algorithm - `'hamerly'` (default), `'lloyd'` or `'minibatch'`
 * @param options.batchSize - rows per mini-batch step (default 1024)
 * @param options.workers - threads for the assignment steps (default 1; same model for any value; docs/conventions.md)
 * @param options.onProgress - called after each iteration (mini-batch: each pass)
 * @param options.signal - aborts between iterations
 * @returns the model: k × p `centroids`, `sizes`, `inertia`, `iterations`, `converged`
 * @throws OptionsError on an unknown or invalid option (k in [1, {@link MAX_CLUSTERS}], seed an integer in [0, 2³²))
 * @throws DataError on an empty matrix, NaN or ±Infinity, or k larger than the number of distinct rows
 * @throws DimensionError when explicit `init` centroids do not have k rows of p values
 * @throws AbortError when `signal` fires
 * @example
 * const m = fitKMeans([[0, 0], [0, 1], [10, 10], [10, 11]], { k: 2, seed: 1 });
 * m.sizes // => [2, 2]
 * m.inertia // => 1
 * @category Segment
 */
export function fitKMeans(matrix: MatrixInput, options?: KMeansOptions): KMeansModel {
  const m = toFeatureMatrix(matrix, 'fitKMeans');
  const { nRows: n, nCols: p } = m;
  if (n === 0) throw new DataError(`${FN}: the matrix has no rows`);
  if (p === 0) throw new DataError(`${FN}: the matrix has no columns`);
  assertFinite(m, FN);
  assertDistanceRange(m, FN);
  const { resolved, start, workers, signal, onProgress } = resolveOptions(options, p);
  const { k } = resolved;
  if (k > n) throw new DataError(`${FN}: k = ${k} is larger than the number of rows (${n})`);
  if (!start) {
    const distinct = countDistinctRows(m.values, n, p, k);
    if (distinct < k) {
      throw new DataError(`${FN}: k = ${k} but the matrix has only ${distinct} distinct rows; lower k or deduplicate`);
    }
  }
  throwIfAborted(signal, FN);
  const X = m.values;
  const rng = createRng(resolved.seed);
  const varScale = resolved.tol > 0 ? meanColumnVariance(X, n, p) : 0;
  const tolAbs = resolved.tol * varScale;
  // with threads, one shared copy of the rows serves every start
  let shared: Float64Array | undefined;
  const Xs = (): Float64Array => {
    if (workers <= 1 || n < minParallelSize(PARALLEL_MIN_ROWS) || !parallelSupported()) return X;
    shared ??= toSharedFloat64(X);
    return shared;
  };
  let best: LloydResult | undefined;
  for (let run = 0; run < resolved.nInit; run++) {
    let res: LloydResult;
    if (resolved.algorithm === 'minibatch') {
      const initN = Math.min(n, Math.max(3 * resolved.batchSize, 3 * k));
      let C0 = start;
      if (!C0) {
        const sample = initN < n ? sampleRows(X, n, p, initN, rng) : X;
        const sn = initN < n ? initN : n;
        const ok = initN < n ? countDistinctRows(sample, sn, p, k) >= k : true;
        const src = ok ? sample : X;
        const srcN = ok ? sn : n;
        C0 = resolved.init === 'random' ? randomInit(src, srcN, p, k, rng) : kmeansPlusPlus(src, srcN, p, k, rng);
      }
      res = miniBatch(X, n, p, C0, k, rng, {
        batchSize: resolved.batchSize,
        maxIter: resolved.maxIter,
        tolAbs,
        maxNoImprovement: 10,
        onStep: (s, total, ewa) => {
          throwIfAborted(signal, FN);
          onProgress?.({ stage: 'minibatch', done: s, total, metrics: { ewaInertia: ewa, run } });
        },
      });
    } else {
      const pool = n >= minParallelSize(PARALLEL_MIN_ROWS) ? getPool(KMEANS_WORKER_SOURCE, workers) : undefined;
      const C0 = start ?? (resolved.init === 'random' ? randomInit(X, n, p, k, rng) : kmeansPlusPlus(Xs(), n, p, k, rng, pool));
      throwIfAborted(signal, FN);
      res = lloyd(Xs(), n, p, C0, k, {
        maxIter: resolved.maxIter,
        tolAbs,
        bounds: resolved.algorithm === 'hamerly',
        pool,
        onIteration: (it, moved, shift) => {
          throwIfAborted(signal, FN);
          onProgress?.({ stage: 'iteration', done: it, total: resolved.maxIter, metrics: { moved, shift, run } });
        },
      });
    }
    if (!best || res.inertia < best.inertia) best = res;
  }
  const r = best!;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[r.labels[i]!]!++;
  return {
    kind: 'segment/kmeans',
    version: SEGMENT_MODEL_VERSIONS['segment/kmeans'],
    options: resolved,
    featureNames: [...m.columns],
    centroids: r.centroids,
    sizes,
    inertia: r.inertia,
    iterations: r.iterations,
    converged: r.converged,
  };
}

function sampleRows(X: Float64Array, n: number, p: number, size: number, rng: ReturnType<typeof createRng>): Float64Array {
  const out = new Float64Array(size * p);
  for (let s = 0; s < size; s++) {
    const i = rng.int(n);
    out.set(X.subarray(i * p, i * p + p), s * p);
  }
  return out;
}

/**
 * Labels each row with its segment under a fitted segmentation model: the nearest centroid of a
 * k-means model (squared Euclidean distance; ties go to the lower index), or the nearest prototype
 * of a k-prototypes model under its mixed dissimilarity. `fitKMeans` and `fitKPrototypes` both
 * pair with this one function.
 *
 * @param model - a model from {@link fitKMeans} or `fitKPrototypes`
 * @param matrix - for k-means: n × p rows with the model's p columns, in the same order, no NaN;
 *   for k-prototypes: `{ numeric, categorical }` or records with the model's fields
 * @returns Int32Array of n segment indices in 0..k−1
 * @throws DimensionError when the column count differs from the model's
 * @throws DataError on NaN or ±Infinity (or a missing category)
 * @example
 * const m = fitKMeans([[0, 0], [0, 1], [10, 10], [10, 11]], { k: 2, seed: 1 });
 * const s = assignSegments(m, [[9, 9], [1, 0]]);
 * s[0] === s[1] // => false
 * @category Segment
 */
export function assignSegments(model: KMeansModel, matrix: MatrixInput): Int32Array;
export function assignSegments(model: KPrototypesModel, data: MixedData | MixedRecords): Int32Array;
export function assignSegments(model: KMeansModel | KPrototypesModel, matrix: MatrixInput | MixedData | MixedRecords): Int32Array {
  requireModel('assignSegments', 'model', model, ['segment/kmeans', 'segment/kprototypes'], 'fitKMeans, fitKPrototypes');
  if (model.kind === 'segment/kprototypes') return assignKPrototypesAs('assignSegments', model, matrix as MixedData | MixedRecords);
  const m = toFeatureMatrix(matrix as MatrixInput, 'assignSegments');
  const p = model.featureNames.length;
  if (m.nCols !== p && !(m.nRows === 0 && m.nCols === 0)) {
    throw new DimensionError(`assignSegments: matrix has ${m.nCols} columns, model expects ${p}`);
  }
  assertFinite(m, 'assignSegments');
  assertDistanceRange(m, 'assignSegments');
  const k = model.options.k;
  return nearestCentroids(m.values, m.nRows, p, model.centroids, k);
}

/**
 * `chooseK`: fits k-means for a range of k and reports the elbow, silhouette and
 * Calinski–Harabasz criteria side by side.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import { assertFinite, toFeatureMatrix, type MatrixInput } from '../matrix/feature-matrix.js';
import { type LongRunOptions, throwIfAborted } from '../internal/model.js';
import { assertDistanceRange } from '../internal/distance-range.js';
import { calinskiHarabasz, silhouetteScore } from '../metrics/clustering.js';
import { assignSegments, fitKMeans, type KMeansAlgorithm } from './kmeans.js';
import { countDistinctRows } from './kmeans-kernel.js';
import { defineOptions, int, longRun, oneOf, seed } from '../internal/options.js';
import { MAX_CLUSTERS, MAX_ITER, MAX_STARTS } from '../limits.js';

/** Options of {@link chooseK}; all optional. @category Segment */
export interface ChooseKOptions extends LongRunOptions {
  /** Smallest k tried (default 2; at least 2). */
  kMin?: number;
  /** Largest k tried (default 10, capped at n − 1 and at the number of distinct rows; `note` says when it was). */
  kMax?: number;
  /** Seed for every fit and the silhouette sample (default 0). */
  seed?: number;
  /** Rows sampled for the O(n²) silhouette (default 2000; all rows when n is smaller); must exceed kMax when below n. */
  sampleSize?: number;
  /** k-means algorithm (default `'hamerly'`). */
  algorithm?: KMeansAlgorithm;
  /** Starts per k (default 1). */
  nInit?: number;
  /** Iteration cap per fit (default 300). */
  maxIter?: number;
}

/** The criteria for one k. @category Segment */
export interface ChooseKRow {
  readonly k: number;
  /** Within-segment sum of squares (falls as k grows; look for the elbow). */
  readonly inertia: number;
  /** Mean silhouette on the sample, in [−1, 1] (higher is better). */
  readonly silhouette: number;
  /** Calinski–Harabasz index on all rows (higher is better). */
  readonly calinskiHarabasz: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** What {@link chooseK} returns. @category Segment */
export interface ChooseKResult {
  /** One row per k, ascending. */
  readonly rows: readonly ChooseKRow[];
  /** The k each criterion recommends. */
  readonly recommended: { readonly elbow: number; readonly silhouette: number; readonly calinskiHarabasz: number };
  /** Rows used for the silhouette. */
  readonly silhouetteSampleSize: number;
  /** A plain sentence on the recommendation, saying so when the elbow and the silhouette disagree. */
  readonly note: string;
}

/**
 * The elbow of a decreasing curve by the "kneedle" rule (Satopää et al. 2011): after scaling k
 * and inertia to [0, 1], the k whose point lies farthest below the chord joining the ends.
 */
function elbowOf(ks: readonly number[], ys: readonly number[]): number {
  if (ks.length < 3) return ks[0]!;
  const k0 = ks[0]!;
  const k1 = ks[ks.length - 1]!;
  const y0 = ys[0]!;
  const y1 = ys[ys.length - 1]!;
  if (y0 === y1) return k0;
  let best = k0;
  let bestGap = -Infinity;
  for (let i = 0; i < ks.length; i++) {
    const x = (ks[i]! - k0) / (k1 - k0);
    const y = (ys[i]! - y1) / (y0 - y1); // 1 at kMin, 0 at kMax
    const gap = 1 - x - y; // chord: y = 1 − x
    if (gap > bestGap) {
      bestGap = gap;
      best = ks[i]!;
    }
  }
  return best;
}

function argmax(rows: readonly ChooseKRow[], key: 'silhouette' | 'calinskiHarabasz'): number {
  let best = rows[0]!;
  for (const r of rows) if (r[key] > best[key]) best = r;
  return best.k;
}

/**
 * Fits k-means for every k in `kMin..kMax` and reports, per k, the inertia (read the elbow), the
 * mean silhouette (Rousseeuw 1987; on a seeded sample of rows for large n) and the
 * Calinski–Harabasz index (1974), with the k each criterion recommends: the elbow by the kneedle
 * rule (Satopää et al. 2011), the silhouette and Calinski–Harabasz by their maxima. When the
 * elbow and the silhouette disagree, `note` says so in plain words.
 *
 * @param matrix - n × p rows (scaled features); no NaN
 * @param opts - see {@link ChooseKOptions}
 * @param opts.kMin - smallest k (default 2)
 * @param opts.kMax - largest k (default 10; capped at n − 1 and at the number of distinct rows)
 * @param opts.seed - seed of the fits and of the silhouette sample
 * @param opts.sampleSize - rows for the silhouette (default 2000)
 * @param opts.algorithm - k-means algorithm
 * @param opts.nInit - starts per k
 * @param opts.maxIter - iterations cap per fit
 * @param opts.onProgress - called after each k
 * @param opts.signal - aborts between fits
 * @returns per-k criteria, the recommended k per criterion and a note
 * @throws OptionsError on an unknown or invalid option, or a silhouette sample not above kMax
 * @throws DataError on NaN, too few rows, or a bad range of k (kMin above the number of distinct rows)
 * @example
 * const rows = [[0, 0], [0, 1], [1, 0], [9, 9], [9, 10], [10, 9], [0, 9], [1, 9], [0, 10]];
 * chooseK(rows, { kMin: 2, kMax: 4 }).recommended.silhouette // => 3
 * @category Segment
 */
const FN = 'chooseK';
const parseChooseKOptions = defineOptions(FN, {
  kMin: int(2, MAX_CLUSTERS).default(2),
  kMax: int(2, MAX_CLUSTERS).default(10),
  seed: seed().default(0),
  sampleSize: int(1, Number.MAX_SAFE_INTEGER).default(2000),
  algorithm: oneOf(['lloyd', 'hamerly', 'minibatch']).optional(),
  nInit: int(1, MAX_STARTS).optional(),
  maxIter: int(1, MAX_ITER).optional(),
  ...longRun(),
});

export function chooseK(matrix: MatrixInput, opts?: ChooseKOptions): ChooseKResult {
  const options = parseChooseKOptions(opts);
  const m = toFeatureMatrix(matrix, FN);
  if (m.nRows < 3) throw new DataError(`${FN}: needs at least 3 rows, got ${m.nRows}`);
  assertFinite(m, FN);
  assertDistanceRange(m, FN);
  const kMin = options.kMin;
  const kWanted = options.kMax;
  // k-means needs k distinct rows: count them (up to the k wanted)
  const distinctRows = countDistinctRows(m.values, m.nRows, m.nCols, Math.min(kWanted, m.nRows - 1) + 1);
  if (distinctRows < kMin) {
    throw new DataError(`${FN}: kMin = ${kMin} but the matrix has only ${distinctRows} distinct rows; lower kMin or deduplicate`);
  }
  const kMax = Math.min(kWanted, m.nRows - 1, distinctRows);
  if (kMax < kMin) {
    throw new DataError(`${FN}: kMax (${kWanted}, capped at n − 1 = ${m.nRows - 1}) must be ≥ kMin (${kMin})`);
  }
  const capNote =
    kMax === distinctRows && distinctRows < Math.min(kWanted, m.nRows - 1)
      ? ` k was tried up to ${kMax} only, not ${kWanted}: the matrix has ${distinctRows} distinct rows and k-means needs k distinct rows.`
      : '';
  const seed = options.seed;
  const sampleSize = options.sampleSize;
  if (sampleSize < m.nRows && sampleSize <= kMax) {
    throw new OptionsError(`${FN}: sampleSize must be an integer above kMax (${kMax}) so that the silhouette sample can hold every segment, got ${sampleSize}`, 'sampleSize');
  }
  const rows: ChooseKRow[] = [];
  for (let k = kMin; k <= kMax; k++) {
    throwIfAborted(options.signal, FN);
    const model = fitKMeans(m, {
      k,
      seed,
      ...(options.algorithm !== undefined && { algorithm: options.algorithm }),
      ...(options.nInit !== undefined && { nInit: options.nInit }),
      ...(options.maxIter !== undefined && { maxIter: options.maxIter }),
      ...(options.signal !== undefined && { signal: options.signal }),
    });
    const labels = assignSegments(model, m);
    const distinct = new Set(labels).size;
    const ok = distinct >= 2 && distinct <= m.nRows - 1;
    rows.push({
      k,
      inertia: model.inertia,
      silhouette: ok ? silhouetteScore(m, labels, { sampleSize, seed }) : NaN,
      calinskiHarabasz: ok ? calinskiHarabasz(m, labels) : NaN,
      iterations: model.iterations,
      converged: model.converged,
    });
    options.onProgress?.({ stage: 'k', done: k - kMin + 1, total: kMax - kMin + 1, metrics: { k, inertia: model.inertia } });
  }
  const elbow = elbowOf(
    rows.map((r) => r.k),
    rows.map((r) => r.inertia),
  );
  const sil = argmax(rows, 'silhouette');
  const ch = argmax(rows, 'calinskiHarabasz');
  let note: string;
  if (elbow === sil) {
    note = `The elbow of the inertia curve and the silhouette agree on k = ${elbow}` + (ch === elbow ? ', and so does Calinski–Harabasz.' : `; Calinski–Harabasz prefers k = ${ch}.`);
  } else {
    note =
      `The criteria disagree: the elbow of the inertia curve is at k = ${elbow}, but the silhouette is highest at k = ${sil}` +
      ` (Calinski–Harabasz: k = ${ch}). Inertia always falls as k grows, so the elbow is a judgement call, while the ` +
      `silhouette rewards well-separated segments; k = ${Math.min(elbow, sil)} is the coarser cut and ` +
      `k = ${Math.max(elbow, sil)} the finer one: compare both with describeSegments before choosing.`;
  }
  note += capNote;
  return {
    rows,
    recommended: { elbow, silhouette: sil, calinskiHarabasz: ch },
    silhouetteSampleSize: Math.min(sampleSize, m.nRows),
    note,
  };
}

/**
 * Clustering quality: adjusted Rand index, purity, silhouette and Calinski–Harabasz.
 *
 * @module
 */
import { DataError, DimensionError } from '../errors.js';
import { assertFinite, toFeatureMatrix, type MatrixInput } from '../matrix/feature-matrix.js';
import { createRng } from '../internal/rng.js';
import { sampleIndices } from '../internal/sample.js';
import { assertDistanceRange } from '../internal/distance-range.js';
import { requireLabelValues } from '../internal/guards.js';
import { defineOptions, int, seed } from '../internal/options.js';

/** Labels accepted by the clustering metrics: numbers or strings, one per row. @category Metrics */
export type ClusterLabels = ArrayLike<number | string>;

/** Dense codes 0..c−1 for arbitrary labels, in order of first appearance. */
function encode(labels: ClusterLabels): { codes: Int32Array; count: number; names: (number | string)[] } {
  const index = new Map<number | string, number>();
  const names: (number | string)[] = [];
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    let c = index.get(v);
    if (c === undefined) {
      c = names.length;
      index.set(v, c);
      names.push(v);
    }
    codes[i] = c;
  }
  return { codes, count: names.length, names };
}

function contingency(a: ClusterLabels, b: ClusterLabels, fn: string, names: readonly [string, string] = ['a', 'b']) {
  requireLabelValues(fn, names[0], a);
  requireLabelValues(fn, names[1], b);
  if (a.length !== b.length) throw new DimensionError(`${fn}: ${a.length} labels against ${b.length}`);
  const ea = encode(a);
  const eb = encode(b);
  const table = new Float64Array(ea.count * eb.count);
  for (let i = 0; i < a.length; i++) table[ea.codes[i]! * eb.count + eb.codes[i]!]!++;
  return { ea, eb, table };
}

const comb2 = (x: number): number => (x * (x - 1)) / 2;

/**
 * Adjusted Rand index between two partitions of the same rows (Hubert & Arabie 1985):
 * ARI = (Σᵢⱼ C(nᵢⱼ,2) − E) / (½[Σᵢ C(aᵢ,2) + Σⱼ C(bⱼ,2)] − E), with
 * E = Σᵢ C(aᵢ,2) Σⱼ C(bⱼ,2) / C(n,2). 1 for identical partitions (up to relabelling), about 0 for
 * random ones, negative below chance. Symmetric; label values are only compared for equality.
 * As scikit-learn, returns 1 when both partitions are a single cluster or all singletons.
 *
 * @param a - n labels (numbers or strings)
 * @param b - n labels
 * @returns the index, in [−0.5, 1]
 * @throws DimensionError when the lengths differ
 * @example
 * adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]) // => 1
 * adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]) // => 0.5714285714285715
 * @category Metrics
 */
export function adjustedRandIndex(a: ClusterLabels, b: ClusterLabels): number {
  const { ea, eb, table } = contingency(a, b, 'adjustedRandIndex');
  const n = a.length;
  if (n === 0) return 1;
  if ((ea.count === 1 && eb.count === 1) || (ea.count === n && eb.count === n)) return 1;
  let sumIJ = 0;
  for (let t = 0; t < table.length; t++) sumIJ += comb2(table[t]!);
  const rowSums = new Float64Array(ea.count);
  const colSums = new Float64Array(eb.count);
  for (let i = 0; i < ea.count; i++) {
    for (let j = 0; j < eb.count; j++) {
      const v = table[i * eb.count + j]!;
      rowSums[i]! += v;
      colSums[j]! += v;
    }
  }
  let sumA = 0;
  let sumB = 0;
  for (const v of rowSums) sumA += comb2(v);
  for (const v of colSums) sumB += comb2(v);
  const expected = (sumA * sumB) / comb2(n);
  const max = 0.5 * (sumA + sumB);
  if (max === expected) return 1;
  return (sumIJ - expected) / (max - expected);
}

/**
 * Purity of a clustering against reference classes: each cluster counts its most frequent class,
 * purity = Σ_clusters maxₖ nₖ / n (Manning et al. 2008, §16.3). 1 when every cluster holds a
 * single class; rises trivially with the number of clusters, so read it with the ARI.
 *
 * @param clusters - n cluster labels
 * @param classes - n reference labels (e.g. the latent personas)
 * @returns purity in (0, 1]
 * @throws DimensionError when the lengths differ
 * @throws DataError on empty input
 * @example
 * purity([0, 0, 0, 1, 1, 1], ['a', 'a', 'b', 'b', 'b', 'b']) // => 0.8333333333333334
 * @category Metrics
 */
export function purity(clusters: ClusterLabels, classes: ClusterLabels): number {
  const { ea, eb, table } = contingency(clusters, classes, 'purity', ['clusters', 'classes']);
  if (clusters.length === 0) throw new DataError('purity: no labels');
  let s = 0;
  for (let i = 0; i < ea.count; i++) {
    let m = 0;
    for (let j = 0; j < eb.count; j++) m = Math.max(m, table[i * eb.count + j]!);
    s += m;
  }
  return s / clusters.length;
}

/** One reference class in {@link purityByClass}. @category Metrics */
export interface ClassPurity {
  /** The reference class (e.g. persona name). */
  readonly label: number | string;
  /** Rows of this class. */
  readonly size: number;
  /** The cluster holding most of this class's rows. */
  readonly cluster: number | string;
  /** Share of the class's rows in that cluster, in (0, 1]. */
  readonly share: number;
}

/**
 * For each reference class, the cluster that holds most of its rows and the share it holds
 * (how cleanly each persona is recovered).
 *
 * @param clusters - n cluster labels
 * @param classes - n reference labels
 * @returns one entry per class, in order of first appearance
 * @throws DimensionError when the lengths differ
 * @example
 * purityByClass([0, 0, 1, 1], ['a', 'a', 'a', 'b'])
 * // => [{ label: 'a', size: 3, cluster: 0, share: 0.6666666666666666 }, { label: 'b', size: 1, cluster: 1, share: 1 }]
 * @category Metrics
 */
export function purityByClass(clusters: ClusterLabels, classes: ClusterLabels): ClassPurity[] {
  const { ea, eb, table } = contingency(clusters, classes, 'purityByClass', ['clusters', 'classes']);
  const out: ClassPurity[] = [];
  for (let j = 0; j < eb.count; j++) {
    let size = 0;
    let best = 0;
    let bi = 0;
    for (let i = 0; i < ea.count; i++) {
      const v = table[i * eb.count + j]!;
      size += v;
      if (v > best) {
        best = v;
        bi = i;
      }
    }
    out.push({ label: eb.names[j]!, size, cluster: ea.names[bi]!, share: best / size });
  }
  return out;
}

function checkLabels(m: { nRows: number }, labels: ClusterLabels, fn: string) {
  requireLabelValues(fn, 'labels', labels);
  if (labels.length !== m.nRows) throw new DimensionError(`${fn}: ${labels.length} labels for ${m.nRows} rows`);
  const e = encode(labels);
  if (e.count < 2 || e.count > m.nRows - 1) {
    throw new DataError(`${fn}: needs between 2 and n − 1 clusters, got ${e.count} for ${m.nRows} rows`);
  }
  return e;
}

/** Options of {@link silhouetteScore}. @category Metrics */
export interface SilhouetteOptions {
  /** Score a seeded random sample of this many rows (all rows when n ≤ sampleSize; default all). */
  sampleSize?: number;
  /** Seed of the sample (default 0). */
  seed?: number;
}

const parseSilhouetteOptions = defineOptions('silhouetteScore', {
  sampleSize: int(2, Number.MAX_SAFE_INTEGER).optional(),
  seed: seed().default(0),
});

/**
 * Mean silhouette coefficient (Rousseeuw 1987) with Euclidean distance: for row i,
 * s(i) = (b − a) / max(a, b), where a is the mean distance to the other rows of its cluster and b
 * the smallest mean distance to the rows of another cluster; s = 0 for a singleton cluster.
 * O(n²·p): with `sampleSize`, scores a random subset as scikit-learn's `sample_size` does.
 *
 * @param matrix - n × p rows; no NaN
 * @param labels - n cluster labels (2 ≤ clusters ≤ n − 1)
 * @param options.sampleSize - rows to sample for large n
 * @param options.seed - sample seed
 * @returns the mean silhouette, in [−1, 1]
 * @throws DimensionError when labels and rows disagree
 * @throws DataError on NaN, or fewer than 2 or more than n − 1 clusters (in the rows, and in the sample when `sampleSize` < n)
 * @example
 * silhouetteScore([[0], [1], [4], [5]], [0, 0, 1, 1]) // => 0.746031746031746
 * @category Metrics
 */
export function silhouetteScore(matrix: MatrixInput, labels: ClusterLabels, options: SilhouetteOptions = {}): number {
  const FN = 'silhouetteScore';
  const opts = parseSilhouetteOptions(options);
  const m = toFeatureMatrix(matrix, 'silhouetteScore');
  assertFinite(m, FN);
  assertDistanceRange(m, FN);
  let e = checkLabels(m, labels, FN);
  let codes = e.codes;
  let X = m.values;
  let n = m.nRows;
  const p = m.nCols;
  const size = opts.sampleSize;
  if (size !== undefined && size < n) {
    const rng = createRng(opts.seed);
    const idx = sampleIndices(n, size, rng);
    const Xs = new Float64Array(size * p);
    const sub: (number | string)[] = new Array(size);
    for (let s = 0; s < size; s++) {
      const i = idx[s]!;
      Xs.set(X.subarray(i * p, i * p + p), s * p);
      sub[s] = labels[i]!;
    }
    X = Xs;
    n = size;
    e = encode(sub);
    if (e.count < 2) throw new DataError(`${FN}: the sample of ${size} rows holds a single cluster; raise sampleSize`);
    if (e.count > size - 1) {
      throw new DataError(`${FN}: the sample of ${size} rows holds ${e.count} clusters, needs between 2 and ${size - 1} (sampleSize − 1); raise sampleSize`);
    }
    codes = e.codes;
  }
  const c = e.count;
  const counts = new Float64Array(c);
  for (let i = 0; i < n; i++) counts[codes[i]!]!++;
  const sums = new Float64Array(c);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    const xo = i * p;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const yo = j * p;
      let s = 0;
      for (let d = 0; d < p; d++) {
        const v = X[xo + d]! - X[yo + d]!;
        s += v * v;
      }
      sums[codes[j]!]! += Math.sqrt(s);
    }
    const own = codes[i]!;
    if (counts[own]! <= 1) continue;
    const a = sums[own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let q = 0; q < c; q++) if (q !== own && counts[q]! > 0) b = Math.min(b, sums[q]! / counts[q]!);
    const mx = Math.max(a, b);
    total += mx > 0 ? (b - a) / mx : 0;
  }
  return total / n;
}

/**
 * Calinski–Harabasz index (variance ratio criterion, Caliński & Harabasz 1974):
 * CH = [B / (k − 1)] / [W / (n − k)], with B = Σⱼ nⱼ‖cⱼ − x̄‖² the between-cluster and
 * W = Σᵢ ‖xᵢ − c₍ᵢ₎‖² the within-cluster sum of squares. Higher is better; O(n·p).
 *
 * @param matrix - n × p rows; no NaN
 * @param labels - n cluster labels (2 ≤ clusters ≤ n − 1)
 * @returns the index (≥ 0; 1 when the within-cluster sum of squares is 0, as scikit-learn)
 * @throws DimensionError when labels and rows disagree
 * @throws DataError on NaN, or fewer than 2 or more than n − 1 clusters
 * @example
 * calinskiHarabasz([[0], [1], [4], [5]], [0, 0, 1, 1]) // => 32
 * @category Metrics
 */
export function calinskiHarabasz(matrix: MatrixInput, labels: ClusterLabels): number {
  const FN = 'calinskiHarabasz';
  const m = toFeatureMatrix(matrix, 'calinskiHarabasz');
  assertFinite(m, FN);
  assertDistanceRange(m, FN);
  const e = checkLabels(m, labels, FN);
  const { nRows: n, nCols: p, values: X } = m;
  const c = e.count;
  const cent = new Float64Array(c * p);
  const counts = new Float64Array(c);
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const q = e.codes[i]!;
    counts[q]!++;
    for (let d = 0; d < p; d++) {
      const v = X[i * p + d]!;
      cent[q * p + d]! += v;
      mean[d]! += v;
    }
  }
  for (let d = 0; d < p; d++) mean[d]! /= n;
  for (let q = 0; q < c; q++) for (let d = 0; d < p; d++) cent[q * p + d]! /= counts[q]!;
  let B = 0;
  for (let q = 0; q < c; q++) {
    let s = 0;
    for (let d = 0; d < p; d++) {
      const v = cent[q * p + d]! - mean[d]!;
      s += v * v;
    }
    B += counts[q]! * s;
  }
  let W = 0;
  for (let i = 0; i < n; i++) {
    const q = e.codes[i]!;
    for (let d = 0; d < p; d++) {
      const v = X[i * p + d]! - cent[q * p + d]!;
      W += v * v;
    }
  }
  if (W === 0) return 1; // scikit-learn's convention
  return (B / (c - 1)) / (W / (n - c));
}

/**
 * Row-parallel batch scoring (internal; `predictChurn`'s `workers`). Each part scores the rows
 * of its contiguous range with the same per-row code as the one-thread path and writes them into
 * one output array, so the scores are the same, bit for bit, for any number of parts.
 */
import { exp } from '../math.js';
import { partRange } from './pool.js';

/** Rows scored together, tree by tree, so that each tree's nodes stay in cache. */
const BLOCK = 1024;

/** The flat tree arrays a tree walk reads (a `churn/gbdt` model's `trees`, minus the statistics). */
export interface TreeArrays {
  readonly offsets: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly missingGoesLeft: Uint8Array;
}

/** 1 / (1 + e^(−z)), stable for large |z|. */
export function stableSigmoid(zv: number): number {
  if (zv >= 0) return 1 / (1 + exp(-zv));
  const e = exp(zv);
  return e / (1 + e);
}

/**
 * Margins of rows `lo…hi` (row-major `values` of width `p`) into `out[lo…hi)`: `baseScore` plus
 * the first `nTrees` trees, added in tree order for every row (rows are walked in blocks for the
 * cache; the order of a row's own sum does not depend on the block).
 */
export function gbdtMarginsRange(t: TreeArrays, baseScore: number, nTrees: number, values: ArrayLike<number>, p: number, lo: number, hi: number, out: Float64Array): void {
  const { offsets, feature, threshold, left, right, value, missingGoesLeft } = t;
  for (let i0 = lo; i0 < hi; i0 += BLOCK) {
    const i1 = Math.min(hi, i0 + BLOCK);
    for (let i = i0; i < i1; i++) out[i] = baseScore;
    for (let tr = 0; tr < nTrees; tr++) {
      const a = offsets[tr]!;
      for (let i = i0, base = i0 * p; i < i1; i++, base += p) {
        let nd = a;
        while (left[nd]! >= 0) {
          const x = values[base + feature[nd]!]!;
          const thr = threshold[nd]!;
          const goLeft = x <= thr ? true : x > thr ? false : missingGoesLeft[nd] === 1;
          nd = a + (goLeft ? left[nd]! : right[nd]!);
        }
        out[i] = out[i]! + value[nd]!;
      }
    }
  }
}

/** Margins `intercept + Σ_j w_j x_ij` (j in order) of rows `lo…hi` into `out[lo…hi)`. */
export function logisticMarginsRange(w: ArrayLike<number>, intercept: number, values: ArrayLike<number>, p: number, lo: number, hi: number, out: Float64Array): void {
  for (let i = lo, o = lo * p; i < hi; i++, o += p) {
    let zi = intercept;
    for (let j = 0; j < p; j++) zi += w[j]! * values[o + j]!;
    out[i] = zi;
  }
}

/** One scoring job: a model's arrays, the rows, and the output (all shared when parts run on threads). */
export interface ScoreJob {
  /** Tree arrays (gbdt) or `undefined` (logistic). */
  readonly trees?: TreeArrays;
  readonly nTrees: number;
  /** gbdt: the base score; logistic: the intercept. */
  readonly base: number;
  /** logistic: the coefficients. */
  readonly w?: Float64Array;
  readonly values: Float64Array;
  readonly p: number;
  readonly n: number;
  readonly out: Float64Array;
  /** Apply the sigmoid after the margin (probabilities). */
  readonly prob: boolean;
}

/** Scores the part's row range of `j` (the one-thread path runs it with `parts` = 1). */
export function scorePart(j: ScoreJob, part: number, parts: number): void {
  const [lo, hi] = partRange(j.n, part, parts);
  if (j.trees) gbdtMarginsRange(j.trees, j.base, j.nTrees, j.values, j.p, lo, hi, j.out);
  else logisticMarginsRange(j.w!, j.base, j.values, j.p, lo, hi, j.out);
  if (j.prob) for (let i = lo; i < hi; i++) j.out[i] = stableSigmoid(j.out[i]!);
}

/** The scoring tasks a worker thread answers. */
export const SCORE_TASKS = {
  'score/rows': scorePart,
} as const;

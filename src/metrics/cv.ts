/**
 * Cross-validation for binary scorers: (stratified) k-fold splits and `crossValidate`.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { selectRows, toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix, MatrixInput } from '../matrix/feature-matrix.js';
import type { LongRunOptions } from '../internal/model.js';
import { throwIfAborted } from '../internal/model.js';
import { createRng } from '../internal/rng.js';
import { permutation } from '../internal/sample.js';
import { evaluateBinary } from './binary.js';
import type { BinaryEvaluation, EvaluateBinaryOptions } from './binary.js';
import type { BinaryLabels } from './labels.js';
import { toBinaryLabels } from './labels.js';
import { defineOptions, describeValue, int, optionError, seed } from '../internal/options.js';
import { requireArray } from '../internal/guards.js';
import { MAX_FOLDS } from '../limits.js';

/** One fold: the row indices to train on and to test on (both ascending). @category Metrics */
export interface FoldIndices {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** Options of {@link stratifiedKFold} and {@link kFold}. @category Metrics */
export interface KFoldOptions {
  /** Number of folds (default 5). */
  readonly folds?: number;
  /** Seed of the shuffle (default 0). */
  readonly seed?: number;
}

function checkFolds(k: number, n: number, fn: string): void {
  if (!Number.isInteger(k) || k < 2 || k > MAX_FOLDS) throw optionError(fn, 'folds', `an integer in [2, ${MAX_FOLDS}]`, k);
  if (k > n) throw new DataError(`${fn}: ${k} folds for ${n} rows`);
}

const kFoldShape = { folds: int(2, MAX_FOLDS).default(5), seed: seed().default(0) };
const parseKFoldOptions = defineOptions('kFold', kFoldShape);
const parseStratifiedKFoldOptions = defineOptions('stratifiedKFold', kFoldShape);

function toFolds(foldOf: Int32Array, k: number): FoldIndices[] {
  const out: FoldIndices[] = [];
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < foldOf.length; i++) (foldOf[i] === f ? test : train).push(i);
    out.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return out;
}

/**
 * Stratified k-fold split: each class's rows are shuffled (seeded) and dealt to the folds in turn,
 * the dealing continuing from one class to the next, so every fold has the class proportions
 * of the whole (to within one row per class) and fold sizes differ by at most one.
 *
 * @param labels - n labels, 0/1 or booleans
 * @param options - `folds` (5), `seed` (0)
 * @returns `folds` pairs of ascending row indices; every row is in exactly one test set
 * @throws DataError for bad labels or fewer rows than folds
 * @example
 * stratifiedKFold([0, 0, 0, 0, 1, 1], { folds: 2 }).map((f) => f.test.length) // => [3, 3]
 * @category Metrics
 */
export function stratifiedKFold(labels: BinaryLabels, options: KFoldOptions = {}): FoldIndices[] {
  const fn = 'stratifiedKFold';
  const opts = parseStratifiedKFoldOptions(options);
  requireArray(fn, 'labels', labels, 'of 0/1 labels');
  const y = toBinaryLabels(labels, labels.length, fn, false);
  const k = opts.folds;
  checkFolds(k, y.length, fn);
  const rng = createRng(opts.seed);
  const perm = permutation(y.length, rng);
  const foldOf = new Int32Array(y.length);
  let deal = 0;
  for (const cls of [1, 0]) {
    for (let t = 0; t < perm.length; t++) {
      const i = perm[t]!;
      if (y[i] === cls) foldOf[i] = deal++ % k;
    }
  }
  return toFolds(foldOf, k);
}

/**
 * Plain k-fold split after a seeded shuffle; fold sizes differ by at most one.
 *
 * @param n - number of rows
 * @param options - `folds` (5), `seed` (0)
 * @returns `folds` pairs of ascending row indices
 * @throws DataError for fewer rows than folds
 * @example
 * kFold(10, { folds: 3 }).map((f) => f.test.length).sort() // => [3, 3, 4]
 * @category Metrics
 */
export function kFold(n: number, options: KFoldOptions = {}): FoldIndices[] {
  const opts = parseKFoldOptions(options);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new DataError(`kFold: n must be a non-negative integer (the number of rows), got ${describeValue(n)}`);
  const k = opts.folds;
  checkFolds(k, n, 'kFold');
  const perm = permutation(n, createRng(opts.seed));
  const foldOf = new Int32Array(n);
  for (let t = 0; t < n; t++) foldOf[perm[t]!] = t % k;
  return toFolds(foldOf, k);
}

/** What the function given to {@link crossValidate} receives besides the training data. @category Metrics */
export interface FoldInfo {
  /** Zero-based fold number. */
  readonly fold: number;
  /** A seed for this fold's fit (derived from `options.seed`). */
  readonly seed: number;
  /** The training rows' indices in the full matrix. */
  readonly trainIndices: Int32Array;
}

/** Fits on a training fold and returns a scorer for the test fold (higher = more likely positive). @category Metrics */
export type CrossValidateFit = (train: FeatureMatrix, labels: Uint8Array, info: FoldInfo) => (test: FeatureMatrix) => ArrayLike<number>;

/** Options of {@link crossValidate}. @category Metrics */
export interface CrossValidateOptions extends EvaluateBinaryOptions, LongRunOptions {
  /** Number of folds (default 5). */
  readonly folds?: number;
  /** Keep class proportions in every fold (default true). */
  readonly stratified?: boolean;
  /** Seed of the split and of each fold's fit (default 0). */
  readonly seed?: number;
}

/** The scalar metrics averaged across folds. @category Metrics */
export type CvMetricName = 'rocAuc' | 'prAuc' | 'logLoss' | 'brier' | 'ks' | 'precision' | 'recall' | 'f1' | 'accuracy' | 'topDecileLift' | 'ece';

/** What {@link crossValidate} returns. @category Metrics */
export interface CrossValidation {
  /** Per fold: sizes and the full {@link BinaryEvaluation} of the test fold. */
  readonly folds: readonly { readonly fold: number; readonly nTrain: number; readonly nTest: number; readonly metrics: BinaryEvaluation }[];
  /** Mean of each scalar metric over the folds. */
  readonly mean: Readonly<Record<CvMetricName, number>>;
  /** Sample standard deviation (n − 1) of each scalar metric over the folds. */
  readonly sd: Readonly<Record<CvMetricName, number>>;
  /** Out-of-fold scores: each row scored by the model that did not see it. */
  readonly oof: Float64Array;
}

const CV_METRICS: readonly CvMetricName[] = ['rocAuc', 'prAuc', 'logLoss', 'brier', 'ks', 'precision', 'recall', 'f1', 'accuracy', 'topDecileLift', 'ece'];

/** One class only in a fold's training or test rows: names the fold and some original row indices. */
function checkFoldClasses(fn: string, part: 'training' | 'test', y: Uint8Array, rows: Int32Array, f: number, folds: number): void {
  let pos = 0;
  for (let t = 0; t < y.length; t++) pos += y[t]!;
  if (pos > 0 && pos < y.length) return;
  const shown = Array.from(rows.subarray(0, 5)).join(', ') + (rows.length > 5 ? ', …' : '');
  throw new DataError(
    `${fn}: fold ${f} (0-based) of ${folds}: the ${part} rows (${y.length}: rows ${shown}) hold class ${pos > 0 ? 1 : 0} only; ` +
      'use fewer folds, or stratified: true',
  );
}

/**
 * K-fold cross-validation of a binary scorer: for each fold, `fit` sees only the training rows
 * (fit every encoder and scaler inside it, so nothing leaks from the test fold) and its scorer
 * is evaluated with {@link evaluateBinary} on the held-out rows.
 *
 * @param fit - `(train, trainLabels, info) => (test) => scores`
 * @param matrix - n × p features (FeatureMatrix or `number[][]`)
 * @param labels - n labels, 0/1 or booleans
 * @param options - `folds` (5), `stratified` (true), `seed` (0), evaluation options, `onProgress`, `signal`
 * @returns per-fold metrics, their mean and sd, and the out-of-fold scores
 * @throws DimensionError when labels and rows disagree; DataError for bad labels, a fold whose training
 *   or test rows hold one class only, or a non-finite score, naming the fold (zero-based) and the row's index in `matrix`
 * @throws AbortError when `options.signal` fires
 * @example
 * const x = [[0], [1], [2], [3], [4], [5], [6], [7]];
 * const cv = crossValidate(() => (t) => Array.from(t.values, (v) => v / 7), x, [0, 0, 0, 0, 1, 1, 1, 1], { folds: 2 });
 * cv.mean.rocAuc // => 1
 * cv.mean.topDecileLift // => 2
 * @category Metrics
 */
export function crossValidate(
  fit: CrossValidateFit,
  matrix: MatrixInput,
  labels: BinaryLabels,
  options: CrossValidateOptions = {},
): CrossValidation {
  const fn = 'crossValidate';
  const m = toFeatureMatrix(matrix, fn);
  const y = toBinaryLabels(labels, m.nRows, fn);
  const k = options.folds ?? 5;
  const seed = options.seed ?? 0;
  const splits = options.stratified === false ? kFold(m.nRows, { folds: k, seed }) : stratifiedKFold(y, { folds: k, seed });
  const oof = new Float64Array(m.nRows);
  const folds: CrossValidation['folds'][number][] = [];
  const seedRng = createRng(seed ^ 0x5eed);
  for (let f = 0; f < splits.length; f++) {
    throwIfAborted(options.signal, fn);
    const { train, test } = splits[f]!;
    const yTrain = new Uint8Array(train.length);
    for (let t = 0; t < train.length; t++) yTrain[t] = y[train[t]!]!;
    const yTest = new Uint8Array(test.length);
    for (let t = 0; t < test.length; t++) yTest[t] = y[test[t]!]!;
    const foldSeed = Math.floor(seedRng.next() * 2 ** 31);
    checkFoldClasses(fn, 'training', yTrain, train, f, splits.length);
    checkFoldClasses(fn, 'test', yTest, test, f, splits.length);
    const scorer = fit(selectRows(m, train), yTrain, { fold: f, seed: foldSeed, trainIndices: train });
    const scores = scorer(selectRows(m, test));
    if (scores.length !== test.length) {
      throw new DataError(`${fn}: fold ${f} (0-based) of ${splits.length}: the scorer returned ${scores.length} scores for ${test.length} test rows`);
    }
    for (let t = 0; t < test.length; t++) {
      const v = scores[t]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DataError(`${fn}: fold ${f} (0-based) of ${splits.length}: the scorer returned ${String(v)} for row ${test[t]!} (test position ${t}); scores must be finite numbers`);
      }
      if (options.scoreScale !== 'any' && (v < 0 || v > 1)) {
        throw new DataError(
          `${fn}: fold ${f} (0-based) of ${splits.length}: the scorer returned ${v} for row ${test[t]!} (test position ${t}), outside [0, 1]; return probabilities, or pass scoreScale: 'any' for margins and ranks`,
        );
      }
    }
    for (let t = 0; t < test.length; t++) oof[test[t]!] = scores[t]!;
    const metrics = evaluateBinary(yTest, scores, options);
    folds.push({ fold: f, nTrain: train.length, nTest: test.length, metrics });
    options.onProgress?.({ stage: 'fold', done: f + 1, total: splits.length, metrics: { rocAuc: metrics.rocAuc } });
  }
  const mean = {} as Record<CvMetricName, number>;
  const sd = {} as Record<CvMetricName, number>;
  for (const name of CV_METRICS) {
    const v = folds.map((r) => r.metrics[name]);
    const mu = v.reduce((a, b) => a + b, 0) / v.length;
    mean[name] = mu;
    sd[name] = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1)) : 0;
  }
  return { folds, mean, sd, oof };
}

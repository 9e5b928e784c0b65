/**
 * `fitChurnModel` / `predictChurn`: the one API in front of the churn learners.
 *
 * @module
 */
import { DimensionError, ModelError, OptionsError } from '../errors.js';
import { describeValue } from '../internal/options.js';
import { assertFinite, toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix, MatrixInput } from '../matrix/feature-matrix.js';
import type { ChurnLabels } from './labels.js';
import { toBinaryLabels } from './labels.js';
import { fitLogistic, logisticMargins } from './logistic.js';
import type { LogisticChurnModel, LogisticChurnOptions } from './logistic.js';
import { predictGbdtMargin } from './gbdt/index.js';
import { fitGbdtAs } from './gbdt/fit-gbdt.js';
import type { GbdtModel, GbdtOptions } from './gbdt/index.js';
import { defineOptions, workers } from '../internal/options.js';
import { getPool, minParallelSize, resolveWorkers } from '../internal/parallel/pool.js';
import { scorePart, stableSigmoid, type ScoreJob } from '../internal/parallel/score.js';
import { SCORE_WORKER_SOURCE } from '../internal/parallel/worker-source.generated.js';
import { requireModel } from '../internal/guards.js';

/** Options of the gbdt learner (`fitChurnModel(m, y, { kind: 'gbdt', ... })`): see {@link GbdtOptions}. @category Churn */
export interface GbdtChurnOptions extends GbdtOptions {
  readonly kind: 'gbdt';
}

/** Options of {@link fitChurnModel}: `kind` picks the learner, the rest are its knobs. @category Churn */
export type ChurnModelOptions = LogisticChurnOptions | GbdtChurnOptions;

/** A fitted churn model of any kind. @category Churn */
export type ChurnModel = LogisticChurnModel | GbdtModel;

/**
 * Fits a churn model: the probability that each subscriber churns, from a feature matrix and
 * 0/1 labels.
 *
 * - `kind: 'logistic'`: L2-regularised logistic regression, scikit-learn's objective
 *   `½‖w‖² + C Σᵢ sᵢ ℓ(yᵢ, b + xᵢ·w)` (ℓ the log loss, sᵢ the class weights, intercept b not
 *   penalised), minimised by L-BFGS on internally standardised coordinates; the coefficients are
 *   reported in the features' own units and no standardisation is applied at prediction time.
 *   Needs finite features (impute first). The model reports `convergence` and whether the
 *   training data were perfectly `separable` (the L2 penalty keeps coefficients finite then).
 * - `kind: 'gbdt'`: histogram gradient-boosted trees for the log loss (LightGBM /
 *   scikit-learn `HistGradientBoostingClassifier` style: ≤ 255 bins per feature, leaf-wise growth,
 *   L2 on leaf values, learned direction for missing values, early stopping on a seeded
 *   validation split); NaN is allowed and means missing. See {@link GbdtOptions}.
 *
 * @param matrix - n × p features (FeatureMatrix or `number[][]`)
 * @param labels - n labels, 0/1 or booleans (1/true = churned)
 * @param options - `kind` and the learner's options (see {@link LogisticChurnOptions}, {@link GbdtOptions})
 * @returns a plain-data model (`serializeModel` round-trips it)
 * @throws OptionsError for a missing or unknown `kind`, or an unknown or invalid option (logistic:
 *   `C` and `l2` together, or a deprecated spelling with its new name)
 * @throws DimensionError when the label count differs from the row count
 * @throws DataError for labels that are not 0/1, one class only, or NaN/Infinity in a logistic fit
 * @throws AbortError when `options.signal` fires
 * @example
 * const m = fitChurnModel([[0], [1], [2], [3]], [0, 0, 1, 1], { kind: 'logistic' });
 * predictChurn(m, [[3]])[0]! > 0.5 // => true
 * @category Churn
 */
export function fitChurnModel(matrix: MatrixInput, labels: ChurnLabels, options: LogisticChurnOptions): LogisticChurnModel;
export function fitChurnModel(matrix: MatrixInput, labels: ChurnLabels, options: GbdtChurnOptions): GbdtModel;
export function fitChurnModel(matrix: MatrixInput, labels: ChurnLabels, options: ChurnModelOptions): ChurnModel;
export function fitChurnModel(matrix: MatrixInput, labels: ChurnLabels, options: ChurnModelOptions): ChurnModel {
  return fitChurnModelAs('fitChurnModel', matrix, labels, options);
}

/** {@link fitChurnModel} with the public function's name for messages (`fitClassifier` calls it). @internal */
export function fitChurnModelAs(fn: string, matrix: MatrixInput, labels: ChurnLabels, options: ChurnModelOptions): ChurnModel {
  const kind = options === null || typeof options !== 'object' ? undefined : (options as { kind?: unknown }).kind;
  if (kind !== 'logistic' && kind !== 'gbdt') {
    if (options === undefined || options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new OptionsError(`${fn}: options must be an object with kind 'logistic' or 'gbdt', got ${describeValue(options)}`, '(options)');
    }
    throw new OptionsError(`${fn}: option kind must be 'logistic' or 'gbdt', got ${describeValue(kind)}`, 'kind');
  }
  const m = toFeatureMatrix(matrix, fn);
  if (m.nRows === 0) throw new DimensionError(`${fn}: the matrix has no rows`);
  const y = toBinaryLabels(labels, m.nRows, fn);
  switch (options.kind) {
    case 'logistic':
      return fitLogistic(m, y, options, fn);
    case 'gbdt': {
      const { kind: _kind, ...rest } = options;
      void _kind;
      return fitGbdtAs(fn, m, y, rest);
    }
  }
}

/** Checks the matrix's width against the model (internal). */
export function checkWidth(model: ChurnModel, m: FeatureMatrix, fn: string): void {
  requireModel(fn, 'model', model, ['churn/logistic', 'churn/gbdt'], 'fitChurnModel');
  if (m.nCols !== model.featureNames.length) {
    throw new DimensionError(`${fn}: matrix has ${m.nCols} columns, model expects ${model.featureNames.length}`);
  }
}

/**
 * The model's margins (log-odds) for every row: `b + x·w` for logistic, the sum of tree outputs
 * for gbdt. `predictChurn` is `1 / (1 + e^(−margin))`.
 *
 * @param model - a fitted churn model
 * @param matrix - n × p features, same columns as at fit time
 * @param options - `workers` (see {@link PredictChurnOptions})
 * @returns n margins
 * @throws DimensionError on a column-count mismatch
 * @throws ModelError for a model that is not a churn model
 * @example
 * const m = fitChurnModel([[0], [1], [2], [3]], [0, 0, 1, 1], { kind: 'logistic' });
 * // the margin is ≈ 0 on the decision boundary x = 1.5
 * Math.abs(predictChurnMargin(m, [[1.5]])[0]!) < 1e-9 // => true
 * @category Churn
 */
export function predictChurnMargin(model: ChurnModel, matrix: MatrixInput, options?: PredictChurnOptions): Float64Array {
  const fn = 'predictChurnMargin';
  const { workers: w } = parsePredictOptions(options, fn);
  const m = toFeatureMatrix(matrix, fn);
  checkWidth(model, m, fn);
  return scoreRows(model, m, fn, false, resolveWorkers(w));
}

/** Options of {@link predictChurn} and {@link predictChurnMargin}. @category Churn */
export interface PredictChurnOptions {
  /**
   * Threads for scoring (docs/conventions.md, "Both cores"): an integer in [1, 64] or `'auto'`;
   * default 1. Rows are split into contiguous ranges, each scored with the same per-row code, so
   * the scores are the same, bit for bit, for any value. Small batches (fewer than
   * 2²¹ tree walks, or multiply-adds for a logistic model) stay on the
   * calling thread, and so does a logistic model unless the matrix's values are already in a
   * `SharedArrayBuffer` (copying them there would cost as much as scoring them).
   */
  readonly workers?: number | 'auto';
}

const parsePredictOptions = /* @__PURE__ */ defineOptions('predictChurn', { workers: workers() });

/**
 * Least work (rows × trees for gbdt, rows × features for logistic) for which `workers > 1` starts
 * threads: below it, handing the rows over costs more than scoring them. @internal
 */
export const SCORE_PARALLEL_MIN_WORK = 1 << 21;

/** Margins without validation (internal). */
export function margins(model: ChurnModel, m: FeatureMatrix, fn: string): Float64Array {
  switch (model.kind) {
    case 'churn/logistic':
      // a logistic model has no missing-value rule: NaN would silently become a NaN score
      assertFinite(m, fn);
      return logisticMargins(model, m);
    case 'churn/gbdt':
      return predictGbdtMargin(model, m);
    default:
      throw new ModelError(`${fn}: not a churn model (kind '${(model as { kind: string }).kind}')`);
  }
}

function toShared<T extends Int32Array | Float64Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const C = a.constructor as new (b: SharedArrayBuffer) => T;
  const s = new C(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
}

/**
 * Margins (or probabilities, `prob`) of every row, on `threads` threads when the batch is large
 * enough and the runtime has a pool; the per-row code is the same either way (internal).
 */
export function scoreRows(model: ChurnModel, m: FeatureMatrix, fn: string, prob: boolean, threads: number): Float64Array {
  const { nRows: n, nCols: p } = m;
  let work: number;
  switch (model.kind) {
    case 'churn/logistic':
      // a logistic model has no missing-value rule: NaN would silently become a NaN score
      assertFinite(m, fn);
      // one multiply-add per value: copying the rows into shared memory costs as much as scoring
      // them (measured: 4.6× slower on two threads), so threads only for rows already shared
      work = m.values.buffer instanceof SharedArrayBuffer ? n * p : 0;
      break;
    case 'churn/gbdt':
      work = n * model.nTrees;
      break;
    default:
      throw new ModelError(`${fn}: not a churn model (kind '${(model as { kind: string }).kind}')`);
  }
  const pool = threads > 1 && n >= 2 && work >= minParallelSize(SCORE_PARALLEL_MIN_WORK) ? getPool(SCORE_WORKER_SOURCE, threads) : undefined;
  const sh = pool !== undefined;
  const out = sh ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
  let job: ScoreJob;
  if (model.kind === 'churn/gbdt') {
    const t = model.trees;
    const trees = sh
      ? {
          offsets: toShared(t.offsets),
          feature: toShared(t.feature),
          threshold: toShared(t.threshold),
          left: toShared(t.left),
          right: toShared(t.right),
          value: toShared(t.value),
          missingGoesLeft: toShared(t.missingGoesLeft),
        }
      : t;
    job = { trees, nTrees: model.nTrees, base: model.baseScore, values: sh ? toShared(m.values) : m.values, p, n, out, prob };
  } else {
    const w = Float64Array.from(model.coefficients);
    job = { nTrees: 0, base: model.intercept, w: sh ? toShared(w) : w, values: sh ? toShared(m.values) : m.values, p, n, out, prob };
  }
  if (pool) pool.run(fn, 'score/rows', scorePart, job);
  else scorePart(job, 0, 1);
  // the scores in ordinary memory, as from one thread (a shared buffer would be shared, not copied, by postMessage)
  return sh ? Float64Array.from(out) : out;
}

/**
 * Churn probabilities, `σ(margin) = 1 / (1 + e^(−margin))`, one per row.
 *
 * @param model - a model from {@link fitChurnModel} (or `parseModel`)
 * @param matrix - n × p features, same columns as at fit time
 * @param options - `workers`: threads for large batches (default 1; the same scores for any value)
 * @returns n probabilities in [0, 1]
 * @throws OptionsError for an unknown option or a bad `workers`
 * @throws DimensionError when the column count differs from the model's
 * @throws ModelError for a model that is not a churn model
 * @example
 * const m = fitChurnModel([[0], [1], [2], [3]], [0, 0, 1, 1], { kind: 'logistic' });
 * predictChurn(m, [[0], [3]]).length // => 2
 * @category Churn
 */
export function predictChurn(model: ChurnModel, matrix: MatrixInput, options?: PredictChurnOptions): Float64Array {
  return predictChurnAs('predictChurn', model, matrix, options);
}

/** {@link predictChurn} with the public function's name for messages (`predictClassifier` calls it). @internal */
export function predictChurnAs(fn: string, model: ChurnModel, matrix: MatrixInput, options?: PredictChurnOptions): Float64Array {
  const { workers: w } = parsePredictOptions(options, fn);
  const m = toFeatureMatrix(matrix, fn);
  checkWidth(model, m, fn);
  return scoreRows(model, m, fn, true, resolveWorkers(w));
}

/** 1 / (1 + e^(−z)), stable for large |z| (internal). */
export const sigmoid = stableSigmoid;

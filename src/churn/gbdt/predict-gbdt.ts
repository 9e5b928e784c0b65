/**
 * `predictGbdtMargin` / `predictGbdt`: scoring rows with a `churn/gbdt` model.
 *
 * @module
 */
import { DimensionError, ModelError } from '../../errors.js';
import { toFeatureMatrix } from '../../matrix/feature-matrix.js';
import type { FeatureMatrix, MatrixInput } from '../../matrix/feature-matrix.js';
import type { GbdtModel } from './schema.js';
import { exp } from '../../internal/math.js';
import { requireModel } from '../../internal/guards.js';
import { gbdtMarginsRange } from '../../internal/parallel/score.js';

/** The matrix, checked against the model's width (internal). */
/** Throws a ModelError unless `model` has the shape of a `churn/gbdt` model (kind, feature names, trees). */
export function checkGbdtModel(model: unknown, fn: string): asserts model is GbdtModel {
  requireModel(fn, 'model', model, ['churn/gbdt'], 'fitGbdt');
  const trees = (model as { trees?: unknown }).trees;
  if (trees === null || typeof trees !== 'object') throw new ModelError(`${fn}: model is a 'churn/gbdt' model without trees; load models with parseModel`);
}

export function gbdtInput(model: GbdtModel, matrix: MatrixInput, fn: string): FeatureMatrix {
  checkGbdtModel(model, fn);
  const m = toFeatureMatrix(matrix, fn);
  const p = model.featureNames.length;
  if (m.nCols !== p) throw new DimensionError(`${fn}: matrix has ${m.nCols} columns, model expects ${p}`);
  return m;
}

/**
 * Margins of `nRows` rows of width `p` (row-major `values`) into `out` (internal, no checks).
 * Rows are taken in blocks and each tree walked for the whole block; every row still adds the
 * trees in order, so the sums are the same as one row at a time.
 */
export function gbdtMarginsInto(model: GbdtModel, values: ArrayLike<number>, p: number, nRows: number, out: Float64Array): void {
  gbdtMarginsRange(model.trees, model.baseScore, model.nTrees, values, p, 0, nRows, out);
}

/**
 * Raw scores (log-odds) of a `churn/gbdt` model: `baseScore + Σ_t tree_t(x)`, where a row goes
 * left at a node when `x[feature] <= threshold`, and follows the node's learned direction when
 * the value is NaN.
 *
 * @param model - a model from {@link fitGbdt}
 * @param matrix - n × p features, same columns as at fit time (FeatureMatrix or `number[][]`)
 * @returns n margins (log-odds of churn)
 * @throws DimensionError when the column count differs from the model's
 * @example
 * const m = fitGbdt([[1], [2], [3], [4]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
 * Array.from(predictGbdtMargin(m, [[0], [9], [NaN]])) // => [-0.2, 0.2, -0.2]
 * @category Churn
 */
export function predictGbdtMargin(model: GbdtModel, matrix: MatrixInput): Float64Array {
  const m = gbdtInput(model, matrix, 'predictGbdtMargin');
  const out = new Float64Array(m.nRows);
  const p = m.nCols;
  gbdtMarginsInto(model, m.values, p, m.nRows, out);
  return out;
}

/**
 * Churn probabilities of a `churn/gbdt` model: `1 / (1 + e^−margin)` of {@link predictGbdtMargin}.
 *
 * @param model - a model from {@link fitGbdt}
 * @param matrix - n × p features, same columns as at fit time (FeatureMatrix or `number[][]`)
 * @returns n probabilities in [0, 1]
 * @throws DimensionError when the column count differs from the model's
 * @example
 * const m = fitGbdt([[1], [2], [3], [4]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
 * predictGbdt(m, [[4]])[0]!.toFixed(4) // => '0.5498'
 * @category Churn
 */
export function predictGbdt(model: GbdtModel, matrix: MatrixInput): Float64Array {
  const m = gbdtInput(model, matrix, 'predictGbdt');
  const out = new Float64Array(m.nRows);
  const p = m.nCols;
  gbdtMarginsInto(model, m.values, p, m.nRows, out);
  for (let i = 0; i < m.nRows; i++) out[i] = 1 / (1 + exp(-out[i]!));
  return out;
}

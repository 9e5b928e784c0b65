/**
 * `explainChurn`: each feature's additive contribution to one subscriber's churn margin.
 *
 * @module
 */
import { DimensionError, ModelError } from '../errors.js';
import { toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix, MatrixInput } from '../matrix/feature-matrix.js';
import { checkWidth, margins, sigmoid } from './fit-churn-model.js';
import type { ChurnModel } from './fit-churn-model.js';
import { gbdtExpectedValue, explainGbdt } from './gbdt/index.js';

/** One feature's share of a subscriber's margin. @category Churn */
export interface ChurnContribution {
  /** Feature (column) name. */
  readonly feature: string;
  /** The subscriber's value of the feature (NaN = missing). */
  readonly value: number;
  /** Its additive contribution to the margin, in log-odds (positive = towards churn). */
  readonly contribution: number;
}

/** What {@link explainChurn} returns. @category Churn */
export interface ChurnExplanation {
  /** Row id of the subscriber. */
  readonly id: string;
  /** The reference margin every explanation starts from (log-odds). */
  readonly baseValue: number;
  /** The model's margin for this row: baseValue + Σ contributions. */
  readonly margin: number;
  /** σ(margin). */
  readonly probability: number;
  /** One entry per feature, largest |contribution| first. */
  readonly contributions: readonly ChurnContribution[];
}

/**
 * Base value and per-feature contributions of row `i` (internal; `m` already checked).
 * Logistic: base = b + Σⱼ wⱼ μⱼ (the margin at the training mean), contribution = wⱼ (xᵢⱼ − μⱼ).
 */
export function rowContributions(model: ChurnModel, m: FeatureMatrix, i: number, fn: string): { base: number; phi: Float64Array } {
  const p = m.nCols;
  switch (model.kind) {
    case 'churn/logistic': {
      const w = model.coefficients;
      const mu = model.featureMeans;
      let base = model.intercept;
      for (let j = 0; j < p; j++) base += w[j]! * mu[j]!;
      const phi = new Float64Array(p);
      for (let j = 0; j < p; j++) phi[j] = w[j]! * (m.values[i * p + j]! - mu[j]!);
      return { base, phi };
    }
    case 'churn/gbdt':
      return { base: gbdtExpectedValue(model), phi: explainGbdt(model, m.values.subarray(i * p, (i + 1) * p)) };
    default:
      throw new ModelError(`${fn}: not a churn model (kind '${(model as { kind: string }).kind}')`);
  }
}

/**
 * Explains one subscriber's churn score as a sum of per-feature contributions to the margin
 * (log-odds), in the model's own terms:
 * - logistic: contributionⱼ = wⱼ (xⱼ − μⱼ) with μ the training means, and
 *   baseValue = b + Σ wⱼ μⱼ, the margin of the average training subscriber. This is the exact
 *   SHAP value of a linear model with independent features; it sums to the margin exactly
 *   (up to floating-point rounding);
 * - gbdt: exact path-dependent TreeSHAP (Lundberg, Erion & Lee, "Consistent individualized
 *   feature attribution for tree ensembles", 2018), baseValue = the model's expected margin over
 *   the training data.
 *
 * @param model - a fitted churn model
 * @param matrix - n × p features, same columns as at fit time
 * @param rowIndex - zero-based row to explain
 * @returns baseValue, margin, probability and contributions sorted by |contribution|
 * @throws DimensionError on a column-count mismatch or a row outside the matrix
 * @throws ModelError for a model that is not a churn model
 * @example
 * const model = fitChurnModel([[0], [1], [2], [3]], [0, 0, 1, 1], { kind: 'logistic' });
 * const e = explainChurn(model, [[3]], 0);
 * Math.abs(e.baseValue + e.contributions[0]!.contribution - e.margin) < 1e-12 // => true
 * @category Churn
 */
export function explainChurn(model: ChurnModel, matrix: MatrixInput, rowIndex: number): ChurnExplanation {
  const fn = 'explainChurn';
  const m = toFeatureMatrix(matrix, fn);
  checkWidth(model, m, fn);
  if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex >= m.nRows) {
    throw new DimensionError(`${fn}: row ${rowIndex} outside 0..${m.nRows - 1}`);
  }
  return explainRow(model, m, rowIndex, fn);
}

/** explainChurn without validation (internal). */
export function explainRow(model: ChurnModel, m: FeatureMatrix, i: number, fn: string): ChurnExplanation {
  const { base, phi } = rowContributions(model, m, i, fn);
  const margin = margins(model, { ...m, values: m.values.subarray(i * m.nCols, (i + 1) * m.nCols), nRows: 1, rowIds: [m.rowIds[i]!] }, fn)[0]!;
  const contributions: ChurnContribution[] = [];
  for (let j = 0; j < m.nCols; j++) {
    contributions.push({ feature: model.featureNames[j]!, value: m.values[i * m.nCols + j]!, contribution: phi[j]! });
  }
  contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1));
  return { id: m.rowIds[i]!, baseValue: base, margin, probability: sigmoid(margin), contributions };
}

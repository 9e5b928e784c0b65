/**
 * `fitClassifier` / `predictClassifier`: the churn learners under the name of what they are —
 * generic binary classifiers, for any propensity (device change, plan upgrade, offer uptake).
 *
 * @module
 */
import { ModelError } from '../errors.js';
import { describeValue } from '../internal/options.js';
import type { MatrixInput } from '../matrix/feature-matrix.js';
import type { ChurnLabels } from './labels.js';
import { fitChurnModelAs, predictChurnAs } from './fit-churn-model.js';
import type { ChurnModel, ChurnModelOptions, GbdtChurnOptions } from './fit-churn-model.js';
import type { LogisticChurnModel, LogisticChurnOptions } from './logistic.js';
import type { GbdtModel } from './gbdt/index.js';

/** Options of {@link fitClassifier}: the same as {@link fitChurnModel}'s. @category Churn */
export type ClassifierOptions = ChurnModelOptions;

/** A fitted binary classifier (a `churn/logistic` or `churn/gbdt` model). @category Churn */
export type ClassifierModel = ChurnModel;

/**
 * Fits a binary classifier — the probability of any yes/no event (a device change within 7 days,
 * a plan upgrade within 30, churn) from a feature matrix and 0/1 labels. It is
 * {@link fitChurnModel} under a name that says what it is: the same learners (`kind: 'logistic'`
 * or `'gbdt'`), options, defaults and models; messages start with `fitClassifier`.
 *
 * @param matrix - n × p features (FeatureMatrix or `number[][]`)
 * @param labels - n labels, 0/1 or booleans (1/true = the event happened)
 * @param options - `kind` and the learner's options (see {@link fitChurnModel})
 * @returns a plain-data model (`serializeModel` round-trips it)
 * @throws OptionsError for a missing or unknown `kind`, or an unknown or invalid option
 * @throws DimensionError when the label count differs from the row count
 * @throws DataError for labels that are not 0/1, one class only, or NaN/Infinity in a logistic fit
 * @throws AbortError when `options.signal` fires
 * @example
 * const m = fitClassifier([[0], [1], [2], [3]], [0, 0, 1, 1], { kind: 'logistic' });
 * predictClassifier(m, [[3]])[0]! > 0.5 // => true
 * @category Churn
 */
export function fitClassifier(matrix: MatrixInput, labels: ChurnLabels, options: LogisticChurnOptions): LogisticChurnModel;
export function fitClassifier(matrix: MatrixInput, labels: ChurnLabels, options: GbdtChurnOptions): GbdtModel;
export function fitClassifier(matrix: MatrixInput, labels: ChurnLabels, options: ClassifierOptions): ClassifierModel;
export function fitClassifier(matrix: MatrixInput, labels: ChurnLabels, options: ClassifierOptions): ClassifierModel {
  return fitChurnModelAs('fitClassifier', matrix, labels, options);
}

/**
 * Event probabilities of a binary classifier, `σ(margin)`, one per row: {@link predictChurn}
 * under its generic name.
 *
 * @param model - a model from {@link fitClassifier} or {@link fitChurnModel} (or `parseModel`)
 * @param matrix - n × p features, same columns as at fit time
 * @returns n probabilities in [0, 1]
 * @throws DimensionError when the column count differs from the model's
 * @throws ModelError for a model that is not a classifier
 * @example
 * const m = fitClassifier([[0], [1], [2], [3]], [0, 0, 1, 1], { kind: 'logistic' });
 * predictClassifier(m, [[0], [3]]).length // => 2
 * @category Churn
 */
export function predictClassifier(model: ClassifierModel, matrix: MatrixInput): Float64Array {
  const fn = 'predictClassifier';
  const kind = model !== null && typeof model === 'object' ? (model as { kind?: unknown }).kind : undefined;
  if ((kind !== 'churn/logistic' && kind !== 'churn/gbdt') || !Array.isArray((model as { featureNames?: unknown }).featureNames)) {
    throw new ModelError(`${fn}: expected a classifier model (kind 'churn/logistic' or 'churn/gbdt'), got ${describeValue(model)}`);
  }
  return predictChurnAs(fn, model, matrix);
}

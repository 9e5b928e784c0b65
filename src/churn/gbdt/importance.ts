/**
 * `gbdtFeatureImportance`: split counts or total gain per feature of a `churn/gbdt` model.
 *
 * @module
 */
import { DataError } from '../../errors.js';
import type { GbdtModel } from './schema.js';
import { checkGbdtModel } from './predict-gbdt.js';

/** What {@link gbdtFeatureImportance} measures. @category Churn */
export type GbdtImportanceType = 'gain' | 'split';

/**
 * Global importance of each feature in a `churn/gbdt` model (LightGBM's `feature_importance`):
 * `'split'` counts the splits on the feature, `'gain'` sums their split gains
 * `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` (twice the log-loss decrease under the second-order
 * approximation). Not normalised.
 *
 * @param model - a model from {@link fitGbdt}
 * @param type - `'gain'` (default) or `'split'`
 * @returns p importances, in the model's feature order
 * @throws DataError for an unknown type
 * @example
 * const m = fitGbdt([[1, 0], [2, 0], [3, 0], [4, 0]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
 * Array.from(gbdtFeatureImportance(m, 'split')) // => [1, 0]
 * @category Churn
 */
export function gbdtFeatureImportance(model: GbdtModel, type: GbdtImportanceType = 'gain'): Float64Array {
  checkGbdtModel(model, 'gbdtFeatureImportance');
  if (type !== 'gain' && type !== 'split') throw new DataError(`gbdtFeatureImportance: type must be 'gain' or 'split', got '${String(type)}'`);
  const out = new Float64Array(model.featureNames.length);
  const { feature, gain } = model.trees;
  for (let nd = 0; nd < feature.length; nd++) {
    const f = feature[nd]!;
    if (f >= 0) out[f] = out[f]! + (type === 'gain' ? gain[nd]! : 1);
  }
  return out;
}

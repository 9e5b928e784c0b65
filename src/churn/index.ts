/**
 * Churn: learners (logistic, gbdt), explanations, global importance and the early-warning list.
 * @module churn
 */
export { fitChurnModel, predictChurn, predictChurnMargin } from './fit-churn-model.js';
export type { ChurnModel, ChurnModelOptions, PredictChurnOptions } from './fit-churn-model.js';
export { LogisticChurnModelSchema } from './logistic.js';
export type { LogisticChurnModel, LogisticChurnOptions, ChurnClassWeight } from './logistic.js';
export type { ChurnLabels } from './labels.js';
export {
  fitGbdt,
  predictGbdt,
  predictGbdtMargin,
  explainGbdt,
  treeShapGbdt,
  gbdtExpectedValue,
  gbdtFeatureImportance,
  GbdtModelSchema,
} from './gbdt/index.js';
export type {
  GbdtImportanceType,
  GbdtModel,
  GbdtOptions,
  GbdtResolvedOptions,
  GbdtTrees,
} from './gbdt/index.js';
export { explainChurn } from './explain-churn.js';
export type { ChurnExplanation, ChurnContribution } from './explain-churn.js';
export { churnImportance } from './churn-importance.js';
export type { ChurnImportance, ChurnImportanceOptions } from './churn-importance.js';
export { churnWatchlist, CHURN_REASON_PHRASES } from './churn-watchlist.js';
export type { ChurnWatchlistEntry, ChurnWatchlistOptions, ChurnReasonPhrase } from './churn-watchlist.js';
export type { GbdtChurnOptions } from './fit-churn-model.js';
export { fitClassifier, predictClassifier } from './fit-classifier.js';
export type { ClassifierModel, ClassifierOptions } from './fit-classifier.js';
export { tuneChurnModel } from './tune-churn-model.js';
export type { ChurnTuning, TuneCandidate, TuneChurnModelOptions, TuneRange, TuneRungScore, TuneValue } from './tune-churn-model.js';
export { calibrateChurnModel } from './calibrate-churn-model.js';
export type { CalibrateChurnModelOptions, CalibratedChurnModel } from './calibrate-churn-model.js';

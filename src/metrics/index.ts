/**
 * Metrics: evaluation shared by churn, recommend and campaign — binary classification (ROC AUC,
 * average precision, lift, calibration), clustering quality, ranking at k, cross-validation and
 * profit curves. Every metric takes the truth first: `(labels, scores)`.
 * @module metrics
 */
export { adjustedRandIndex, purity, purityByClass, silhouetteScore, calinskiHarabasz } from './clustering.js';
export type { ClusterLabels, ClassPurity, SilhouetteOptions } from './clustering.js';
export { rocAuc, averagePrecision, rocCurve, precisionRecallCurve, evaluateBinary } from './binary.js';
export type {
  EvaluateBinaryOptions,
  ConfusionCounts,
  LiftRow,
  CalibrationRow,
  BinaryEvaluation,
  RocCurve,
  PrecisionRecallCurve,
} from './binary.js';
export { fitCalibrator, applyCalibrator, CalibratorModelSchema } from './calibration.js';
export type { CalibratorOptions, CalibratorModel } from './calibration.js';
export { stratifiedKFold, kFold, crossValidate } from './cv.js';
export type {
  FoldIndices,
  KFoldOptions,
  FoldInfo,
  CrossValidateFit,
  CrossValidateOptions,
  CvMetricName,
  CrossValidation,
} from './cv.js';
export { profitCurve } from './profit.js';
export type { ProfitOptions, ProfitCurve } from './profit.js';
export type { BinaryLabels } from './labels.js';
export {
  hitRateAtK,
  ndcgAtK,
  rankingPrecisionAtK,
  rankingRecallAtK,
  averagePrecisionAtK,
  rankingMetricsAtK,
} from './ranking.js';
export type { RelevantItems, RankingMetricsAtK } from './ranking.js';

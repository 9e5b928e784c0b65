/**
 * Churn: learners (logistic, gbdt), explanations, global importance and the early-warning list.
 * @module churn
 */
export { fitChurnModel, predictChurn, predictChurnMargin } from './fit-churn-model.js';
export type { ChurnModel, ChurnModelOptions } from './fit-churn-model.js';
export { LogisticChurnModelSchema } from './logistic.js';
export type { LogisticChurnModel, LogisticChurnOptions, ChurnClassWeight } from './logistic.js';
export type { ChurnLabels } from './labels.js';
export * from './gbdt/index.js';

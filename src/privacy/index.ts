/**
 * Privacy: keyed pseudonyms, k-anonymity with generalisation, differential privacy with exact
 * discrete samplers and a budget, privacy-safe audience export, and federated logistic training.
 * Runs in Node, Deno and browsers (Web Crypto's `getRandomValues` for noise; no Node imports).
 * @module privacy
 */
export { normalizePhone } from './normalize-phone.js';
export { pseudonymize, rotatePseudonyms, MIN_KEY_BYTES, MAX_ID_LENGTH } from './pseudonymize.js';
export type { PseudonymizeOptions, PseudonymNormalize, RotatePseudonymsOptions, PseudonymRotation } from './pseudonymize.js';
export { kAnonymity } from './k-anonymity.js';
export type { PrivacyRow, EquivalenceClass, ReidentificationRisk, KAnonymityReport, KAnonymityOptions } from './k-anonymity.js';
export { anonymize, MAX_LATTICE_NODES } from './anonymize.js';
export type { AnonymizeOptions, AnonymizeResult, AnonymizationLoss } from './anonymize.js';
export {
  hierarchyFromTable,
  regionHierarchy,
  deviceHierarchy,
  intervalHierarchy,
  ageHierarchy,
  dateHierarchy,
  maskHierarchy,
  MAX_HIERARCHY_LEVELS,
} from './hierarchies.js';
export type { Hierarchy } from './hierarchies.js';
export type { RandomBytes, NoiseOptions } from './random.js';
export {
  sampleDiscreteLaplace,
  sampleDiscreteGaussian,
  analyticGaussianSigma,
  laplaceMechanism,
  gaussianMechanism,
  MAX_DRAWS,
} from './samplers.js';
export { createPrivacyBudget } from './privacy-budget.js';
export type { PrivacyBudget, PrivacyCharge, BudgetEntry, BudgetSpent } from './privacy-budget.js';
export { dpCount, dpSum, dpMean, dpHistogram } from './dp-queries.js';
export type { DpOptions, DpCountOptions, DpBoundedOptions, DpHistogramOptions, DpHistogram } from './dp-queries.js';
export { dpQuantile } from './dp-quantile.js';
export type { DpQuantileOptions } from './dp-quantile.js';
export { dpAudienceCount } from './dp-audience-count.js';
export { exportAudience, DEFAULT_MIN_AUDIENCE } from './export-audience.js';
export type { ExportAudienceOptions, ExportedAudience } from './export-audience.js';
export { fitFederatedLogistic } from './federated-logistic.js';
export type { FederatedParty, FederatedLogisticOptions, AggregationView } from './federated-logistic.js';
export type { FederatedDpOptions } from './federated-dp.js';

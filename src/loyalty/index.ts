/**
 * Satisfaction and loyalty: survey schemas, NPS and CSAT with intervals, driver analysis (Johnson's
 * relative weights, Shapley regression) with the importance × performance quadrant, a behavioural
 * loyalty index, and the link from stated loyalty to churn.
 * @module loyalty
 */
export { SURVEY_CHANNELS, SURVEY_ATTRIBUTES, SurveyResponseSchema, validateSurveyResponses } from './survey-response.js';
export type { SurveyAttribute, SurveyResponse, ValidateSurveyOptions } from './survey-response.js';
export { npsScore, npsClass } from './nps-score.js';
export type { NpsClass, NpsEstimate, NpsChange, NpsScoreOptions, NpsScoreResult } from './nps-score.js';
export { csatScore } from './csat-score.js';
export type { CsatEstimate, CsatScoreOptions, CsatScoreResult } from './csat-score.js';
export { satisfactionDrivers, MAX_DRIVER_ATTRIBUTES, MAX_SHAPLEY_ATTRIBUTES, MAX_BOOTSTRAP } from './satisfaction-drivers.js';
export type { DriverQuadrant, DriverImportance, SatisfactionDriversOptions, SatisfactionDrivers } from './satisfaction-drivers.js';
export { loyaltyIndex, LOYALTY_COMPONENTS, DEFAULT_LOYALTY_WEIGHTS } from './loyalty-index.js';
export type { LoyaltyComponent, LoyaltyProfile, LoyaltyTiers, LoyaltyIndexOptions, LoyaltyScore, LoyaltyAgreement, LoyaltyIndexResult } from './loyalty-index.js';
export { loyaltyProfiles } from './loyalty-profiles.js';
export type { LoyaltyProfilesOptions } from './loyalty-profiles.js';
export { churnByNpsClass, loyaltyFeatures } from './churn-link.js';
export type { ClassChurn, ChurnByNpsClass, LoyaltyFeatureSources } from './churn-link.js';

/**
 * Campaigns: A/B measurement (frequentist, Bayesian, sequential), sample sizes, SRM and CUPED,
 * control-group assignment, uplift models and metrics, value-aware targeting, scenario recipes,
 * contact planning and a simulator with known individual effects.
 * @module campaign
 */
export { wilsonInterval, newcombeInterval, relativeLiftInterval } from './proportion-intervals.js';
export type { Interval, IntervalOptions, ArmCounts } from './proportion-intervals.js';
export { twoProportionZTest, fisherExactTest, welchInterval, holmAdjust } from './hypothesis-tests.js';
export type { TestResult, SampleMoments } from './hypothesis-tests.js';
export { bayesianProportions } from './bayesian-proportions.js';
export type { BayesianOptions, BayesianResult } from './bayesian-proportions.js';
export { sampleSize, minimumDetectableEffect } from './sample-size.js';
export type { SampleSizeOptions, SampleSizeResult, MinimumDetectableEffectOptions } from './sample-size.js';
export { srmCheck } from './srm-check.js';
export type { SrmCheckOptions, SrmCheckResult } from './srm-check.js';
export { cuped } from './cuped.js';
export type { CupedResult } from './cuped.js';
export { sequentialTest } from './sequential-test.js';
export type { SequentialLook, SequentialTestOptions, SequentialResult, SequentialTestResult } from './sequential-test.js';
export { evaluateCampaign } from './evaluate-campaign.js';
export type { CampaignOutcomes, EvaluateCampaignOptions, ArmSummary, ArmComparison, CampaignEvaluation } from './evaluate-campaign.js';
export { assignArms } from './assign-arms.js';
export type { AssignArmsOptions, ArmAssignment } from './assign-arms.js';
export { fitUpliftModel, predictUplift, sleepingDogs, UpliftModelSchema } from './uplift-model.js';
export type { UpliftModel, UpliftModelOptions, UpliftLearner } from './uplift-model.js';
export { upliftCurve, qiniCurve, auuc, qiniCoefficient, upliftAtK, upliftByDecile, trueQiniCoefficient } from './uplift-metrics.js';
export type { UpliftCurvePoints, UpliftAtKOptions, UpliftDecileRow } from './uplift-metrics.js';
export { simulateCampaign, SIMULATION_FEATURES } from './simulate-campaign.js';
export type { SimulationPlan, SimulatedCampaign, SimulatedScenario } from './simulate-campaign.js';
export { valueTargeting } from './value-targeting.js';
export type { ValueTargetingOptions, ValueTargetingResult, TargetListSummary } from './value-targeting.js';
export { defaultScenarios, selectTargets, ScenarioSchema } from './scenarios.js';
export type { Scenario, TargetData, Target, SelectTargetsOptions } from './scenarios.js';
export { planCampaign } from './plan-campaign.js';
export { checkContact } from './contact-policy.js';
export type { ContactDecision, PastContact } from './contact-policy.js';
export type { Channel, CandidateContact, ChannelSpec, FrequencyCap, ContactPolicy, PlanCampaignInput, PlannedContact, CampaignPlan } from './plan-campaign.js';

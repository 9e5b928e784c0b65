/**
 * Features: the FeatureMatrix, the serialisable pipeline, telecom features, profiles and drift.
 * @module features
 */
// FeatureMatrix lives in the base matrix module (src/matrix) so that metrics can use it; re-exported here
export {
  createFeatureMatrix,
  matrixFromRows,
  toFeatureMatrix,
  checkFeatureMatrix,
  isFeatureMatrix,
  matrixToRows,
  matrixFromRecords,
  matrixToRecords,
  columnIndex,
  getColumn,
  getRow,
  selectColumns,
  selectRows,
} from '../matrix/index.js';
export type { FeatureMatrix, MatrixInput } from '../matrix/index.js';
export { subscriberFeatures, SUBSCRIBER_FEATURE_NAMES, TENURE_BUCKET_BOUNDS } from './telecom-features.js';
export type { SubscriberFeaturesOptions } from './telecom-features.js';
export { callGraphFeatures } from './callgraph-features.js';
export type { CallEdgeColumns, CallGraphOptions, CallGraphFeatures, ChurnedInput } from './callgraph-features.js';
export { buildProfiles, DEVICE_PRICE_TIERS, PROFILE_SCORE_WEIGHTS } from './profile-build.js';
export type { ProfileData, BuildProfilesOptions, ProfileRecord, BuildProfilesResult } from './profile-build.js';
export { decayedAggregates, createProfileState, updateProfile, profileStateMeans, DECAY_FIELDS } from './profile-decay.js';
export type { DecayField, DecayOptions, ProfileState } from './profile-decay.js';
export { populationStabilityIndex, ksTest, detectDrift } from './drift.js';
export type { PsiOptions, KsResult, DriftOptions, FeatureDrift, DriftReport } from './drift.js';
export {
  fitPipeline,
  fitApplyPipeline,
  applyPipeline,
  featureNames,
  parsePipeline,
  loadPipeline,
  inverseTransform,
  defineCustomSteps,
  PipelineModelSchema,
  PipelineStepSchema,
} from './pipeline/index.js';
export type {
  PipelineOptions,
  FitApplyResult,
  ApplyPipelineOptions,
  PipelineStep,
  FittedStep,
  ColumnSelector,
  ColumnType,
  CustomStepFn,
  CustomSteps,
  PipelineModel,
  PipelineRecord,
  PipelineInput,
} from './pipeline/index.js';
export { expr, parseExpr, formatExpr, exprFields, ExprSchema, EXPR_OPS, EXPR_DEPTH_CEILING, EXPR_TREE_DEPTH_CEILING } from './expr.js';
export type { Expr, ExprOp, ExprArg } from './expr.js';
export { ProfileStateSchema } from './profile-state-schema.js';

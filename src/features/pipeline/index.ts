/** The feature pipeline: public API. */
export { fitPipeline, fitApplyPipeline } from './fit-pipeline.js';
export type { PipelineOptions, FitApplyResult } from './fit-pipeline.js';
export { applyPipeline, featureNames } from './apply-pipeline.js';
export type { ApplyPipelineOptions } from './apply-pipeline.js';
export { loadPipeline, parsePipeline } from './load-pipeline.js';
export { inverseTransform } from './inverse-transform.js';
export { PipelineModelSchema } from './model.js';
export { PipelineStepSchema } from './schema.js';
export type { PipelineStep, FittedStep, ColumnSelector, ColumnType } from './schema.js';
export { defineCustomSteps } from './custom-steps.js';
export type { CustomStepFn, CustomSteps } from './custom-steps.js';
export type { PipelineModel } from './model.js';
export type { PipelineRecord, PipelineInput } from './frame.js';

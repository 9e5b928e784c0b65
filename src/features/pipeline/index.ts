/** The feature pipeline: public API. */
export { fitPipeline, fitApplyPipeline } from './fit-pipeline.js';
export type { PipelineOptions, FitApplyResult } from './fit-pipeline.js';
export { applyPipeline, featureNames } from './apply-pipeline.js';
export type { ApplyPipelineOptions } from './apply-pipeline.js';
export { loadPipeline, parsePipeline } from './load-pipeline.js';
export { inverseTransform } from './inverse-transform.js';
export { PipelineModelSchema } from './model.js';
export { PipelineStepSchema } from './schema.js';
export type { PipelineStep, FittedStep, ColumnSelector, ColumnType, CustomStepFn } from './schema.js';
export type { PipelineModel } from './model.js';
export type { PipelineRecord, PipelineInput } from './frame.js';

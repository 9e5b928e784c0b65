/**
 * `applyPipeline` and `featureNames`: use a fitted pipeline on new records.
 *
 * @module
 */
import * as o from '../../internal/option-kinds.js';
import { ModelError } from '../../errors.js';
import { bool, defineOptions } from '../../internal/options.js';
import { readCustomSteps } from './custom-steps.js';
import type { CustomSteps } from './custom-steps.js';
import { isFeatureMatrix } from '../../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../../matrix/feature-matrix.js';
import { Frame } from './frame.js';
import type { PipelineInput } from './frame.js';
import { APPLY_RNG, assemble, badInput, context, runStep } from './run.js';
import type { PipelineModel } from './model.js';
import { requireModel } from '../../internal/guards.js';

/** Options of {@link applyPipeline}. @category Features */
export interface ApplyPipelineOptions {
  /**
   * Treat an input column that is absent from every record as all missing instead of throwing a
   * DimensionError (default false). Useful for a single record whose optional fields are absent.
   */
  allowMissingColumns?: boolean;
  /**
   * The functions of the pipeline's `custom` steps by registered name (each step's `fn`): the model
   * stores the names only. Required when the model has a custom step; extra functions are ignored.
   */
  customSteps?: CustomSteps;
}

const parseApplyOptions = defineOptions('applyPipeline', {
  allowMissingColumns: bool().optional(),
  // checked in detail by readCustomSteps (each entry named in the message)
  customSteps: o.custom<CustomSteps>().optional(),
});

/**
 * Applies a fitted pipeline to records (or a numeric FeatureMatrix): every step with the state
 * it learned at fit. Row ids come from the model's `idField` (row index when absent). Reads only
 * the input columns the pipeline uses; other fields are ignored.
 *
 * Unseen categories go to the documented fallback (oneHot's `__unknown__` bucket, frequency 0,
 * the target prior) or throw when the step says `handleUnknown: 'error'`. Target encoding uses
 * the full-data encoding: for the training rows themselves use {@link fitApplyPipeline}.
 *
 * @param model - a fitted `features/pipeline` model
 * @param input - records (plain objects) or a numeric FeatureMatrix
 * @param options - `allowMissingColumns`, `customSteps`
 * @param options.allowMissingColumns - treat an input absent from every record as all missing
 * @param options.customSteps - the functions of `custom` steps by registered name (see {@link defineCustomSteps})
 * @returns an n × p FeatureMatrix with columns `featureNames(model)`; NaN where a value is missing and not imputed
 * @throws DimensionError when an input column the pipeline reads is absent; DataError naming row
 *   and column for a value of the wrong type, ±Infinity, a log1p of a value ≤ −1, or an unseen
 *   category under `handleUnknown: 'error'`, or a custom function's output of the wrong count, length
 *   or type (naming the step and the row); OptionsError for a bad option or a custom step whose
 *   function is not in `customSteps` (naming the step and the name); ModelError when `model` is not a pipeline
 * @example
 * const model = fitPipeline([{ type: 'standardize' }], [{ x: 1 }, { x: 3 }]);
 * Array.from(applyPipeline(model, [{ id: 'n1', x: 5 }]).values) // => [3]
 * @category Features
 */
export function applyPipeline(model: PipelineModel, input: PipelineInput, options: ApplyPipelineOptions = {}): FeatureMatrix {
  const fn = 'applyPipeline';
  if (model === null || typeof model !== 'object' || model.kind !== 'features/pipeline') {
    throw new ModelError(`${fn}: expected a 'features/pipeline' model, got ${model === null || typeof model !== 'object' ? String(model) : `kind '${String(model.kind)}'`}`);
  }
  if (!isFeatureMatrix(input) && !Array.isArray(input)) throw badInput(fn, input);
  const opts = parseApplyOptions(options, fn);
  const customSteps = readCustomSteps(fn, opts.customSteps);
  const frame = new Frame(fn, 'apply', input, model.options.idField, model.inputs, [], opts.allowMissingColumns ?? false);
  frame.preload(model.inputs.map((c) => c.name));
  model.steps.forEach((step, k) => runStep(frame, step, context(fn, k, step.type, 'apply', null, APPLY_RNG, customSteps)));
  return assemble(frame, model.featureNames, fn);
}

/**
 * The names of the pipeline's output columns, in order (`region=GD`, `dataMB_log1p`,
 * `dataMB_missing`, …).
 * @param model - a fitted pipeline
 * @returns a new array of names
 * @throws ModelError when `model` is not a fitted pipeline
 * @example
 * featureNames(fitPipeline([{ type: 'impute', indicator: true }], [{ x: 1 }, { x: null }])) // => ['x', 'x_missing']
 * @category Features
 */
export function featureNames(model: PipelineModel): string[] {
  requireModel('featureNames', 'model', model, ['features/pipeline'], 'fitPipeline');
  return [...model.featureNames];
}

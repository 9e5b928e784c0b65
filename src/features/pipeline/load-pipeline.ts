/**
 * `parsePipeline`: restore a fitted pipeline from JSON text, validated.
 *
 * @module
 */
import { loadModelFrom } from '../../internal/load-model.js';
import { featuresModelKinds } from '../model-kinds.js';
import type { PipelineModel } from './model.js';

/**
 * Restores a pipeline saved with `serializeModel` (or `JSON.stringify`) and validates it with zod:
 * the kind must be `features/pipeline`, the version not newer than this library's, every step
 * well-formed, and the model consistent (per-column arrays as long as the column lists, every
 * step reading columns that exist, `featureNames` equal to what the steps produce).
 *
 * @param text - JSON text of a pipeline model
 * @returns the model, ready for {@link applyPipeline}
 * @throws ModelError as {@link parseModel} does (this is `parseModel(text, 'features/pipeline')` with
 *   messages starting `parsePipeline:`): text that is not JSON, another kind, a newer version, or a
 *   malformed or inconsistent (tampered) model; the message names the offending path
 * @example
 * const model = fitPipeline([{ type: 'standardize' }], [{ x: 1 }, { x: 3 }]);
 * featureNames(parsePipeline(serializeModel(model))) // => ['x']
 * @category Features
 */
export function parsePipeline(text: string): PipelineModel {
  return loadModelFrom(featuresModelKinds, 'parsePipeline', text, 'features/pipeline');
}

/**
 * @deprecated since 0.2: renamed {@link parsePipeline} (every loader is `parseX`); removed in 0.3.
 * @category Features
 */
export const loadPipeline: typeof parsePipeline = parsePipeline;

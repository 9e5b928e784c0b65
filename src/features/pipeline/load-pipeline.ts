/**
 * `parsePipeline`: restore a fitted pipeline from JSON text, validated.
 *
 * @module
 */
import { ModelError } from '../../errors.js';
import { decodeJSON } from '../../internal/codec.js';
import { PipelineModelSchema } from './model.js';
import type { PipelineModel } from './model.js';

/** The newest `features/pipeline` model version this library reads. */
export const PIPELINE_VERSION = 1;

/**
 * Restores a pipeline saved with `serializeModel` (or `JSON.stringify`) and validates it with zod:
 * the kind must be `features/pipeline`, the version not newer than this library's, every step
 * well-formed, and the model consistent (per-column arrays as long as the column lists, every
 * step reading columns that exist, `featureNames` equal to what the steps produce).
 *
 * @param text - JSON text of a pipeline model
 * @returns the model, ready for {@link applyPipeline}
 * @throws ModelError for text that is not JSON, another kind, a newer version, or a malformed or
 *   inconsistent (tampered) model; the message names the offending path
 * @example
 * const model = fitPipeline([{ type: 'standardize' }], [{ x: 1 }, { x: 3 }]);
 * featureNames(parsePipeline(serializeModel(model))) // => ['x']
 * @category Features
 */
export function parsePipeline(text: string): PipelineModel {
  const fn = 'parsePipeline';
  let raw: unknown;
  try {
    raw = decodeJSON(text);
  } catch (e) {
    throw new ModelError(`${fn}: not valid model JSON (${(e as Error).message})`, { cause: e });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ModelError(`${fn}: expected a JSON object with \`kind\` and \`version\``);
  const { kind, version, steps } = raw as { kind?: unknown; version?: unknown; steps?: unknown };
  if (kind !== 'features/pipeline') throw new ModelError(`${fn}: expected a model of kind 'features/pipeline', got ${JSON.stringify(kind)}`);
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new ModelError(`${fn}: the model has no valid integer \`version\``);
  if (version > PIPELINE_VERSION) {
    throw new ModelError(`${fn}: the model has version ${version}, newer than this telcokit supports (${PIPELINE_VERSION}); upgrade telcokit`);
  }
  if (Array.isArray(steps) && steps.some((s) => (s as { type?: unknown } | null)?.type === 'custom')) {
    throw new ModelError(`${fn}: the model contains a custom step; custom steps are in-process only and cannot be loaded`);
  }
  const parsed = PipelineModelSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.map(String).join('.') || '(root)' : '(root)';
    throw new ModelError(`${fn}: the model is malformed or was edited at ${where}: ${first?.message ?? 'invalid'}`, { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * @deprecated since 0.2: renamed {@link parsePipeline} (every loader is `parseX`); removed in 0.3.
 * @category Features
 */
export const loadPipeline: typeof parsePipeline = parsePipeline;

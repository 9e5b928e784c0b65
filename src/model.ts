/**
 * `serializeModel` / `parseModel`: every fitted telcokit model is plain data with a `kind` and
 * a `version`; these two functions turn it into JSON text and back, bit for bit, and validate
 * what they load.
 *
 * @module
 */
import type * as z from 'zod';
import { ModelError } from './errors.js';
import { decodeJSON, encodeJSON } from './internal/codec.js';
import type { ModelKindTable } from './internal/model.js';
import { campaignModelKinds } from './campaign/model-kinds.js';
import { churnModelKinds } from './churn/model-kinds.js';
import { featuresModelKinds } from './features/model-kinds.js';
import { metricsModelKinds } from './metrics/model-kinds.js';
import { recommendModelKinds } from './recommend/model-kinds.js';
import { segmentModelKinds } from './segment/model-kinds.js';
import { tagsModelKinds } from './tags/model-kinds.js';

const KINDS = {
  ...featuresModelKinds,
  ...metricsModelKinds,
  ...segmentModelKinds,
  ...tagsModelKinds,
  ...churnModelKinds,
  ...recommendModelKinds,
  ...campaignModelKinds,
} satisfies ModelKindTable;

/** The kinds of model telcokit knows, e.g. `'churn/gbdt'`. @category Models */
export type ModelKind = keyof typeof KINDS;
/** The model type for a kind. @category Models */
export type ModelOf<K extends ModelKind> = z.output<(typeof KINDS)[K]['schema']>;
/** Any telcokit model. @category Models */
export type TelcoModel = { [K in ModelKind]: ModelOf<K> }[ModelKind];

/** The kinds `parseModel` accepts and the newest version of each. @category Models */
export function modelKinds(): Record<string, number> {
  return Object.fromEntries(Object.entries(KINDS as ModelKindTable).map(([k, e]) => [k, e.version]));
}

/**
 * Turns a fitted model into JSON text that {@link parseModel} restores exactly: typed arrays keep
 * their bytes, and NaN, ±Infinity and -0 survive.
 *
 * @param model - any telcokit model (a plain object with `kind` and `version`)
 * @param space - indentation, as for `JSON.stringify`
 * @returns JSON text
 * @category Models
 */
export function serializeModel(model: { readonly kind: string; readonly version: number }, space?: number): string {
  return encodeJSON(model, space);
}

/**
 * Restores a model from {@link serializeModel}'s text and validates it: the kind must be one
 * telcokit knows (and the expected one, when given), the version not newer than this library's,
 * and the content must match the kind's schema.
 *
 * @param text - JSON text from `serializeModel`
 * @param expectedKind - reject any other kind
 * @throws ModelError for an unknown or unexpected kind, a newer version, or malformed content
 * @category Models
 */
export function parseModel<K extends ModelKind>(text: string, expectedKind: K): ModelOf<K>;
export function parseModel(text: string): TelcoModel;
export function parseModel(text: string, expectedKind?: string): unknown {
  let raw: unknown;
  try {
    raw = decodeJSON(text);
  } catch (e) {
    throw new ModelError(`parseModel: not valid model JSON (${(e as Error).message})`, { cause: e });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ModelError('parseModel: expected a JSON object with `kind` and `version`');
  }
  const { kind, version } = raw as { kind?: unknown; version?: unknown };
  if (typeof kind !== 'string') throw new ModelError('parseModel: the model has no string `kind`');
  if (expectedKind !== undefined && kind !== expectedKind) {
    throw new ModelError(`parseModel: expected a model of kind '${expectedKind}', got '${kind}'`);
  }
  const entry = Object.hasOwn(KINDS, kind) ? (KINDS as ModelKindTable)[kind] : undefined;
  if (!entry) {
    throw new ModelError(`parseModel: unknown model kind '${kind}' (known: ${Object.keys(KINDS).join(', ') || 'none'})`);
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ModelError(`parseModel: '${kind}' model has no valid integer \`version\``);
  }
  if (version > entry.version) {
    throw new ModelError(
      `parseModel: '${kind}' model has version ${version}, newer than this telcokit supports (${entry.version}); upgrade telcokit`,
    );
  }
  const current =
    version < entry.version && entry.migrate ? entry.migrate(raw as Record<string, unknown>, version) : raw;
  const parsed = entry.schema.safeParse(current);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join('.') || '(root)' : '(root)';
    throw new ModelError(`parseModel: '${kind}' model is malformed at ${where}: ${first?.message ?? 'invalid'}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

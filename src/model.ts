/**
 * `serializeModel` / `parseModel`: every fitted telcokit model is plain data with a `kind` and
 * a `version`; these two functions turn it into JSON text and back, bit for bit, and validate
 * what they load.
 *
 * @module
 */
import type * as z from 'zod';
import { encodeJSON } from './internal/codec.js';
import { loadModelFrom } from './internal/load-model.js';
import type { ModelKindTable } from './internal/model.js';
import { campaignModelKinds } from './campaign/model-kinds.js';
import { churnModelKinds } from './churn/model-kinds.js';
import { featuresModelKinds } from './features/model-kinds.js';
import { metricsModelKinds } from './metrics/model-kinds.js';
import { recommendModelKinds } from './recommend/model-kinds.js';
import { segmentModelKinds } from './segment/model-kinds.js';
import { tagsModelKinds } from './tags/model-kinds.js';

/** Every module's kinds table, for the types; the table itself is built on first use. */
type Kinds = typeof featuresModelKinds &
  typeof metricsModelKinds &
  typeof segmentModelKinds &
  typeof tagsModelKinds &
  typeof churnModelKinds &
  typeof recommendModelKinds &
  typeof campaignModelKinds;

let kindsTable: ModelKindTable | undefined;

/** The one table of model kinds, merged on first use (no work at import time). */
function kinds(): ModelKindTable {
  if (kindsTable) return kindsTable;
  const table = Object.assign(
    Object.create(null) as ModelKindTable,
    featuresModelKinds,
    metricsModelKinds,
    segmentModelKinds,
    tagsModelKinds,
    churnModelKinds,
    recommendModelKinds,
    campaignModelKinds,
  ) satisfies Kinds;
  kindsTable = table;
  return table;
}

/** The kinds of model telcokit knows, e.g. `'churn/gbdt'`. @category Models */
export type ModelKind = keyof Kinds;
/** The model type for a kind. @category Models */
export type ModelOf<K extends ModelKind> = z.output<Kinds[K]['schema']>;
/** Any telcokit model. @category Models */
export type TelcoModel = { [K in ModelKind]: ModelOf<K> }[ModelKind];

/** The kinds `parseModel` accepts and the newest version of each. @category Models */
export function modelKinds(): Record<string, number> {
  return Object.fromEntries(Object.entries(kinds()).map(([k, e]) => [k, e.version]));
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
  return loadModelFrom(kinds(), 'parseModel', text, expectedKind);
}


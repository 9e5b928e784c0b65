/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { TagIndexSchema } from './tag-index-schema.js';

/**
 * The current version of each model kind, written here once: the kinds table below and the fits
 * read it (a fit imports this object, not the table, so fitting a model does not load the schemas).
 */
export const TAGS_MODEL_VERSIONS = {
  'tags/index': 2,
} as const;

export const tagsModelKinds = /* @__PURE__ */ (() => ({
  /** Version 2 stores the evaluation's resolved options; version 1 indexes get the defaults. */
  'tags/index': {
    version: TAGS_MODEL_VERSIONS['tags/index'],
    schema: TagIndexSchema,
    migrate: (raw) => ({ ...raw, version: 2, options: { idField: 'id', allowMissingFields: false } }),
  },
}) satisfies ModelKindTable)();

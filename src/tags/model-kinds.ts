/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { TagIndexSchema } from './tag-index-schema.js';

export const tagsModelKinds = {
  /** Version 2 stores the evaluation's resolved options; version 1 indexes get the defaults. */
  'tags/index': {
    version: 2,
    schema: TagIndexSchema,
    migrate: (raw) => ({ ...raw, version: 2, options: { idField: 'id', allowMissingFields: false } }),
  },
} satisfies ModelKindTable;

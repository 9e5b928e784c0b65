/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { TagIndexSchema } from './tag-index.js';

export const tagsModelKinds = {
  'tags/index': { version: 1, schema: TagIndexSchema },
} satisfies ModelKindTable;

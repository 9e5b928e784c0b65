/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';

export const recommendModelKinds = {} satisfies ModelKindTable;

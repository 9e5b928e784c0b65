/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { AlsModelSchema, ItemKnnModelSchema, PopularityModelSchema, ProfileModelSchema, RecommenderModelSchema } from './model-schemas.js';

export const recommendModelKinds = {
  'recommend/hybrid': { version: 1, schema: RecommenderModelSchema },
  'recommend/als': { version: 1, schema: AlsModelSchema },
  'recommend/item-knn': { version: 1, schema: ItemKnnModelSchema },
  /** Version 2 has the (empty) top-level `options` every model carries; version 1 had none. */
  'recommend/popularity': { version: 2, schema: PopularityModelSchema, migrate: (raw) => ({ ...raw, version: 2, options: {} }) },
  'recommend/profile': { version: 1, schema: ProfileModelSchema },
} satisfies ModelKindTable;

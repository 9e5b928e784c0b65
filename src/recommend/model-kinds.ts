/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { AlsModelSchema, ItemKnnModelSchema, PopularityModelSchema, ProfileModelSchema, RecommenderModelSchema } from './model-schemas.js';

export const recommendModelKinds = {
  'recommend/hybrid': { version: 1, schema: RecommenderModelSchema },
  'recommend/als': { version: 1, schema: AlsModelSchema },
  'recommend/item-knn': { version: 1, schema: ItemKnnModelSchema },
  'recommend/popularity': { version: 1, schema: PopularityModelSchema },
  'recommend/profile': { version: 1, schema: ProfileModelSchema },
} satisfies ModelKindTable;

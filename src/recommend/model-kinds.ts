/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { AlsModelSchema, migrateAls } from './als.js';
import { migrateRecommender, RecommenderModelSchema } from './fit-recommender.js';
import { ItemKnnModelSchema } from './item-knn.js';
import { PopularityModelSchema } from './popularity.js';
import { migrateProfile, ProfileModelSchema } from './profile.js';

export const recommendModelKinds = {
  'recommend/hybrid': { version: 2, schema: RecommenderModelSchema, migrate: migrateRecommender },
  'recommend/als': { version: 2, schema: AlsModelSchema, migrate: migrateAls },
  'recommend/item-knn': { version: 1, schema: ItemKnnModelSchema },
  'recommend/popularity': { version: 1, schema: PopularityModelSchema },
  'recommend/profile': { version: 2, schema: ProfileModelSchema, migrate: migrateProfile },
} satisfies ModelKindTable;

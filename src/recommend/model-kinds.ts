/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import {
  AlsModelSchema,
  EaseModelSchema,
  ItemKnnModelSchema,
  migrateAls,
  migratePopularity,
  migrateProfile,
  migrateRecommender,
  PopularityModelSchema,
  ProfileModelSchema,
  RecommenderModelSchema,
} from './model-schemas.js';

export const recommendModelKinds = {
  /** Version 2 renamed the ALS and profile options (l2, confidenceAlpha, maxIter); version 3 added the EASE component; version 4 records the blend's validation split (`options.validation`, `blend.validationSplit`). */
  'recommend/hybrid': { version: 4, schema: RecommenderModelSchema, migrate: migrateRecommender },
  /** Version 2 renamed regularization → l2, alpha → confidenceAlpha, iterations → maxIter. */
  'recommend/als': { version: 2, schema: AlsModelSchema, migrate: migrateAls },
  'recommend/item-knn': { version: 1, schema: ItemKnnModelSchema },
  /** EASE^R item–item weights (Steck 2019). */
  'recommend/ease': { version: 1, schema: EaseModelSchema },
  /** Version 2 has the (empty) top-level `options` every model carries; version 1 had none. */
  'recommend/popularity': { version: 2, schema: PopularityModelSchema, migrate: migratePopularity },
  /** Version 2 renamed epochs → maxIter, regularization → l2. */
  'recommend/profile': { version: 2, schema: ProfileModelSchema, migrate: migrateProfile },
} satisfies ModelKindTable;

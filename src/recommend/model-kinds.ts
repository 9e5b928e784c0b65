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

/**
 * The current version of each model kind, written here once: the kinds table below and the fits
 * read it (a fit imports this object, not the table, so fitting a model does not load the schemas).
 */
export const RECOMMEND_MODEL_VERSIONS = {
  'recommend/hybrid': 4,
  'recommend/als': 2,
  'recommend/item-knn': 1,
  'recommend/ease': 1,
  'recommend/popularity': 2,
  'recommend/profile': 2,
} as const;

export const recommendModelKinds = /* @__PURE__ */ (() => ({
  /** Version 2 renamed the ALS and profile options (l2, confidenceAlpha, maxIter); version 3 added the EASE component; version 4 records the blend's validation split (`options.validation`, `blend.validationSplit`). */
  'recommend/hybrid': { version: RECOMMEND_MODEL_VERSIONS['recommend/hybrid'], schema: RecommenderModelSchema, migrate: migrateRecommender },
  /** Version 2 renamed regularization → l2, alpha → confidenceAlpha, iterations → maxIter. */
  'recommend/als': { version: RECOMMEND_MODEL_VERSIONS['recommend/als'], schema: AlsModelSchema, migrate: migrateAls },
  'recommend/item-knn': { version: RECOMMEND_MODEL_VERSIONS['recommend/item-knn'], schema: ItemKnnModelSchema },
  /** EASE^R item–item weights (Steck 2019). */
  'recommend/ease': { version: RECOMMEND_MODEL_VERSIONS['recommend/ease'], schema: EaseModelSchema },
  /** Version 2 has the (empty) top-level `options` every model carries; version 1 had none. */
  'recommend/popularity': { version: RECOMMEND_MODEL_VERSIONS['recommend/popularity'], schema: PopularityModelSchema, migrate: migratePopularity },
  /** Version 2 renamed epochs → maxIter, regularization → l2. */
  'recommend/profile': { version: RECOMMEND_MODEL_VERSIONS['recommend/profile'], schema: ProfileModelSchema, migrate: migrateProfile },
}) satisfies ModelKindTable)();

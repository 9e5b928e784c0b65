/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { PipelineModelSchema } from './pipeline/model.js';
import { ProfileStateSchema } from './profile-state-schema.js';

/**
 * The current version of each model kind, written here once: the kinds table below and the fits
 * read it (a fit imports this object, not the table, so fitting a model does not load the schemas).
 */
export const FEATURES_MODEL_VERSIONS = {
  'features/pipeline': 1,
  'features/profile-state': 2,
} as const;

export const featuresModelKinds = /* @__PURE__ */ (() => ({
  'features/pipeline': { version: FEATURES_MODEL_VERSIONS['features/pipeline'], schema: PipelineModelSchema },
  /** Version 2 moves `halfLifeMonths` into the top-level `options`; version 1 is migrated. */
  'features/profile-state': {
    version: FEATURES_MODEL_VERSIONS['features/profile-state'],
    schema: ProfileStateSchema,
    migrate: (raw) => {
      const { halfLifeMonths, ...rest } = raw;
      return { ...rest, version: 2, options: { halfLifeMonths } };
    },
  },
}) satisfies ModelKindTable)();

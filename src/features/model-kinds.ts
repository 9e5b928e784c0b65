/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { PipelineModelSchema } from './pipeline/model.js';
import { ProfileStateSchema } from './profile-state-schema.js';

export const featuresModelKinds = {
  'features/pipeline': { version: 1, schema: PipelineModelSchema },
  /** Version 2 moves `halfLifeMonths` into the top-level `options`; version 1 is migrated. */
  'features/profile-state': {
    version: 2,
    schema: ProfileStateSchema,
    migrate: (raw) => {
      const { halfLifeMonths, ...rest } = raw;
      return { ...rest, version: 2, options: { halfLifeMonths } };
    },
  },
} satisfies ModelKindTable;

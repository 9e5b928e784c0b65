/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { PipelineModelSchema } from './pipeline/model.js';
import { ProfileStateSchema } from './profile-state-schema.js';

export const featuresModelKinds = {
  'features/pipeline': { version: 1, schema: PipelineModelSchema },
  'features/profile-state': { version: 1, schema: ProfileStateSchema },
} satisfies ModelKindTable;

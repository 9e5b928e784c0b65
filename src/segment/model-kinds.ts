/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { KMeansModelSchema, KPrototypesModelSchema, ShiftedBetaGeometricModelSchema } from './model-schemas.js';

export const segmentModelKinds = {
  'segment/kmeans': { version: 1, schema: KMeansModelSchema },
  'segment/kprototypes': { version: 1, schema: KPrototypesModelSchema },
  'segment/sbg': { version: 1, schema: ShiftedBetaGeometricModelSchema },
} satisfies ModelKindTable;

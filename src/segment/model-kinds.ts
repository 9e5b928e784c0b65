/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { KMeansModelSchema, KPrototypesModelSchema, ShiftedBetaGeometricModelSchema } from './model-schemas.js';

/**
 * The current version of each model kind, written here once: the kinds table below and the fits
 * read it (a fit imports this object, not the table, so fitting a model does not load the schemas).
 */
export const SEGMENT_MODEL_VERSIONS = {
  'segment/kmeans': 1,
  'segment/kprototypes': 1,
  'segment/sbg': 1,
} as const;

export const segmentModelKinds = /* @__PURE__ */ (() => ({
  'segment/kmeans': { version: SEGMENT_MODEL_VERSIONS['segment/kmeans'], schema: KMeansModelSchema },
  'segment/kprototypes': { version: SEGMENT_MODEL_VERSIONS['segment/kprototypes'], schema: KPrototypesModelSchema },
  'segment/sbg': { version: SEGMENT_MODEL_VERSIONS['segment/sbg'], schema: ShiftedBetaGeometricModelSchema },
}) satisfies ModelKindTable)();

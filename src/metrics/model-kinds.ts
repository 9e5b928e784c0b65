/** The model kinds this module defines, for `parseModel`. */
import type { ModelKindTable } from '../internal/model.js';
import { CalibratorModelSchema } from './calibrator-schema.js';

/**
 * The current version of each model kind, written here once: the kinds table below and the fits
 * read it (a fit imports this object, not the table, so fitting a model does not load the schemas).
 */
export const METRICS_MODEL_VERSIONS = {
  'metrics/calibrator': 2,
} as const;

export const metricsModelKinds = /* @__PURE__ */ (() => ({
  /** Version 2 stores the resolved options (`{ method }`) at the top level; version 1 had none. */
  'metrics/calibrator': {
    version: METRICS_MODEL_VERSIONS['metrics/calibrator'],
    schema: CalibratorModelSchema,
    migrate: (raw) => ({ ...raw, version: 2, options: { method: raw['method'] } }),
  },
}) satisfies ModelKindTable)();

/** The model kinds this module defines, for `parseModel`. */
import type { ModelKindTable } from '../internal/model.js';
import { CalibratorModelSchema } from './calibrator-schema.js';

export const metricsModelKinds = {
  /** Version 2 stores the resolved options (`{ method }`) at the top level; version 1 had none. */
  'metrics/calibrator': {
    version: 2,
    schema: CalibratorModelSchema,
    migrate: (raw) => ({ ...raw, version: 2, options: { method: raw['method'] } }),
  },
} satisfies ModelKindTable;

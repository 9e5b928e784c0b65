/** The model kinds this module defines, for `parseModel`. */
import type { ModelKindTable } from '../internal/model.js';
import { CalibratorModelSchema } from './calibration.js';

export const metricsModelKinds = {
  'metrics/calibrator': { version: 1, schema: CalibratorModelSchema },
} satisfies ModelKindTable;

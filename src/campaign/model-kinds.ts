/** The model kinds this module defines, for `parseModel`. */
import type { ModelKindTable } from '../internal/model.js';
import { UpliftModelSchema } from './uplift-model.js';

export const campaignModelKinds = {
  'campaign/uplift': { version: 1, schema: UpliftModelSchema },
} satisfies ModelKindTable;

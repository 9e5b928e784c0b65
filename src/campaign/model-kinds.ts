/** The model kinds this module defines, for `parseModel`. */
import type { ModelKindTable } from '../internal/model.js';
import { UpliftModelSchema } from './uplift-model.js';

/**
 * The current version of each model kind, written here once: the kinds table below and the fits
 * read it (a fit imports this object, not the table, so fitting a model does not load the schemas).
 */
export const CAMPAIGN_MODEL_VERSIONS = {
  'campaign/uplift': 1,
} as const;

export const campaignModelKinds = /* @__PURE__ */ (() => ({
  'campaign/uplift': { version: CAMPAIGN_MODEL_VERSIONS['campaign/uplift'], schema: UpliftModelSchema },
}) satisfies ModelKindTable)();

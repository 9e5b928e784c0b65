/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { LogisticChurnModelSchema, migrateLogistic } from './logistic-schema.js';
import { GbdtModelSchema, migrateGbdt } from './gbdt/schema.js';

/**
 * The current version of each model kind, written here once: the kinds table below and the fits
 * read it (a fit imports this object, not the table, so fitting a model does not load the schemas).
 */
export const CHURN_MODEL_VERSIONS = {
  'churn/logistic': 2,
  'churn/gbdt': 2,
} as const;

export const churnModelKinds = /* @__PURE__ */ (() => ({
  'churn/logistic': { version: CHURN_MODEL_VERSIONS['churn/logistic'], schema: LogisticChurnModelSchema, migrate: migrateLogistic },
  'churn/gbdt': { version: CHURN_MODEL_VERSIONS['churn/gbdt'], schema: GbdtModelSchema, migrate: migrateGbdt },
}) satisfies ModelKindTable)();

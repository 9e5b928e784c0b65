/** The model kinds this module defines, for `parseModel`. Add an entry per fitted model. */
import type { ModelKindTable } from '../internal/model.js';
import { LogisticChurnModelSchema, migrateLogistic } from './logistic-schema.js';
import { GbdtModelSchema, migrateGbdt } from './gbdt/schema.js';

export const churnModelKinds = {
  'churn/logistic': { version: 2, schema: LogisticChurnModelSchema, migrate: migrateLogistic },
  'churn/gbdt': { version: 2, schema: GbdtModelSchema, migrate: migrateGbdt },
} satisfies ModelKindTable;

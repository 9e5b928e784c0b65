/** Worker entry of the GBDT family (bundled by scripts/build-workers.mjs). */
import { serve } from './serve.js';
import { GBDT_TASKS } from './gbdt.js';
import { TEST_TASKS } from './test-tasks.js';

serve({ ...GBDT_TASKS, ...TEST_TASKS });

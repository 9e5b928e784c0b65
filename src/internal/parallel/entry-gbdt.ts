/** Worker entry of the GBDT family (bundled by scripts/build-workers.mjs). */
import { serve } from './serve.js';
import { TEST_TASKS } from './test-tasks.js';

serve({ ...TEST_TASKS });

/** Worker entry of the ALS family (bundled by scripts/build-workers.mjs). */
import { serve } from './serve.js';
import { ALS_TASKS } from './als.js';
import { TEST_TASKS } from './test-tasks.js';

serve({ ...ALS_TASKS, ...TEST_TASKS });

/** Worker entry of the batch-scoring family (bundled by scripts/build-workers.mjs). */
import { serve } from './serve.js';
import { SCORE_TASKS } from './score.js';
import { TEST_TASKS } from './test-tasks.js';

serve({ ...SCORE_TASKS, ...TEST_TASKS });

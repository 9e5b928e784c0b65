/** Worker entry of the recommend family (bundled by scripts/build-workers.mjs). */
import { serve } from '../internal/parallel/serve.js';
import { TEST_TASKS } from '../internal/parallel/test-tasks.js';
import { RECOMMEND_TASKS } from './batch-kernel.js';

serve({ ...RECOMMEND_TASKS, ...TEST_TASKS });

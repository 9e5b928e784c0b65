/** Worker entry of the k-means family (bundled by scripts/build-workers.mjs). */
import { serve } from './serve.js';
import { KMEANS_TASKS } from './kmeans.js';
import { TEST_TASKS } from './test-tasks.js';

serve({ ...KMEANS_TASKS, ...TEST_TASKS });

/** Worker entry of the k-means family (bundled by scripts/build-workers.mjs into the embedded worker source). */
import { serve } from '../internal/parallel/serve.js';
import { TEST_TASKS } from '../internal/parallel/test-tasks.js';
import { KMEANS_TASKS } from './kmeans-assign.js';

serve({ ...KMEANS_TASKS, ...TEST_TASKS });

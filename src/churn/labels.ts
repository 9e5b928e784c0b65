/**
 * Label validation shared by the churn functions (internal: the implementation lives in metrics).
 */
export { toBinaryLabels } from '../metrics/labels.js';
export type { BinaryLabels as ChurnLabels } from '../metrics/labels.js';

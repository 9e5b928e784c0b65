/**
 * Pieces shared by the double- and single-precision ALS sweeps: the confidence of a raw strength (the
 * dense Cholesky row solve lives in src/internal/cholesky.ts).
 *
 * @module
 */
import { log } from '../internal/math.js';
import type { AlsResolvedOptions } from './model-schemas.js';

export { choleskySolveInPlace } from '../internal/cholesky.js';

/** Confidence c for a raw strength r. */
export function confidenceOf(r: number, o: AlsResolvedOptions): number {
  return o.confidence === 'log' ? 1 + o.confidenceAlpha * log(1 + r / o.epsilon) : 1 + o.confidenceAlpha * r;
}

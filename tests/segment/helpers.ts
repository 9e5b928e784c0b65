/** Seeded test data for the segment tests (no Math.random). */
import { createFeatureMatrix, type FeatureMatrix } from 'telcokit';
import { mulberry32 } from '../support/mulberry32.js';

/** mulberry32: a tiny seeded generator for fixtures. */
export const rand = mulberry32;

/** Standard normal from a uniform source (Box–Muller). */
export function gauss(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** n rows around the given centres with unit noise × sd; returns the matrix and the true labels. */
export function blobs(
  n: number,
  centres: readonly (readonly number[])[],
  options: { sd?: number; seed?: number; columns?: string[] } = {},
): { m: FeatureMatrix; truth: Int32Array } {
  const u = rand(options.seed ?? 1);
  const p = centres[0]!.length;
  const sd = options.sd ?? 1;
  const values = new Float64Array(n * p);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(u() * centres.length);
    truth[i] = c;
    for (let j = 0; j < p; j++) values[i * p + j] = centres[c]![j]! + sd * gauss(u);
  }
  const columns = options.columns ?? Array.from({ length: p }, (_, j) => `x${j}`);
  return { m: createFeatureMatrix(values, columns), truth };
}

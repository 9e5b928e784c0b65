/**
 * Two tiny tasks every worker family answers, for the pool's own tests: one that fills a shared
 * array with its part index, one that throws a named error.
 */
import { DataError } from '../../errors.js';
import { partRange } from './pool.js';

/** Writes `part` into `out[i]` for every i of the part. */
export function markPart(args: { out: Int32Array }, part: number, parts: number): void {
  const [lo, hi] = partRange(args.out.length, part, parts);
  for (let i = lo; i < hi; i++) args.out[i] = part;
}

/** Throws a DataError from part `args.part` (the other parts return). */
export function throwInPart(args: { part: number }, part: number): void {
  if (part === args.part) throw new DataError(`throwInPart: part ${part} failed on purpose`);
}

export const TEST_TASKS = { 'test/mark': markPart, 'test/throw': throwInPart, 'test/spin': spinPart } as const;
export function spinPart(args: { t: Float64Array; n: number }, part: number): void {
  const t0 = performance.timeOrigin + performance.now();
  let s = 0;
  for (let i = 0; i < args.n; i++) s += Math.sqrt(i + s * 1e-9);
  args.t[3 * part] = t0;
  args.t[3 * part + 1] = performance.timeOrigin + performance.now();
  args.t[3 * part + 2] = s;
}

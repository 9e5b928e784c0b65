/**
 * Tiny tasks every worker family answers, for the pool's own tests and the benchmarks: one that
 * fills a shared array with its part index, one that throws a named error, one that only computes.
 */
import { partRange } from './pool.js';

/** Writes `part` into `out[i]` for every i of the part. */
export function markPart(args: { out: Int32Array }, part: number, parts: number): void {
  const [lo, hi] = partRange(args.out.length, part, parts);
  for (let i = lo; i < hi; i++) args.out[i] = part;
}

/**
 * Throws an error named `DataError` from part `args.part` (the other parts return); the pool
 * rethrows it on the caller as a telcokit DataError (the worker bundles carry no error classes).
 */
export function throwInPart(args: { part: number }, part: number): void {
  if (part !== args.part) return;
  const e = new Error(`throwInPart: part ${part} failed on purpose`);
  e.name = 'DataError';
  throw e;
}

export const TEST_TASKS = { 'test/mark': markPart, 'test/throw': throwInPart, 'test/spin': spinPart } as const;
/** Pure arithmetic for `args.n` steps, with its start and end times (ms since the epoch) at `t[3·part]`, `t[3·part + 1]`: the bench's check of how much of two cores the machine gives right now. */
export function spinPart(args: { t: Float64Array; n: number }, part: number): void {
  const t0 = performance.timeOrigin + performance.now();
  let s = 0;
  for (let i = 0; i < args.n; i++) s += Math.sqrt(i + s * 1e-9);
  args.t[3 * part] = t0;
  args.t[3 * part + 1] = performance.timeOrigin + performance.now();
  args.t[3 * part + 2] = s;
}

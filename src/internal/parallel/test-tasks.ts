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

export const TEST_TASKS = { 'test/mark': markPart, 'test/throw': throwInPart } as const;

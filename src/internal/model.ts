/**
 * Shared pieces for models-as-data: the kind table entry type, zod helpers for typed arrays,
 * and progress/abort plumbing for long fits.
 */
import * as z from 'zod';
import { AbortError } from '../errors.js';

/**
 * One row of a module's model table: the current version, the zod schema of the model at that
 * version, and `migrate`, which turns a decoded model of an older version into the current shape
 * (its `version` set to the current one) before the schema checks it. Without `migrate`, an older
 * version is checked against the current schema as it is.
 */
export interface ModelKindEntry<S extends z.ZodType = z.ZodType> {
  readonly version: number;
  readonly schema: S;
  readonly migrate?: (raw: Record<string, unknown>, fromVersion: number) => Record<string, unknown>;
}

/** A module's table of model kinds, e.g. `{ 'churn/gbdt': { version: 1, schema } }`. */
export type ModelKindTable = Record<string, ModelKindEntry>;

export const zFloat64Array = z.instanceof(Float64Array);
export const zFloat32Array = z.instanceof(Float32Array);
export const zInt32Array = z.instanceof(Int32Array);
export const zUint32Array = z.instanceof(Uint32Array);
export const zUint8Array = z.instanceof(Uint8Array);

// the public types of long work live in src/long-run.ts; re-exported for internal importers
export type { Progress, LongRunOptions } from '../long-run.js';

/** Throws {@link AbortError} when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, fn: string): void {
  if (signal?.aborted) throw new AbortError(fn);
}

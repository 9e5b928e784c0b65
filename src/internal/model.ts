/**
 * Shared pieces for models-as-data: the kind table entry type, zod helpers for typed arrays,
 * and progress/abort plumbing for long fits.
 */
import * as z from 'zod';
import { AbortError, OptionsError } from '../errors.js';

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

export const zFloat64Array = /* @__PURE__ */ (() => z.instanceof(Float64Array))();
export const zFloat32Array = /* @__PURE__ */ (() => z.instanceof(Float32Array))();
export const zInt32Array = /* @__PURE__ */ (() => z.instanceof(Int32Array))();
export const zUint32Array = /* @__PURE__ */ (() => z.instanceof(Uint32Array))();
export const zUint8Array = /* @__PURE__ */ (() => z.instanceof(Uint8Array))();

// the public types of long work live in src/long-run.ts; re-exported for internal importers
export type { Progress, LongRunOptions } from '../long-run.js';

/** Throws {@link AbortError} when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, fn: string): void {
  if (signal?.aborted) throw new AbortError(fn);
}

/** The value at `path` inside `x`, for messages. */
function at(x: unknown, path: readonly PropertyKey[]): unknown {
  let v = x;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

/**
 * Checks resolved options against the options schema a model stores them under, so a fit can
 * never store an option that `parseModel` would reject: the first violation becomes an
 * `OptionsError` naming the option (`fitAls: option solver: …, got "svd"`).
 *
 * @param schema - the model's options schema (the one `parseModel` applies)
 * @param resolved - the options with every default filled in
 * @param fn - the public function, for the message
 * @param prefix - dotted path of these options inside the caller's options (e.g. `'als'`)
 * @returns `resolved`, typed by the schema
 * @throws OptionsError on the first violation
 */
export function checkOptions<S extends z.ZodType>(schema: S, resolved: unknown, fn: string, prefix?: string): z.output<S> {
  const r = schema.safeParse(resolved);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map(String);
  const option = [...(prefix ? [prefix] : []), ...path].join('.') || 'options';
  throw new OptionsError(`${fn}: option ${option}: ${issue.message}, got ${show(at(resolved, issue.path))}`, option, { cause: r.error });
}

/**
 * Cross-field checks for model schemas (used inside `superRefine`): each method records the
 * first violation as a zod issue at `path` and returns false, so `parseModel` reports it as a
 * ModelError naming the path. After one failure the later checks are skipped.
 */
export class Invariants {
  private failed = false;
  constructor(private readonly ctx: z.RefinementCtx) {}

  /** True while no check has failed. */
  get ok(): boolean {
    return !this.failed;
  }

  /** Records a violation. */
  fail(path: readonly (string | number)[], message: string): false {
    if (!this.failed) this.ctx.addIssue({ code: 'custom', path: [...path], message });
    this.failed = true;
    return false;
  }

  /** `actual` must equal `expected` (lengths). */
  length(path: readonly (string | number)[], actual: number, expected: number, what = 'entries'): boolean {
    return this.ok && actual !== expected ? this.fail(path, `has ${actual} ${what}, expected ${expected}`) : this.ok;
  }

  /** Every value finite (no NaN, no ±Infinity). */
  finite(path: readonly (string | number)[], values: ArrayLike<number>): boolean {
    if (!this.ok) return false;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) return this.fail([...path, i], `must be finite, got ${values[i]}`);
    }
    return true;
  }

  /** Every value an integer in [lo, hi). */
  indices(path: readonly (string | number)[], values: ArrayLike<number>, lo: number, hi: number): boolean {
    if (!this.ok) return false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v) || v < lo || v >= hi) return this.fail([...path, i], `index ${v} out of range [${lo}, ${hi})`);
    }
    return true;
  }

  /** No id twice. */
  unique(path: readonly (string | number)[], ids: readonly string[]): boolean {
    if (!this.ok) return false;
    const seen = new Set<string>();
    for (let i = 0; i < ids.length; i++) {
      if (seen.has(ids[i]!)) return this.fail([...path, i], `duplicate id ${JSON.stringify(ids[i])}`);
      seen.add(ids[i]!);
    }
    return true;
  }

  /** A CSR index pointer: length rows + 1, from 0, non-decreasing, ending at `nnz`. */
  indptr(path: readonly (string | number)[], indptr: ArrayLike<number>, rows: number, nnz: number): boolean {
    if (!this.length(path, indptr.length, rows + 1)) return false;
    if (indptr[0] !== 0 || indptr[rows] !== nnz) return this.fail(path, `must run from 0 to ${nnz}`);
    for (let i = 0; i < rows; i++) if (indptr[i + 1]! < indptr[i]!) return this.fail([...path, i + 1], 'must not decrease');
    return true;
  }
}

/**
 * Argument guards for public entry points: one check of each argument's type at the boundary, so
 * junk (`undefined`, `null`, `{}` where an array belongs, a record where a model belongs) is a
 * named telcokit error saying which argument and why, never a raw TypeError from deep inside.
 * Internal code after the guard trusts its input (d3's "validate once at the boundary").
 *
 * Options are not checked here: they go through {@link defineOptions} in ./options.ts.
 *
 * @module
 */
import { DataError, ModelError, OptionsError } from '../errors.js';
import { describeValue } from './options.js';

/** An array or a typed array (anything with numeric indices and a length that is not a string). */
export function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * Throws a DataError unless `v` is an array or a typed array.
 *
 * @param fn - the public function, for the message
 * @param name - the argument's name (`'labels'`, `'data.usage'`)
 * @param what - what it must hold, for the message (`'of numbers'`)
 */
export function requireArray(fn: string, name: string, v: unknown, what = ''): asserts v is ArrayLike<unknown> {
  if (!isArrayLike(v)) throw new DataError(`${fn}: ${name} must be an array${what ? ` ${what}` : ''}, got ${describeValue(v)}`);
}

/**
 * Throws a DataError unless `v` is an array or typed array of numbers (NaN allowed: it means
 * missing); names the first element that is not a number. Nothing is coerced.
 */
export function requireNumbers(fn: string, name: string, v: unknown): asserts v is ArrayLike<number> {
  requireArray(fn, name, v, 'of numbers');
  if (ArrayBuffer.isView(v)) return;
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number') throw new DataError(`${fn}: ${name}[${i}] must be a number, got ${describeValue(v[i])}`);
  }
}

/** Throws a DataError unless every element of the array `v` is a number or a string (labels). */
export function requireLabelValues(fn: string, name: string, v: unknown): asserts v is ArrayLike<number | string> {
  requireArray(fn, name, v, 'of labels');
  if (ArrayBuffer.isView(v)) return;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' && typeof x !== 'string') throw new DataError(`${fn}: ${name}[${i}] must be a number or a string, got ${describeValue(x)}`);
  }
}

/** Throws a DataError unless `v` is a plain object (not null, not an array). */
export function requireObject(fn: string, name: string, v: unknown, what = 'an object'): asserts v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new DataError(`${fn}: ${name} must be ${what}, got ${describeValue(v)}`);
}

/** Throws a DataError unless every element of the array `v` is an object (records). */
export function requireRecords(fn: string, name: string, v: unknown, what = 'records'): asserts v is readonly Record<string, unknown>[] {
  if (!Array.isArray(v)) throw new DataError(`${fn}: ${name} must be an array of ${what}, got ${describeValue(v)}`);
  for (let i = 0; i < v.length; i++) {
    const r: unknown = v[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new DataError(`${fn}: ${name}[${i}] must be an object, got ${describeValue(r)}`);
  }
}

/** Throws a DataError unless `v` is a finite number. */
export function requireFinite(fn: string, name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(`${fn}: ${name} must be a finite number, got ${describeValue(v)}`);
}

/** Throws a DataError unless `v` is a string. */
export function requireString(fn: string, name: string, v: unknown): asserts v is string {
  if (typeof v !== 'string') throw new DataError(`${fn}: ${name} must be a string, got ${describeValue(v)}`);
}

/**
 * Throws a ModelError unless `v` is an object whose `kind` is one of `kinds` (a fitted or parsed
 * model): `predictGbdt: model must be a 'churn/gbdt' model (from fitGbdt or parseModel), got null`.
 * The fields named in `arrays` (default `featureNames`) must be arrays: a cheap shape check, not
 * the loader's full schema (a model that did not come from a fit or `parseModel` is not trusted
 * further than that).
 */
export function requireModel(fn: string, name: string, v: unknown, kinds: readonly string[], from?: string, arrays: readonly string[] = ['featureNames']): void {
  const kind = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string' || !kinds.includes(kind)) {
    const want = kinds.map((k) => `'${k}'`).join(' or ');
    const got = typeof kind === 'string' ? `a '${kind}' model` : describeValue(v);
    throw new ModelError(`${fn}: ${name} must be a ${want} model${from ? ` (from ${from} or parseModel)` : ''}, got ${got}`);
  }
  for (const field of arrays) {
    const x = (v as Record<string, unknown>)[field];
    if (!isArrayLike(x)) throw new ModelError(`${fn}: ${name} is a '${kind}' model without ${field}; load models with parseModel`);
  }
}

/**
 * The options argument of a function whose options are still checked one by one: `undefined` is
 * `{}`; anything but a plain object is an OptionsError (never a TypeError on `null.x`).
 */
export function optionsObject<T extends object>(fn: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new OptionsError(`${fn}: options must be an object or undefined, got ${describeValue(options)}`, '(options)');
  }
  return options;
}

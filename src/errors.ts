/**
 * Errors thrown by telcokit. Every error is a {@link TelcoError} with a stable `code`;
 * messages start with the public function's name and say what was expected.
 *
 * @module
 */

/** Machine-readable error codes. */
export type TelcoErrorCode = 'VALIDATION' | 'DIMENSION' | 'MODEL' | 'DATA' | 'ABORTED';

/** The base class of every error telcokit throws on purpose. @category Errors */
export class TelcoError extends Error {
  /** Stable machine-readable code. */
  readonly code: TelcoErrorCode;
  constructor(code: TelcoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TelcoError';
    this.code = code;
  }
}

/** One problem found while validating a record. @category Errors */
export interface ValidationIssue {
  /** Zero-based index of the record in its input (data row number for CSV, header excluded). */
  readonly row: number;
  /** Path of the offending field inside the record (`[]` for the whole record). */
  readonly path: readonly (string | number)[];
  /** Why the value was rejected, in words. */
  readonly reason: string;
  /** The value as it was received. */
  readonly value: unknown;
}

/** Input records failed validation; `issues` lists each problem. @category Errors */
export class ValidationError extends TelcoError {
  readonly issues: readonly ValidationIssue[];
  constructor(message: string, issues: readonly ValidationIssue[] = [], options?: { cause?: unknown }) {
    super('VALIDATION', message, options);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** Shapes do not match (column counts, lengths). @category Errors */
export class DimensionError extends TelcoError {
  constructor(message: string) {
    super('DIMENSION', message);
    this.name = 'DimensionError';
  }
}

/** A model is of the wrong kind, a newer version, or malformed. @category Errors */
export class ModelError extends TelcoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL', message, options);
    this.name = 'ModelError';
  }
}

/** Data cannot be used as given (empty input, NaN where a value is required, bad labels). @category Errors */
export class DataError extends TelcoError {
  constructor(message: string) {
    super('DATA', message);
    this.name = 'DataError';
  }
}

/** Long work was stopped through its `AbortSignal`. @category Errors */
export class AbortError extends TelcoError {
  constructor(fn: string) {
    super('ABORTED', `${fn}: aborted`);
    this.name = 'AbortError';
  }
}

/** True when `e` is an error thrown by telcokit. @category Errors */
export function isTelcoError(e: unknown): e is TelcoError {
  return e instanceof TelcoError;
}

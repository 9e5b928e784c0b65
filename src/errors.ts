/**
 * Errors thrown by telcokit. Every error is a {@link TelcoError} with a stable `code`;
 * messages start with the public function's name and say what was expected.
 *
 * @module
 */

/** Machine-readable error codes. */
export type TelcoErrorCode = 'VALIDATION' | 'OPTIONS' | 'DIMENSION' | 'MODEL' | 'DATA' | 'ABORTED' | 'BUDGET' | 'DEPENDENCY';

/**
 * The brand every telcokit error carries. `Symbol.for` gives the same symbol in every copy of the
 * library loaded in one process (the ESM and the CJS build, two versions in node_modules), so
 * {@link isTelcoError} and `instanceof` recognise errors from either copy.
 */
const BRAND: unique symbol = Symbol.for('telcokit.error') as never;
const CODES: ReadonlySet<string> = new Set(['VALIDATION', 'OPTIONS', 'DIMENSION', 'MODEL', 'DATA', 'ABORTED', 'BUDGET', 'DEPENDENCY']);

function isBranded(e: unknown): e is { readonly code: TelcoErrorCode; readonly name: string } {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** The base class of every error telcokit throws on purpose. @category Errors */
export class TelcoError extends Error {
  /** Stable machine-readable code. */
  readonly code: TelcoErrorCode;
  constructor(code: TelcoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TelcoError';
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Recognises telcokit errors from any copy of the library (ESM or CJS), not only this one. */
  static override [Symbol.hasInstance](e: unknown): boolean {
    return isBranded(e) && CODES.has(e.code);
  }
}

/** Makes `instanceof Sub` work across copies: the brand plus the class's code and name. */
function hasCode(e: unknown, code: TelcoErrorCode, name: string): boolean {
  return isBranded(e) && e.code === code && e.name === name;
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
  static override [Symbol.hasInstance](e: unknown): boolean {
    return hasCode(e, 'VALIDATION', 'ValidationError');
  }
}

/**
 * An option is invalid: unknown, of the wrong type, out of its documented range, or in conflict
 * with another option. `option` names it (a dotted path for nested options, e.g. `blend.als`).
 * @category Errors
 */
export class OptionsError extends TelcoError {
  /** The option at fault, e.g. `'k'` or `'blend.als'`. */
  readonly option: string;
  constructor(message: string, option: string, options?: { cause?: unknown }) {
    super('OPTIONS', message, options);
    this.name = 'OptionsError';
    this.option = option;
  }
  static override [Symbol.hasInstance](e: unknown): boolean {
    return hasCode(e, 'OPTIONS', 'OptionsError');
  }
}

/** Shapes do not match (column counts, lengths). @category Errors */
export class DimensionError extends TelcoError {
  constructor(message: string) {
    super('DIMENSION', message);
    this.name = 'DimensionError';
  }
  static override [Symbol.hasInstance](e: unknown): boolean {
    return hasCode(e, 'DIMENSION', 'DimensionError');
  }
}

/** A model is of the wrong kind, a newer version, or malformed. @category Errors */
export class ModelError extends TelcoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL', message, options);
    this.name = 'ModelError';
  }
  static override [Symbol.hasInstance](e: unknown): boolean {
    return hasCode(e, 'MODEL', 'ModelError');
  }
}

/** Data cannot be used as given (empty input, NaN where a value is required, bad labels). @category Errors */
export class DataError extends TelcoError {
  constructor(message: string) {
    super('DATA', message);
    this.name = 'DataError';
  }
  static override [Symbol.hasInstance](e: unknown): boolean {
    return hasCode(e, 'DATA', 'DataError');
  }
}

/** Long work was stopped through its `AbortSignal`. @category Errors */
export class AbortError extends TelcoError {
  constructor(fn: string) {
    super('ABORTED', `${fn}: aborted`);
    this.name = 'AbortError';
  }
  static override [Symbol.hasInstance](e: unknown): boolean {
    return hasCode(e, 'ABORTED', 'AbortError');
  }
}

/**
 * A differential-privacy query would spend more than what is left of its privacy budget; nothing
 * was computed or released. `requested` and `remaining` give the figures.
 * @category Errors
 */
export class PrivacyBudgetError extends TelcoError {
  /** What the refused query asked for. */
  readonly requested: { readonly epsilon: number; readonly delta: number };
  /** What the budget still had. */
  readonly remaining: { readonly epsilon: number; readonly delta: number };
  constructor(
    message: string,
    requested: { readonly epsilon: number; readonly delta: number },
    remaining: { readonly epsilon: number; readonly delta: number },
  ) {
    super('BUDGET', message);
    this.name = 'PrivacyBudgetError';
    this.requested = requested;
    this.remaining = remaining;
  }
  static override [Symbol.hasInstance](e: unknown): boolean {
    return hasCode(e, 'BUDGET', 'PrivacyBudgetError');
  }
}

/**
 * An optional peer dependency is not installed (e.g. `vega` for `telcokit/report`); the message
 * says how to install it and `packages` lists what is missing.
 * @category Errors
 */
export class DependencyError extends TelcoError {
  /** npm package names to install. */
  readonly packages: readonly string[];
  constructor(message: string, packages: readonly string[], options?: { cause?: unknown }) {
    super('DEPENDENCY', message, options);
    this.name = 'DependencyError';
    this.packages = packages;
  }
  static override [Symbol.hasInstance](e: unknown): boolean {
    return hasCode(e, 'DEPENDENCY', 'DependencyError');
  }
}

/** True when `e` is an error thrown by telcokit. @category Errors */
export function isTelcoError(e: unknown): e is TelcoError {
  return isBranded(e) && CODES.has(e.code);
}

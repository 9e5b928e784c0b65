/**
 * Option and input checks shared by the campaign functions (internal: validate once at the public
 * boundary, then trust).
 */
import { DataError, OptionsError } from '../errors.js';
import { defineOptions, described, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';

/** The `alpha` option, the significance level: default 0.05, in (0, 1). */
export const alphaOption = () => real({ gt: 0, lt: 1 }).default(0.05);

/** The `prior` option, a Beta(a, b) prior: default Beta(1, 1). */
export const priorOption = () =>
  described(o.strictObject({ a: real({ gt: 0 }), b: real({ gt: 0 }) }), '{ a, b } with finite a > 0 and b > 0').default({ a: 1, b: 1 });

/** The options of the interval functions (`wilsonInterval`, `newcombeInterval`, `welchInterval`, …); called with the function's name. */
export const parseIntervalOptions = defineOptions('intervals', { alpha: alphaOption() });

/** Throws OptionsError for an option name not in `known`. */
export function checkKnown(fn: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') throw new OptionsError(`${fn}: options must be an object`, '(options)');
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) throw new OptionsError(`${fn}: unknown option '${k}' (known: ${known.join(', ')})`, k);
  }
}

/** A count of successes out of trials: non-negative integers with successes ≤ trials. */
export function checkCounts(fn: string, what: string, successes: unknown, trials: unknown, allowEmpty = false): void {
  if (typeof trials !== 'number' || !Number.isInteger(trials) || trials < 0) {
    throw new DataError(`${fn}: ${what} exposures must be a non-negative integer, got ${String(trials)}`);
  }
  if (!allowEmpty && trials === 0) throw new DataError(`${fn}: ${what} has no exposures; a rate needs at least one`);
  if (typeof successes !== 'number' || !Number.isInteger(successes) || successes < 0) {
    throw new DataError(`${fn}: ${what} conversions must be a non-negative integer, got ${String(successes)}`);
  }
  if (successes > trials) throw new DataError(`${fn}: ${what} has ${successes} conversions for ${trials} exposures`);
}

/** An arm's counts `{ conversions, exposures }`: an object first (a DataError naming the arm), then {@link checkCounts}. */
export function checkArm(fn: string, what: string, arm: unknown, allowEmpty = false): void {
  if (arm === null || typeof arm !== 'object' || Array.isArray(arm)) {
    throw new DataError(`${fn}: ${what} must be an object { conversions, exposures }, got ${arm === null ? 'null' : Array.isArray(arm) ? 'an array' : typeof arm}`);
  }
  const { conversions, exposures } = arm as { conversions?: unknown; exposures?: unknown };
  checkCounts(fn, what, conversions, exposures, allowEmpty);
}

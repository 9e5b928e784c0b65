/**
 * Option and input checks shared by the campaign functions (internal: validate once at the public
 * boundary, then trust).
 */
import { DataError, OptionsError } from '../errors.js';

/** Throws OptionsError for an option name not in `known`. */
export function checkKnown(fn: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object') throw new OptionsError(`${fn}: options must be an object`, '(options)');
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) throw new OptionsError(`${fn}: unknown option '${k}' (known: ${known.join(', ')})`, k);
  }
}

/** `alpha`, the significance level: default 0.05, in (0, 1). */
export function checkAlpha(fn: string, alpha: unknown, name = 'alpha'): number {
  if (alpha === undefined) return 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new OptionsError(`${fn}: ${name} must be a number in (0, 1), got ${String(alpha)}`, name);
  }
  return alpha;
}

/** `seed`: default 0, an integer in [0, 2³²). */
export function checkSeed(fn: string, seed: unknown): number {
  if (seed === undefined) return 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new OptionsError(`${fn}: seed must be an integer in [0, 2^32), got ${String(seed)}`, 'seed');
  }
  return seed;
}

/** An integer option in [lo, hi]. */
export function checkInt(fn: string, name: string, v: unknown, dflt: number, lo: number, hi: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new OptionsError(`${fn}: ${name} must be an integer in [${lo}, ${hi}], got ${String(v)}`, name);
  }
  return v;
}

/** A finite number option in [lo, hi] (open ends when `open`). */
export function checkNumber(fn: string, name: string, v: unknown, dflt: number | undefined, lo: number, hi: number, open = false): number {
  if (v === undefined) {
    if (dflt === undefined) throw new OptionsError(`${fn}: option ${name} is required`, name);
    return dflt;
  }
  const ok = typeof v === 'number' && Number.isFinite(v) && (open ? v > lo && v < hi : v >= lo && v <= hi);
  if (!ok) throw new OptionsError(`${fn}: ${name} must be a finite number in ${open ? '(' : '['}${lo}, ${hi}${open ? ')' : ']'}, got ${String(v)}`, name);
  return v as number;
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

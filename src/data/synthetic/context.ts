/**
 * What every step of {@link generateOperator} shares: sizes, the calendar, the persona and region
 * mixtures, progress reporting, and the string helpers that build ids and timestamps from
 * character codes.
 * @module
 */
import { PERSONAS } from './personas.js';
import { REGIONS } from './catalogue.js';

/** Sizes, calendar and shared draws of one generator run (read-only for the steps). */
export interface GenContext {
  /** Subscribers. */
  readonly n: number;
  /** Months in the window. */
  readonly M: number;
  /** Personas. */
  readonly nP: number;
  /** Year and 0-based month of the window's first month. */
  readonly y0: number;
  readonly m0: number;
  /** Epoch ms of the first day of month t, t = 0 … M + 1. */
  readonly monthStart: Float64Array;
  /** `YYYY-MM` of months 0 … M. */
  readonly monthNames: readonly string[];
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly personaCum: Float64Array;
  readonly regionCum: Float64Array;
  /** Reports progress and checks the abort signal. */
  readonly step: (stage: string, done: number, total: number) => void;
}

/**
 * End (epoch ms, exclusive) of a subscriber's presence in the window: the start of the month they
 * churned in (`churnMonth` in 0 … M − 1), else the window's end.
 */
export function presentUntil(ctx: GenContext, churnMonth: number): number {
  return churnMonth >= 0 && churnMonth < ctx.M ? ctx.monthStart[churnMonth]! : ctx.windowEnd;
}

/** Progress is reported every CHUNK subscribers. */
export const CHUNK = 65_536;
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export const round2 = (x: number) => Math.round(x * 100) / 100;
export const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
export const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

export { PERSONAS, REGIONS };

// Strings are built from character codes: template literals would leave V8 cons-string trees
// (about 200 bytes per timestamp instead of 40), which matters at millions of records.

/** Writes `v` as `width` decimal digits into `c` from `pos`. */
function writeDigits(c: number[], pos: number, v: number, width: number): void {
  for (let k = width - 1; k >= 0; k--) {
    const q = Math.floor(v / 10);
    c[pos + k] = 48 + (v - 10 * q);
    v = q;
  }
}

export function fromCodes(c: number[]): string {
  return String.fromCharCode.apply(null, c);
}

/** `YYYY-MM-DD` of day `day` (1–28) in month `monthIndex` months after January of `year` (may be negative); `c` has length 10. */
export function isoDate(c: number[], year: number, monthIndex: number, day: number): string {
  const y = year + Math.floor(monthIndex / 12);
  const m = monthIndex - 12 * Math.floor(monthIndex / 12);
  writeDigits(c, 0, y, 4);
  c[4] = 45;
  writeDigits(c, 5, m + 1, 2);
  c[7] = 45;
  writeDigits(c, 8, day, 2);
  return fromCodes(c);
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` of an epoch time in ms (whole seconds; `c` has length 20 and is fully
 * overwritten), without a Date object: days to civil date by H. Hinnant's algorithm
 * ("chrono-Compatible Low-Level Date Algorithms", 2013).
 */
export function isoInstant(c: number[], ms: number): string {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  const sod = secs - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(sod / 3600);
  const mi = Math.floor((sod - hh * 3600) / 60);
  writeDigits(c, 0, y, 4);
  c[4] = 45;
  writeDigits(c, 5, m, 2);
  c[7] = 45;
  writeDigits(c, 8, d, 2);
  c[10] = 84;
  writeDigits(c, 11, hh, 2);
  c[13] = 58;
  writeDigits(c, 14, mi, 2);
  c[16] = 58;
  writeDigits(c, 17, sod - hh * 3600 - mi * 60, 2);
  c[19] = 90;
  return fromCodes(c);
}

/** `prefix` followed by `v` in `width` digits, as a flat string. */
export function codeId(prefix: number, v: number, width: number): string {
  const c = new Array<number>(width + 1);
  c[0] = prefix;
  writeDigits(c, 1, v, width);
  return fromCodes(c);
}

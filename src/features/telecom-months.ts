/**
 * Internal helpers shared by the telecom features, profiles and decay: month arithmetic and
 * grouping a usage history per subscriber with the out-of-order / duplicate checks.
 * Not re-exported.
 */
import { DataError } from '../errors.js';
import type { UsageMonth } from '../schema/usage-month.js';
import { requireArray } from '../internal/guards.js';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])-\d{2}/;

/** `YYYY-MM` → months since year 0 (`year * 12 + month - 1`). Throws DataError when malformed. */
export function monthIndex(month: string, fn: string): number {
  const m = MONTH_RE.exec(month);
  if (!m) throw new DataError(`${fn}: month ${JSON.stringify(month)} is not YYYY-MM`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** `YYYY-MM-DD` → month index of that date. Returns NaN when malformed. */
export function dateMonthIndex(date: string | undefined): number {
  if (date === undefined) return NaN;
  const m = DATE_RE.exec(date);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : NaN;
}

/** Month index → `YYYY-MM`. */
export function monthString(index: number): string {
  const y = Math.floor(index / 12);
  const mo = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${mo < 10 ? '0' : ''}${mo}`;
}

/** One subscriber's history: record positions in the input, sorted by month, and their month indices. */
export interface History {
  readonly id: string;
  /** positions into the usage array, in month order */
  readonly rows: number[];
  /** month index of each row, ascending, no duplicates */
  readonly months: number[];
}

/**
 * Groups usage records per subscriber, sorts each history by month and rejects duplicated
 * (subscriberId, month) pairs with a DataError naming them. Input order does not matter.
 */
export function groupHistories(usage: readonly UsageMonth[], fn: string): { histories: Map<string, History>; monthOf: Int32Array } {
  requireArray(fn, 'usage', usage, 'of UsageMonth records');
  const monthOf = new Int32Array(usage.length);
  const histories = new Map<string, History>();
  for (let r = 0; r < usage.length; r++) {
    const u = usage[r]!;
    if (u === null || typeof u !== 'object' || typeof u.subscriberId !== 'string' || u.subscriberId === '') {
      throw new DataError(`${fn}: usage record ${r} has no subscriberId`);
    }
    monthOf[r] = monthIndex(u.month, fn);
    let h = histories.get(u.subscriberId);
    if (!h) {
      h = { id: u.subscriberId, rows: [], months: [] };
      histories.set(u.subscriberId, h);
    }
    h.rows.push(r);
  }
  for (const h of histories.values()) {
    const rows = h.rows;
    let sorted = true;
    for (let k = 1; k < rows.length; k++) if (monthOf[rows[k]!]! < monthOf[rows[k - 1]!]!) sorted = false;
    if (!sorted) rows.sort((a, b) => monthOf[a]! - monthOf[b]! || a - b);
    for (let k = 0; k < rows.length; k++) {
      const mi = monthOf[rows[k]!]!;
      if (k > 0 && mi === h.months[k - 1]) {
        throw new DataError(
          `${fn}: duplicated usage for subscriber ${JSON.stringify(h.id)} in month ${monthString(mi)} (records ${rows[k - 1]} and ${rows[k]})`,
        );
      }
      h.months.push(mi);
    }
  }
  return { histories, monthOf };
}

/** Code-unit order of strings (deterministic, locale-free). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

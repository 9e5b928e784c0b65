/**
 * Input checks and small helpers shared by the loyalty functions (internal: validate once at the
 * public boundary, then trust).
 */
import { DataError } from '../errors.js';
import { describeValue } from '../internal/options.js';

/** The responses argument: an array of objects, else a DataError. */
export function checkRecords(fn: string, records: unknown, what = 'responses', min = 1): readonly Record<string, unknown>[] {
  if (!Array.isArray(records)) throw new DataError(`${fn}: ${what} must be an array of records, got ${describeValue(records)}`);
  if (records.length < min) throw new DataError(`${fn}: ${records.length === 0 ? 'no' : `only ${records.length}`} ${what}; expected at least ${min}`);
  for (let i = 0; i < records.length; i++) {
    const r: unknown = records[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new DataError(`${fn}: ${what}[${i}] is ${describeValue(r)}; expected a record`);
  }
  return records as readonly Record<string, unknown>[];
}

/** An integer field in [lo, hi], else a DataError naming the record and field. */
export function intField(fn: string, what: string, r: Record<string, unknown>, i: number, field: string, lo: number, hi: number): number {
  const v = Object.hasOwn(r, field) ? r[field] : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new DataError(`${fn}: ${what}[${i}].${field} is ${describeValue(v)}; expected an integer in [${lo}, ${hi}]`);
  }
  return v;
}

/** A finite number field, else a DataError naming the record and field. */
export function numField(fn: string, what: string, r: Record<string, unknown>, i: number, field: string, lo = -Infinity, hi = Infinity): number {
  const v = Object.hasOwn(r, field) ? r[field] : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
    const range = lo === -Infinity && hi === Infinity ? 'a finite number' : hi === Infinity ? `a finite number ≥ ${lo}` : `a number in [${lo}, ${hi}]`;
    throw new DataError(`${fn}: ${what}[${i}].${field} is ${describeValue(v)}; expected ${range}`);
  }
  return v;
}

/** A non-empty string field, else a DataError. */
export function idField(fn: string, what: string, r: Record<string, unknown>, i: number, field: string): string {
  const v = Object.hasOwn(r, field) ? r[field] : undefined;
  if (typeof v !== 'string' || v === '') throw new DataError(`${fn}: ${what}[${i}].${field} is ${describeValue(v)}; expected a non-empty string`);
  return v;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The period a `YYYY-MM-DD` date falls in. */
export function periodOf(fn: string, r: Record<string, unknown>, i: number, period: 'month' | 'quarter' | 'year'): string {
  const v = Object.hasOwn(r, 'date') ? r.date : undefined;
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  const mo = m ? Number(m[2]) : 0;
  if (!m || mo < 1 || mo > 12 || Number(m[3]) < 1 || Number(m[3]) > 31) {
    throw new DataError(`${fn}: responses[${i}].date is ${describeValue(v)}; expected a date as YYYY-MM-DD`);
  }
  if (period === 'year') return m[1]!;
  if (period === 'quarter') return `${m[1]}-Q${Math.ceil(mo / 3)}`;
  return `${m[1]}-${m[2]}`;
}

/** A segment value read from field `by`: a non-empty string or a finite number (as text). */
export function segmentOf(fn: string, r: Record<string, unknown>, i: number, by: string): string {
  const v = Object.hasOwn(r, by) ? r[by] : undefined;
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new DataError(`${fn}: responses[${i}].${by} is ${describeValue(v)}; expected a segment (a non-empty string or a number) in option by's field`);
}

/** Throws a DataError when two responses share `subscriberId` + `date` (records lacking either are not compared). */
export function checkDuplicates(fn: string, rows: readonly Record<string, unknown>[]): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const id = Object.hasOwn(r, 'subscriberId') ? r.subscriberId : undefined;
    const date = Object.hasOwn(r, 'date') ? r.date : undefined;
    // records without an id or a date cannot repeat one (validateSurveyResponses requires both)
    if (typeof id !== 'string' || date === undefined) continue;
    const key = `${id}\u0000${String(date)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DataError(`${fn}: responses[${i}] repeats subscriber ${JSON.stringify(id)} on ${String(date)} (first at responses[${first}]); keep one response per subscriber and date`);
    }
    seen.set(key, i);
  }
}

/** Average ranks (ties share their mean rank), 1-based. */
export function ranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]!] === x[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/** Pearson correlation; NaN when either side has no variance. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i]! - mx;
    const b = y[i]! - my;
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Spearman rank correlation (Pearson on average ranks); NaN when either side is constant. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(ranks(x), ranks(y));
}

/**
 * The link from stated loyalty to churn: `churnByNpsClass` (churn rate of detractors, passives and
 * promoters with Wilson intervals) and `loyaltyFeatures` (NPS and the loyalty index as columns to
 * join onto a churn feature matrix).
 *
 * @module
 */
import { DataError } from '../errors.js';
import { defineOptions, real } from '../internal/options.js';
import { normalQuantile, twoSidedNormalP, wilsonBounds } from '../internal/stats.js';
import { createFeatureMatrix, type FeatureMatrix } from '../matrix/feature-matrix.js';
import { checkRecords, idField, intField } from './check.js';
import type { NpsClass } from './nps-score.js';

/** Churn among one NPS class. @category Loyalty */
export interface ClassChurn {
  readonly npsClass: NpsClass;
  /** Surveyed subscribers in the class. */
  readonly n: number;
  readonly churned: number;
  readonly rate: number;
  /** Wilson interval of `rate` (NaN when n = 0). */
  readonly lower: number;
  readonly upper: number;
}

/** What {@link churnByNpsClass} returns. @category Loyalty */
export interface ChurnByNpsClass {
  /** Detractors, passives, promoters, in that order. */
  readonly classes: readonly ClassChurn[];
  /** Detractor rate − promoter rate, with the two-proportion z test (pooled) of no difference. */
  readonly detractorExcess: { readonly difference: number; readonly z: number; readonly pValue: number };
}

const parseChurnOptions = defineOptions('churnByNpsClass', { alpha: real({ gt: 0, lt: 1 }).default(0.05) });

/** Latest response per subscriber (by date, then input order): id → index into rows. */
function latestBySubscriber(fn: string, rows: readonly Record<string, unknown>[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const id = idField(fn, 'responses', rows[i]!, i, 'subscriberId');
    const prev = latest.get(id);
    const d = String(rows[i]!.date ?? '');
    if (prev === undefined || d >= String(rows[prev]!.date ?? '')) latest.set(id, i);
  }
  return latest;
}

/**
 * Churn rate by NPS class: for each surveyed subscriber (their latest response), whether they
 * churned; rates with Wilson intervals `(p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`, and the
 * detractor − promoter difference with its pooled two-proportion z test.
 *
 * @param responses - survey responses (`subscriberId`, `nps`, `date`)
 * @param outcomes - `{ subscriberId, churned }` for every surveyed subscriber (ids unique; churned 0/1 or boolean)
 * @param options - `alpha` (default 0.05)
 * @returns `{ classes, detractorExcess }`
 * @throws DataError for a response whose subscriber has no outcome (unknown subscriber id), a bad
 *   NPS, a repeated outcome id or a label that is not 0/1
 * @example
 * const r = churnByNpsClass(
 *   [{ subscriberId: 'a', date: '2024-01-01', nps: 2 }, { subscriberId: 'b', date: '2024-01-01', nps: 10 }],
 *   [{ subscriberId: 'a', churned: 1 }, { subscriberId: 'b', churned: 0 }],
 * );
 * r.classes.map((c) => c.rate) // => [1, NaN, 0]
 * @category Loyalty
 */
export function churnByNpsClass(
  responses: readonly object[],
  outcomes: readonly { readonly subscriberId: string; readonly churned: boolean | number }[],
  options: { readonly alpha?: number } = {},
): ChurnByNpsClass {
  const fn = 'churnByNpsClass';
  const o = parseChurnOptions(options);
  const rows = checkRecords(fn, responses);
  const outs = checkRecords(fn, outcomes, 'outcomes');
  const label = new Map<string, number>();
  for (let i = 0; i < outs.length; i++) {
    const id = idField(fn, 'outcomes', outs[i]!, i, 'subscriberId');
    const v = outs[i]!.churned;
    if (label.has(id)) throw new DataError(`${fn}: outcomes[${i}].subscriberId ${JSON.stringify(id)} repeats`);
    if (v !== 0 && v !== 1 && v !== true && v !== false) throw new DataError(`${fn}: outcomes[${i}].churned is ${String(v)}; expected 0/1 or a boolean`);
    label.set(id, v === true || v === 1 ? 1 : 0);
  }
  const n = [0, 0, 0];
  const c = [0, 0, 0];
  for (const [id, i] of latestBySubscriber(fn, rows)) {
    const y = label.get(id);
    if (y === undefined) throw new DataError(`${fn}: responses[${i}].subscriberId ${JSON.stringify(id)} is an unknown subscriber (no outcome)`);
    const v = intField(fn, 'responses', rows[i]!, i, 'nps', 0, 10);
    const k = v >= 9 ? 2 : v >= 7 ? 1 : 0;
    n[k]!++;
    c[k]! += y;
  }
  const z = normalQuantile(1 - o.alpha / 2);
  const names: NpsClass[] = ['detractor', 'passive', 'promoter'];
  const classes = names.map((npsClass, k) => {
    if (n[k] === 0) return { npsClass, n: 0, churned: 0, rate: NaN, lower: NaN, upper: NaN };
    const w = wilsonBounds(c[k]!, n[k]!, z);
    return { npsClass, n: n[k]!, churned: c[k]!, rate: w.estimate, lower: w.lower, upper: w.upper };
  });
  const [d, , p] = classes;
  let excess = { difference: NaN, z: NaN, pValue: NaN };
  if (d!.n > 0 && p!.n > 0) {
    const diff = d!.rate - p!.rate;
    const pool = (c[0]! + c[2]!) / (n[0]! + n[2]!);
    const se = Math.sqrt(pool * (1 - pool) * (1 / n[0]! + 1 / n[2]!));
    const zs = se > 0 ? diff / se : 0;
    excess = { difference: diff, z: zs, pValue: se > 0 ? twoSidedNormalP(zs) : 1 };
  }
  return { classes, detractorExcess: excess };
}

/** Inputs of {@link loyaltyFeatures}. @category Loyalty */
export interface LoyaltyFeatureSources {
  /** Survey responses: the latest NPS answer per subscriber. */
  readonly responses?: readonly object[];
  /** Loyalty scores, e.g. `loyaltyIndex(…).scores`. */
  readonly scores?: readonly { readonly subscriberId: string; readonly index: number }[];
}

/**
 * NPS and the loyalty index as churn features, one row per id in `rowIds` (join them onto a churn
 * matrix with the same row ids): `surveyed` (1 when the subscriber answered a survey), `npsAnswer`
 * (their latest 0–10 answer, NaN when not surveyed), `detractor` (1 / 0, NaN when not surveyed)
 * and `loyaltyIndex` (NaN without a score). NaN means missing, as in every FeatureMatrix: impute or
 * use a learner that takes NaN (`fitChurnModel` with `kind: 'gbdt'`).
 *
 * @param rowIds - subscriber ids, the rows of the result
 * @param sources - `responses` and/or `scores`
 * @returns a FeatureMatrix with the columns of the sources given
 * @throws DataError when `rowIds` is not an array of strings or has repeats, a source is malformed,
 *   or a response or score names a subscriber not in `rowIds` (unknown subscriber id)
 * @example
 * const m = loyaltyFeatures(['a', 'b'], { responses: [{ subscriberId: 'a', date: '2024-01-01', nps: 4 }] });
 * [m.columns, Array.from(m.values)] // => [['surveyed', 'npsAnswer', 'detractor'], [1, 4, 1, 0, NaN, NaN]]
 * @category Loyalty
 */
export function loyaltyFeatures(rowIds: readonly string[], sources: LoyaltyFeatureSources): FeatureMatrix {
  const fn = 'loyaltyFeatures';
  if (!Array.isArray(rowIds)) throw new DataError(`${fn}: rowIds must be an array of subscriber ids`);
  if (sources === null || typeof sources !== 'object' || Array.isArray(sources)) throw new DataError(`${fn}: sources must be an object { responses?, scores? }`);
  const pos = new Map<string, number>();
  rowIds.forEach((id, i) => {
    if (typeof id !== 'string' || id === '') throw new DataError(`${fn}: rowIds[${i}] is not a non-empty string`);
    if (pos.has(id)) throw new DataError(`${fn}: rowIds[${i}] ${JSON.stringify(id)} repeats`);
    pos.set(id, i);
  });
  const n = rowIds.length;
  const cols: { name: string; v: Float64Array }[] = [];
  if (sources.responses !== undefined) {
    const rows = checkRecords(fn, sources.responses, 'responses', 0);
    const surveyed = new Float64Array(n);
    const answer = new Float64Array(n).fill(NaN);
    const det = new Float64Array(n).fill(NaN);
    for (const [id, i] of latestBySubscriber(fn, rows)) {
      const k = pos.get(id);
      if (k === undefined) throw new DataError(`${fn}: responses[${i}].subscriberId ${JSON.stringify(id)} is an unknown subscriber (not in rowIds)`);
      const v = intField(fn, 'responses', rows[i]!, i, 'nps', 0, 10);
      surveyed[k] = 1;
      answer[k] = v;
      det[k] = v <= 6 ? 1 : 0;
    }
    cols.push({ name: 'surveyed', v: surveyed }, { name: 'npsAnswer', v: answer }, { name: 'detractor', v: det });
  }
  if (sources.scores !== undefined) {
    const rows = checkRecords(fn, sources.scores, 'scores', 0);
    const idx = new Float64Array(n).fill(NaN);
    rows.forEach((r, i) => {
      const id = idField(fn, 'scores', r, i, 'subscriberId');
      const k = pos.get(id);
      if (k === undefined) throw new DataError(`${fn}: scores[${i}].subscriberId ${JSON.stringify(id)} is an unknown subscriber (not in rowIds)`);
      const v = r.index;
      if (typeof v !== 'number' || !(v >= 0 && v <= 100)) throw new DataError(`${fn}: scores[${i}].index is ${String(v)}; expected a number in [0, 100]`);
      idx[k] = v;
    });
    cols.push({ name: 'loyaltyIndex', v: idx });
  }
  if (cols.length === 0) throw new DataError(`${fn}: give sources.responses, sources.scores or both`);
  const p = cols.length;
  const values = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) values[i * p + j] = cols[j]!.v[i]!;
  return createFeatureMatrix(values, cols.map((c) => c.name), [...rowIds]);
}

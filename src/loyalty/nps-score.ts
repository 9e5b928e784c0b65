/**
 * `npsScore` and `npsClass`: Net Promoter Score with its trinomial-variance confidence interval,
 * overall, by segment and by period, with a z test of the change between consecutive periods.
 *
 * @module
 */
import { defineOptions, oneOf, real, str } from '../internal/options.js';
import { normalQuantile, twoSidedNormalP } from '../internal/stats.js';
import { checkDuplicates, checkRecords, intField, periodOf, segmentOf } from './check.js';

/** Promoter (9–10), passive (7–8) or detractor (0–6). @category Loyalty */
export type NpsClass = 'promoter' | 'passive' | 'detractor';

/**
 * The NPS class of a 0–10 answer: 9–10 promoter, 7–8 passive, 0–6 detractor (Reichheld 2003).
 *
 * @param score - an integer in [0, 10]
 * @returns `'promoter'`, `'passive'` or `'detractor'`
 * @throws DataError when `score` is not an integer in [0, 10]
 * @example
 * [npsClass(10), npsClass(7), npsClass(6)] // => ['promoter', 'passive', 'detractor']
 * @category Loyalty
 */
export function npsClass(score: number): NpsClass {
  const v = intField('npsClass', 'score', { score }, 0, 'score', 0, 10);
  return v >= 9 ? 'promoter' : v >= 7 ? 'passive' : 'detractor';
}

/** An NPS estimate, in points (−100 … 100), with its 1 − `alpha` interval. @category Loyalty */
export interface NpsEstimate {
  /** Responses. */
  readonly n: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** 100 · (promoters − detractors) / n. */
  readonly nps: number;
  /** Standard error of `nps`, in points. */
  readonly se: number;
  /** Lower bound, clipped to −100. */
  readonly lower: number;
  /** Upper bound, clipped to 100. */
  readonly upper: number;
}

/** The change of NPS from one period to the next. @category Loyalty */
export interface NpsChange {
  readonly from: string;
  readonly to: string;
  /** NPS(to) − NPS(from), in points. */
  readonly difference: number;
  /** √(SE²(from) + SE²(to)), in points (independent samples). */
  readonly se: number;
  readonly lower: number;
  readonly upper: number;
  /** difference / se (±Infinity when se = 0 and the difference is not 0; 0 when both are 0). */
  readonly z: number;
  /** Two-sided p-value of the z test. */
  readonly pValue: number;
}

/** Options of {@link npsScore}. @category Loyalty */
export interface NpsScoreOptions {
  /** Field holding the 0–10 answer. Default `'nps'`. */
  readonly field?: string;
  /** Significance level; intervals cover 1 − `alpha`. Default 0.05, in (0, 1). */
  readonly alpha?: number;
  /** Field to split by (e.g. `'channel'`, or a segment you added to each record). Default: no split. */
  readonly by?: string;
  /** Period of the time series, from each response's `date`. Default: no series. */
  readonly period?: 'month' | 'quarter' | 'year';
}

/** What {@link npsScore} returns. @category Loyalty */
export interface NpsScoreResult {
  readonly overall: NpsEstimate;
  /** One estimate per value of `by`, sorted by segment; empty without `by`. */
  readonly segments: readonly (NpsEstimate & { readonly segment: string })[];
  /** One estimate per period, in time order; empty without `period`. */
  readonly periods: readonly (NpsEstimate & { readonly period: string })[];
  /** Change between each pair of consecutive periods present. */
  readonly changes: readonly NpsChange[];
}

const parseOptions = defineOptions('npsScore', {
  field: str().default('nps'),
  alpha: real({ gt: 0, lt: 1 }).default(0.05),
  by: str().optional(),
  period: oneOf(['month', 'quarter', 'year']).optional(),
});

/** Estimate from counts (internal). */
export function npsFromCounts(p: number, q: number, d: number, z: number): NpsEstimate {
  const n = p + q + d;
  const pp = p / n;
  const pd = d / n;
  const nps = pp - pd;
  const se = Math.sqrt(Math.max(0, pp + pd - nps * nps) / n);
  return {
    n,
    promoters: p,
    passives: q,
    detractors: d,
    nps: 100 * nps,
    se: 100 * se,
    lower: Math.max(-100, 100 * (nps - z * se)),
    upper: Math.min(100, 100 * (nps + z * se)),
  };
}

/** Change test between two estimates (internal). */
export function npsChange(from: string, to: string, a: NpsEstimate, b: NpsEstimate, z: number): NpsChange {
  const difference = b.nps - a.nps;
  const se = Math.sqrt(a.se * a.se + b.se * b.se);
  const zs = se > 0 ? difference / se : difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity;
  return { from, to, difference, se, lower: difference - z * se, upper: difference + z * se, z: zs, pValue: se > 0 ? twoSidedNormalP(zs) : difference === 0 ? 1 : 0 };
}

/**
 * Net Promoter Score with a confidence interval from the trinomial variance. With p₊ and p₋ the
 * shares of promoters (9–10) and detractors (0–6) among n answers, NPS = p₊ − p₋ and
 *
 * `Var(NPS) = (p₊ + p₋ − (p₊ − p₋)²) / n`,
 *
 * the variance of the mean of a variable that is +1 for a promoter, 0 for a passive and −1 for a
 * detractor. The interval is the Wald interval NPS ± z·SE, z = Φ⁻¹(1 − α/2), clipped to
 * [−100, 100]; everything is reported in points (× 100). When every answer is in one class the
 * variance is 0 and the interval collapses to the point: read such a figure with its `n`.
 * Consecutive periods are compared by the z test of independent samples,
 * `z = (NPS₂ − NPS₁) / √(SE₁² + SE₂²)`.
 *
 * @param responses - records with an integer 0–10 in `field` (and `date` for `period`, the `by` field for segments)
 * @param options - `field`, `alpha`, `by`, `period`
 * @returns `{ overall, segments, periods, changes }`, see {@link NpsScoreResult}
 * @throws DataError for no responses, an answer that is not an integer in [0, 10] (naming the
 *   record), a missing date or segment, or two responses of one subscriber on one date
 * @throws OptionsError for unknown or out-of-range options
 * @example
 * const r = npsScore([{ subscriberId: 'a', date: '2024-01-05', nps: 10 }, { subscriberId: 'b', date: '2024-01-06', nps: 8 },
 *   { subscriberId: 'c', date: '2024-01-07', nps: 3 }, { subscriberId: 'd', date: '2024-01-08', nps: 9 }]);
 * r.overall.nps // => 25
 * Math.round(r.overall.se * 1000) / 1000 // => 41.458
 * @category Loyalty
 */
export function npsScore(responses: readonly object[], options: NpsScoreOptions = {}): NpsScoreResult {
  const fn = 'npsScore';
  const o = parseOptions(options);
  const rows = checkRecords(fn, responses);
  checkDuplicates(fn, rows);
  const z = normalQuantile(1 - o.alpha / 2);
  const counts = new Uint32Array(3);
  const bySeg = new Map<string, Uint32Array>();
  const byPeriod = new Map<string, Uint32Array>();
  const add = (m: Map<string, Uint32Array>, k: string, c: number) => {
    let a = m.get(k);
    if (!a) m.set(k, (a = new Uint32Array(3)));
    a[c]!++;
  };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const v = intField(fn, 'responses', r, i, o.field, 0, 10);
    const c = v >= 9 ? 0 : v >= 7 ? 1 : 2;
    counts[c]!++;
    if (o.by !== undefined) add(bySeg, segmentOf(fn, r, i, o.by), c);
    if (o.period !== undefined) add(byPeriod, periodOf(fn, r, i, o.period), c);
  }
  const est = (a: Uint32Array) => npsFromCounts(a[0]!, a[1]!, a[2]!, z);
  const segments = [...bySeg.keys()].sort().map((segment) => ({ segment, ...est(bySeg.get(segment)!) }));
  const periods = [...byPeriod.keys()].sort().map((period) => ({ period, ...est(byPeriod.get(period)!) }));
  const changes: NpsChange[] = [];
  for (let k = 1; k < periods.length; k++) changes.push(npsChange(periods[k - 1]!.period, periods[k]!.period, periods[k - 1]!, periods[k]!, z));
  return { overall: est(counts), segments, periods, changes };
}

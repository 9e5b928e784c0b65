/**
 * `csatScore`: mean satisfaction and the top-box rate (share answering in the top `topBox`
 * categories) with Wilson intervals, overall, by segment and by period.
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { defineOptions, int, oneOf, real, str } from '../internal/options.js';
import { normalQuantile, studentQuantile, wilsonBounds } from '../internal/stats.js';
import { checkDuplicates, checkRecords, intField, periodOf, segmentOf } from './check.js';

/** A CSAT estimate. @category Loyalty */
export interface CsatEstimate {
  /** Responses. */
  readonly n: number;
  /** Mean answer on the 1…`scaleMax` scale. */
  readonly mean: number;
  /** Student t interval of the mean (equal to the mean when n = 1 or every answer is the same). */
  readonly meanLower: number;
  readonly meanUpper: number;
  /** Answers in the top `topBox` categories (4–5 on a 5-point scale: "top-2-box"). */
  readonly topBoxCount: number;
  /** topBoxCount / n. */
  readonly topBoxRate: number;
  /** Wilson interval of the top-box rate. */
  readonly topBoxLower: number;
  readonly topBoxUpper: number;
}

/** Options of {@link csatScore}. @category Loyalty */
export interface CsatScoreOptions {
  /** Field holding the answer. Default `'csat'`. */
  readonly field?: string;
  /** Highest answer of the scale (answers are integers 1…scaleMax). Default 5, in [2, 100]. */
  readonly scaleMax?: number;
  /** How many top categories count as satisfied. Default 2 (top-2-box), in [1, scaleMax − 1]. */
  readonly topBox?: number;
  /** Significance level. Default 0.05, in (0, 1). */
  readonly alpha?: number;
  /** Field to split by. Default: no split. */
  readonly by?: string;
  /** Period of the time series, from `date`. Default: no series. */
  readonly period?: 'month' | 'quarter' | 'year';
}

/** What {@link csatScore} returns. @category Loyalty */
export interface CsatScoreResult {
  readonly overall: CsatEstimate;
  readonly segments: readonly (CsatEstimate & { readonly segment: string })[];
  readonly periods: readonly (CsatEstimate & { readonly period: string })[];
}

const parseOptions = defineOptions('csatScore', {
  field: str().default('csat'),
  scaleMax: int(2, 100).default(5),
  topBox: int(1, 99).default(2),
  alpha: real({ gt: 0, lt: 1 }).default(0.05),
  by: str().optional(),
  period: oneOf(['month', 'quarter', 'year']).optional(),
});

interface Acc {
  n: number;
  sum: number;
  sumSq: number;
  top: number;
}

/**
 * CSAT: the mean answer with its Student t interval, and the top-box rate with its Wilson
 * interval `(p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)` (Wilson 1927), which stays in
 * [0, 1] and keeps its coverage at 0 % or 100 %. A response is top-box when its answer is
 * greater than `scaleMax − topBox`.
 *
 * @param responses - records with an integer 1…`scaleMax` in `field`
 * @param options - `field`, `scaleMax`, `topBox`, `alpha`, `by`, `period`
 * @returns `{ overall, segments, periods }`
 * @throws DataError for no responses, an answer outside 1…scaleMax or fractional (naming the
 *   record), or two responses of one subscriber on one date
 * @throws OptionsError for bad options, or `topBox` ≥ `scaleMax`
 * @example
 * const r = csatScore([{ subscriberId: 'a', date: '2024-01-01', csat: 5 }, { subscriberId: 'b', date: '2024-01-01', csat: 4 },
 *   { subscriberId: 'c', date: '2024-01-01', csat: 2 }, { subscriberId: 'd', date: '2024-01-01', csat: 3 }]);
 * [r.overall.mean, r.overall.topBoxRate] // => [3.5, 0.5]
 * @category Loyalty
 */
export function csatScore(responses: readonly object[], options: CsatScoreOptions = {}): CsatScoreResult {
  const fn = 'csatScore';
  const o = parseOptions(options);
  if (o.topBox >= o.scaleMax) {
    throw new OptionsError(`${fn}: option topBox must be less than scaleMax (${o.scaleMax}), got ${o.topBox}`, 'topBox');
  }
  const rows = checkRecords(fn, responses);
  checkDuplicates(fn, rows);
  const z = normalQuantile(1 - o.alpha / 2);
  const cut = o.scaleMax - o.topBox;
  const all: Acc = { n: 0, sum: 0, sumSq: 0, top: 0 };
  const bySeg = new Map<string, Acc>();
  const byPeriod = new Map<string, Acc>();
  const add = (a: Acc, v: number) => {
    a.n++;
    a.sum += v;
    a.sumSq += v * v;
    if (v > cut) a.top++;
  };
  const addTo = (m: Map<string, Acc>, k: string, v: number) => {
    let a = m.get(k);
    if (!a) m.set(k, (a = { n: 0, sum: 0, sumSq: 0, top: 0 }));
    add(a, v);
  };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const v = intField(fn, 'responses', r, i, o.field, 1, o.scaleMax);
    add(all, v);
    if (o.by !== undefined) addTo(bySeg, segmentOf(fn, r, i, o.by), v);
    if (o.period !== undefined) addTo(byPeriod, periodOf(fn, r, i, o.period), v);
  }
  const est = (a: Acc): CsatEstimate => {
    const mean = a.sum / a.n;
    const variance = a.n > 1 ? Math.max(0, (a.sumSq - a.n * mean * mean) / (a.n - 1)) : 0;
    const half = a.n > 1 && variance > 0 ? studentQuantile(1 - o.alpha / 2, a.n - 1) * Math.sqrt(variance / a.n) : 0;
    const w = wilsonBounds(a.top, a.n, z);
    return { n: a.n, mean, meanLower: mean - half, meanUpper: mean + half, topBoxCount: a.top, topBoxRate: w.estimate, topBoxLower: w.lower, topBoxUpper: w.upper };
  };
  return {
    overall: est(all),
    segments: [...bySeg.keys()].sort().map((segment) => ({ segment, ...est(bySeg.get(segment)!) })),
    periods: [...byPeriod.keys()].sort().map((period) => ({ period, ...est(byPeriod.get(period)!) })),
  };
}

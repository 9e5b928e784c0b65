/**
 * Uplift evaluation: `upliftCurve`, `qiniCurve`, `auuc`, `qiniCoefficient`, `upliftAtK` and
 * `upliftByDecile`, following scikit-uplift's definitions (sklift.metrics, 0.5) so that figures
 * can be compared with it; the formulas are restated in each doc comment.
 *
 * @module
 */
import { bool, defineOptions, described, int, oneOf } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { requireArray } from '../internal/guards.js';

const parseQiniOptions = defineOptions('qiniCoefficient', { negativeEffect: bool().default(true) });
const parseUpliftAtKOptions = defineOptions('upliftAtK', {
  // the count's upper end depends on the rows (checked by kCount)
  k: described(o.number({ gt: 0 }), 'a fraction in (0, 1) or a whole count in [1, n)').optional(),
  strategy: oneOf(['overall', 'by_group']).default('overall'),
});
const parseUpliftByDecileOptions = defineOptions('upliftByDecile', { bins: int(1, 1000).optional() });

/** Points of a gain curve: `x[i]` subscribers targeted (top by predicted uplift), `y[i]` the curve's value. @category Campaign */
export interface UpliftCurvePoints {
  readonly x: number[];
  readonly y: number[];
}

interface Checked {
  y: Uint8Array;
  t: Uint8Array;
  u: Float64Array;
}

function check(fn: string, outcome: ArrayLike<number | boolean>, uplift: ArrayLike<number>, treatment: ArrayLike<number | boolean>): Checked {
  requireArray(fn, 'outcome', outcome, 'of 0/1 outcomes');
  requireArray(fn, 'uplift', uplift, 'of numbers');
  requireArray(fn, 'treatment', treatment, 'of 0/1 treatment flags');
  const n = outcome.length;
  if (uplift.length !== n || treatment.length !== n) throw new DimensionError(`${fn}: ${n} outcomes, ${uplift.length} uplifts and ${treatment.length} treatment flags; expected equal lengths`);
  if (n === 0) throw new DataError(`${fn}: no rows`);
  const y = new Uint8Array(n);
  const t = new Uint8Array(n);
  const u = new Float64Array(n);
  let nt = 0;
  for (let i = 0; i < n; i++) {
    const a = outcome[i];
    if (a === 1 || a === true) y[i] = 1;
    else if (a !== 0 && a !== false) throw new DataError(`${fn}: outcome at index ${i} is ${String(a)}; expected 0/1 or a boolean`);
    const b = treatment[i];
    if (b === 1 || b === true) {
      t[i] = 1;
      nt++;
    } else if (b !== 0 && b !== false) throw new DataError(`${fn}: treatment at index ${i} is ${String(b)}; treatment labels must be 0/1 or booleans`);
    const s = uplift[i]!;
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new DataError(`${fn}: uplift at index ${i} is ${String(s)}; expected a finite number`);
    u[i] = s;
  }
  if (nt === 0 || nt === n) throw new DataError(`${fn}: needs both treated and control rows (got ${nt} treated of ${n})`);
  return { y, t, u };
}

/** Stable descending order (ties keep the reverse of input order, as numpy's `argsort(kind='mergesort')[::-1]`). */
function order(u: Float64Array): Int32Array {
  const idx = Int32Array.from({ length: u.length }, (_, i) => i);
  idx.sort((a, b) => u[b]! - u[a]! || b - a);
  return idx;
}

type CurveKind = 'uplift' | 'qini';

function curve(c: Checked, kind: CurveKind): UpliftCurvePoints {
  const { y, t, u } = c;
  const idx = order(u);
  const n = u.length;
  const x: number[] = [0];
  const v: number[] = [0];
  let nt = 0;
  let yt = 0;
  let yc = 0;
  for (let r = 0; r < n; r++) {
    const i = idx[r]!;
    if (t[i]) {
      nt++;
      yt += y[i]!;
    } else yc += y[i]!;
    // a point at each distinct score (the last row of a run of ties)
    if (r + 1 < n && u[idx[r + 1]!] === u[i]) continue;
    const all = r + 1;
    const nc = all - nt;
    const val =
      kind === 'uplift'
        ? ((nt > 0 ? yt / nt : 0) - (nc > 0 ? yc / nc : 0)) * all
        : yt - (nc > 0 ? (yc * nt) / nc : 0);
    x.push(all);
    v.push(val);
  }
  return { x, y: v };
}

/**
 * The uplift curve (scikit-uplift `uplift_curve`): order subscribers by predicted uplift,
 * highest first; at each distinct score, with N_t, N_c the treated and control subscribers
 * ranked so far and Y_t, Y_c their conversions, `y = (Y_t/N_t − Y_c/N_c)(N_t + N_c)` (a ratio
 * with a zero denominator counts as 0), `x = N_t + N_c`; the curve starts at (0, 0).
 *
 * @param outcome - n outcomes, 0/1
 * @param uplift - n predicted uplifts (finite)
 * @param treatment - n treatment flags, 0/1
 * @returns the curve's points
 * @throws DimensionError for unequal lengths; DataError for labels that are not 0/1, a
 *   non-finite uplift, no rows, or only one of treatment and control
 * @example
 * upliftCurve([1, 0, 0, 1], [0.9, 0.5, 0.3, 0.1], [1, 0, 1, 0]) // => { x: [0, 1, 2, 3, 4], y: [0, 1, 2, 1.5, 0] }
 * @category Campaign
 */
export function upliftCurve(outcome: ArrayLike<number | boolean>, uplift: ArrayLike<number>, treatment: ArrayLike<number | boolean>): UpliftCurvePoints {
  return curve(check('upliftCurve', outcome, uplift, treatment), 'uplift');
}

/**
 * The Qini curve (scikit-uplift `qini_curve`): same ordering and notation as
 * {@link upliftCurve}, `y = Y_t − Y_c N_t / N_c` (0 when N_c = 0): the incremental conversions
 * among the top x, with the control's rate scaled to the treated count.
 *
 * @param outcome - n outcomes, 0/1
 * @param uplift - n predicted uplifts
 * @param treatment - n treatment flags, 0/1
 * @returns the curve's points
 * @throws as {@link upliftCurve}
 * @example
 * qiniCurve([1, 0, 0, 1], [0.9, 0.5, 0.3, 0.1], [1, 0, 1, 0]) // => { x: [0, 1, 2, 3, 4], y: [0, 1, 1, 1, 0] }
 * @category Campaign
 */
export function qiniCurve(outcome: ArrayLike<number | boolean>, uplift: ArrayLike<number>, treatment: ArrayLike<number | boolean>): UpliftCurvePoints {
  return curve(check('qiniCurve', outcome, uplift, treatment), 'qini');
}

function trapezoid(p: UpliftCurvePoints): number {
  let s = 0;
  for (let i = 1; i < p.x.length; i++) s += ((p.x[i]! - p.x[i - 1]!) * (p.y[i]! + p.y[i - 1]!)) / 2;
  return s;
}

/** (area(model) − area(random)) / (area(perfect) − area(random)), the random line joining (0, 0) to the perfect curve's end. */
function normalised(actual: UpliftCurvePoints, perfect: UpliftCurvePoints): number {
  const xe = perfect.x.at(-1)!;
  const ye = perfect.y.at(-1)!;
  const base = (xe * ye) / 2;
  const denom = trapezoid(perfect) - base;
  if (denom === 0) return 0;
  return (trapezoid(actual) - base) / denom;
}

/**
 * Area under the uplift curve, normalised (scikit-uplift `uplift_auc_score`):
 * `(A(model) − A(random)) / (A(perfect) − A(random))`, areas by the trapezoid rule, the random
 * curve the straight line from (0, 0) to the curve's end, and the perfect curve the uplift curve
 * of the ideal ordering: scores `2·[y = t] + s` with s = y when control responders outnumber
 * treated non-responders, else s = t (treated responders, then control non-responders, first).
 * 1 is a perfect ranking, 0 random, negative worse than random; 0 when the perfect curve has no
 * area above the random line.
 *
 * @param outcome - n outcomes, 0/1
 * @param uplift - n predicted uplifts
 * @param treatment - n treatment flags, 0/1
 * @returns the normalised area
 * @throws as {@link upliftCurve}
 * @example
 * auuc([1, 0, 0, 1, 1, 0], [0.9, 0.8, 0.1, 0.2, 0.7, 0.3], [1, 1, 0, 0, 1, 0]) > 0 // => true
 * @category Campaign
 */
export function auuc(outcome: ArrayLike<number | boolean>, uplift: ArrayLike<number>, treatment: ArrayLike<number | boolean>): number {
  const c = check('auuc', outcome, uplift, treatment);
  let controlResponders = 0;
  let treatedNonResponders = 0;
  for (let i = 0; i < c.y.length; i++) {
    if (c.y[i] && !c.t[i]) controlResponders++;
    if (!c.y[i] && c.t[i]) treatedNonResponders++;
  }
  const useY = controlResponders > treatedNonResponders;
  const perfect = Float64Array.from(c.y, (v, i) => 2 * (v === c.t[i] ? 1 : 0) + (useY ? v : c.t[i]!));
  return normalised(curve(c, 'uplift'), curve({ ...c, u: perfect }, 'uplift'));
}

/**
 * The Qini coefficient, normalised (scikit-uplift `qini_auc_score`, `negative_effect=True` by
 * default): `(A(model) − A(random)) / (A(perfect) − A(random))` on Qini curves, where the perfect
 * Qini curve orders by `y·t − y·(1 − t)` (treated responders first, control responders last)
 * when `negativeEffect` is true, and is the two-segment curve (0, 0) → (Q, Q) → (n, Q),
 * Q = Y_t − Y_c N_t/N_c, when it is false (no subscriber is harmed by a contact).
 *
 * @param outcome - n outcomes, 0/1
 * @param uplift - n predicted uplifts
 * @param treatment - n treatment flags, 0/1
 * @param options - `negativeEffect` (default true)
 * @returns the normalised area: 1 perfect, 0 random
 * @throws as {@link upliftCurve}
 * @example
 * qiniCoefficient([1, 0, 0, 1, 1, 0], [0.9, 0.8, 0.1, 0.2, 0.7, 0.3], [1, 1, 0, 0, 1, 0]) > 0 // => true
 * @category Campaign
 */
export function qiniCoefficient(
  outcome: ArrayLike<number | boolean>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number | boolean>,
  options: { readonly negativeEffect?: boolean } = {},
): number {
  const fn = 'qiniCoefficient';
  const { negativeEffect } = parseQiniOptions(options);
  const c = check(fn, outcome, uplift, treatment);
  let perfect: UpliftCurvePoints;
  if (negativeEffect) {
    perfect = curve({ ...c, u: Float64Array.from(c.y, (v, i) => (c.t[i] ? v : -v)) }, 'qini');
  } else {
    let nt = 0;
    let yt = 0;
    let yc = 0;
    for (let i = 0; i < c.y.length; i++) {
      if (c.t[i]) {
        nt++;
        yt += c.y[i]!;
      } else yc += c.y[i]!;
    }
    const q = yt - (yc * nt) / (c.y.length - nt);
    perfect = { x: [0, q, c.y.length], y: [0, q, q] };
  }
  return normalised(curve(c, 'qini'), perfect);
}

/** Options of {@link upliftAtK}. @category Campaign */
export interface UpliftAtKOptions {
  /** How many to take: a fraction in (0, 1) of the rows (rounded up), or a whole number of rows in [1, n). Default 0.3. */
  readonly k?: number;
  /** `'overall'`: the top k of all rows, then the two groups' rates among them; `'by_group'`: the top k of each group separately. Default `'overall'`. */
  readonly strategy?: 'overall' | 'by_group';
}

function kCount(fn: string, k: number, n: number): number {
  if (typeof k !== 'number' || !Number.isFinite(k) || k <= 0) throw new OptionsError(`${fn}: k must be a fraction in (0, 1) or a whole count in [1, n)`, 'k');
  if (k < 1) return Math.ceil(n * k - 1e-12);
  if (!Number.isInteger(k) || k >= n) throw new OptionsError(`${fn}: k = ${k} must be a fraction in (0, 1) or a whole count below the ${n} rows`, 'k');
  return k;
}

/**
 * Uplift among the top k by predicted uplift (scikit-uplift `uplift_at_k`): with `'overall'`,
 * take the first ⌈k·n⌉ rows of all and return (treated conversion rate − control conversion rate)
 * among them; with `'by_group'`, the first ⌈k·n_t⌉ treated and ⌈k·n_c⌉ control rows. Ties in the
 * score are broken by input order (later rows first, as scikit-uplift's reversed stable sort).
 *
 * @param outcome - n outcomes, 0/1
 * @param uplift - n predicted uplifts
 * @param treatment - n treatment flags, 0/1
 * @param options - `k` (default 0.3), `strategy` (default `'overall'`)
 * @returns the observed uplift in the top k (a difference of rates)
 * @throws DataError when the top k holds no treated or no control row (the rate would be
 *   undefined); the errors of {@link upliftCurve}; OptionsError for a bad k or strategy
 * @example
 * upliftAtK([1, 0, 0, 1], [0.9, 0.5, 0.3, 0.1], [1, 0, 1, 0], { k: 0.5 }) // => 1
 * @category Campaign
 */
export function upliftAtK(outcome: ArrayLike<number | boolean>, uplift: ArrayLike<number>, treatment: ArrayLike<number | boolean>, options: UpliftAtKOptions = {}): number {
  const fn = 'upliftAtK';
  options = parseUpliftAtKOptions(options);
  const strategy = options.strategy ?? 'overall';
  const c = check(fn, outcome, uplift, treatment);
  const n = c.y.length;
  const idx = order(c.u);
  let nt = 0;
  let yt = 0;
  let nc = 0;
  let yc = 0;
  if (strategy === 'overall') {
    const size = kCount(fn, options.k ?? 0.3, n);
    for (let r = 0; r < size; r++) {
      const i = idx[r]!;
      if (c.t[i]) {
        nt++;
        yt += c.y[i]!;
      } else {
        nc++;
        yc += c.y[i]!;
      }
    }
  } else {
    let groupT = 0;
    for (const v of c.t) groupT += v;
    const k = options.k ?? 0.3;
    const wantT = k < 1 ? kCount(fn, k, groupT) : k;
    const wantC = k < 1 ? kCount(fn, k, n - groupT) : k;
    if (k >= 1) kCount(fn, k, n);
    if (wantT > groupT || wantC > n - groupT) throw new DataError(`${fn}: k = ${k} asks for more rows than the smaller group holds`);
    for (let r = 0; r < n; r++) {
      const i = idx[r]!;
      if (c.t[i] && nt < wantT) {
        nt++;
        yt += c.y[i]!;
      } else if (!c.t[i] && nc < wantC) {
        nc++;
        yc += c.y[i]!;
      }
    }
  }
  if (nt === 0 || nc === 0) throw new DataError(`${fn}: the top k holds ${nt} treated and ${nc} control rows; uplift needs both`);
  return yt / nt - yc / nc;
}

/** One row of {@link upliftByDecile}. @category Campaign */
export interface UpliftDecileRow {
  /** 1 = the highest predicted uplift. */
  readonly bin: number;
  readonly nTreatment: number;
  readonly nControl: number;
  /** Conversion rates (NaN-free: null when the group is empty in this bin). */
  readonly responseRateTreatment: number | null;
  readonly responseRateControl: number | null;
  /** responseRateTreatment − responseRateControl, null when either is null. */
  readonly uplift: number | null;
  /** Mean predicted uplift of the bin. */
  readonly predictedUplift: number;
  /** True when the observed uplift is negative: contacting this bin lost conversions ("sleeping dogs"). */
  readonly sleepingDogs: boolean;
}

/**
 * Observed uplift by bin of predicted uplift (scikit-uplift `uplift_by_percentile`, strategy
 * `'overall'`): rows ordered by predicted uplift, highest first, split into `bins` parts whose
 * sizes differ by at most one (the first parts get the extra rows, as numpy's `array_split`);
 * per bin, each group's conversion rate and their difference. A well-ranked model shows uplift
 * falling from bin 1 down; bins with negative observed uplift are flagged as sleeping dogs.
 *
 * @param outcome - n outcomes, 0/1
 * @param uplift - n predicted uplifts
 * @param treatment - n treatment flags, 0/1
 * @param options - `bins` (default 10; an integer in [1, n] and ≤ 1,000)
 * @returns one row per bin
 * @throws as {@link upliftCurve}; OptionsError for a bad bin count
 * @example
 * upliftByDecile([1, 0, 0, 1], [0.9, 0.5, 0.3, 0.1], [1, 0, 1, 0], { bins: 2 }).map((r) => r.uplift) // => [1, -1]
 * @category Campaign
 */
export function upliftByDecile(
  outcome: ArrayLike<number | boolean>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number | boolean>,
  options: { readonly bins?: number } = {},
): UpliftDecileRow[] {
  const fn = 'upliftByDecile';
  options = parseUpliftByDecileOptions(options);
  const c = check(fn, outcome, uplift, treatment);
  const n = c.y.length;
  const bins = options.bins ?? Math.min(10, n);
  if (bins > n) throw new OptionsError(`${fn}: option bins must be an integer in [1, ${Math.min(n, 1000)}] (at most the ${n} rows), got ${bins}`, 'bins');
  const idx = order(c.u);
  const rows: UpliftDecileRow[] = [];
  const base = Math.floor(n / bins);
  const extra = n % bins;
  let r = 0;
  for (let b = 0; b < bins; b++) {
    const size = base + (b < extra ? 1 : 0);
    let nt = 0;
    let yt = 0;
    let nc = 0;
    let yc = 0;
    let su = 0;
    for (let j = 0; j < size; j++, r++) {
      const i = idx[r]!;
      su += c.u[i]!;
      if (c.t[i]) {
        nt++;
        yt += c.y[i]!;
      } else {
        nc++;
        yc += c.y[i]!;
      }
    }
    const rt = nt > 0 ? yt / nt : null;
    const rc = nc > 0 ? yc / nc : null;
    const up = rt !== null && rc !== null ? rt - rc : null;
    rows.push({ bin: b + 1, nTreatment: nt, nControl: nc, responseRateTreatment: rt, responseRateControl: rc, uplift: up, predictedUplift: su / size, sleepingDogs: up !== null && up < 0 });
  }
  return rows;
}

/**
 * The Qini coefficient against the truth, for simulations where each subscriber's true effect
 * τᵢ is known (see {@link simulateCampaign}): the gain curve `G(j) = Σ_{top j by predicted uplift} τᵢ`
 * (the expected incremental conversions of contacting the top j), normalised as scikit-uplift
 * normalises its curves: `(A(model) − A(random)) / (A(perfect) − A(random))`, where the perfect
 * curve ranks by τ itself and the random one is the line from (0, 0) to (n, Σ τ). Free of
 * outcome noise, so learners can be compared on a few thousand subscribers.
 *
 * @param trueEffect - n true individual effects
 * @param uplift - n predicted uplifts (ties broken as in {@link upliftCurve})
 * @returns 1 for the ideal ranking, 0 for random, negative for worse than random
 * @throws DimensionError for unequal lengths; DataError for non-finite values or no rows
 * @example
 * trueQiniCoefficient([0.3, 0.1, -0.2], [0.9, 0.5, 0.1]) // => 1
 * @category Campaign
 */
export function trueQiniCoefficient(trueEffect: ArrayLike<number>, uplift: ArrayLike<number>): number {
  const fn = 'trueQiniCoefficient';
  requireArray(fn, 'trueEffect', trueEffect, 'of numbers');
  requireArray(fn, 'uplift', uplift, 'of numbers');
  const n = trueEffect.length;
  if (uplift.length !== n) throw new DimensionError(`${fn}: ${n} true effects for ${uplift.length} uplifts`);
  if (n === 0) throw new DataError(`${fn}: no rows`);
  const tau = new Float64Array(n);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (typeof trueEffect[i] !== 'number' || !Number.isFinite(trueEffect[i])) throw new DataError(`${fn}: true effect at index ${i} is ${String(trueEffect[i])}; expected a finite number`);
    if (typeof uplift[i] !== 'number' || !Number.isFinite(uplift[i])) throw new DataError(`${fn}: uplift at index ${i} is ${String(uplift[i])}; expected a finite number`);
    tau[i] = trueEffect[i]!;
    u[i] = uplift[i]!;
  }
  const gain = (score: Float64Array): UpliftCurvePoints => {
    const idx = order(score);
    const x = [0];
    const y = [0];
    let s = 0;
    for (let r = 0; r < n; r++) {
      s += tau[idx[r]!]!;
      if (r + 1 < n && score[idx[r + 1]!] === score[idx[r]!]) continue;
      x.push(r + 1);
      y.push(s);
    }
    return { x, y };
  };
  return normalised(gain(u), gain(tau));
}

/**
 * `evaluateCampaign`: the A/B readout of a campaign — per arm rates with intervals, lifts against
 * the control arm with intervals and tests, revenue, cost, net gain and ROI, Bayesian figures and
 * the sample-ratio check.
 *
 * @module
 */
import { defineOptions, described, int, seed } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { createRng, type Rng } from '../internal/rng.js';
import { log, log1p } from '../internal/math.js';
import { normalQuantile } from '../internal/stats.js';
import { bayes, type BayesianResult } from './bayesian-proportions.js';
import { alphaOption, priorOption } from './check.js';
import { fisher, holmAdjust, moments, welch, zTest, type TestResult } from './hypothesis-tests.js';
import { logRatio, newcombe, wilson, type ArmCounts, type Interval } from './proportion-intervals.js';
import { srmCheck, type SrmCheckResult } from './srm-check.js';
import { quantileSorted } from '../internal/quantile.js';
import { requireArray, requireObject } from '../internal/guards.js';

const parseEvaluateCampaignOptions = defineOptions('evaluateCampaign', {
  control: described(o.string(), 'an arm name').default('control'),
  alpha: alphaOption(),
  shares: described(o.custom<Readonly<Record<string, number>>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)), '{ arm: share }').optional(),
  resamples: int(0, 100_000).default(1000),
  seed: seed().default(0),
  prior: priorOption(),
});

/**
 * A campaign's outcomes, one entry per subscriber in every array (columnar, so a million
 * subscribers cost a few typed arrays, not a million objects).
 * @category Campaign
 */
export interface CampaignOutcomes {
  /** The arm of each subscriber, e.g. `'control'`, `'sms'`. */
  readonly arm: readonly string[];
  /** 1 / true when the subscriber converted. */
  readonly converted: ArrayLike<number> | readonly boolean[];
  /** Revenue per subscriber in the window (currency units, finite; 0 for non-converters). */
  readonly revenue?: ArrayLike<number>;
  /** Contact cost per subscriber (currency units, finite, ≥ 0; 0 in the control arm). */
  readonly cost?: ArrayLike<number>;
}

/** Options of {@link evaluateCampaign}. @category Campaign */
export interface EvaluateCampaignOptions {
  /** Name of the control arm. Default `'control'`. */
  readonly control?: string;
  /** Significance level of every interval and test. Default 0.05, in (0, 1). */
  readonly alpha?: number;
  /** Designed share per arm (`{ control: 0.1, sms: 0.9 }`): turns on the SRM check. Default none. */
  readonly shares?: Readonly<Record<string, number>>;
  /** Bootstrap resamples for the net gain and ROI intervals. Default 1,000; an integer in [0, 100,000] (0 turns the bootstrap off). */
  readonly resamples?: number;
  /** Seed of the bootstrap. Default 0. */
  readonly seed?: number;
  /** Beta prior of the Bayesian figures. Default `{ a: 1, b: 1 }`. */
  readonly prior?: { readonly a: number; readonly b: number };
}

/** One arm of the readout. @category Campaign */
export interface ArmSummary {
  readonly arm: string;
  readonly exposures: number;
  readonly conversions: number;
  /** Conversion rate with its Wilson interval. */
  readonly rate: Interval;
  /** Mean revenue per subscriber, when revenue was given. */
  readonly revenuePerSubscriber: number | null;
  /** Total revenue, when given. */
  readonly revenue: number | null;
  /** Total contact cost, when cost was given. */
  readonly cost: number | null;
}

/** One treated arm against the control. @category Campaign */
export interface ArmComparison {
  readonly arm: string;
  /** p_t − p_c with Newcombe's hybrid score interval. */
  readonly absoluteLift: Interval;
  /** p_t / p_c − 1, delta method on the log ratio; null when either arm has no conversion. */
  readonly relativeLift: Interval | null;
  /**
   * p_t / p_c with the same interval: "× the control". When the control arm is a random sample
   * of the same base, this is the "× vs random targeting" figure — measured, never assumed.
   */
  readonly timesControl: Interval | null;
  /** Pooled two-proportion z-test. */
  readonly zTest: TestResult;
  /** Fisher's exact test (odds ratio and two-sided p). */
  readonly fisher: TestResult;
  /** Which p-value `pValue` holds: Fisher's when any expected cell count is below 5, else the z-test's. */
  readonly test: 'z' | 'fisher';
  readonly pValue: number;
  /** Holm-adjusted p-value over all treated arms (equal to pValue with one treated arm). */
  readonly pValueHolm: number;
  /** pValueHolm < alpha. */
  readonly significant: boolean;
  /** Difference in revenue per subscriber with Welch's interval, when revenue was given. */
  readonly revenueLift: (Interval & { readonly df: number; readonly pValue: number }) | null;
  /**
   * Incremental net gain `(r̄_t − r̄_c) n_t − cost_t` (currency units) with a percentile bootstrap
   * interval, when revenue and cost were given.
   */
  readonly netGain: Interval | null;
  /** netGain / cost_t with a percentile bootstrap interval; null without revenue and cost, or when cost_t is 0. */
  readonly roi: Interval | null;
  /** Chance to beat control and expected losses. */
  readonly bayesian: BayesianResult;
}

/** What {@link evaluateCampaign} returns. @category Campaign */
export interface CampaignEvaluation {
  readonly arms: ArmSummary[];
  readonly comparisons: ArmComparison[];
  /** The sample-ratio check, when `shares` was given; null otherwise. */
  readonly srm: SrmCheckResult | null;
  readonly options: { readonly control: string; readonly alpha: number; readonly resamples: number; readonly seed: number; readonly prior: { a: number; b: number } };
}

interface ArmData {
  name: string;
  n: number;
  x: number;
  rev: number[] | null; // all values (for Welch)
  revSum: number;
  nonzero: number[];
  cost: number;
}

/**
 * Reads out a campaign test against its control arm. Per arm: exposures, conversions and the
 * rate with its Wilson interval. Per treated arm: absolute lift (Newcombe), relative lift and
 * "× control" (delta method on the log ratio), the pooled z-test and Fisher's exact test (the
 * reported `pValue` is Fisher's when an expected cell is below 5), Holm's adjustment across the
 * treated arms, the Bayesian chance to beat control and expected loss (beta-binomial), the revenue
 * lift with Welch's interval, and the incremental net gain and ROI with a seeded percentile
 * bootstrap (each arm's revenue resampled with replacement, costs taken as known). See
 * docs/campaign.md for which figure to read when.
 *
 * Resampling is exact but sparse: a resample of n values draws Binomial(n, k/n) of them from the
 * k non-zero revenues (by geometric skips), so a replicate costs O(k) instead of O(n).
 *
 * @param outcomes - per-subscriber arm, conversion, and optionally revenue and cost (aligned arrays)
 * @param options - `control`, `alpha`, `shares` (SRM), `resamples`, `seed`, `prior`
 * @returns per-arm summaries, comparisons against control, the SRM check
 * @throws DimensionError when the arrays have different lengths
 * @throws DataError when there are no subscribers, only one arm, no control arm, a label that is
 *   not 0/1, NaN or infinite revenue, or a negative or non-finite cost
 * @throws OptionsError for bad options (an unknown option, alpha outside (0, 1), shares naming
 *   unknown arms or not summing to 1, resamples out of range)
 * @example
 * const arm = [...Array(1000).fill('control'), ...Array(1000).fill('sms')];
 * const converted = arm.map((a, i) => (a === 'control' ? i % 50 === 0 : i % 20 === 0) ? 1 : 0);
 * const r = evaluateCampaign({ arm, converted });
 * r.arms.map((a) => a.conversions) // => [20, 50]
 * r.comparisons[0]!.timesControl!.estimate // => 2.5
 * @category Campaign
 */
export function evaluateCampaign(outcomes: CampaignOutcomes, options: EvaluateCampaignOptions = {}): CampaignEvaluation {
  const fn = 'evaluateCampaign';
  const { alpha, resamples, seed, prior, control } = parseEvaluateCampaignOptions(options);
  requireObject(fn, 'outcomes', outcomes, 'an object { arm, converted, revenue?, cost? }');
  const { arm, converted, revenue, cost } = outcomes;
  requireArray(fn, 'outcomes.arm', arm, 'of arm names');
  requireArray(fn, 'outcomes.converted', converted, 'of 0/1 flags');
  if (revenue !== undefined) requireArray(fn, 'outcomes.revenue', revenue, 'of numbers');
  if (cost !== undefined) requireArray(fn, 'outcomes.cost', cost, 'of numbers');
  const n = arm.length;
  if (converted.length !== n) throw new DimensionError(`${fn}: ${n} arms for ${converted.length} conversion flags`);
  if (revenue && revenue.length !== n) throw new DimensionError(`${fn}: ${n} arms for ${revenue.length} revenue values`);
  if (cost && cost.length !== n) throw new DimensionError(`${fn}: ${n} arms for ${cost.length} cost values`);
  if (n === 0) throw new DataError(`${fn}: no outcomes`);

  const byName = new Map<string, ArmData>();
  for (let i = 0; i < n; i++) {
    const name = arm[i]!;
    if (typeof name !== 'string') throw new DataError(`${fn}: arm at index ${i} is ${String(name)}; expected a string`);
    let a = byName.get(name);
    if (!a) {
      a = { name, n: 0, x: 0, rev: revenue ? [] : null, revSum: 0, nonzero: [], cost: 0 };
      byName.set(name, a);
    }
    a.n++;
    const c = (converted as ArrayLike<unknown>)[i];
    if (c === 1 || c === true) a.x++;
    else if (c !== 0 && c !== false) throw new DataError(`${fn}: converted at index ${i} is ${String(c)}; expected 0/1 or a boolean`);
    if (revenue) {
      const r = revenue[i]!;
      if (typeof r !== 'number' || !Number.isFinite(r)) throw new DataError(`${fn}: revenue at index ${i} is ${String(r)}; expected a finite number (use 0 for no revenue)`);
      a.rev!.push(r);
      a.revSum += r;
      if (r !== 0) a.nonzero.push(r);
    }
    if (cost) {
      const k = cost[i]!;
      if (typeof k !== 'number' || !Number.isFinite(k) || k < 0) throw new DataError(`${fn}: cost at index ${i} is ${String(k)}; expected a finite number ≥ 0`);
      a.cost += k;
    }
  }
  const ctrl = byName.get(control);
  if (!ctrl) throw new DataError(`${fn}: no subscriber in the control arm '${control}' (arms: ${[...byName.keys()].join(', ')})`);
  if (byName.size < 2) throw new DataError(`${fn}: only the arm '${control}' is present; a readout needs a control and at least one treated arm`);

  let srm: SrmCheckResult | null = null;
  if (options.shares !== undefined) {
    const shares = options.shares;
    if (typeof shares !== 'object' || shares === null) throw new OptionsError(`${fn}: shares must be { arm: share }`, 'shares');
    for (const k of byName.keys()) if (!Object.hasOwn(shares, k)) throw new OptionsError(`${fn}: shares has no entry for arm '${k}'`, 'shares');
    const names = Object.keys(shares);
    try {
      srm = srmCheck(names.map((k) => byName.get(k)?.n ?? 0), names.map((k) => shares[k]!));
    } catch (e) {
      if (e instanceof OptionsError) throw new OptionsError(`${fn}: shares: ${e.message.replace(/^srmCheck: /, '')}`, 'shares');
      throw e;
    }
  }

  const z = normalQuantile(1 - alpha / 2);
  const armsOut: ArmSummary[] = [...byName.values()].map((a) => ({
    arm: a.name,
    exposures: a.n,
    conversions: a.x,
    rate: wilson(a.x, a.n, z),
    revenuePerSubscriber: revenue ? a.revSum / a.n : null,
    revenue: revenue ? a.revSum : null,
    cost: cost ? a.cost : null,
  }));

  const rng = createRng(seed);
  const cc: ArmCounts = { conversions: ctrl.x, exposures: ctrl.n };
  const treated = [...byName.values()].filter((a) => a !== ctrl);
  const partial = treated.map((a) => {
    const tc: ArmCounts = { conversions: a.x, exposures: a.n };
    const ratio = logRatio(tc, cc, z);
    const zt = zTest(tc, cc);
    const fe = fisher(tc, cc);
    const small = minExpectedCell(tc, cc) < 5;
    const revenueLift = revenue && a.n >= 2 && ctrl.n >= 2 ? welch(moments(a.rev!), moments(ctrl.rev!), alpha) : null;
    let netGain: Interval | null = null;
    let roi: Interval | null = null;
    if (revenue && cost) {
      const gain = (mean(a) - mean(ctrl)) * a.n - a.cost;
      let gl: number;
      let gu: number;
      if (resamples > 0) {
        const g = new Float64Array(resamples);
        const rt = rng.fork();
        for (let b = 0; b < resamples; b++) g[b] = (resampleMean(a, rt) - resampleMean(ctrl, rt)) * a.n - a.cost;
        g.sort();
        gl = quantileSorted(g, alpha / 2);
        gu = quantileSorted(g, 1 - alpha / 2);
      } else {
        gl = gu = gain;
      }
      netGain = { estimate: gain, lower: gl, upper: gu };
      roi = a.cost > 0 ? { estimate: gain / a.cost, lower: gl / a.cost, upper: gu / a.cost } : null;
    }
    return {
      arm: a.name,
      absoluteLift: newcombe(tc, cc, z),
      relativeLift: ratio,
      timesControl: ratio ? { estimate: ratio.estimate + 1, lower: ratio.lower + 1, upper: ratio.upper + 1 } : null,
      zTest: zt,
      fisher: fe,
      test: small ? ('fisher' as const) : ('z' as const),
      pValue: small ? fe.pValue : zt.pValue,
      revenueLift,
      netGain,
      roi,
      bayesian: bayes(tc, cc, prior),
    };
  });
  const holm = holmAdjust(partial.map((p) => p.pValue));
  const comparisons: ArmComparison[] = partial.map((p, i) => ({ ...p, pValueHolm: holm[i]!, significant: holm[i]! < alpha }));
  return { arms: armsOut, comparisons, srm, options: { control, alpha, resamples, seed, prior } };
}

function mean(a: ArmData): number {
  return a.revSum / a.n;
}

function minExpectedCell(t: ArmCounts, c: ArmCounts): number {
  const N = t.exposures + c.exposures;
  const K = t.conversions + c.conversions;
  const rows = [t.exposures, c.exposures];
  const cols = [K, N - K];
  let m = Infinity;
  for (const r of rows) for (const col of cols) m = Math.min(m, (r * col) / N);
  return m;
}

/** Mean of a with-replacement resample of the arm's n revenues, drawing only the non-zero ones. */
function resampleMean(a: ArmData, rng: Rng): number {
  const k = a.nonzero.length;
  if (k === 0) return 0;
  const n = a.n;
  let m: number;
  if (k === n) m = n;
  else {
    // number of the n draws that land on a non-zero value: Binomial(n, k/n) by geometric skips
    const lq = log1p(-k / n); // engine-independent bits (internal/math): the same resamples in every runtime
    m = 0;
    let pos = -1;
    for (;;) {
      pos += 1 + Math.floor(log(1 - rng.next()) / lq);
      if (pos >= n) break;
      m++;
    }
  }
  let s = 0;
  for (let j = 0; j < m; j++) s += a.nonzero[rng.int(k)]!;
  return s / n;
}


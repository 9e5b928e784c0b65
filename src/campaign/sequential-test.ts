/**
 * `sequentialTest`: always-valid p-values and confidence sequences (mSPRT) for a campaign read
 * while it runs.
 *
 * @module
 */
import { defineOptions, real } from '../internal/options.js';
import { DataError } from '../errors.js';
import { twoSidedNormalP } from '../internal/stats.js';
import { checkCounts, alphaOption } from './check.js';
import type { ArmCounts } from './proportion-intervals.js';

const parseSequentialTestOptions = defineOptions('sequentialTest', {
  alpha: alphaOption(),
  tuningExposures: real({ min: 1, max: 1e12 }).default(5000),
});

/** One look at a running test: cumulative counts of both arms so far. @category Campaign */
export interface SequentialLook {
  readonly treatment: ArmCounts;
  readonly control: ArmCounts;
}

/** Options of {@link sequentialTest}. @category Campaign */
export interface SequentialTestOptions {
  /** Significance level. Default 0.05, in (0, 1). */
  readonly alpha?: number;
  /**
   * Exposures per arm at which the confidence sequence is tightest (sets the mixing variance τ²).
   * Default 5,000 (GrowthBook's default tuning parameter); in [1, 1e12].
   */
  readonly tuningExposures?: number;
}

/** The result at one look. @category Campaign */
export interface SequentialResult {
  /** p_t − p_c at this look. */
  readonly estimate: number;
  /** Always-valid p-value: min over looks so far of 1/Λ (never increases). */
  readonly pValue: number;
  /** Confidence sequence for p_t − p_c at level 1 − α, intersected over looks so far. */
  readonly lower: number;
  readonly upper: number;
  /** The fixed-horizon z-test p-value at this look: NOT valid under peeking, shown for contrast. */
  readonly naivePValue: number;
  /** pValue < alpha. */
  readonly significant: boolean;
}

/** What {@link sequentialTest} returns. @category Campaign */
export interface SequentialTestResult {
  readonly looks: SequentialResult[];
  /** Index of the first look with an always-valid p-value below alpha, or −1. */
  readonly stoppedAt: number;
  /** The resolved options and the mixing standard deviation in units of the per-subscriber sd. */
  readonly options: { readonly alpha: number; readonly tuningExposures: number };
}

/**
 * Mixture sequential probability ratio test for the difference of two conversion rates (Johari,
 * Koomen, Pekelis & Walsh 2017, "Peeking at A/B tests"), as GrowthBook's sequential engine runs it.
 * At each look, with d = p̂_t − p̂_c and V = p̂_t(1 − p̂_t)/n_t + p̂_c(1 − p̂_c)/n_c, the normal
 * mixture (θ ~ N(0, τ²)) likelihood ratio against θ = 0 is
 * `Λ = √(V/(V + τ²)) · exp(τ² d² / (2V(V + τ²)))`; the always-valid p-value is
 * `pₙ = min(1, min_{m ≤ n} 1/Λ_m)` and the confidence sequence is
 * `d ± √((2V(V + τ²)/τ²) (ln(1/α) + ½ ln((V + τ²)/V)))`, intersected over looks. Both stay valid
 * however often the test is watched and whenever it is stopped: P(ever pₙ < α | no effect) ≤ α.
 * τ² = ρ² (σ̂_t² + σ̂_c²) with `ρ² = (−2 ln α + ln(1 − 2 ln α)) / N`, N = `tuningExposures`, which
 * makes the sequence tightest near N subscribers per arm. Looks with no variance yet (no
 * conversion in either arm) give p = 1 and the interval [−1, 1].
 *
 * @param looks - cumulative counts per look, in time order (each count ≥ the previous one)
 * @param options - `alpha` (default 0.05), `tuningExposures` (default 5,000)
 * @returns per-look estimate, always-valid p-value, confidence sequence and the naive p-value
 * @throws DataError for no looks, invalid counts or counts that decrease between looks
 * @throws OptionsError for a bad alpha or tuningExposures
 * @example
 * const r = sequentialTest([
 *   { treatment: { conversions: 30, exposures: 500 }, control: { conversions: 20, exposures: 500 } },
 *   { treatment: { conversions: 130, exposures: 2000 }, control: { conversions: 80, exposures: 2000 } },
 * ]);
 * r.looks.length // => 2
 * r.looks[1]!.pValue <= r.looks[0]!.pValue // => true
 * @category Campaign
 */
export function sequentialTest(looks: readonly SequentialLook[], options: SequentialTestOptions = {}): SequentialTestResult {
  const fn = 'sequentialTest';
  const { alpha, tuningExposures } = parseSequentialTestOptions(options);
  if (!Array.isArray(looks) || looks.length === 0) throw new DataError(`${fn}: needs at least one look`);
  const la = -2 * Math.log(alpha);
  const rho2 = (la + Math.log(1 + la)) / tuningExposures;
  const out: SequentialResult[] = [];
  let pRun = 1;
  let lowRun = -1;
  let highRun = 1;
  let stoppedAt = -1;
  let prev: SequentialLook | undefined;
  looks.forEach((look, i) => {
    const t = look?.treatment;
    const c = look?.control;
    if (!t || !c) throw new DataError(`${fn}: look ${i} needs treatment and control counts`);
    checkCounts(fn, `look ${i} treatment`, t.conversions, t.exposures);
    checkCounts(fn, `look ${i} control`, c.conversions, c.exposures);
    if (prev && (t.exposures < prev.treatment.exposures || c.exposures < prev.control.exposures || t.conversions < prev.treatment.conversions || c.conversions < prev.control.conversions)) {
      throw new DataError(`${fn}: look ${i} has fewer exposures or conversions than look ${i - 1}; looks must be cumulative`);
    }
    prev = look;
    const pt = t.conversions / t.exposures;
    const pc = c.conversions / c.exposures;
    const d = pt - pc;
    const st = pt * (1 - pt);
    const sc = pc * (1 - pc);
    const V = st / t.exposures + sc / c.exposures;
    let naive = 1;
    if (V > 0) {
      const tau2 = rho2 * (st + sc);
      const logLambda = 0.5 * Math.log(V / (V + tau2)) + (tau2 * d * d) / (2 * V * (V + tau2));
      pRun = Math.min(pRun, Math.min(1, Math.exp(-logLambda)));
      const radius = Math.sqrt(((2 * V * (V + tau2)) / tau2) * (Math.log(1 / alpha) + 0.5 * Math.log((V + tau2) / V)));
      lowRun = Math.max(lowRun, d - radius);
      highRun = Math.min(highRun, d + radius);
      const pbar = (t.conversions + c.conversions) / (t.exposures + c.exposures);
      const se = Math.sqrt(pbar * (1 - pbar) * (1 / t.exposures + 1 / c.exposures));
      naive = se > 0 ? twoSidedNormalP(d / se) : 1;
    }
    const significant = pRun < alpha;
    if (significant && stoppedAt < 0) stoppedAt = i;
    out.push({ estimate: d, pValue: pRun, lower: Math.min(lowRun, highRun), upper: Math.max(lowRun, highRun), naivePValue: naive, significant });
  });
  return { looks: out, stoppedAt, options: { alpha, tuningExposures } };
}

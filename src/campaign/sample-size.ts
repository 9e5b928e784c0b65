/**
 * `sampleSize` and its inverse `minimumDetectableEffect`: how many subscribers a conversion test
 * needs, and what lift a given size can detect.
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { normalQuantile } from '../internal/stats.js';
import { defineOptions, int, real } from '../internal/options.js';

/** Options of {@link sampleSize}. @category Campaign */
export interface SampleSizeOptions {
  /** Control conversion rate p_c, in (0, 1). Required. */
  readonly baseline: number;
  /** Relative lift to detect: p_t = p_c (1 + minimumLift); > 0 with p_t < 1. Required. */
  readonly minimumLift: number;
  /** Probability of detecting that lift, 1 − β. Default 0.8, in (0, 1). */
  readonly power?: number;
  /** Two-sided significance level. Default 0.05, in (0, 1). */
  readonly alpha?: number;
  /** Treatment size over control size, r = n_t / n_c. Default 1, in [0.01, 100]. */
  readonly ratio?: number;
}

/** What {@link sampleSize} returns. @category Campaign */
export interface SampleSizeResult {
  /** Subscribers needed in the control arm (rounded up). */
  readonly control: number;
  /** Subscribers needed in the treatment arm (rounded up). */
  readonly treatment: number;
  /** Both arms. */
  readonly total: number;
  /** The treatment rate the size is computed for, p_c (1 + minimumLift). */
  readonly treatmentRate: number;
}

/** Continuous n_c (internal). */
function controlSize(pc: number, pt: number, za: number, zb: number, r: number): number {
  const pbar = (pc + r * pt) / (1 + r);
  const a = za * Math.sqrt(pbar * (1 - pbar) * (1 + 1 / r));
  const b = zb * Math.sqrt(pc * (1 - pc) + (pt * (1 - pt)) / r);
  return (a + b) ** 2 / (pt - pc) ** 2;
}

/** Options shared by both functions: the test's design. */
const designShape = {
  baseline: real({ gt: 0, lt: 1 }),
  power: real({ gt: 0, lt: 1 }).default(0.8),
  alpha: real({ gt: 0, lt: 1 }).default(0.05),
  ratio: real({ min: 0.01, max: 100 }).default(1),
};
const parseSampleSizeOptions = defineOptions('sampleSize', { ...designShape, minimumLift: real({ gt: 0 }) });
const parseMdeOptions = defineOptions('minimumDetectableEffect', { ...designShape, exposures: int(1, 1e12) });

function common(o: { power: number; alpha: number; ratio: number; baseline: number }) {
  return { za: normalQuantile(1 - o.alpha / 2), zb: normalQuantile(o.power), ratio: o.ratio, baseline: o.baseline };
}

/**
 * Subscribers needed per arm to detect a relative lift in conversion with a two-sided
 * two-proportion z-test (Fleiss, Levin & Paik 2003, without continuity correction):
 * `n_c = (z_{1−α/2} √(p̄(1 − p̄)(1 + 1/r)) + z_{1−β} √(p_c(1 − p_c) + p_t(1 − p_t)/r))² / (p_t − p_c)²`,
 * `n_t = r n_c`, p̄ = (p_c + r p_t)/(1 + r).
 *
 * @param options - `baseline`, `minimumLift` (relative), `power`, `alpha`, `ratio`
 * @returns per-arm and total sizes, rounded up
 * @throws OptionsError for a baseline outside (0, 1), a lift ≤ 0 or taking p_t to 1 or more, a bad power, alpha or ratio
 * @example
 * // 5 % baseline, +20 % relative lift, 80 % power, α = 0.05
 * sampleSize({ baseline: 0.05, minimumLift: 0.2 }).control // => 8158
 * @category Campaign
 */
export function sampleSize(options: SampleSizeOptions): SampleSizeResult {
  const fn = 'sampleSize';
  const opts = parseSampleSizeOptions(options);
  const { za, zb, ratio, baseline } = common(opts);
  const lift = opts.minimumLift;
  const pt = baseline * (1 + lift);
  if (!(pt < 1)) throw new OptionsError(`${fn}: baseline × (1 + minimumLift) = ${pt} must stay below 1`, 'minimumLift');
  const nc = Math.ceil(controlSize(baseline, pt, za, zb, ratio) - 1e-9);
  const nt = Math.ceil(nc * ratio - 1e-9);
  return { control: nc, treatment: nt, total: nc + nt, treatmentRate: pt };
}

/** Options of {@link minimumDetectableEffect}. @category Campaign */
export interface MinimumDetectableEffectOptions {
  /** Control conversion rate, in (0, 1). Required. */
  readonly baseline: number;
  /** Control arm size n_c (the treatment arm is `ratio × n_c`); a positive integer ≤ 1e12. Required. */
  readonly exposures: number;
  /** Default 0.8. */
  readonly power?: number;
  /** Default 0.05. */
  readonly alpha?: number;
  /** n_t / n_c. Default 1. */
  readonly ratio?: number;
}

/**
 * The inverse of {@link sampleSize}: the smallest relative lift a test with `exposures` control
 * subscribers (and `ratio × exposures` treated) detects with the given power, found by bisection
 * on the same formula to a relative precision of 1e-10. Returns `Infinity` when even p_t → 1 is
 * not detectable at that size.
 *
 * @param options - `baseline`, `exposures`, `power`, `alpha`, `ratio`
 * @returns the minimum detectable relative lift (0.2 = +20 %)
 * @throws OptionsError for bad options
 * @example
 * Math.round(minimumDetectableEffect({ baseline: 0.05, exposures: 8158 }) * 1000) / 1000 // => 0.2
 * @category Campaign
 */
export function minimumDetectableEffect(options: MinimumDetectableEffectOptions): number {
  const opts = parseMdeOptions(options);
  const { za, zb, ratio, baseline } = common(opts);
  const n = opts.exposures;
  let lo = 0;
  let hi = (1 - baseline) / baseline; // p_t → 1
  const needAt = (lift: number) => controlSize(baseline, baseline * (1 + lift), za, zb, ratio);
  if (needAt(hi * (1 - 1e-12)) > n) return Infinity;
  for (let i = 0; i < 200 && hi - lo > 1e-10 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (needAt(mid) > n) lo = mid;
    else hi = mid;
  }
  return hi;
}

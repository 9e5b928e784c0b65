/**
 * `bayesianProportions`: chance to beat control and expected loss for two conversion rates under
 * a beta-binomial model, as GrowthBook's Bayesian engine reports them.
 *
 * @module
 */
import { defineOptions } from '../internal/options.js';
import { betaInc, logBeta } from '../internal/stats.js';
import { checkArm, priorOption } from './check.js';
import type { ArmCounts } from './proportion-intervals.js';

const parseBayesianOptions = defineOptions('bayesianProportions', { prior: priorOption() });

/** Options of {@link bayesianProportions}. @category Campaign */
export interface BayesianOptions {
  /**
   * The Beta(a, b) prior of each arm's conversion rate. Default `{ a: 1, b: 1 }` (uniform); both
   * finite and > 0.
   */
  readonly prior?: { readonly a: number; readonly b: number };
}

/** What {@link bayesianProportions} returns. @category Campaign */
export interface BayesianResult {
  /** P(p_t > p_c | data): the "chance to beat control". */
  readonly chanceToBeatControl: number;
  /** E[max(p_c − p_t, 0)]: conversion rate lost, on average, by shipping the treatment (absolute). */
  readonly expectedLossTreatment: number;
  /** E[max(p_t − p_c, 0)]: conversion rate lost, on average, by keeping the control (absolute). */
  readonly expectedLossControl: number;
  /** Posterior Beta parameters of each arm. */
  readonly posterior: { readonly treatment: readonly [number, number]; readonly control: readonly [number, number] };
  /** The prior used. */
  readonly prior: { readonly a: number; readonly b: number };
}

const GRID = 4000; // Simpson intervals (even)

/** Internal: the posterior figures without validation. */
export function bayes(t: ArmCounts, c: ArmCounts, prior: { a: number; b: number }): BayesianResult {
  const at = prior.a + t.conversions;
  const bt = prior.b + t.exposures - t.conversions;
  const ac = prior.a + c.conversions;
  const bc = prior.b + c.exposures - c.conversions;
  const meanC = ac / (ac + bc);
  const sdC = Math.sqrt((ac * bc) / ((ac + bc) ** 2 * (ac + bc + 1)));
  const lo = Math.max(0, meanC - 14 * sdC);
  const hi = Math.min(1, meanC + 14 * sdC);
  const h = (hi - lo) / GRID;
  const lbC = logBeta(ac, bc);
  const meanT = at / (at + bt);
  let win = 0;
  let loss = 0;
  let mass = 0;
  for (let i = 0; i <= GRID; i++) {
    const x = lo + i * h;
    const w = i === 0 || i === GRID ? 1 : i % 2 === 1 ? 4 : 2;
    let dens: number;
    if (x <= 0) dens = ac === 1 ? Math.exp(-lbC) : 0;
    else if (x >= 1) dens = bc === 1 ? Math.exp(-lbC) : 0;
    else dens = Math.exp((ac - 1) * Math.log(x) + (bc - 1) * Math.log1p(-x) - lbC);
    if (dens === 0) continue;
    const Ft = betaInc(x, at, bt);
    // E[(x − p_t)+] = x I_x(a_t, b_t) − E[p_t] I_x(a_t + 1, b_t)
    const shortfall = Math.max(0, x * Ft - meanT * betaInc(x, at + 1, bt));
    win += w * dens * (1 - Ft);
    loss += w * dens * shortfall;
    mass += w * dens;
  }
  // normalise by the integrated density so grid truncation does not bias either figure
  const chance = Math.min(1, Math.max(0, win / mass));
  const lossT = Math.max(0, loss / mass);
  const lossC = Math.max(0, meanT - meanC + lossT);
  return {
    chanceToBeatControl: chance,
    expectedLossTreatment: lossT,
    expectedLossControl: lossC,
    posterior: { treatment: [at, bt], control: [ac, bc] },
    prior: { a: prior.a, b: prior.b },
  };
}

/**
 * Bayesian comparison of two conversion rates: each arm's rate has a Beta(a, b) prior (uniform by
 * default), so its posterior is Beta(a + x, b + n − x). Reports the chance to beat control
 * `P(p_t > p_c) = ∫ f_c(x) (1 − I_x(a_t, b_t)) dx` and the expected loss of each decision,
 * `E[(p_c − p_t)⁺] = ∫ f_c(x) (x I_x(a_t, b_t) − E[p_t] I_x(a_t + 1, b_t)) dx`, by deterministic
 * composite Simpson integration (4,000 intervals over the control posterior's mean ± 14 sd; no
 * Monte Carlo, so the figures are the same on every run). GrowthBook reports the same two
 * quantities ("chance to win", "risk"), on a Gaussian approximation of the relative lift.
 *
 * @param treatment - treated arm counts
 * @param control - control arm counts
 * @param options - `prior` (default Beta(1, 1))
 * @returns chance to beat control, expected losses (absolute conversion rate), posteriors
 * @throws DataError for invalid counts; OptionsError for a bad prior
 * @example
 * // identical arms: a coin flip
 * Math.round(bayesianProportions({ conversions: 50, exposures: 1000 }, { conversions: 50, exposures: 1000 }).chanceToBeatControl * 1e6) / 1e6 // => 0.5
 * @category Campaign
 */
export function bayesianProportions(treatment: ArmCounts, control: ArmCounts, options: BayesianOptions = {}): BayesianResult {
  const fn = 'bayesianProportions';
  const { prior } = parseBayesianOptions(options);
  checkArm(fn, 'treatment', treatment);
  checkArm(fn, 'control', control);
  return bayes(treatment, control, prior);
}

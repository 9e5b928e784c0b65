/**
 * Step 9 of {@link generateOperator} (opt-in, `surveys > 0`): NPS / CSAT survey responses for a
 * sample of subscribers, from a latent satisfaction driven by documented attribute weights
 * (docs/synthetic-operator.md, "Surveys"). It draws from its own random stream, forked after every
 * other step's, and reads the churn hazard without changing it, so every other output of the
 * generator is the same with or without surveys.
 *
 * The model, for a surveyed subscriber i:
 * - propensity z_i = −(logit h_i − m) / s, where h_i is `truth.churnHazard` and m, s the mean and
 *   standard deviation of logit h over all subscribers: subscribers close to leaving are unhappier;
 * - attribute quality q_ik = 0.6·z_i + e_ik, e_ik ~ N(0, 1), rated
 *   `clamp(round(μ_k + 1.8·q_ik), 1, 10)` with μ_k in {@link SURVEY_RATING_MEANS};
 * - latent satisfaction S_i = Σ_k w_k q_ik + 0.25·ε_i with the weights w_k of {@link SURVEY_WEIGHTS};
 * - NPS = `clamp(round(7.3 + 3·S_i), 0, 10)`, CSAT = `clamp(round(3.6 + 1.1·S_i), 1, 5)`.
 *
 * Detractors therefore have higher churn hazard: S_i rises with z_i.
 * @module
 */
import { log } from '../../internal/math.js';
import type { Rng } from '../../internal/rng.js';
import { sampleIndices } from '../../internal/sample.js';
import type { GenContext } from './context.js';
import type { ChurnPart } from './churn.js';
import type { SubscriberPart } from './subscribers.js';

/**
 * True weights of the attribute qualities in the latent satisfaction of synthetic survey
 * respondents (they sum to 1): what `satisfactionDrivers` should recover, in this order.
 * @category Data
 */
export const SURVEY_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  networkQuality: 0.35,
  price: 0.25,
  customerService: 0.18,
  coverage: 0.12,
  billingClarity: 0.07,
  digitalExperience: 0.03,
});

/** Mean rating (1–10 scale) of each attribute in synthetic surveys. */
export const SURVEY_RATING_MEANS: Readonly<Record<string, number>> = Object.freeze({
  networkQuality: 7,
  price: 5.5,
  customerService: 6.5,
  coverage: 7.5,
  billingClarity: 7,
  digitalExperience: 6.8,
});

/** A synthetic survey response (the shape of `SurveyResponse` in telcokit/loyalty). */
export interface SyntheticSurveyResponse {
  subscriberId: string;
  date: string;
  channel: 'sms' | 'app' | 'ivr' | 'web' | 'call_centre';
  surveyType: 'relationship' | 'transactional';
  nps: number;
  csat: number;
  networkQuality: number;
  coverage: number;
  price: number;
  customerService: number;
  billingClarity: number;
  digitalExperience: number;
}

const CHANNELS = ['sms', 'app', 'ivr', 'web', 'call_centre'] as const;
const CHANNEL_CUM = [0.35, 0.65, 0.8, 0.9, 1];

/** Survey responses and the latent satisfaction behind them (index-aligned). */
export interface SurveyPart {
  readonly responses: SyntheticSurveyResponse[];
  /** Subscriber index of each response. */
  readonly subscriber: Int32Array;
  /** Latent satisfaction S of each response. */
  readonly satisfaction: Float64Array;
}

const clampRound = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/** One response from each of `count` subscribers sampled uniformly, dated before they left. */
export function generateSurveys(ctx: GenContext, sub: SubscriberPart, churn: ChurnPart, count: number, r: Rng): SurveyPart {
  const { n, M } = ctx;
  const k = Math.min(count, n);
  const responses: SyntheticSurveyResponse[] = [];
  const subscriber = new Int32Array(k);
  const satisfaction = new Float64Array(k);
  if (k === 0) return { responses, subscriber, satisfaction };
  // logit of the hazard, standardised over every subscriber
  let m = 0;
  let m2 = 0;
  const lg = (h: number) => {
    const c = Math.min(1 - 1e-9, Math.max(1e-9, h));
    return log(c / (1 - c));
  };
  for (let i = 0; i < n; i++) {
    const v = lg(churn.churnHazard[i]!);
    m += v;
    m2 += v * v;
  }
  m /= n;
  const s = Math.sqrt(Math.max(1e-12, m2 / n - m * m));
  const names = Object.keys(SURVEY_WEIGHTS);
  const picked = Int32Array.from(sampleIndices(n, k, r)).sort();
  for (let t = 0; t < k; t++) {
    const i = picked[t]!;
    const z = -(lg(churn.churnHazard[i]!) - m) / s;
    const cm = churn.churnMonth[i]!;
    const months = cm >= 0 && cm < M ? Math.max(1, cm) : M;
    const month = r.int(months);
    const day = 1 + r.int(28);
    const u = r.next();
    let c = 0;
    while (u >= CHANNEL_CUM[c]!) c++;
    const surveyType = r.next() < 0.7 ? 'relationship' : 'transactional';
    const ratings: Record<string, number> = {};
    let sat = 0;
    for (const name of names) {
      const q = 0.6 * z + r.normal();
      sat += SURVEY_WEIGHTS[name]! * q;
      ratings[name] = clampRound(SURVEY_RATING_MEANS[name]! + 1.8 * q, 1, 10);
    }
    sat += 0.25 * r.normal();
    subscriber[t] = i;
    satisfaction[t] = sat;
    responses.push({
      subscriberId: sub.subscribers[i]!.id,
      date: `${ctx.monthNames[month]}-${String(day).padStart(2, '0')}`,
      channel: CHANNELS[c]!,
      surveyType,
      nps: clampRound(7.3 + 3 * sat, 0, 10),
      csat: clampRound(3.6 + 1.1 * sat, 1, 5),
      networkQuality: ratings.networkQuality!,
      coverage: ratings.coverage!,
      price: ratings.price!,
      customerService: ratings.customerService!,
      billingClarity: ratings.billingClarity!,
      digitalExperience: ratings.digitalExperience!,
    });
  }
  return { responses, subscriber, satisfaction };
}

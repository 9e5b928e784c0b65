/**
 * The last step of {@link generateOperator}: device-change and plan-upgrade events after the
 * window, drawn from documented daily hazards (docs/synthetic-operator.md, "Propensity events"),
 * from a random stream of their own derived from the seed, after every other step — so every other
 * output is exactly what it was without them.
 * @module
 */
import { murmur3 } from '../../internal/hash.js';
import { createRng } from '../../internal/rng.js';
import type { Rng } from '../../internal/rng.js';
import { PERSONAS, DAY_MS, isoInstant, type GenContext } from './context.js';
import { sampleNormal, sigmoid } from './samplers.js';
import type { SubscriberPart } from './subscribers.js';
import type { ChurnPart } from './churn.js';

/** Days after the window in which a device change is observed. */
export const DEVICE_CHANGE_DAYS = 7;
/** Days after the window in which a plan upgrade is observed. */
export const PLAN_UPGRADE_DAYS = 30;

/**
 * Daily log-odds coefficients of the two events (docs/synthetic-operator.md). `heavy` is the
 * persona's typical data use on a log scale, `log10(median dataMB) − 3.7` (−1.2 for light users,
 * +0.8 for the heaviest); `u`, `v` are unobserved subscriber effects.
 */
export const PROPENSITY = {
  device: {
    intercept: -6.4,
    ageYears: 0.55, // × min(device age at the window's end, 60 months) / 12
    heavy: 0.5, // × heavy
    no5GHeavy: 0.8, // a smartphone without 5G, for a persona with heavy > 0
    priceTier: 0.15, // × price tier index (low 0 … premium 3)
    featurePhone: -1.2,
    frailty: 0.5, // sd of u
  },
  plan: {
    intercept: -7.2,
    device5GOnOlderPlan: 1.3, // a 5G device on a 2G/3G/4G plan
    heavy: 0.6, // × heavy
    overPlan: 0.5, // the bill level is above 1.3 × the plan fee
    prepaid: -0.6,
    frailty: 0.5, // sd of v
  },
} as const;

/** A propensity event after the window. @category Data */
export interface OperatorEvent {
  readonly subscriberId: string;
  readonly type: 'deviceChange' | 'planUpgrade';
  /** Day of the event, `YYYY-MM-DD` (the window's end is day 1). */
  readonly date: string;
}

/**
 * The propensity events of a synthetic operator and their true probabilities, aligned with
 * `subscribers` (index i is subscriber i). Only subscribers active at the window's end can have
 * an event; the others have probability 0.
 * @category Data
 */
export interface OperatorPropensity {
  /** Every event, subscriber by subscriber, device change before plan upgrade. */
  readonly events: OperatorEvent[];
  /** Days observed for a device change (7). */
  readonly deviceChangeDays: number;
  /** Days observed for a plan upgrade (30). */
  readonly planUpgradeDays: number;
  /** True P(device change within `deviceChangeDays` days) = 1 − (1 − h)^7, h the daily hazard: the Bayes-optimal score. */
  readonly deviceChangeProbability: Float64Array;
  /** 1 when the subscriber changed device within `deviceChangeDays` days of the window's end. */
  readonly deviceChanged: Uint8Array;
  /** True P(plan upgrade within `planUpgradeDays` days) = 1 − (1 − h)^30. */
  readonly planUpgradeProbability: Float64Array;
  /** 1 when the subscriber upgraded the plan within `planUpgradeDays` days. */
  readonly planUpgraded: Uint8Array;
}

/** The stream of this step: a hash of its name with the seed, independent of every other stream. */
export function propensityRng(seed: number): Rng {
  return createRng(murmur3('telcokit/synthetic/propensity', seed));
}

/** Draws the first day (1…days) of an event with daily probability h, or 0 for none. */
function firstDay(r: Rng, h: number, days: number): number {
  for (let d = 1; d <= days; d++) if (r.next() < h) return d;
  return 0;
}

/** Simulates both events for every subscriber active at the window's end. */
export function simulatePropensity(ctx: GenContext, sub: SubscriberPart, churn: ChurnPart, rng: Rng): OperatorPropensity {
  const { n, M, y0, m0, windowEnd } = ctx;
  const { subscribers, persona, featurePhone, network, prepaid, billLevel, planFee } = sub;
  const D = PROPENSITY.device;
  const P = PROPENSITY.plan;
  const deviceChangeProbability = new Float64Array(n);
  const deviceChanged = new Uint8Array(n);
  const planUpgradeProbability = new Float64Array(n);
  const planUpgraded = new Uint8Array(n);
  const events: OperatorEvent[] = [];
  const codes = new Array<number>(20);
  const day = (d: number): string => isoInstant(codes, windowEnd + (d - 1) * DAY_MS).slice(0, 10);
  const endMonth = y0 * 12 + m0 + M;
  for (let i = 0; i < n; i++) {
    // both effects are drawn for every subscriber, so a subscriber's draws do not depend on the others' status
    const u = D.frailty * sampleNormal(rng);
    const v = P.frailty * sampleNormal(rng);
    const cm = churn.churnMonth[i]!;
    if (cm >= 0 && cm < M) continue;
    const s = subscribers[i]!;
    const dev = s.device!;
    const acq = Number(dev.acquisitionDate.slice(0, 4)) * 12 + Number(dev.acquisitionDate.slice(5, 7)) - 1;
    const ageYears = Math.min(endMonth - acq, 60) / 12;
    const heavy = Math.log10(PERSONAS[persona[i]!]!.dataMB[0]) - 3.7;
    const smart = featurePhone[i] === 0;
    const tier = ['low', 'mid', 'high', 'premium'].indexOf(dev.priceTier);
    const etaD =
      D.intercept + D.ageYears * ageYears + D.heavy * heavy + (smart && !dev.supports5G && heavy > 0 ? D.no5GHeavy : 0) + D.priceTier * tier + (smart ? 0 : D.featurePhone) + u;
    const hD = sigmoid(etaD);
    deviceChangeProbability[i] = 1 - (1 - hD) ** DEVICE_CHANGE_DAYS;
    const etaP =
      P.intercept + (dev.supports5G && network[i]! < 3 ? P.device5GOnOlderPlan : 0) + P.heavy * heavy + (billLevel[i]! > 1.3 * planFee[i]! ? P.overPlan : 0) + P.prepaid * prepaid[i]! + v;
    const hP = sigmoid(etaP);
    planUpgradeProbability[i] = 1 - (1 - hP) ** PLAN_UPGRADE_DAYS;
    const dd = firstDay(rng, hD, DEVICE_CHANGE_DAYS);
    const dp = firstDay(rng, hP, PLAN_UPGRADE_DAYS);
    if (dd) {
      deviceChanged[i] = 1;
      events.push({ subscriberId: s.id, type: 'deviceChange', date: day(dd) });
    }
    if (dp) {
      planUpgraded[i] = 1;
      events.push({ subscriberId: s.id, type: 'planUpgrade', date: day(dp) });
    }
  }
  return { events, deviceChangeDays: DEVICE_CHANGE_DAYS, planUpgradeDays: PLAN_UPGRADE_DAYS, deviceChangeProbability, deviceChanged, planUpgradeProbability, planUpgraded };
}

/**
 * Step 3 of {@link generateOperator}: churn. Exogenous complaints and bill shocks, the latent
 * intent-to-leave state, then the monthly hazard with contagion over the call graph
 * (docs/synthetic-operator.md, "Churn").
 * @module
 */
import { exp } from '../../internal/math.js';
import type { Rng } from '../../internal/rng.js';
import { PERSONAS, type GenContext } from './context.js';
import { sampleGamma, sampleNormal, samplePoisson, sigmoid } from './samplers.js';
import type { SubscriberPart } from './subscribers.js';
import type { CallGraphPart } from './call-graph.js';

/**
 * Churn and intent log-odds coefficients (see docs/synthetic-operator.md, "Churn"). The covariate
 * index x (every term from `earlyTenure` to `frailty`, plus the persona term) enters both the
 * monthly probability of entering the latent intent-to-leave state and the churn hazard.
 */
const CHURN = {
  intercept: -5.45, // churn log-odds outside intent
  intentEntry: -4.55, // log-odds of entering intent in a month
  intent: 4.6, // added to the churn log-odds in intent
  intentMonths: 0.6, // × (min(months in intent, 3) − 1)
  initialIntent: 2, // P(in intent at the window start) = min(0.5, 2 · entry probability of month 0)
  earlyTenure: 1.2, // × exp(−tenureMonths / 12)
  prepaid: 0.5,
  contract: -0.7,
  complaints: 0.45, // × min(complaints in the previous two months, 3)
  billShock: 0.9, // last month's bill shock
  neighbours: 0.3, // × min(recently churned call neighbours, 3)
  neighbourDecay: 0.5, // a churned neighbour counts 1, then 0.5, 0.25 … in later months
  frailty: 0.5, // sd of the unobserved subscriber effect
} as const;

/** `truth.intentMonth` of a subscriber who never entered intent. */
const INTENT_NEVER = 32767;

/** Usage multiplier of month `t` for a subscriber in intent from month `s` with decline rate `r`: `r^min(t − s + 1, 3)`, 1 before `s`. */
export function declineFactor(s: number, r: number, t: number): number {
  const m = t - s + 1;
  if (m < 1) return 1;
  return m === 1 ? r : m === 2 ? r * r : r * r * r;
}

/** Month-by-subscriber churn state; `churnMonth` −1 = stays, M = churns in the outcome month. */
export interface ChurnPart {
  readonly exogComplaints: Uint8Array;
  readonly shock: Uint8Array;
  readonly intentMonth: Int16Array;
  readonly declineRate: Float32Array;
  readonly churnMonth: Int16Array;
  readonly churnHazard: Float64Array;
  readonly churned: Uint8Array;
}

/** Simulates churn month by month from `rChurn`; marks subscribers who left in the window `closed`. */
export function simulateChurn(ctx: GenContext, sub: SubscriberPart, graph: CallGraphPart, rChurn: Rng): ChurnPart {
  const { n, M, step } = ctx;
  const { persona, cityTier, tenure0, prepaid, contract, subscribers } = sub;
  const { adjStart, adj } = graph;
  const exogComplaints = new Uint8Array(n * M);
  const shock = new Uint8Array(n * M);
  const frailty = new Float32Array(n);
  const intentMonth = new Int16Array(n).fill(INTENT_NEVER);
  const declineRate = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const P = PERSONAS[persona[i]!]!;
    const q = ((sampleGamma(rChurn, 0.5) / 0.5) * P.complaintRate * (cityTier[i]! >= 4 ? 1.3 : 1));
    for (let t = 0; t < M; t++) {
      exogComplaints[i * M + t] = Math.min(255, samplePoisson(rChurn, q));
      shock[i * M + t] = rChurn.next() < P.billShock ? 1 : 0;
    }
    frailty[i] = CHURN.frailty * sampleNormal(rChurn);
    declineRate[i] = 0.45 + 0.25 * rChurn.next();
  }
  const churnMonth = new Int16Array(n).fill(-1);
  const churnHazard = new Float64Array(n);
  const recentNb = new Float32Array(n);
  /** The covariate index x_i(t) shared by intent entry and churn (log-odds, no intercept). */
  const covariates = (i: number, t: number): number => {
    let c2 = 0;
    if (t >= 1) c2 += exogComplaints[i * M + t - 1]!;
    if (t >= 2) c2 += exogComplaints[i * M + t - 2]!;
    return (
      PERSONAS[persona[i]!]!.churnLogOdds +
      CHURN.earlyTenure * exp(-(tenure0[i]! + t) / 12) +
      CHURN.prepaid * prepaid[i]! +
      CHURN.contract * contract[i]! +
      CHURN.complaints * Math.min(c2, 3) +
      (t >= 1 ? CHURN.billShock * shock[i * M + t - 1]! : 0) +
      CHURN.neighbours * Math.min(recentNb[i]!, 3) +
      frailty[i]!
    );
  };
  // intent at the window start (entered one or two months before it)
  for (let i = 0; i < n; i++) {
    const p0 = Math.min(0.5, CHURN.initialIntent * sigmoid(CHURN.intentEntry + covariates(i, 0)));
    if (rChurn.next() < p0) intentMonth[i] = rChurn.next() < 0.6 ? -1 : -2;
  }
  const leavers: number[] = [];
  for (let t = 0; t <= M; t++) {
    step('churn', t, M + 1);
    leavers.length = 0;
    for (let i = 0; i < n; i++) {
      if (churnMonth[i]! >= 0) continue;
      const x = covariates(i, t);
      const s = intentMonth[i]!;
      const eta = CHURN.intercept + x + (s < t ? CHURN.intent + CHURN.intentMonths * (Math.min(t - s, 3) - 1) : 0);
      const h = sigmoid(eta);
      churnHazard[i] = h;
      if (rChurn.next() < h) {
        churnMonth[i] = t;
        leavers.push(i);
      } else if (s > t && t < M && rChurn.next() < sigmoid(CHURN.intentEntry + x)) {
        intentMonth[i] = t;
      }
    }
    for (let i = 0; i < n; i++) recentNb[i] = recentNb[i]! * CHURN.neighbourDecay;
    for (const i of leavers) for (let e = adjStart[i]!; e < adjStart[i + 1]!; e++) recentNb[adj[e]!]! += 1;
  }
  const churned = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (churnMonth[i] === M) churned[i] = 1;
    else if (churnMonth[i]! >= 0) subscribers[i]!.status = 'closed';
  }
  step('churn', M + 1, M + 1);
  return { exogComplaints, shock, intentMonth, declineRate, churnMonth, churnHazard, churned };
}

/**
 * `loyaltyIndex`: a behavioural loyalty index — a documented composite of tenure, recharge
 * regularity, bundling, in-network contacts, complaints and top-up recency, 0–100 with tiers —
 * with weights given or learned against retention, and its agreement with stated loyalty (NPS).
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import { exp } from '../internal/math.js';
import { defineOptions, described, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { checkRecords, idField, intField, numField, spearman } from './check.js';

/** The components of the index. @category Loyalty */
export const LOYALTY_COMPONENTS = ['tenure', 'regularity', 'bundling', 'inNetwork', 'complaints', 'recency'] as const;
/** One of {@link LOYALTY_COMPONENTS}. @category Loyalty */
export type LoyaltyComponent = (typeof LOYALTY_COMPONENTS)[number];

/** Default weights (they sum to 1). @category Loyalty */
export const DEFAULT_LOYALTY_WEIGHTS: Readonly<Record<LoyaltyComponent, number>> = Object.freeze({
  tenure: 0.25,
  regularity: 0.15,
  bundling: 0.15,
  inNetwork: 0.15,
  complaints: 0.15,
  recency: 0.15,
});

/** What the index reads of one subscriber. @category Loyalty */
export interface LoyaltyProfile {
  readonly subscriberId: string;
  /** Months since joining, ≥ 0. */
  readonly tenureMonths: number;
  /** Share of months with a top-up or paid bill, in [0, 1]. */
  readonly rechargeRegularity: number;
  /** Services held (mobile line, broadband, TV, secondary cards, …), an integer ≥ 1. */
  readonly services: number;
  /** Share of call contacts on the operator's own network, in [0, 1]; omit when unknown. */
  readonly inNetworkShare?: number;
  /** Complaints over the observation window, an integer ≥ 0. */
  readonly complaints: number;
  /** Days since the last top-up or payment, ≥ 0. */
  readonly daysSinceTopUp: number;
}

/** Tier cut-offs and names. @category Loyalty */
export interface LoyaltyTiers {
  /** Ascending cut-offs in (0, 100); a score ≥ cut k is in tier k + 1. Default [40, 60, 80]. */
  readonly cuts: readonly number[];
  /** cuts.length + 1 names, lowest first. Default ['low', 'medium', 'high', 'champion']. */
  readonly names: readonly string[];
}

/** Options of {@link loyaltyIndex}. @category Loyalty */
export interface LoyaltyIndexOptions {
  /** Component weights (≥ 0, not all 0; normalised to sum 1), or `'learned'` from `retained`. Default {@link DEFAULT_LOYALTY_WEIGHTS}. */
  readonly weights?: Partial<Record<LoyaltyComponent, number>> | 'learned';
  /** With `weights: 'learned'`: 1/true when the subscriber stayed, aligned with `profiles`. */
  readonly retained?: readonly (number | boolean)[];
  /** Tier cut-offs and names. */
  readonly tiers?: LoyaltyTiers;
  /** Survey responses (`subscriberId`, `nps`) for the agreement with stated loyalty. */
  readonly surveys?: readonly object[];
}

/** One subscriber's index. @category Loyalty */
export interface LoyaltyScore {
  readonly subscriberId: string;
  /** 0–100. */
  readonly index: number;
  readonly tier: string;
  /** Each component, in [0, 1] (NaN for an `inNetwork` that was not given). */
  readonly components: Readonly<Record<LoyaltyComponent, number>>;
}

/** Agreement of the index with NPS where both exist. @category Loyalty */
export interface LoyaltyAgreement {
  /** Surveyed subscribers with a profile. */
  readonly n: number;
  /** Responses whose subscriber has no profile (not used). */
  readonly unmatched: number;
  /** Spearman correlation of index and NPS answer (NaN when either is constant). */
  readonly spearman: number;
  /** Mean index of detractors, passives, promoters (NaN for an empty class). */
  readonly meanIndexByClass: { readonly detractor: number; readonly passive: number; readonly promoter: number };
}

/** What {@link loyaltyIndex} returns. @category Loyalty */
export interface LoyaltyIndexResult {
  /** The weights used, summing to 1. */
  readonly weights: Readonly<Record<LoyaltyComponent, number>>;
  /** One score per profile, in input order. */
  readonly scores: readonly LoyaltyScore[];
  /** Subscribers per tier, lowest tier first. */
  readonly tierCounts: readonly { readonly tier: string; readonly count: number }[];
  /** Present when `surveys` was given. */
  readonly agreement?: LoyaltyAgreement;
}

const parseOptions = defineOptions('loyaltyIndex', {
  weights: described(
    o.union([o.literal('learned'), o.strictObject(Object.fromEntries(LOYALTY_COMPONENTS.map((c) => [c, o.number({ min: 0 }).optional()])))]),
    `'learned' or an object of non-negative weights by component (${LOYALTY_COMPONENTS.join(', ')})`,
  ).optional(),
  retained: described(o.array(o.union([o.boolean(), o.number()])), 'an array of 0/1 or booleans').optional(),
  tiers: described(
    o.strictObject({ cuts: o.array(real({ gt: 0, lt: 100 })), names: o.array(o.string({ min: 1 })) }),
    'an object { cuts, names } with ascending cuts in (0, 100) and one more name than cuts',
  ).optional(),
  surveys: described(o.array(o.unknown()), 'an array of survey responses').optional(),
});

/** The components of one profile, in [0, 1] (NaN for a missing inNetworkShare). */
function components(fn: string, r: Record<string, unknown>, i: number): Float64Array {
  const tenure = numField(fn, 'profiles', r, i, 'tenureMonths', 0);
  const reg = numField(fn, 'profiles', r, i, 'rechargeRegularity', 0, 1);
  const services = intField(fn, 'profiles', r, i, 'services', 1, 1_000);
  const inNet = r.inNetworkShare === undefined ? NaN : numField(fn, 'profiles', r, i, 'inNetworkShare', 0, 1);
  const complaints = intField(fn, 'profiles', r, i, 'complaints', 0, Number.MAX_SAFE_INTEGER);
  const days = numField(fn, 'profiles', r, i, 'daysSinceTopUp', 0);
  return Float64Array.of(1 - exp(-tenure / 24), reg, Math.min(services - 1, 3) / 3, inNet, 1 / (1 + complaints), exp(-days / 30));
}

/** Logistic regression of y on the columns of c (n × p) with a small ridge, by Newton steps (internal). */
function learnWeights(c: Float64Array[], y: Uint8Array, p: number): Float64Array {
  const n = c.length;
  const q = p + 1;
  const beta = new Float64Array(q);
  for (let it = 0; it < 50; it++) {
    const g = new Float64Array(q);
    const h = new Float64Array(q * q);
    for (let i = 0; i < n; i++) {
      const x = c[i]!;
      let eta = beta[p]!;
      for (let j = 0; j < p; j++) eta += beta[j]! * x[j]!;
      const mu = 1 / (1 + exp(-eta));
      const w = mu * (1 - mu);
      for (let a = 0; a < q; a++) {
        const xa = a === p ? 1 : x[a]!;
        g[a]! += (y[i]! - mu) * xa;
        for (let b = 0; b < q; b++) h[a * q + b]! += w * xa * (b === p ? 1 : x[b]!);
      }
    }
    for (let a = 0; a < p; a++) {
      g[a]! -= 1e-3 * beta[a]!;
      h[a * q + a]! += 1e-3;
    }
    // solve h · step = g (Gaussian elimination with partial pivoting; q ≤ 7)
    const m = Float64Array.from(h);
    const step = Float64Array.from(g);
    for (let k = 0; k < q; k++) {
      let piv = k;
      for (let r = k + 1; r < q; r++) if (Math.abs(m[r * q + k]!) > Math.abs(m[piv * q + k]!)) piv = r;
      for (let b = 0; b < q; b++) [m[k * q + b], m[piv * q + b]] = [m[piv * q + b]!, m[k * q + b]!];
      [step[k], step[piv]] = [step[piv]!, step[k]!];
      for (let r = k + 1; r < q; r++) {
        const f = m[r * q + k]! / m[k * q + k]!;
        for (let b = k; b < q; b++) m[r * q + b]! -= f * m[k * q + b]!;
        step[r]! -= f * step[k]!;
      }
    }
    for (let k = q - 1; k >= 0; k--) {
      let s = step[k]!;
      for (let b = k + 1; b < q; b++) s -= m[k * q + b]! * step[b]!;
      step[k] = s / m[k * q + k]!;
    }
    let d = 0;
    for (let a = 0; a < q; a++) {
      beta[a]! += step[a]!;
      d = Math.max(d, Math.abs(step[a]!));
    }
    if (d < 1e-10) break;
  }
  return beta.subarray(0, p);
}

/**
 * Behavioural loyalty index, 0–100: `100 · Σ_k w_k c_k / Σ_k w_k` over six components in [0, 1]:
 *
 * | component | from the profile |
 * |---|---|
 * | tenure | 1 − e^(−tenureMonths / 24) |
 * | regularity | rechargeRegularity |
 * | bundling | min(services − 1, 3) / 3 |
 * | inNetwork | inNetworkShare (left out, and the weights renormalised, when not given) |
 * | complaints | 1 / (1 + complaints) |
 * | recency | e^(−daysSinceTopUp / 30) |
 *
 * Weights default to {@link DEFAULT_LOYALTY_WEIGHTS}; given weights are normalised to sum 1;
 * `'learned'` fits a logistic regression of `retained` on the components (ridge 10⁻³, Newton
 * steps) and uses the positive coefficients, normalised (a component that does not predict
 * retention gets weight 0). Tiers cut the index at `tiers.cuts` (default 40 / 60 / 80: low,
 * medium, high, champion). With `surveys`, the index is compared with stated loyalty: the Spearman
 * correlation with the NPS answer and the mean index per NPS class.
 *
 * @param profiles - one {@link LoyaltyProfile} per subscriber (ids unique)
 * @param options - `weights`, `retained`, `tiers`, `surveys`
 * @returns `{ weights, scores, tierCounts, agreement? }`
 * @throws DataError for a field out of range (naming the profile and field), a repeated id, labels
 *   that are not 0/1 or do not match the profiles, or learned weights that are all ≤ 0
 * @throws OptionsError for bad options (`'learned'` without `retained`, weights all 0, cuts not ascending)
 * @example
 * const r = loyaltyIndex([{ subscriberId: 'S1', tenureMonths: 0, rechargeRegularity: 1, services: 4, inNetworkShare: 1, complaints: 0, daysSinceTopUp: 0 }]);
 * [r.scores[0].index, r.scores[0].tier] // => [75, 'high']
 * @category Loyalty
 */
export function loyaltyIndex(profiles: readonly LoyaltyProfile[], options: LoyaltyIndexOptions = {}): LoyaltyIndexResult {
  const fn = 'loyaltyIndex';
  const o = parseOptions(options);
  const rows = checkRecords(fn, profiles, 'profiles');
  const n = rows.length;
  const p = LOYALTY_COMPONENTS.length;
  const ids: string[] = [];
  const pos = new Map<string, number>();
  const comp: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const id = idField(fn, 'profiles', rows[i]!, i, 'subscriberId');
    if (pos.has(id)) throw new DataError(`${fn}: profiles[${i}].subscriberId ${JSON.stringify(id)} repeats profiles[${pos.get(id)}]`);
    pos.set(id, i);
    ids.push(id);
    comp.push(components(fn, rows[i]!, i));
  }
  const tiers = o.tiers ?? { cuts: [40, 60, 80], names: ['low', 'medium', 'high', 'champion'] };
  if (tiers.names.length !== tiers.cuts.length + 1) throw new OptionsError(`${fn}: option tiers needs one more name than cuts`, 'tiers');
  for (let k = 1; k < tiers.cuts.length; k++) {
    if (!(tiers.cuts[k]! > tiers.cuts[k - 1]!)) throw new OptionsError(`${fn}: option tiers.cuts must be strictly ascending`, 'tiers.cuts');
  }
  let w = new Float64Array(p);
  if (o.weights === 'learned') {
    if (!o.retained) throw new OptionsError(`${fn}: weights: 'learned' needs option retained (0/1 per profile)`, 'retained');
    if (o.retained.length !== n) throw new DataError(`${fn}: retained has ${o.retained.length} labels, profiles has ${n}`);
    const y = new Uint8Array(n);
    o.retained.forEach((v, i) => {
      if (v === true || v === 1) y[i] = 1;
      else if (v !== false && v !== 0) throw new DataError(`${fn}: retained[${i}] is ${String(v)}; expected 0/1 or a boolean`);
    });
    if (comp.some((c) => Number.isNaN(c[3]!))) throw new DataError(`${fn}: learned weights need inNetworkShare in every profile`);
    const beta = learnWeights(comp, y, p);
    for (let k = 0; k < p; k++) w[k] = Math.max(0, beta[k]!);
  } else {
    if (o.retained) throw new OptionsError(`${fn}: option retained is only used with weights: 'learned'`, 'retained');
    const given = o.weights ?? DEFAULT_LOYALTY_WEIGHTS;
    w = Float64Array.from(LOYALTY_COMPONENTS, (c) => (o.weights ? (given as Record<string, number | undefined>)[c] ?? 0 : DEFAULT_LOYALTY_WEIGHTS[c]));
  }
  let total = 0;
  for (let k = 0; k < p; k++) total += w[k]!;
  if (!(total > 0)) {
    if (o.weights === 'learned') throw new DataError(`${fn}: no component predicts retention (every learned coefficient ≤ 0)`);
    throw new OptionsError(`${fn}: option weights are all 0`, 'weights');
  }
  for (let k = 0; k < p; k++) w[k]! /= total;
  const scores: LoyaltyScore[] = [];
  const counts = new Array<number>(tiers.names.length).fill(0);
  for (let i = 0; i < n; i++) {
    const c = comp[i]!;
    let s = 0;
    let sw = 0;
    for (let k = 0; k < p; k++) {
      if (Number.isNaN(c[k]!)) continue;
      s += w[k]! * c[k]!;
      sw += w[k]!;
    }
    const index = sw > 0 ? (100 * s) / sw : 0;
    let t = 0;
    while (t < tiers.cuts.length && index >= tiers.cuts[t]!) t++;
    counts[t]!++;
    scores.push({
      subscriberId: ids[i]!,
      index,
      tier: tiers.names[t]!,
      components: Object.fromEntries(LOYALTY_COMPONENTS.map((name, k) => [name, c[k]!])) as Record<LoyaltyComponent, number>,
    });
  }
  const weights = Object.fromEntries(LOYALTY_COMPONENTS.map((name, k) => [name, w[k]!])) as Record<LoyaltyComponent, number>;
  const tierCounts = tiers.names.map((tier, k) => ({ tier, count: counts[k]! }));
  if (!o.surveys) return { weights, scores, tierCounts };
  const sv = checkRecords(fn, o.surveys, 'surveys', 0);
  const a: number[] = [];
  const b: number[] = [];
  const sum = [0, 0, 0];
  const cnt = [0, 0, 0];
  let unmatched = 0;
  for (let i = 0; i < sv.length; i++) {
    const id = idField(fn, 'surveys', sv[i]!, i, 'subscriberId');
    const nps = intField(fn, 'surveys', sv[i]!, i, 'nps', 0, 10);
    const k = pos.get(id);
    if (k === undefined) {
      unmatched++;
      continue;
    }
    a.push(scores[k]!.index);
    b.push(nps);
    const cl = nps >= 9 ? 2 : nps >= 7 ? 1 : 0;
    sum[cl]! += scores[k]!.index;
    cnt[cl]!++;
  }
  const mean = (k: number) => (cnt[k]! > 0 ? sum[k]! / cnt[k]! : NaN);
  return {
    weights,
    scores,
    tierCounts,
    agreement: {
      n: a.length,
      unmatched,
      spearman: a.length > 1 ? spearman(a, b) : NaN,
      meanIndexByClass: { detractor: mean(0), passive: mean(1), promoter: mean(2) },
    },
  };
}


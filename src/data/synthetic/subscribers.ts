/**
 * Step 1 of {@link generateOperator}: the subscriber records and the per-subscriber levels the
 * later steps draw from (persona, region, plan, bill level, home location).
 * @module
 */
import type { Rng } from '../../internal/rng.js';
import type { Subscriber } from '../../schema/subscriber.js';
import { CUSTOMER_TYPES, DEVICES, DISCOUNTS, NETWORKS, OCCUPATIONS, OSES, POSTPAID_FEES, PREPAID_FEES, PRICE_TIERS } from './catalogue.js';
import { CHUNK, PERSONAS, REGIONS, clamp, codeId, fromCodes, isoDate, type GenContext } from './context.js';
import { cumulative, sampleCategorical, sampleGamma, sampleLogNormal, sampleNormal, samplePoisson } from './samplers.js';

const STANDARD_GROUPS = ['2g-standard', '3g-standard', '4g-standard', '5g-standard'];

/** The records and the per-subscriber arrays later steps read (index i = subscriber i). */
export interface SubscriberPart {
  readonly subscribers: Subscriber[];
  readonly ids: string[];
  readonly persona: Uint8Array;
  readonly region: Uint8Array;
  readonly cityTier: Uint8Array;
  readonly prepaid: Uint8Array;
  readonly contract: Uint8Array;
  readonly network: Uint8Array;
  readonly featurePhone: Uint8Array;
  readonly discountRate: Float32Array;
  /** Tenure in months at the window start. */
  readonly tenure0: Float32Array;
  readonly billLevel: Float64Array;
  readonly planFee: Float64Array;
  readonly homeLat: Float64Array;
  readonly homeLon: Float64Array;
}

/** Draws every subscriber from `rSub`, in index order. */
export function generateSubscribers(ctx: GenContext, rSub: Rng): SubscriberPart {
  const { n, step, y0, m0, personaCum, regionCum } = ctx;
  const cumOf = (f: (p: (typeof PERSONAS)[number]) => readonly number[]) => PERSONAS.map((p) => cumulative(f(p)));
  const ctCum = cumOf((p) => p.customerType);
  const netCum = cumOf((p) => p.network);
  const osCum = cumOf((p) => p.os);
  const tierCum = cumOf((p) => p.priceTier);
  const cityCum = cumOf((p) => p.cityTier);
  const idWidth = Math.max(7, String(n).length);
  const persona = new Uint8Array(n);
  const region = new Uint8Array(n);
  const cityTier = new Uint8Array(n);
  const prepaid = new Uint8Array(n);
  const contract = new Uint8Array(n);
  const network = new Uint8Array(n);
  const featurePhone = new Uint8Array(n);
  const discountRate = new Float32Array(n);
  const tenure0 = new Float32Array(n);
  const billLevel = new Float64Array(n);
  const planFee = new Float64Array(n);
  const homeLat = new Float64Array(n);
  const homeLon = new Float64Array(n);
  const ids: string[] = new Array(n);
  const subscribers: Subscriber[] = new Array(n);
  const discountIds = ['D05', 'D10', 'D15', 'D20'];
  const dateCodes = new Array<number>(10);
  const planIds = new Map<string, string>();
  const employers: string[] = [];
  for (let i = 0; i < n; i++) {
    if ((i & (CHUNK - 1)) === 0) step('subscribers', i, n);
    const r = rSub;
    const p = sampleCategorical(r, personaCum);
    const P = PERSONAS[p]!;
    persona[i] = p;
    const reg = sampleCategorical(r, regionCum);
    region[i] = reg;
    const R = REGIONS[reg]!;
    const tier = sampleCategorical(r, cityCum[p]!) + 1;
    cityTier[i] = tier;
    const gender = r.next() < 0.02 ? 'unknown' : r.next() < P.male ? 'male' : 'female';
    const age = clamp(Math.round(P.age[0] + P.age[1] * sampleNormal(r)), 16, 85);
    const ct = sampleCategorical(r, ctCum[p]!);
    const customerType = CUSTOMER_TYPES[ct]!;
    const isPre = ct !== 2 && ct !== 3 && r.next() < P.prepaid;
    prepaid[i] = isPre ? 1 : 0;
    let discountId: string | undefined;
    if (!isPre && r.next() < P.contract) {
      contract[i] = 1;
      discountId = r.next() < 0.5 ? 'C12' : 'C24';
    } else if (r.next() < P.discount) discountId = discountIds[r.int(4)]!;
    discountRate[i] = discountId ? DISCOUNTS[discountId]! : 0;
    const ten = Math.min(300, Math.floor((sampleGamma(r, P.tenure[1]) * P.tenure[0]) / P.tenure[1]));
    tenure0[i] = ten;
    const joinDate = isoDate(dateCodes, y0, m0 - ten, 1 + r.int(28));
    let net = sampleCategorical(r, netCum[p]!);
    const os = sampleCategorical(r, osCum[p]!);
    const isFeature = os === 3;
    if (isFeature && net === 3) net = 2;
    featurePhone[i] = isFeature ? 1 : 0;
    const pt = isFeature ? 0 : sampleCategorical(r, tierCum[p]!);
    const brands = DEVICES[OSES[os]!];
    const dev = brands[r.int(brands.length)]!;
    let supports5G = os < 3 && (pt >= 2 || r.next() < (pt === 1 ? 0.85 : 0.35));
    if (net === 3) supports5G = true;
    network[i] = net;
    const devAge = Math.min(ten, Math.floor(sampleGamma(r, 1.5) * 12));
    const acquisitionDate = isoDate(dateCodes, y0, m0 - devAge, 1 + r.int(28));
    const bill = sampleLogNormal(r, P.bill[0], P.bill[1]);
    billLevel[i] = bill;
    const fees = isPre ? PREPAID_FEES : POSTPAID_FEES;
    let fee: number = fees[0];
    for (const f of fees) if (f <= 0.8 * bill) fee = f;
    planFee[i] = fee;
    const planGroup =
      ct === 1 ? 'family-share' : ct === 2 || ct === 3 ? 'business-pro' : isPre ? 'prepaid-basic' : net === 3 ? 'unlimited-5g' : p === 0 ? 'voice-plus' : STANDARD_GROUPS[net]!;
    let secondaryCards = samplePoisson(r, P.secondaryCards);
    if (ct === 1 && secondaryCards === 0) secondaryCards = 1;
    if (secondaryCards > 5) secondaryCards = 5;
    const creditScore = clamp(Math.round(620 + 1.2 * Math.min(ten, 120) - (isPre ? 60 : 0) + 25 * (3 - tier) + 70 * sampleNormal(r)), 300, 950);
    const occupation = r.next() < 0.6 ? OCCUPATIONS[p]![r.int(4)]! : undefined;
    homeLat[i] = R.lat + 0.35 * sampleNormal(r);
    homeLon[i] = R.lon + 0.35 * sampleNormal(r);
    const id = codeId(83, i + 1, idWidth);
    const planKey = (isPre ? 'PRE-' : 'PST-') + NETWORKS[net]! + '-' + fee;
    let planId = planIds.get(planKey);
    if (planId === undefined) planIds.set(planKey, (planId = fromCodes(Array.from(planKey, (ch) => ch.charCodeAt(0)))));
    ids[i] = id;
    const s: Subscriber = {
      id,
      gender,
      birthYear: y0 - age,
      regionCode: R.code,
      cityTier: tier,
      customerType,
      joinDate,
      planId,
      planGroup,
      paymentPlan: isPre ? 'prepaid' : 'postpaid',
      creditScore,
      status: 'active',
      networkType: NETWORKS[net]!,
      device: { brand: dev.brand, model: dev.models[pt]!, os: OSES[os]!, priceTier: PRICE_TIERS[pt]!, acquisitionDate, supports5G },
      secondaryCards,
    };
    if (occupation !== undefined) s.occupation = occupation;
    if (ct === 2 || ct === 3) {
      const e = r.int(Math.max(1, Math.ceil(n / 50)));
      s.employer = employers[e] ??= codeId(69, e + 1, 5);
    }
    if (discountId !== undefined) s.discountId = discountId;
    subscribers[i] = s;
  }
  step('subscribers', n, n);
  return { subscribers, ids, persona, region, cityTier, prepaid, contract, network, featurePhone, discountRate, tenure0, billLevel, planFee, homeLat, homeLon };
}

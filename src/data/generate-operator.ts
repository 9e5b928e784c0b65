/**
 * `generateOperator`: a synthetic mobile operator with a known generative model — subscribers,
 * monthly usage and billing, a call graph, location pings, an offer catalogue and campaign
 * interactions, with the ground truth (persona, churn hazard and outcome, offer affinity, call
 * community) kept apart so that every downstream method can be checked against it.
 * The model is written out in docs/synthetic-operator.md.
 *
 * @module
 */
import { throwIfAborted, type LongRunOptions } from '../internal/model.js';
import { createRng } from '../internal/rng.js';
import type { CallEdge } from '../schema/call-edge.js';
import type { Interaction } from '../schema/interaction.js';
import type { LocationPing } from '../schema/location-ping.js';
import type { Offer } from '../schema/offer.js';
import type { Subscriber } from '../schema/subscriber.js';
import type { UsageMonth } from '../schema/usage-month.js';
import {
  CUSTOMER_TYPES,
  DEVICES,
  DISCOUNTS,
  N_TRAITS,
  NETWORKS,
  OCCUPATIONS,
  OSES,
  POSTPAID_FEES,
  PREPAID_FEES,
  PRICE_TIERS,
  REGIONS,
} from './synthetic/catalogue.js';
import { buildOffers } from './synthetic/offers.js';
import { PERSONAS } from './synthetic/personas.js';
import { cumulative, sampleBeta, sampleNormal, sampleCategorical, sampleGamma, sampleLogNormal, samplePoisson, sigmoid } from './synthetic/samplers.js';
import { exp } from '../internal/math.js';
import { optionError, SEED_LIMIT } from '../internal/options.js';
import { MAX_PINGS_PER_SUBSCRIBER, MAX_SUBSCRIBERS } from '../limits.js';

/** Options of {@link generateOperator}. @category Data */
export interface GenerateOperatorOptions extends LongRunOptions {
  /** Number of subscribers (≥ 1). Default 10,000. */
  subscribers?: number;
  /** Months of usage in the observation window (1–120). Default 6. */
  months?: number;
  /** Offers in the catalogue (1–9,999). Default 40. */
  offers?: number;
  /** Seed of the random generator (32-bit integer). Default 0. */
  seed?: number;
  /** First month of the window, `YYYY-MM`. Default `'2024-01'`. */
  startMonth?: string;
  /** Mean location pings per subscriber over the window (0 turns pings off). Default 3. */
  pingsPerSubscriber?: number;
  /** Emit the monthly call-graph edges (about 8 per subscriber-month; the graph is always built for churn contagion and `truth.community`). Default true. */
  callEdges?: boolean;
  /** Campaign impressions per subscriber over the window (0 turns campaigns off; organic purchases remain). Default 4. */
  impressionsPerSubscriber?: number;
}

/**
 * The ground truth behind a synthetic operator: what generated the data, kept apart from it.
 * Arrays are aligned with `subscribers` (index i is subscriber i).
 * @category Data
 */
export interface OperatorTruth {
  /** Each subscriber's latent persona id (one of `personaIds`). */
  persona: string[];
  /** Index of each subscriber's persona in `personaIds` / {@link PERSONAS}. */
  personaIndex: Uint8Array;
  /** The persona ids, in {@link PERSONAS} order. */
  personaIds: string[];
  /**
   * True monthly churn probability, exactly the probability the simulation drew the churn event
   * with: for subscribers active through the window, the probability of leaving in
   * `outcomeMonth` given the full latent state at the end of the window (covariates, frailty,
   * churned neighbours, intent and months in intent) — the Bayes-optimal score for `churned`,
   * which no model of the observed data can beat in expectation; for subscribers who left inside
   * the window, the probability in the month they left.
   */
  churnHazard: Float64Array;
  /**
   * Month index from which the subscriber was in the latent intent-to-leave state (usage falls,
   * complaints rise, churn hazard is much higher): 0…months−1 inside the window, −1 or −2 if
   * already in intent 1 or 2 months before the window start, 32767 if never.
   */
  intentMonth: Int16Array;
  /** 1 when the subscriber was active through the window and left in `outcomeMonth` (the label to predict). */
  churned: Uint8Array;
  /** Month index the subscriber left: 0…months−1 inside the window (status `closed`), `months` for `outcomeMonth`, −1 if they stayed. */
  churnMonth: Int16Array;
  /** True P(accept | impression) of subscriber i for offer j at `i * offers.length + j` (subscribers × offers, row-major). */
  offerAffinity: Float32Array;
  /** Call-graph community of each subscriber (communities are mostly one persona, always one region). */
  community: Int32Array;
  /** The window's months, `YYYY-MM`. */
  months: string[];
  /** The month after the window, in which `churned` is observed. */
  outcomeMonth: string;
}

/** What {@link generateOperator} returns: schema-valid records plus the ground truth. @category Data */
export interface SyntheticOperator {
  /** One record per subscriber, ids `S0000001`…; in-window churners have status `closed`. */
  subscribers: Subscriber[];
  /** One record per subscriber and active month, grouped by subscriber, months in order. */
  usage: UsageMonth[];
  /** Directed monthly call edges (caller, callee, month), month by month; empty when `callEdges: false`. */
  callEdges: CallEdge[];
  /** Location pings (latitude/longitude), by subscriber and time; empty when `pingsPerSubscriber: 0`. */
  pings: LocationPing[];
  /** The offer catalogue, ids `O001`…. */
  offers: Offer[];
  /** Campaign impressions, clicks, accepts and declines, then organic accepts (web/store, no campaign). */
  interactions: Interaction[];
  /** The ground truth. */
  truth: OperatorTruth;
}

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
const COMMUNITY_SAME_PERSONA = 0.8;
const EDGE_IN_COMMUNITY = 0.85;
const LATENT_DIM = 4;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const STANDARD_GROUPS = ['2g-standard', '3g-standard', '4g-standard', '5g-standard'];

const round2 = (x: number) => Math.round(x * 100) / 100;
const round5 = (x: number) => Math.round(x * 1e5) / 1e5;
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** Usage multiplier of month `t` for a subscriber in intent from month `s` with decline rate `r`: `r^min(t − s + 1, 3)`, 1 before `s`. */
function declineFactor(s: number, r: number, t: number): number {
  const m = t - s + 1;
  if (m < 1) return 1;
  return m === 1 ? r : m === 2 ? r * r : r * r * r;
}

// Strings are built from character codes: template literals would leave V8 cons-string trees
// (about 200 bytes per timestamp instead of 40), which matters at millions of records.

/** Writes `v` as `width` decimal digits into `c` from `pos`. */
function writeDigits(c: number[], pos: number, v: number, width: number): void {
  for (let k = width - 1; k >= 0; k--) {
    const q = Math.floor(v / 10);
    c[pos + k] = 48 + (v - 10 * q);
    v = q;
  }
}

function fromCodes(c: number[]): string {
  return String.fromCharCode.apply(null, c);
}

/** `YYYY-MM-DD` of day `day` (1–28) in month `monthIndex` months after January of `year` (may be negative); `c` has length 10. */
function isoDate(c: number[], year: number, monthIndex: number, day: number): string {
  const y = year + Math.floor(monthIndex / 12);
  const m = monthIndex - 12 * Math.floor(monthIndex / 12);
  writeDigits(c, 0, y, 4);
  c[4] = 45;
  writeDigits(c, 5, m + 1, 2);
  c[7] = 45;
  writeDigits(c, 8, day, 2);
  return fromCodes(c);
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` of an epoch time in ms (whole seconds; `c` has length 20), without a
 * Date object: days to civil date by H. Hinnant's algorithm ("chrono-Compatible Low-Level Date
 * Algorithms", 2013).
 */
function isoInstant(c: number[], ms: number): string {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  const sod = secs - days * 86400;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const hh = Math.floor(sod / 3600);
  const mi = Math.floor((sod - hh * 3600) / 60);
  writeDigits(c, 0, y, 4);
  c[4] = 45;
  writeDigits(c, 5, m, 2);
  c[7] = 45;
  writeDigits(c, 8, d, 2);
  c[10] = 84;
  writeDigits(c, 11, hh, 2);
  c[13] = 58;
  writeDigits(c, 14, mi, 2);
  c[16] = 58;
  writeDigits(c, 17, sod - hh * 3600 - mi * 60, 2);
  c[19] = 90;
  return fromCodes(c);
}

/** `prefix` followed by `v` in `width` digits, as a flat string. */
function codeId(prefix: number, v: number, width: number): string {
  const c = new Array<number>(width + 1);
  c[0] = prefix;
  writeDigits(c, 1, v, width);
  return fromCodes(c);
}

function checkInt(fn: string, name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) throw optionError(fn, name, `an integer in [${lo}, ${hi}]`, v);
}

/**
 * Generates a synthetic mobile operator from a documented generative model: eight latent
 * personas drive every distribution (log-normal bills, long-tailed data use, night share, app
 * mix, voice, SMS, travel, secondary cards, devices, plans); churn is a forward-in-time latent
 * process on the covariate index
 * `x = persona + 1.2·e^(−tenure/12) + 0.5·prepaid − 0.7·contract + 0.45·min(complaints₂, 3) + 0.9·billShock + 0.3·min(R, 3) + ε`
 * (complaints₂: service complaints of the two previous months; R: call neighbours who left,
 * halved each month since; ε ~ N(0, 0.5²) per subscriber): each month an active subscriber
 * enters a latent intent-to-leave state with probability `σ(−4.55 + x)`, in which usage falls
 * and complaints rise, and leaves with probability
 * `h = σ(−5.45 + x + intent·(4.6 + 0.6·(min(months in intent, 3) − 1)))`, simulated month by month
 * over the window and the month after it, so churn spreads through a homophilous call graph and
 * about 70 % of churners show one to three months of decline first. `truth.churnHazard` is the
 * very probability the outcome was drawn with, given the full latent state: the Bayes-optimal
 * churn score. Offer uptake follows a
 * persona × offer-trait affinity plus a low-rank individual taste. The full model, with what the
 * data can and cannot show, is in docs/synthetic-operator.md.
 *
 * Output depends only on the options: the same seed gives identical records. Each part draws from
 * its own random stream, so turning `callEdges` or pings off leaves the rest unchanged.
 *
 * @param options - sizes, seed and window; see {@link GenerateOperatorOptions}
 * @param options.subscribers - number of subscribers (default 10,000)
 * @param options.months - months in the window (default 6)
 * @param options.offers - offers in the catalogue (default 40)
 * @param options.seed - random seed (default 0)
 * @param options.startMonth - first month, `YYYY-MM` (default `'2024-01'`)
 * @param options.pingsPerSubscriber - mean pings per subscriber (default 3)
 * @param options.callEdges - emit monthly call edges (default true)
 * @param options.impressionsPerSubscriber - campaign impressions per subscriber (default 4)
 * @param options.onProgress - called per stage and every 65,536 subscribers
 * @param options.signal - aborts between chunks
 * @returns `{ subscribers, usage, callEdges, pings, offers, interactions, truth }`, see {@link SyntheticOperator}
 * @throws DataError when an option is out of range
 * @throws AbortError when `options.signal` fires
 * @example
 * const op = generateOperator({ subscribers: 1000, months: 3, seed: 7 });
 * op.subscribers.length // => 1000
 * op.subscribers[0].id // => 'S0000001'
 * op.offers.length // => 40
 * op.truth.personaIds.length // => 8
 * @category Data
 */
export function generateOperator(options: GenerateOperatorOptions = {}): SyntheticOperator {
  const fn = 'generateOperator';
  const n = options.subscribers ?? 10_000;
  const M = options.months ?? 6;
  const nOffers = options.offers ?? 40;
  const seed = options.seed ?? 0;
  const startMonth = options.startMonth ?? '2024-01';
  const pingsPer = options.pingsPerSubscriber ?? 3;
  const impPer = options.impressionsPerSubscriber ?? 4;
  const withEdges = options.callEdges ?? true;
  checkInt(fn, 'subscribers', n, 1, MAX_SUBSCRIBERS);
  checkInt(fn, 'months', M, 1, 120);
  checkInt(fn, 'offers', nOffers, 1, 9_999);
  if (!Number.isInteger(seed) || seed < 0 || seed >= SEED_LIMIT) throw optionError(fn, 'seed', 'an integer in [0, 2³²)', seed);
  const sm = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(startMonth);
  // subscribers are 16–85 years old and SubscriberSchema takes birth years 1900–2030
  if (!sm || Number(sm[1]) < 1986 || Number(sm[1]) > 2045) {
    throw optionError(fn, 'startMonth', 'a month as YYYY-MM from 1986-01 to 2045-12', startMonth);
  }
  if (!(pingsPer >= 0 && pingsPer <= MAX_PINGS_PER_SUBSCRIBER)) throw optionError(fn, 'pingsPerSubscriber', `a number in [0, ${MAX_PINGS_PER_SUBSCRIBER}]`, pingsPer);
  if (!(impPer >= 0 && impPer <= 10_000)) throw optionError(fn, 'impressionsPerSubscriber', 'a number in [0, 10000]', impPer);
  const { signal, onProgress } = options;
  const CHUNK = 65_536;
  const step = (stage: string, done: number, total: number) => {
    throwIfAborted(signal, fn);
    onProgress?.({ stage, done, total });
  };

  // calendar (no clock reads: everything is computed from startMonth)
  const y0 = Number(sm[1]);
  const m0 = Number(sm[2]) - 1;
  const monthStart = new Float64Array(M + 2);
  const monthNames: string[] = [];
  for (let t = 0; t <= M + 1; t++) {
    monthStart[t] = Date.UTC(y0, m0 + t, 1);
    if (t <= M) monthNames.push(isoInstant(new Array<number>(20), monthStart[t]!).slice(0, 7));
  }
  const windowStart = monthStart[0]!;
  const windowEnd = monthStart[M]!;

  const root = createRng(seed);
  const rSub = root.fork();
  const rGraph = root.fork();
  const rChurn = root.fork();
  const rUsage = root.fork();
  const rEdges = root.fork();
  const rPings = root.fork();
  const rOffers = root.fork();
  const rInter = root.fork();

  const nP = PERSONAS.length;
  const personaCum = cumulative(PERSONAS.map((p) => p.share));
  const regionCum = cumulative(REGIONS.map((r) => r.weight));
  const cumOf = (f: (p: (typeof PERSONAS)[number]) => readonly number[]) => PERSONAS.map((p) => cumulative(f(p)));
  const ctCum = cumOf((p) => p.customerType);
  const netCum = cumOf((p) => p.network);
  const osCum = cumOf((p) => p.os);
  const tierCum = cumOf((p) => p.priceTier);
  const cityCum = cumOf((p) => p.cityTier);
  const idWidth = Math.max(7, String(n).length);

  // ---- 1. subscribers -------------------------------------------------------------------------
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
  const tsCodes = new Array<number>(20);
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

  // ---- 2. call graph: communities within region, mostly within persona -----------------------
  const key = new Int32Array(n);
  const nKeys = REGIONS.length * nP;
  const keyCount = new Int32Array(nKeys + 1);
  for (let i = 0; i < n; i++) {
    const kp = rGraph.next() < COMMUNITY_SAME_PERSONA ? persona[i]! : sampleCategorical(rGraph, personaCum);
    const k = region[i]! * nP + kp;
    key[i] = k;
    keyCount[k + 1]!++;
  }
  for (let k = 0; k < nKeys; k++) keyCount[k + 1]! += keyCount[k]!;
  const order = new Int32Array(n); // subscribers sorted by key (stable)
  {
    const pos = keyCount.slice(0, nKeys);
    for (let i = 0; i < n; i++) order[pos[key[i]!]!++] = i;
  }
  const community = new Int32Array(n);
  const commStartList: number[] = [];
  for (let k = 0; k < nKeys; k++) {
    let a = keyCount[k]!;
    const end = keyCount[k + 1]!;
    while (a < end) {
      let size = 10 + samplePoisson(rGraph, 30);
      if (end - (a + size) < 5) size = end - a;
      const c = commStartList.length;
      commStartList.push(a);
      const b = Math.min(end, a + size);
      for (let q = a; q < b; q++) community[order[q]!] = c;
      a = b;
    }
  }
  commStartList.push(n);
  const commStart = Int32Array.from(commStartList);
  // members by region, for out-of-community contacts
  const regCount = new Int32Array(REGIONS.length + 1);
  for (let i = 0; i < n; i++) regCount[region[i]! + 1]!++;
  for (let k = 0; k < REGIONS.length; k++) regCount[k + 1]! += regCount[k]!;
  const byRegion = new Int32Array(n);
  {
    const pos = regCount.slice(0, REGIONS.length);
    for (let i = 0; i < n; i++) byRegion[pos[region[i]!]!++] = i;
  }
  // out-degrees, then targets
  const outStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) outStart[i + 1] = outStart[i]! + 1 + samplePoisson(rGraph, PERSONAS[persona[i]!]!.contacts - 1);
  const nOut = outStart[n]!;
  const dst = new Int32Array(nOut).fill(-1);
  const lambda = new Float32Array(nOut);
  for (let i = 0; i < n; i++) {
    if ((i & (CHUNK - 1)) === 0) step('graph', i, n);
    const c = community[i]!;
    const cs = commStart[c]!;
    const csz = commStart[c + 1]! - cs;
    const rg = region[i]!;
    const rs = regCount[rg]!;
    const rsz = regCount[rg + 1]! - rs;
    const a = outStart[i]!;
    const b = outStart[i + 1]!;
    const meanCalls = (0.6 * PERSONAS[persona[i]!]!.voiceMinutes[0]) / (3 * (b - a));
    for (let e = a; e < b; e++) {
      if (n === 1) break;
      let j = -1;
      for (let attempt = 0; attempt < 6 && j < 0; attempt++) {
        const u = rGraph.next();
        let cand: number;
        if (u < EDGE_IN_COMMUNITY && csz > 1) cand = order[cs + rGraph.int(csz)]!;
        else if (u < EDGE_IN_COMMUNITY + (1 - EDGE_IN_COMMUNITY) / 2 && rsz > 1) cand = byRegion[rs + rGraph.int(rsz)]!;
        else cand = rGraph.int(n);
        if (cand === i) continue;
        let dup = false;
        for (let f = a; f < e; f++) if (dst[f] === cand) dup = true;
        if (!dup) j = cand;
      }
      dst[e] = j;
      lambda[e] = (meanCalls * sampleGamma(rGraph, 0.8)) / 0.8;
    }
  }
  step('graph', n, n);
  // undirected adjacency (CSR) for contagion
  const adjStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
      const j = dst[e]!;
      if (j < 0) continue;
      adjStart[i + 1]!++;
      adjStart[j + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) adjStart[i + 1]! += adjStart[i]!;
  const adj = new Int32Array(adjStart[n]!);
  {
    const pos = adjStart.slice(0, n);
    for (let i = 0; i < n; i++) {
      for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
        const j = dst[e]!;
        if (j < 0) continue;
        adj[pos[i]!++] = j;
        adj[pos[j]!++] = i;
      }
    }
  }

  // ---- 3. churn: exogenous complaints and bill shocks, then the monthly hazard ---------------
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

  // ---- 4. monthly usage and billing ----------------------------------------------------------
  const usage: UsageMonth[] = [];
  const sh = new Float64Array(8);
  const NET_DATA = [0.05, 0.3, 1, 1.35];
  for (let i = 0; i < n; i++) {
    if ((i & (CHUNK - 1)) === 0) step('usage', i, n);
    const r = rUsage;
    const p = persona[i]!;
    const P = PERSONAS[p]!;
    const sid = ids[i]!;
    const cm = churnMonth[i]!;
    const last = cm >= 0 && cm < M ? cm : M;
    const si = intentMonth[i]!;
    const rr = declineRate[i]!;
    const dataLevel = sampleLogNormal(r, P.dataMB[0], P.dataMB[1]) * NET_DATA[network[i]!]! * (featurePhone[i] ? 0.1 : 1);
    const nightS = sampleBeta(r, P.nightShare[0], P.nightShare[1]);
    let shSum = 0;
    for (let a = 0; a < 8; a++) shSum += sh[a] = sampleGamma(r, P.apps[a]! * 30);
    for (let a = 0; a < 8; a++) sh[a] = sh[a]! / shSum;
    const wapS = 0.01 + 0.03 * r.next();
    const voiceLevel = sampleLogNormal(r, P.voiceMinutes[0], P.voiceMinutes[1]);
    const ldS = sampleBeta(r, P.longDistanceShare, 20);
    const roamS = sampleBeta(r, P.roamingShare, 20);
    const smsLevel = (P.sms * sampleGamma(r, 2)) / 2;
    const awayS = sampleBeta(r, Math.max(P.awayShare, 0.01), 10);
    const vasN = samplePoisson(r, P.vas);
    const vasUnit = 3 + 7 * r.next();
    const callLen = sampleLogNormal(r, 2.8, 0.3);
    const contactsL = 2 + 1.6 * (outStart[i + 1]! - outStart[i]!);
    const bill = billLevel[i]!;
    const fee = planFee[i]!;
    const isPre = prepaid[i] === 1;
    const disc = discountRate[i]!;
    const roamer = P.roamingShare >= 0.05;
    for (let t = 0; t < last; t++) {
      const dec = declineFactor(si, rr, t);
      const leaving = si <= t;
      const isShock = shock[i * M + t] === 1;
      const dataMB = Math.round(dataLevel * (1 + 0.02 * t) * dec * exp(0.25 * sampleNormal(r)));
      const nightDataMB = Math.min(dataMB, Math.round(dataMB * Math.min(0.95, nightS * exp(0.15 * sampleNormal(r)))));
      let left = dataMB;
      const appVideoMB = Math.min(left, Math.round(dataMB * sh[0]! * exp(0.2 * sampleNormal(r))));
      left -= appVideoMB;
      const appSocialMB = Math.min(left, Math.round(dataMB * sh[1]! * exp(0.2 * sampleNormal(r))));
      left -= appSocialMB;
      const appGamesMB = Math.min(left, Math.round(dataMB * sh[2]! * exp(0.2 * sampleNormal(r))));
      left -= appGamesMB;
      const appTravelMB = Math.min(left, Math.round(dataMB * sh[3]! * exp(0.2 * sampleNormal(r)) * (isShock && roamer ? 2 : 1)));
      left -= appTravelMB;
      const appShoppingMB = Math.min(left, Math.round(dataMB * sh[4]! * exp(0.2 * sampleNormal(r))));
      left -= appShoppingMB;
      const appNewsMB = Math.min(left, Math.round(dataMB * sh[5]! * exp(0.2 * sampleNormal(r))));
      left -= appNewsMB;
      const appMusicMB = Math.min(left, Math.round(dataMB * sh[6]! * exp(0.2 * sampleNormal(r))));
      left -= appMusicMB;
      const wapMB = Math.round(dataMB * wapS);
      const V = voiceLevel * dec * exp(0.2 * sampleNormal(r));
      const longDistanceVoiceMinutes = Math.round(V * ldS);
      const roamingVoiceMinutes = Math.round(V * roamS * (isShock && roamer ? 2.5 : 1));
      const localVoiceMinutes = Math.max(0, Math.round(V) - longDistanceVoiceMinutes - Math.round(V * roamS));
      const callsOut = samplePoisson(r, (0.55 * V) / callLen);
      const callsIn = samplePoisson(r, (0.45 * V) / callLen);
      const distinctContacts = Math.min(callsOut + callsIn, samplePoisson(r, contactsL * (0.5 + 0.5 * dec)));
      const smsCount = samplePoisson(r, smsLevel * dec);
      const awayWeekdayCalls = Math.min(callsOut, samplePoisson(r, callsOut * 0.7 * awayS));
      // money
      const vasFee = round2(vasN * vasUnit);
      const smsFee = round2(smsCount * 0.03);
      const target = bill * exp(0.12 * sampleNormal(r)) * (leaving ? 0.7 + 0.3 * dec : 1);
      const over = Math.max(0, target - fee - vasFee - smsFee);
      const voiceW = V / (V + dataMB / 40 + 1);
      const ov = over * voiceW;
      const wsum = localVoiceMinutes + 2 * longDistanceVoiceMinutes + 3 * roamingVoiceMinutes;
      const localCallFee = wsum > 0 ? round2((ov * localVoiceMinutes) / wsum) : 0;
      const longDistanceFee = wsum > 0 ? round2((ov * 2 * longDistanceVoiceMinutes) / wsum) : 0;
      const roamFee = wsum > 0 ? (ov * 3 * roamingVoiceMinutes) / wsum : 0;
      let dataOver = over * (1 - voiceW);
      let extra = 0;
      if (isShock) {
        const x = bill * (0.8 + 1.2 * r.next());
        if (roamer) extra = x;
        else dataOver += x;
      }
      const newBusinessFee = r.next() < 0.03 ? round2(10 + 40 * r.next()) : 0;
      const basicCommFee = round2(localCallFee + longDistanceFee + dataOver);
      const otherFee = round2(roamFee + extra);
      const billedAmount = round2(fee + basicCommFee + smsFee + vasFee + newBusinessFee + otherFee);
      const writeOff = !isPre && r.next() < 0.004;
      const actualRevenue = writeOff ? 0 : round2(billedAmount * (1 - disc));
      let topUpCount = 0;
      let topUpAmount = 0;
      if (isPre) {
        topUpCount = 1 + samplePoisson(r, Math.max(0, P.topUps - 1));
        topUpAmount = Math.ceil((actualRevenue * (0.95 + 0.25 * r.next())) / 10) * 10;
      }
      const complaints = exogComplaints[i * M + t]! + (leaving ? samplePoisson(r, 0.5) : 0);
      const serviceCalls = complaints + samplePoisson(r, leaving ? 0.8 : 0.15);
      usage.push({
        subscriberId: sid,
        month: monthNames[t]!,
        localVoiceMinutes,
        longDistanceVoiceMinutes,
        roamingVoiceMinutes,
        callsOut,
        callsIn,
        distinctContacts,
        smsCount,
        dataMB,
        nightDataMB,
        wapMB,
        vasCount: vasN,
        monthlyFee: fee,
        localCallFee,
        longDistanceFee,
        basicCommFee,
        smsFee,
        vasFee,
        newBusinessFee,
        otherFee,
        billedAmount,
        actualRevenue,
        topUpCount,
        topUpAmount,
        complaints,
        serviceCalls,
        awayWeekdayCalls,
        appVideoMB,
        appSocialMB,
        appGamesMB,
        appTravelMB,
        appShoppingMB,
        appNewsMB,
        appMusicMB,
        appOtherMB: left,
      });
    }
  }
  step('usage', n, n);

  // ---- 5. monthly call edges -----------------------------------------------------------------
  const callEdges: CallEdge[] = [];
  if (withEdges) {
    for (let t = 0; t < M; t++) {
      step('callEdges', t, M);
      const mo = monthNames[t]!;
      for (let i = 0; i < n; i++) {
        const ci = churnMonth[i]!;
        if (ci >= 0 && ci <= t) continue;
        const dec = declineFactor(intentMonth[i]!, declineRate[i]!, t);
        for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
          const j = dst[e]!;
          if (j < 0) continue;
          const cj = churnMonth[j]!;
          if (cj >= 0 && cj <= t) continue;
          const calls = samplePoisson(rEdges, lambda[e]! * dec);
          if (calls === 0) continue;
          const minutes = Math.max(1, Math.round(calls * sampleLogNormal(rEdges, 2.5, 0.5)));
          callEdges.push({ callerId: ids[i]!, calleeId: ids[j]!, month: mo, calls, minutes });
        }
      }
    }
    step('callEdges', M, M);
  }

  // ---- 6. location pings ---------------------------------------------------------------------
  const pings: LocationPing[] = [];
  if (pingsPer > 0) {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      if ((i & (CHUNK - 1)) === 0) step('pings', i, n);
      const cm = churnMonth[i]!;
      const end = cm >= 0 && cm < M ? monthStart[cm]! : windowEnd;
      const span = end - windowStart;
      if (span <= 0) continue;
      const P = PERSONAS[persona[i]!]!;
      const night = P.nightShare[0] > 0.4;
      const cnt = samplePoisson(rPings, (pingsPer * span) / (windowEnd - windowStart));
      times.length = 0;
      for (let q = 0; q < cnt; q++) {
        const day = Math.floor((rPings.next() * span) / DAY_MS);
        // waking hours 07–23, or 18–03 for night users
        const hour = night ? (18 + rPings.int(10)) % 24 : 7 + rPings.int(16);
        times.push(windowStart + day * DAY_MS + hour * HOUR_MS + rPings.int(3600) * 1000);
      }
      times.sort((a, b) => a - b);
      for (const ms of times) {
        let lat: number;
        let lon: number;
        if (rPings.next() < P.awayPing) {
          let reg = sampleCategorical(rPings, regionCum);
          if (reg === region[i]) reg = (reg + 1 + rPings.int(REGIONS.length - 1)) % REGIONS.length;
          lat = REGIONS[reg]!.lat + 0.15 * sampleNormal(rPings);
          lon = REGIONS[reg]!.lon + 0.15 * sampleNormal(rPings);
        } else {
          lat = homeLat[i]! + 0.03 * sampleNormal(rPings);
          lon = homeLon[i]! + 0.03 * sampleNormal(rPings);
        }
        pings.push({ subscriberId: ids[i]!, timestamp: isoInstant(tsCodes, Math.min(ms, end - 1000)), latitude: round5(lat), longitude: round5(lon) });
      }
    }
    step('pings', n, n);
  }

  // ---- 7. offers and true affinity -----------------------------------------------------------
  const { offers, category, traits } = buildOffers(nOffers, rOffers);
  const O = nOffers;
  const offerVec = new Float64Array(O * LATENT_DIM);
  for (let q = 0; q < offerVec.length; q++) offerVec[q] = 0.5 * sampleNormal(rOffers);
  const base = new Float64Array(nP * O); // persona × offer part of the score
  for (let j = 0; j < O; j++) {
    const bias = 0.4 * sampleNormal(rOffers);
    for (let p = 0; p < nP; p++) {
      const P = PERSONAS[p]!;
      let s = -2.3 + bias + 0.8 * P.offerCategories[category[j]!]!;
      for (let t = 0; t < N_TRAITS; t++) s += 0.6 * P.offerTraits[t]! * traits[j * N_TRAITS + t]!;
      base[p * O + j] = s;
    }
  }
  const userVec = new Float64Array(n * LATENT_DIM);
  for (let q = 0; q < userVec.length; q++) userVec[q] = 0.5 * sampleNormal(rInter);
  const score = (i: number, j: number): number => {
    let s = base[persona[i]! * O + j]!;
    for (let d = 0; d < LATENT_DIM; d++) s += userVec[i * LATENT_DIM + d]! * offerVec[j * LATENT_DIM + d]!;
    return s;
  };
  const offerAffinity = new Float32Array(n * O);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < O; j++) {
      const s = score(i, j);
      offerAffinity[i * O + j] = sigmoid(s - 1.5) * sigmoid(s - 0.5);
    }
  }

  // ---- 8. campaigns and organic purchases ----------------------------------------------------
  const interactions: Interaction[] = [];
  const byPersona: number[][] = PERSONAS.map(() => []);
  for (let i = 0; i < n; i++) byPersona[persona[i]!]!.push(i);
  const channels = ['sms', 'app_push', 'call_centre', 'store', 'web'] as const;
  const channelCum = cumulative([0.3, 0.35, 0.1, 0.1, 0.15]);
  const nCamp = impPer > 0 ? 3 * M : 0;
  const perCamp = nCamp > 0 ? Math.round((n * impPer) / nCamp) : 0;
  const isActive = (i: number, t: number) => churnMonth[i]! < 0 || churnMonth[i]! > t;
  for (let c = 0; c < nCamp; c++) {
    step('interactions', c, nCamp);
    const t = Math.floor(c / 3);
    const j = rInter.int(O);
    const channel = channels[sampleCategorical(rInter, channelCum)]!;
    const campaignId = `CMP-${monthNames[t]!.replace('-', '')}-${(c % 3) + 1}`;
    let target = -1;
    if (rInter.next() < 0.6) {
      let best = -Infinity;
      for (let p = 0; p < nP; p++) {
        if (base[p * O + j]! > best && byPersona[p]!.length > 0) {
          best = base[p * O + j]!;
          target = p;
        }
      }
    }
    const sendMs = monthStart[t]! + ((c % 3) * 9 + rInter.int(3)) * DAY_MS;
    const offerId = offers[j]!.id;
    for (let q = 0; q < perCamp; q++) {
      const i = target >= 0 && rInter.next() < 0.7 ? byPersona[target]![rInter.int(byPersona[target]!.length)]! : rInter.int(n);
      if (!isActive(i, t)) continue;
      const ms = sendMs + (9 + rInter.int(12)) * HOUR_MS + rInter.int(3600) * 1000;
      const sid = ids[i]!;
      interactions.push({ subscriberId: sid, offerId, timestamp: isoInstant(tsCodes, ms), kind: 'impression', channel, campaignId });
      const s = score(i, j);
      if (rInter.next() < sigmoid(s - 1.5)) {
        const clickMs = ms + rInter.int(3 * 3600) * 1000;
        interactions.push({ subscriberId: sid, offerId, timestamp: isoInstant(tsCodes, clickMs), kind: 'click', channel, campaignId });
        const decideMs = isoInstant(tsCodes, clickMs + rInter.int(2 * 86400) * 1000);
        if (rInter.next() < sigmoid(s - 0.5)) interactions.push({ subscriberId: sid, offerId, timestamp: decideMs, kind: 'accept', channel, campaignId });
        else if (rInter.next() < 0.5) interactions.push({ subscriberId: sid, offerId, timestamp: decideMs, kind: 'decline', channel, campaignId });
      }
    }
  }
  const cumAff = new Float64Array(O);
  for (let i = 0; i < n; i++) {
    if ((i & (CHUNK - 1)) === 0) step('organic', i, n);
    const cm = churnMonth[i]!;
    const end = cm >= 0 && cm < M ? monthStart[cm]! : windowEnd;
    const span = end - windowStart;
    if (span <= 0) continue;
    const cnt = samplePoisson(rInter, (0.25 * span) / (windowEnd - windowStart));
    if (cnt === 0) continue;
    let acc = 0;
    for (let j = 0; j < O; j++) cumAff[j] = acc += offerAffinity[i * O + j]!;
    for (let q = 0; q < cnt; q++) {
      const u = rInter.next() * acc;
      let j = 0;
      while (j < O - 1 && u >= cumAff[j]!) j++;
      const ms = windowStart + Math.floor(rInter.next() * (span - HOUR_MS));
      interactions.push({ subscriberId: ids[i]!, offerId: offers[j]!.id, timestamp: isoInstant(tsCodes, ms), kind: 'accept', channel: rInter.next() < 0.6 ? 'web' : 'store' });
    }
  }
  step('organic', n, n);

  const personaIds = PERSONAS.map((p) => p.id);
  return {
    subscribers,
    usage,
    callEdges,
    pings,
    offers,
    interactions,
    truth: {
      persona: Array.from(persona, (p) => personaIds[p]!),
      personaIndex: persona,
      personaIds,
      churnHazard,
      churned,
      churnMonth,
      intentMonth,
      offerAffinity,
      community,
      months: monthNames.slice(0, M),
      outcomeMonth: monthNames[M]!,
    },
  };
}


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
import { REGIONS } from './synthetic/catalogue.js';
import { isoInstant, type GenContext } from './synthetic/context.js';
import { generateSubscribers } from './synthetic/subscribers.js';
import { generateCallGraph } from './synthetic/call-graph.js';
import { simulateChurn } from './synthetic/churn.js';
import { generateUsage } from './synthetic/usage.js';
import { generateCallEdges, type CallEdgeColumnTable } from './synthetic/call-edges.js';
export type { CallEdgeColumnTable } from './synthetic/call-edges.js';
import { generatePings } from './synthetic/pings.js';
import { generateAffinity } from './synthetic/affinity.js';
import { generateInteractions } from './synthetic/interactions.js';
import { generateSurveys, SURVEY_WEIGHTS, type SyntheticSurveyResponse } from './synthetic/surveys.js';
import { PERSONAS } from './synthetic/personas.js';
import { propensityRng, simulatePropensity, type OperatorPropensity } from './synthetic/propensity.js';
import { cumulative } from './synthetic/samplers.js';
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
  /**
   * Emit the monthly call-graph edges (about 8 per subscriber-month; the graph is always built for
   * churn contagion and `truth.community`). Default true. `'columns'` emits the same edges as
   * columns in `callEdgeColumns` (and `callEdges` empty): no object per edge, for big operators.
   */
  callEdges?: boolean | 'columns';
  /** Campaign impressions per subscriber over the window (0 turns campaigns off; organic purchases remain). Default 4. */
  impressionsPerSubscriber?: number;
  /** Survey responses (NPS, CSAT, attribute ratings) from this many sampled subscribers, one each; 0 (default) turns surveys off. At most `subscribers`. */
  surveys?: number;
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
  /** Latent satisfaction S of each survey response (aligned with `surveys`; empty without surveys), see docs/synthetic-operator.md. */
  surveySatisfaction: Float64Array;
  /** Subscriber index of each survey response. */
  surveySubscriber: Int32Array;
  /** True weights of the attribute qualities in S (sum 1): the order driver analysis should recover. */
  surveyWeights: Readonly<Record<string, number>>;
}

/** What {@link generateOperator} returns: schema-valid records plus the ground truth. @category Data */
export interface SyntheticOperator {
  /** One record per subscriber, ids `S0000001`…; in-window churners have status `closed`. */
  subscribers: Subscriber[];
  /** One record per subscriber and active month, grouped by subscriber, months in order. */
  usage: UsageMonth[];
  /** Directed monthly call edges (caller, callee, month), month by month; empty when `callEdges` is false or `'columns'`. */
  callEdges: CallEdge[];
  /** With `callEdges: 'columns'`, the same edges as columns (field → one value per edge, the same order); otherwise absent. Validate them with `validateColumns(CallEdgeSchema, …)`. */
  callEdgeColumns?: CallEdgeColumnTable;
  /** Location pings (latitude/longitude), by subscriber and time; empty when `pingsPerSubscriber: 0`. */
  pings: LocationPing[];
  /** The offer catalogue, ids `O001`…. */
  offers: Offer[];
  /** Campaign impressions, clicks, accepts and declines, then organic accepts (web/store, no campaign). */
  interactions: Interaction[];
  /** Survey responses (shaped as `SurveyResponse` of telcokit/loyalty), by subscriber; empty unless `surveys > 0`. */
  surveys: SyntheticSurveyResponse[];
  /** The ground truth. */
  truth: OperatorTruth;
  /**
   * Device changes within 7 days and plan upgrades within 30 days after the window, with their true
   * probabilities (the ceilings for propensity models): see {@link OperatorPropensity}.
   */
  propensity: OperatorPropensity;
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
 * persona × offer-trait affinity plus a low-rank individual taste. After the window, device
 * changes (7 days) and plan upgrades (30 days) follow daily hazards on device age, 5G support,
 * data appetite, plan and bill (`propensity`, with the true probabilities). The full model, with
 * what the data can and cannot show, is in docs/synthetic-operator.md.
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
 * @param options.surveys - survey responses from this many sampled subscribers (default 0: off)
 * @param options.onProgress - called per stage and every 65,536 subscribers
 * @param options.signal - aborts between chunks
 * @returns `{ subscribers, usage, callEdges, pings, offers, interactions, truth, propensity }`, see {@link SyntheticOperator}
 * @throws OptionsError when an option is out of range
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
  const edgeOption = options.callEdges ?? true;
  if (edgeOption !== true && edgeOption !== false && edgeOption !== 'columns') throw optionError(fn, 'callEdges', "true, false or 'columns'", edgeOption);
  const withEdges = edgeOption !== false;
  const nSurveys = options.surveys ?? 0;
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
  checkInt(fn, 'surveys', nSurveys, 0, n);
  if (!(impPer >= 0 && impPer <= 10_000)) throw optionError(fn, 'impressionsPerSubscriber', 'a number in [0, 10000]', impPer);
  const { signal, onProgress } = options;
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
  // forked after every other stream: surveys never move another step's draws
  const rSurvey = root.fork();

  const nP = PERSONAS.length;
  const personaCum = cumulative(PERSONAS.map((p) => p.share));
  const regionCum = cumulative(REGIONS.map((r) => r.weight));
  const ctx: GenContext = { n, M, nP, y0, m0, monthStart, monthNames, windowStart, windowEnd, personaCum, regionCum, step };

  // each step draws from its own stream, so a step's output does not depend on the others' draws
  const sub = generateSubscribers(ctx, rSub);
  const graph = generateCallGraph(ctx, sub, rGraph);
  const churn = simulateChurn(ctx, sub, graph, rChurn);
  const usage = generateUsage(ctx, sub, graph, churn, rUsage);
  const edges = generateCallEdges(ctx, sub, graph, churn, withEdges, rEdges, edgeOption === 'columns');
  const pings = generatePings(ctx, sub, churn, pingsPer, rPings);
  const aff = generateAffinity(ctx, sub, nOffers, rOffers, rInter);
  const interactions = generateInteractions(ctx, sub, churn, aff, impPer, rInter);
  // new steps draw from streams of their own derived from the seed, after everything else
  const propensity = simulatePropensity(ctx, sub, churn, propensityRng(seed));
  const surveys = generateSurveys(ctx, sub, churn, nSurveys, rSurvey);

  const personaIds = PERSONAS.map((p) => p.id);
  const { persona } = sub;
  const { churnHazard, churned, churnMonth, intentMonth } = churn;
  return {
    subscribers: sub.subscribers,
    usage,
    callEdges: edges.records,
    ...(edges.columns ? { callEdgeColumns: edges.columns } : {}),
    pings,
    offers: aff.offers,
    interactions,
    surveys: surveys.responses,
    truth: {
      persona: Array.from(persona, (p) => personaIds[p]!),
      personaIndex: persona,
      personaIds,
      churnHazard,
      churned,
      churnMonth,
      intentMonth,
      offerAffinity: aff.offerAffinity,
      community: graph.community,
      months: monthNames.slice(0, M),
      outcomeMonth: monthNames[M]!,
      surveySatisfaction: surveys.satisfaction,
      surveySubscriber: surveys.subscriber,
      surveyWeights: SURVEY_WEIGHTS,
    },
    propensity,
  };
}

/**
 * `evaluateRecommender`: honest offline evaluation of a recommender on a time-ordered split,
 * always next to the popularity baseline on the same split.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { averagePrecisionAtK, hitRateAtK, ndcgAtK, rankingPrecisionAtK, rankingRecallAtK } from '../metrics/ranking.js';
import { fitRecommender, type RecommenderData, type RecommenderModel } from './fit-recommender.js';
import { resolveKindWeights } from './interaction-matrix.js';
import { recommenderCore, topOffersForIndex } from './recommend.js';
import { createScratch } from './scoring.js';
import { leaveLastOut, positiveInTimeOrder } from './split.js';
import type { KindWeights, RecommendInteraction } from './types.js';
import { optionsObject, requireArray, requireObject } from '../internal/guards.js';
import { describeValue } from '../internal/options.js';

/** Fits a model on the training part of a split. @category Recommend */
export type RecommenderFitFn = (train: RecommenderData) => RecommenderModel;

/** Options of {@link evaluateRecommender}. @category Recommend */
export interface EvaluateRecommenderOptions {
  /**
   * `'leave-last-out'` (default): per subscriber with ≥ 2 distinct offers, the last one (by time)
   * is held out; `'time-split'`: events at or after the `testFraction` time quantile are the test set.
   */
  protocol?: 'leave-last-out' | 'time-split';
  /** Cut-off of the top-k lists (default 10). */
  k?: number;
  /** Share of events (latest by time) in the test set for `'time-split'` (default 0.2). */
  testFraction?: number;
  /** Subscribers with at most this many training offers form the cold-start slice (default 2). */
  coldStartMaxItems?: number;
  /** Kind weights deciding which records are positive (default as `fitRecommender`). */
  kindWeights?: KindWeights;
}

/** Averages over evaluated subscribers, plus list-level figures. @category Recommend */
export interface RecommenderMetrics {
  /** Share of subscribers with a relevant offer in their top k. */
  readonly hitRate: number;
  readonly ndcg: number;
  readonly precision: number;
  readonly recall: number;
  /** MAP@k. */
  readonly map: number;
  /** Share of the catalogue appearing in at least one top-k list. */
  readonly coverage: number;
  /** Mean self-information −log2((n_i + 1)/(N + 1)) of recommended offers (n_i training subscribers of offer i out of N): higher = less obvious. */
  readonly novelty: number;
}

/** Result of {@link evaluateRecommender}. @category Recommend */
export interface RecommenderEvaluation {
  readonly protocol: 'leave-last-out' | 'time-split';
  readonly k: number;
  /** Subscribers evaluated. */
  readonly users: number;
  /** The evaluated model's metrics. */
  readonly model: RecommenderMetrics;
  /** The popularity baseline on the same split. */
  readonly baseline: RecommenderMetrics;
  /** The same figures on subscribers with ≤ `coldStartMaxItems` training offers. */
  readonly coldStart: { readonly users: number; readonly model: RecommenderMetrics; readonly baseline: RecommenderMetrics };
}

interface Case {
  user: string;
  relevant: Set<string>;
  trainItems: number;
}

interface PerCase {
  readonly top: Int32Array;
  readonly hr: number;
  readonly nd: number;
  readonly pr: number;
  readonly rc: number;
  readonly ap: number;
}

/** Top-k list and metrics of each case. */
function rankCases(model: RecommenderModel, cases: readonly Case[], k: number): PerCase[] {
  const core = recommenderCore(model);
  const s = createScratch(core.nOffers);
  const index = new Map<string, number>();
  model.subscriberIds.forEach((id, i) => index.set(id, i));
  return cases.map((c) => {
    const top = topOffersForIndex(model, core, s, index.get(c.user) ?? -1, k);
    const ids = Array.from(top, (i) => model.offerIds[i]!);
    return {
      top,
      hr: hitRateAtK(ids, c.relevant, k),
      nd: ndcgAtK(ids, c.relevant, k),
      pr: rankingPrecisionAtK(ids, c.relevant, k),
      rc: rankingRecallAtK(ids, c.relevant, k),
      ap: averagePrecisionAtK(ids, c.relevant, k),
    };
  });
}

/** Averages per-case figures; coverage and novelty over the lists. */
function aggregate(model: RecommenderModel, per: readonly PerCase[], trainCounts: Map<string, number>, nTrainUsers: number): RecommenderMetrics {
  const nOffers = model.offerIds.length;
  const shown = new Uint8Array(nOffers);
  let hr = 0, nd = 0, pr = 0, rc = 0, ap = 0, nov = 0, nRec = 0;
  for (const p of per) {
    for (const i of p.top) {
      shown[i] = 1;
      nov += -Math.log2(((trainCounts.get(model.offerIds[i]!) ?? 0) + 1) / (nTrainUsers + 1));
      nRec++;
    }
    hr += p.hr;
    nd += p.nd;
    pr += p.pr;
    rc += p.rc;
    ap += p.ap;
  }
  const n = per.length || 1;
  let cov = 0;
  for (let i = 0; i < nOffers; i++) cov += shown[i]!;
  return {
    hitRate: hr / n,
    ndcg: nd / n,
    precision: pr / n,
    recall: rc / n,
    map: ap / n,
    coverage: nOffers > 0 ? cov / nOffers : 0,
    novelty: nRec > 0 ? nov / nRec : 0,
  };
}

/**
 * Evaluates a recommender offline. Leave-last-out protocol (the one of telcokit's data README):
 * records ordered by time with a stable sort (ties keep input order); repeated (subscriber, offer)
 * records dropped keeping the first; for every subscriber with ≥ 2 distinct offers the last is held
 * out; the model is fitted on the rest and ranks every offer the subscriber has not had in
 * training. Time split: records before the `testFraction` time quantile train; each subscriber's
 * later offers not seen in their training are relevant (subscribers with no training history are
 * scored by the cold fallback). Reports HR@k, NDCG@k, precision@k, recall@k, MAP@k, catalogue
 * coverage and novelty, for the model and for the popularity baseline fitted on the same split,
 * overall and on the cold-start slice.
 *
 * @param fit - fits a model on the training data (e.g. `(d) => fitRecommender(d)`)
 * @param data - interactions (records) or `{ interactions, subscribers, offers }`
 * @param options - protocol, k, test fraction, cold-start threshold
 * @param options.protocol - `'leave-last-out'` (default) or `'time-split'`
 * @param options.k - cut-off (default 10)
 * @returns metrics of the model and of popularity on the same split
 * @throws DataError on invalid options, timestamps or weights, or when no subscriber can be evaluated
 * @example
 * // a, b, c take x then y; d took y earlier, so y is in the training catalogue
 * const interactions = ['a', 'b', 'c'].flatMap((u, n) => ['x', 'y'].map((o, t) => ({
 *   subscriberId: u, offerId: o, timestamp: `2025-01-0${n + t + 1}T00:00:00Z`, kind: 'accept' as const })));
 * interactions.push({ subscriberId: 'd', offerId: 'y', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' });
 * evaluateRecommender((d) => fitRecommender(d, { components: ['popularity'] }), interactions).model.hitRate // => 1
 * @category Recommend
 */
export function evaluateRecommender(
  fit: RecommenderFitFn,
  data: RecommenderData | readonly RecommendInteraction[],
  options: EvaluateRecommenderOptions = {},
): RecommenderEvaluation {
  const fn = 'evaluateRecommender';
  if (typeof fit !== 'function') throw new DataError(`${fn}: fit must be a function (train interactions → model), got ${describeValue(fit)}`);
  options = optionsObject(fn, options);
  if (!Array.isArray(data)) {
    requireObject(fn, 'data', data, 'an array of interactions or an object { interactions, … }');
    requireArray(fn, 'data.interactions', (data as RecommenderData).interactions, 'of interactions');
  }
  const d: RecommenderData = Array.isArray(data) ? { interactions: data as readonly RecommendInteraction[] } : (data as RecommenderData);
  const protocol = options.protocol ?? 'leave-last-out';
  if (protocol !== 'leave-last-out' && protocol !== 'time-split') throw new DataError(`${fn}: unknown protocol '${String(protocol)}'`);
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new DataError(`${fn}: k must be a positive integer, got ${k}`);
  const coldMax = options.coldStartMaxItems ?? 2;
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction > 0 && testFraction < 1)) throw new DataError(`${fn}: testFraction must be in (0, 1), got ${testFraction}`);
  const kw = resolveKindWeights(options.kindWeights, fn);
  const order = positiveInTimeOrder(d.interactions, kw, fn);
  let trainIdx: number[];
  const cases: Case[] = [];
  const trainItemsOf = new Map<string, Set<string>>();
  const addTrain = (r: number): void => {
    const rec = d.interactions[r]!;
    let set = trainItemsOf.get(rec.subscriberId);
    if (!set) trainItemsOf.set(rec.subscriberId, (set = new Set()));
    set.add(rec.offerId);
  };
  if (protocol === 'leave-last-out') {
    const split = leaveLastOut(d.interactions, order, true);
    trainIdx = split.train;
    trainIdx.forEach(addTrain);
    for (const [user, item] of split.heldOut) cases.push({ user, relevant: new Set([item]), trainItems: trainItemsOf.get(user)?.size ?? 0 });
  } else {
    const cut = Math.floor(order.length * (1 - testFraction));
    const seen = new Set<string>();
    trainIdx = [];
    for (let p = 0; p < cut; p++) {
      const rec = d.interactions[order[p]!]!;
      const key = `${rec.subscriberId}\u0000${rec.offerId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      trainIdx.push(order[p]!);
    }
    trainIdx.forEach(addTrain);
    const rel = new Map<string, Set<string>>();
    for (let p = cut; p < order.length; p++) {
      const rec = d.interactions[order[p]!]!;
      if (trainItemsOf.get(rec.subscriberId)?.has(rec.offerId)) continue;
      let set = rel.get(rec.subscriberId);
      if (!set) rel.set(rec.subscriberId, (set = new Set()));
      set.add(rec.offerId);
    }
    for (const [user, relevant] of rel) cases.push({ user, relevant, trainItems: trainItemsOf.get(user)?.size ?? 0 });
  }
  if (cases.length === 0) throw new DataError(`${fn}: no subscriber can be evaluated (the ${protocol} split holds nothing out)`);
  const train: RecommenderData = { ...d, interactions: trainIdx.map((r) => d.interactions[r]!) };
  const trainCounts = new Map<string, number>();
  for (const items of trainItemsOf.values()) for (const o of items) trainCounts.set(o, (trainCounts.get(o) ?? 0) + 1);
  const nTrainUsers = trainItemsOf.size;
  const model = fit(train);
  const baselineModel = fitRecommender(train, { components: ['popularity'], kindWeights: options.kindWeights });
  const isCold = cases.map((c) => c.trainItems <= coldMax);
  const perModel = rankCases(model, cases, k);
  const perBase = rankCases(baselineModel, cases, k);
  const coldOnly = (per: PerCase[]): PerCase[] => per.filter((_, t) => isCold[t]);
  return {
    protocol,
    k,
    users: cases.length,
    model: aggregate(model, perModel, trainCounts, nTrainUsers),
    baseline: aggregate(baselineModel, perBase, trainCounts, nTrainUsers),
    coldStart: {
      users: isCold.filter(Boolean).length,
      model: aggregate(model, coldOnly(perModel), trainCounts, nTrainUsers),
      baseline: aggregate(baselineModel, coldOnly(perBase), trainCounts, nTrainUsers),
    },
  };
}

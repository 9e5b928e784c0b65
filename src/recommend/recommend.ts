/**
 * `recommend`, `recommendBatch` and `similarOffers`: top offers from a hybrid model, with
 * business rules (exclusions, eligibility, per-category caps, diversity) and reasons in words.
 *
 * @module
 */
import { DataError, ModelError } from '../errors.js';
import { bool, defineOptions, described, int, real, workers } from '../internal/options.js';
import { getPool, minParallelSize, resolveWorkers } from '../internal/parallel/pool.js';
import { RECOMMEND_WORKER_SOURCE } from '../internal/parallel/worker-source.generated.js';
import { recommendBatchPart, type RecommendBatchJob } from './batch-kernel.js';
import * as o from '../internal/option-kinds.js';
import { MAX_TOP_K } from '../limits.js';
import type { RecommenderModel } from './fit-recommender.js';
import { foldSubscriberInteractions, resolveKindWeights } from './interaction-matrix.js';
import { profileFields } from './profile.js';
import { coldContext } from './cold-context.js';
import { blendScores, COMPONENTS, contextForIndex, createScratch, type RecommenderCore, type ScoringContext, type Scratch } from './scoring.js';
import { topKIndices } from './topk.js';
import type { KindWeights, RecommendInteraction } from './types.js';

/** One recommended offer. @category Recommend */
export interface Recommendation {
  /** Offer id. */
  readonly offerId: string;
  /** Blended score (a weighted sum of per-subscriber z-scores; higher is better). */
  readonly score: number;
  /** Why, in words: the (at most two) components that pushed the offer up most, strongest first (e.g. "because you have Unlimited 5G"). */
  readonly reasons: readonly string[];
}

/** An offer as seen by an `eligible` predicate. @category Recommend */
export interface OfferSummary {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly price: number;
}

/** A subscriber the model does not know: profile fields and/or recent interactions. @category Recommend */
export interface UnknownSubscriber {
  /** Profile record (same fields as the subscriber records given at fit time). */
  readonly profile?: Readonly<Record<string, unknown>>;
  /** Recent interactions (their `subscriberId` is not checked). */
  readonly interactions?: readonly RecommendInteraction[];
  /** Segment name for segment popularity (default: the profile's segment field). */
  readonly segment?: string;
}

/** Options of {@link recommend} and {@link recommendBatch}. @category Recommend */
export interface RecommendOptions {
  /** How many offers, an integer in [0, {@link MAX_TOP_K}] (default 10); fewer come back when fewer are eligible. */
  k?: number;
  /** `'owned'` (default): leave out offers in the subscriber's history; `'none'`; or a list of offer ids to leave out. */
  exclude?: 'owned' | 'none' | readonly string[];
  /** Only these offers (ids), or a predicate on each offer. */
  eligible?: readonly string[] | ((offer: OfferSummary) => boolean);
  /** At most this many offers per category. */
  maxPerCategory?: number;
  /** 0 (default) … 1: maximal-marginal-relevance re-ranking against offers already chosen (same category, or item-kNN similarity). */
  diversity?: number;
  /** Build reasons (default true; false is faster in batch). */
  reasons?: boolean;
}

function coreOf(model: RecommenderModel): RecommenderCore {
  return {
    nOffers: model.offerIds.length,
    history: model.history,
    als: model.als,
    itemKnn: model.itemKnn,
    profile: model.profile,
    popularity: model.popularity,
    ease: model.ease,
    weights: model.blend.weights,
    coldWeights: model.blend.coldWeights,
  };
}

function checkModel(model: RecommenderModel, fn: string): void {
  if (model === null || typeof model !== 'object' || model.kind !== 'recommend/hybrid') {
    throw new ModelError(`${fn}: expected a 'recommend/hybrid' model, got '${String((model as { kind?: unknown } | null)?.kind)}'`);
  }
}

interface Rules {
  k: number;
  excludeOwned: boolean;
  baseSkip: Uint8Array;
  maxPerCategory: number;
  diversity: number;
  reasons: boolean;
}

/** The business rules' options, shared by {@link recommend} and `toSql`'s `rules`. */
const RULE_SHAPE = {
  exclude: described(o.union([o.oneOfValues(['owned', 'none']), o.array(o.string())]), "'owned', 'none' or an array of offer ids").default('owned'),
  eligible: described(o.union([o.array(o.string()), o.custom<(offer: OfferSummary) => boolean>((v) => typeof v === 'function')]), 'an array of offer ids or a predicate').optional(),
  maxPerCategory: described(o.union([int(1, Number.MAX_SAFE_INTEGER), o.literal(Infinity)]), 'an integer ≥ 1 or Infinity').default(Infinity),
  diversity: real({ min: 0, max: 1 }).default(0),
};

const parseRecommendOptions = defineOptions('recommend', {
  k: int(0, MAX_TOP_K).default(10),
  ...RULE_SHAPE,
  reasons: bool().default(true),
});

const parseRuleOptions = defineOptions('recommend', RULE_SHAPE);

/** Options of {@link recommendBatch}: {@link RecommendOptions} and `workers`. @category Recommend */
export interface RecommendBatchOptions extends RecommendOptions {
  /**
   * Threads (docs/conventions.md, "Both cores"): an integer in [1, 64] or `'auto'`; default 1.
   * Subscribers are split into contiguous ranges, each scored with the same code, so the lists are
   * the same for any value. Threads are used for the plain top k only — `reasons: false`, no
   * `maxPerCategory`, `diversity` 0 — and for batches of at least
   * 2²⁰ subscriber × offer scores; otherwise one thread.
   */
  workers?: number | 'auto';
}

const parseRecommendBatchOptions = /* @__PURE__ */ defineOptions('recommendBatch', {
  k: int(0, MAX_TOP_K).default(10),
  ...RULE_SHAPE,
  reasons: bool().default(true),
  workers: workers(),
});

/** Least subscribers × offers for which `recommendBatch`'s `workers > 1` starts threads. @internal */
export const RECOMMEND_PARALLEL_MIN_WORK = 1 << 20;

/** The business rules of {@link RecommendOptions}, resolved against a model's offers. */
export interface ResolvedRules {
  /** Leave out the subscriber's history (`exclude: 'owned'`). */
  readonly excludeOwned: boolean;
  /** 1 for an offer left out for every subscriber (an `exclude` list, or not `eligible`). */
  readonly baseSkip: Uint8Array;
  /** Offers per non-empty category at most (Infinity: no cap). */
  readonly maxPerCategory: number;
  /** MMR trade-off in [0, 1]. */
  readonly diversity: number;
}

function skipOf(model: RecommenderModel, o: { exclude: 'owned' | 'none' | string[]; eligible?: readonly string[] | ((offer: OfferSummary) => boolean) | undefined }): Uint8Array {
  const n = model.offerIds.length;
  const baseSkip = new Uint8Array(n);
  const index = new Map<string, number>();
  model.offerIds.forEach((id, i) => index.set(id, i));
  const ex = o.exclude;
  if (Array.isArray(ex)) for (const id of ex) {
    const i = index.get(id);
    if (i !== undefined) baseSkip[i] = 1;
  }
  if (o.eligible !== undefined) {
    if (typeof o.eligible === 'function') {
      for (let i = 0; i < n; i++) if (!o.eligible(summary(model, i))) baseSkip[i] = 1;
    } else {
      const ok = new Uint8Array(n);
      for (const id of o.eligible) {
        const i = index.get(id);
        if (i !== undefined) ok[i] = 1;
      }
      for (let i = 0; i < n; i++) if (!ok[i]) baseSkip[i] = 1;
    }
  }
  return baseSkip;
}

function resolveRules(model: RecommenderModel, options: RecommendOptions | undefined, fn: string): Rules {
  const o = parseRecommendOptions(options, fn);
  return { k: o.k, excludeOwned: o.exclude === 'owned', baseSkip: skipOf(model, o), maxPerCategory: o.maxPerCategory, diversity: o.diversity, reasons: o.reasons };
}

/**
 * Internal (toSql): the business rules alone — `exclude`, `eligible`, `maxPerCategory`,
 * `diversity`, checked as {@link recommend} checks them (errors name `${prefix}option`) — resolved
 * against the model's offers. An `eligible` predicate is called once per offer, here.
 */
export function resolveRecommendRules(model: RecommenderModel, rules: unknown, fn: string, prefix: string): ResolvedRules {
  const o = parseRuleOptions(rules, fn, prefix);
  return { excludeOwned: o.exclude === 'owned', baseSkip: skipOf(model, o), maxPerCategory: o.maxPerCategory, diversity: o.diversity };
}

function summary(model: RecommenderModel, i: number): OfferSummary {
  return { id: model.offerIds[i]!, name: model.offerNames[i]!, category: model.offerCategories[i]!, price: model.offerPrices[i]! };
}

function label(model: RecommenderModel, i: number): string {
  return model.offerNames[i] || model.offerIds[i]!;
}

/** Similarity of two offers for diversity: item-kNN similarity, or 1 for the same known category. */
function offerSimilarity(model: RecommenderModel, i: number, j: number): number {
  const ci = model.offerCategories[i]!;
  let s = ci !== '' && ci === model.offerCategories[j] ? 1 : 0;
  const nb = model.itemKnn;
  if (nb) {
    for (let k = nb.indptr[i]!; k < nb.indptr[i + 1]!; k++) {
      if (nb.indices[k] === j) {
        s = Math.max(s, Math.min(1, nb.similarities[k]!));
        break;
      }
    }
  }
  return s;
}

/** Selects offers under the rules (plain top-k when no caps/diversity). */
function select(model: RecommenderModel, scores: Float64Array, skip: Uint8Array, r: Rules): Int32Array {
  if (r.maxPerCategory === Infinity && r.diversity === 0) return topKIndices(scores, r.k, skip);
  // a pool of the best max(10k, 100) is enough unless the category caps exhaust it; then widen
  let size = Math.min(scores.length, Math.max(r.k * 10, 100));
  for (;;) {
    const picked = selectFromPool(model, scores, topKIndices(scores, size, skip), r);
    if (picked.length >= r.k || size >= scores.length) return picked;
    size = Math.min(scores.length, size * 4);
  }
}

function selectFromPool(model: RecommenderModel, scores: Float64Array, pool: Int32Array, r: Rules): Int32Array {
  if (pool.length === 0) return pool;
  const lo = scores[pool[pool.length - 1]!]!;
  const hi = scores[pool[0]!]!;
  const span = hi - lo || 1;
  const chosen: number[] = [];
  const perCat = new Map<string, number>();
  const used = new Uint8Array(pool.length);
  while (chosen.length < r.k) {
    let best = -1;
    let bestVal = -Infinity;
    for (let p = 0; p < pool.length; p++) {
      if (used[p]) continue;
      const i = pool[p]!;
      const cat = model.offerCategories[i]!;
      if (cat !== '' && (perCat.get(cat) ?? 0) >= r.maxPerCategory) continue;
      let val = (scores[i]! - lo) / span;
      if (r.diversity > 0) {
        let maxSim = 0;
        for (const j of chosen) maxSim = Math.max(maxSim, offerSimilarity(model, i, j));
        val = (1 - r.diversity) * val - r.diversity * maxSim;
      }
      if (val > bestVal) {
        bestVal = val;
        best = p;
      }
    }
    if (best < 0) break;
    used[best] = 1;
    const i = pool[best]!;
    chosen.push(i);
    const cat = model.offerCategories[i]!;
    if (cat !== '') perCat.set(cat, (perCat.get(cat) ?? 0) + 1);
  }
  return Int32Array.from(chosen);
}

/** Reasons for offer `j`, strongest contribution first. */
function reasonsFor(model: RecommenderModel, ctx: ScoringContext, s: Scratch, j: number): string[] {
  const contrib: [number, string][] = [];
  for (const c of COMPONENTS) {
    const w = s.used[c];
    if (!(w > 0)) continue;
    const v = w * s.z[c][j]!;
    let text: string;
    if (c === 'als') text = `subscribers like you took ${label(model, j)}`;
    else if (c === 'itemKnn') {
      const nb = model.itemKnn!;
      let bestI = -1;
      let bestV = 0;
      for (let h = 0; h < ctx.histItems.length; h++) {
        const i = ctx.histItems[h]!;
        for (let k = nb.indptr[i]!; k < nb.indptr[i + 1]!; k++) {
          if (nb.indices[k] === j) {
            const sv = (nb.options.binary ? 1 : ctx.histValues[h]!) * nb.similarities[k]!;
            if (sv > bestV) {
              bestV = sv;
              bestI = i;
            }
            break;
          }
        }
      }
      if (bestI < 0) continue;
      text = `because you have ${label(model, bestI)}`;
    } else if (c === 'ease') {
      const e = model.ease!;
      const n = model.offerIds.length;
      let bestI = -1;
      let bestV = 0;
      for (let h = 0; h < ctx.histItems.length; h++) {
        const i = ctx.histItems[h]!;
        const sv = (e.options.binary ? 1 : ctx.histValues[h]!) * e.weights[i * n + j]!;
        if (sv > bestV) {
          bestV = sv;
          bestI = i;
        }
      }
      if (bestI < 0) continue;
      text = `because you have ${label(model, bestI)}`;
    } else if (c === 'profile') text = 'matches your profile';
    else text = ctx.segment >= 0 ? 'popular in your segment' : 'popular with all subscribers';
    contrib.push([v, text]);
  }
  contrib.sort((a, b) => b[0] - a[0]);
  const positive = contrib.filter((c) => c[0] > 0).map((c) => c[1]);
  return positive.length > 0 ? positive.slice(0, 2) : contrib.length > 0 ? [contrib[0]![1]] : [];
}

function contextFor(model: RecommenderModel, core: RecommenderCore, subscriber: string | UnknownSubscriber, index: Map<string, number> | null, fn: string): ScoringContext {
  if (typeof subscriber === 'string') {
    const u = index ? index.get(subscriber) : model.subscriberIds.indexOf(subscriber);
    if (u !== undefined && u >= 0) return contextForIndex(core, u);
    return coldContext(core, new Int32Array(0), new Float64Array(0), undefined, -1);
  }
  if (subscriber === null || typeof subscriber !== 'object') throw new DataError(`${fn}: subscriber must be an id or { profile, interactions }`);
  const kw = resolveKindWeights(model.options.kindWeights as KindWeights, fn);
  const offerIndex = new Map<string, number>();
  model.offerIds.forEach((id, i) => offerIndex.set(id, i));
  const items = foldSubscriberInteractions(subscriber.interactions ?? [], kw, offerIndex, new Map(), fn);
  const segName = subscriber.segment ?? (subscriber.profile ? subscriber.profile[model.options.segmentField] : undefined);
  const segment = segName === undefined || segName === null ? -1 : model.popularity.segmentNames.indexOf(String(segName));
  return coldContext(
    core,
    Int32Array.from(items, (e) => e[0]),
    Float64Array.from(items, (e) => e[1]),
    subscriber.profile ? profileFields(subscriber.profile) : undefined,
    segment,
  );
}

function run(model: RecommenderModel, core: RecommenderCore, ctx: ScoringContext, s: Scratch, r: Rules): Recommendation[] {
  const scores = blendScores(core, ctx, s, { extraSkip: r.baseSkip, excludeOwned: r.excludeOwned });
  const top = select(model, scores, s.skip, r);
  const out: Recommendation[] = new Array(top.length);
  for (let t = 0; t < top.length; t++) {
    const j = top[t]!;
    out[t] = { offerId: model.offerIds[j]!, score: scores[j]!, reasons: r.reasons ? reasonsFor(model, ctx, s, j) : [] };
  }
  return out;
}

/**
 * Top offers for one subscriber: Σ_c w_c z_c(u, i) over eligible offers, with the learned blend
 * weights; business rules applied; reasons in words. A subscriber the model does not know (an
 * unknown id, or `{ profile, interactions }`) gets ALS factors solved from their interactions and
 * item-kNN scores from them; with no interactions, the cold fallback blends the profile model and
 * segment popularity with the model's `blend.coldWeights` (learned on validation), or uses
 * segment popularity alone when the model has no profile component.
 *
 * @param model - a `'recommend/hybrid'` model from `fitRecommender`
 * @param subscriber - a known subscriber id, or `{ profile, interactions, segment }` for one the model does not know
 * @param options - k, exclusions, eligibility, category caps, diversity
 * @param options.k - number of offers (default 10)
 * @param options.exclude - `'owned'` (default), `'none'` or offer ids
 * @param options.eligible - allowed offer ids or a predicate
 * @param options.maxPerCategory - cap per offer category
 * @param options.diversity - MMR trade-off in [0, 1] (default 0)
 * @returns up to `k` offers, best first, each `{ offerId, score, reasons }`
 * @throws ModelError for a model of another kind; DataError on invalid options or weights
 * @example
 * const model = fitRecommender({ interactions: [
 *   { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 'a', offerId: 'y', timestamp: '2025-01-02T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 'b', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 * ] }, { components: ['itemKnn'] });
 * recommend(model, 'b', { k: 1 }) // => [{ offerId: 'y', score: 0, reasons: ['because you have x'] }]
 * @category Recommend
 */
export function recommend(model: RecommenderModel, subscriber: string | UnknownSubscriber, options?: RecommendOptions): Recommendation[] {
  const fn = 'recommend';
  checkModel(model, fn);
  const rules = resolveRules(model, options, fn);
  const core = coreOf(model);
  const ctx = contextFor(model, core, subscriber, null, fn);
  return run(model, core, ctx, createScratch(core.nOffers), rules);
}

/**
 * Top offers for many known subscribers, sharing buffers across them; each list is selected with
 * a bounded heap (O(n log k) per subscriber, no full sort). Unknown ids get the cold fallback.
 *
 * @param model - a `'recommend/hybrid'` model
 * @param subscriberIds - subscriber ids
 * @param options - as {@link recommend}; `reasons: false` is faster; `workers` (see {@link RecommendBatchOptions})
 * @param options.k - offers per subscriber (default 10)
 * @param options.workers - threads for the plain top k with `reasons: false` (default 1; the same lists for any value)
 * @returns one list per id, in order
 * @throws ModelError for a model of another kind; DataError on invalid options
 * @example
 * const model = fitRecommender({ interactions: [
 *   { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 'b', offerId: 'y', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 * ] }, { components: ['popularity'] });
 * recommendBatch(model, ['a', 'b'], { k: 1, reasons: false }).map((l) => l[0]!.offerId) // => ['y', 'x']
 * @category Recommend
 */
export function recommendBatch(model: RecommenderModel, subscriberIds: readonly string[], options?: RecommendBatchOptions): Recommendation[][] {
  const fn = 'recommendBatch';
  checkModel(model, fn);
  const { workers: w, ...ro } = parseRecommendBatchOptions(options, fn);
  const rules: Rules = { k: ro.k, excludeOwned: ro.exclude === 'owned', baseSkip: skipOf(model, ro), maxPerCategory: ro.maxPerCategory, diversity: ro.diversity, reasons: ro.reasons };
  const core = coreOf(model);
  const index = new Map<string, number>();
  model.subscriberIds.forEach((id, i) => index.set(id, i));
  const n = subscriberIds.length;
  // threads for the plain top k of known or unknown ids (an object in the list takes the one-thread path's cold start)
  const plain = !rules.reasons && rules.maxPerCategory === Infinity && rules.diversity === 0 && rules.k > 0 && Array.isArray(subscriberIds) && subscriberIds.every((id) => typeof id === 'string');
  const pool = plain && n >= 2 && n * core.nOffers >= minParallelSize(RECOMMEND_PARALLEL_MIN_WORK) ? getPool(RECOMMEND_WORKER_SOURCE, resolveWorkers(w)) : undefined;
  if (pool) return recommendBatchThreads(fn, model, core, subscriberIds, index, rules, pool);
  const s = createScratch(core.nOffers);
  const out: Recommendation[][] = new Array(subscriberIds.length);
  for (let t = 0; t < subscriberIds.length; t++) out[t] = run(model, core, contextFor(model, core, subscriberIds[t]!, index, fn), s, rules);
  return out;
}

/** The plain top k of every subscriber on the pool's threads (the same lists as {@link run} with reasons off). */
function recommendBatchThreads(
  fn: string,
  model: RecommenderModel,
  core: RecommenderCore,
  subscriberIds: readonly string[],
  index: Map<string, number>,
  r: Rules,
  pool: NonNullable<ReturnType<typeof getPool>>,
): Recommendation[][] {
  const n = subscriberIds.length;
  const k = Math.min(r.k, core.nOffers);
  const us = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    us[t] = index.get(subscriberIds[t]!) ?? -1;
  }
  const job: RecommendBatchJob = {
    core,
    us,
    cold: coldContext(core, new Int32Array(0), new Float64Array(0), undefined, -1),
    k,
    baseSkip: r.baseSkip,
    excludeOwned: r.excludeOwned,
    top: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n * k))),
    scores: new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n * k))),
    counts: new Int32Array(new SharedArrayBuffer(4 * n)),
  };
  pool.run(fn, 'recommend/batch', recommendBatchPart, job);
  const out: Recommendation[][] = new Array(n);
  for (let t = 0; t < n; t++) {
    const c = job.counts[t]!;
    const list: Recommendation[] = new Array(c);
    for (let q = 0; q < c; q++) {
      const j = job.top[t * k + q]!;
      list[q] = { offerId: model.offerIds[j]!, score: job.scores[t * k + q]!, reasons: [] };
    }
    out[t] = list;
  }
  return out;
}

/** Internal: top-k offer indices for a known subscriber index, owned offers excluded (used by evaluation). */
export function topOffersForIndex(model: RecommenderModel, core: RecommenderCore, s: Scratch, u: number, k: number): Int32Array {
  const ctx = u >= 0 ? contextForIndex(core, u) : coldContext(core, new Int32Array(0), new Float64Array(0), undefined, -1);
  const scores = blendScores(core, ctx, s);
  return topKIndices(scores, k, s.skip);
}

export { coreOf as recommenderCore };

/** One similar offer. @category Recommend */
export interface SimilarOffer {
  readonly offerId: string;
  /** Similarity (item-kNN similarity, or cosine of ALS/profile offer embeddings). */
  readonly score: number;
}

/** Options of {@link similarOffers}. @category Recommend */
export interface SimilarOffersOptions {
  /** How many offers, an integer in [0, {@link MAX_TOP_K}] (default 10). */
  k?: number;
}

const parseSimilarOptions = defineOptions('similarOffers', { k: int(0, MAX_TOP_K).default(10) });

/**
 * Offers most similar to one offer: its item-kNN neighbours when the model has them, otherwise the
 * cosine of ALS offer factors, otherwise of profile-model offer embeddings (cold offers).
 *
 * @param model - a `'recommend/hybrid'` model
 * @param offerId - an offer the model knows
 * @param options - `{ k }`: how many (default 10, at most {@link MAX_TOP_K}); a bare number is the
 *   deprecated positional form of `k`
 * @param options.k - how many offers (default 10)
 * @returns up to `k` offers, most similar first (never the offer itself)
 * @throws ModelError for a model of another kind; DataError for an unknown offer
 * @throws OptionsError for an unknown or invalid option
 * @example
 * const model = fitRecommender({ interactions: [
 *   { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 'a', offerId: 'y', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 * ] }, { components: ['itemKnn'] });
 * similarOffers(model, 'x', { k: 1 }) // => [{ offerId: 'y', score: 1 }]
 * @category Recommend
 */
export function similarOffers(model: RecommenderModel, offerId: string, options?: SimilarOffersOptions): SimilarOffer[];
/** @deprecated since 0.2: pass `{ k }` (removed in 0.3). */
export function similarOffers(model: RecommenderModel, offerId: string, k: number): SimilarOffer[];
export function similarOffers(model: RecommenderModel, offerId: string, options?: SimilarOffersOptions | number): SimilarOffer[] {
  const fn = 'similarOffers';
  checkModel(model, fn);
  const { k } = parseSimilarOptions(typeof options === 'number' ? { k: options } : options, fn);
  const i = model.offerIds.indexOf(offerId);
  if (i < 0) throw new DataError(`${fn}: unknown offer '${offerId}'`);
  const n = model.offerIds.length;
  const scores = new Float64Array(n).fill(-Infinity);
  const nb = model.itemKnn;
  if (nb && nb.indptr[i + 1]! > nb.indptr[i]!) {
    for (let q = nb.indptr[i]!; q < nb.indptr[i + 1]!; q++) scores[nb.indices[q]!] = nb.similarities[q]!;
  } else {
    // an offer nobody took has no ALS signal (CG leaves ~1e-17 noise there): use the profile model
    const emb = model.als && model.popularity.counts[i]! > 0
      ? { M: model.als.itemFactors, f: model.als.options.factors }
      : model.profile
        ? { M: model.profile.itemEmbeddings, f: model.profile.options.factors }
        : null;
    if (emb) {
      const { M, f } = emb;
      const norm = (r: number): number => {
        let s = 0;
        for (let a = 0; a < f; a++) s += M[r * f + a]! ** 2;
        return Math.sqrt(s);
      };
      const ni = norm(i);
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        let d = 0;
        for (let a = 0; a < f; a++) d += M[i * f + a]! * M[j * f + a]!;
        const nj = norm(j);
        if (ni > 0 && nj > 0) scores[j] = d / (ni * nj);
      }
    }
  }
  scores[i] = -Infinity;
  return Array.from(topKIndices(scores, k), (j) => ({ offerId: model.offerIds[j]!, score: scores[j]! }));
}

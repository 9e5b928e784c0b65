/**
 * `fitRecommender`: the hybrid offer recommender. Fits implicit ALS, item-kNN, the profile model
 * and (segment) popularity, and LEARNS the blend weights on a time-ordered validation split.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { createRng } from '../internal/rng.js';
import { defineOptions, described, int, longRun, real, seed, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { partialShuffle } from '../internal/sample.js';
import { throwIfAborted, type LongRunOptions, checkOptions } from '../internal/model.js';
import { isFeatureMatrix } from '../matrix/feature-matrix.js';
import { alsCore, resolveAlsOptions, type AlsOptions } from './als.js';
import { resolveWorkers } from '../internal/parallel/pool.js';
import { buildMatrixInternal, kindWeightsOption, resolveKindWeights, type InteractionMatrix, type InteractionProblem } from './interaction-matrix.js';
import { itemKnnCore, resolveItemKnnOptions, type ItemKnnOptions } from './item-knn.js';
import { popularityCore } from './popularity.js';
import { checkEaseCatalogue, chooseEaseLambda, easeLambdaFromRecords, easePart, easeWeights, parseEaseGroup, type EaseOptions, type HeldOut, type LambdaTrial } from './ease.js';
import { DEFAULT_EASE_OFFERS } from '../limits.js';
import { profileCore, resolveProfileOptions, type ProfileOptions, type SubscriberProfiles } from './profile.js';
import { leaveLastOut, parseInstant, positiveInTimeOrder } from './split.js';
import { blendScores, contextForIndex, createScratch, type RecommenderCore } from './scoring.js';
import type { KindWeights, RecommendInteraction, RecommendOffer } from './types.js';

export { RECOMMENDER_COMPONENTS, VALIDATION_SPLITS, BlendWeightsSchema, RecommenderResolvedOptionsSchema, RecommenderModelSchema, migrateRecommender } from './model-schemas.js';
export type { RecommenderComponent, BlendWeights, RecommenderModel, ValidationSplitKind } from './model-schemas.js';
import { BlendWeightsSchema, RECOMMENDER_COMPONENTS, RecommenderResolvedOptionsSchema, VALIDATION_SPLITS } from './model-schemas.js';
import type { RecommenderComponent, BlendWeights, RecommenderModel, ValidationSplitKind } from './model-schemas.js';
import { RECOMMEND_MODEL_VERSIONS } from './model-kinds.js';


/** What {@link fitRecommender} learns from. @category Recommend */
export interface RecommenderData {
  /** Implicit feedback (accept, click, impression, decline). */
  interactions: readonly RecommendInteraction[];
  /** Subscriber profiles: a FeatureMatrix (row ids = subscriber ids) or records with `id` (and optionally a segment field). When given, it fixes the known subscribers. */
  subscribers?: SubscriberProfiles;
  /** The offer catalogue. When given, it fixes the offers (offers with no interactions are recommendable through the profile model). */
  offers?: readonly RecommendOffer[];
}

/** Options of {@link fitRecommender}. @category Recommend */
export interface RecommenderOptions extends LongRunOptions {
  /** Components to fit (default: als, itemKnn, popularity, plus profile when subscriber profiles or offers are given, plus ease when the catalogue has at most `DEFAULT_EASE_OFFERS` (2,048) offers; up to `MAX_EASE_OFFERS` when asked for). */
  components?: readonly RecommenderComponent[];
  /** ALS hyper-parameters (see `fitAls`). */
  als?: Omit<AlsOptions, 'onProgress' | 'signal' | 'kindWeights'>;
  /** Item-kNN options (see `fitItemKnn`). */
  itemKnn?: Omit<ItemKnnOptions, 'kindWeights'>;
  /** EASE options (see `fitEase`): `lambda` (default: chosen on the validation split) and `binary`. */
  ease?: Pick<EaseOptions, 'lambda' | 'binary'>;
  /** Profile-model options (see `fitProfileModel`). */
  profile?: Omit<ProfileOptions, 'onProgress' | 'signal' | 'kindWeights'>;
  /** Weight per interaction kind (default accept 1, click 0.3, impression 0, decline excluded). */
  kindWeights?: KindWeights;
  /** Field of subscriber records holding the segment for segment popularity (default `'segment'`). */
  segmentField?: string;
  /** Segment per subscriber id (overrides `segmentField`). */
  segments?: Readonly<Record<string, string>>;
  /** `'learned'` (default): weights learned on validation; or fixed weights per component. */
  blend?: 'learned' | Partial<BlendWeights>;
  /** Validation subscribers sampled for learning the blend (default 2000). */
  validationUsers?: number;
  /**
   * How the blend's validation split is made.
   * - `'time-split'`: the interactions before the 80 % time quantile are fitted and each
   *   subscriber's first new offer after it is held out, every subscriber cut at the same instant
   *   (as a model is used: fitted on the past, scoring the future). Falls back to leave-last-out
   *   when fewer than 10 subscribers have a held-out offer.
   * - `'leave-last-out'`: each subscriber's last distinct offer is held out, the rest (other
   *   subscribers' later interactions included) fitted.
   * - `'auto'` (default): the time split when the positive interactions have at least two distinct
   *   timestamps and it holds out at least 100 subscribers with earlier history; leave-last-out
   *   otherwise (with one timestamp the "time order" is only the input order).
   */
  validation?: ValidationSplitKind | 'auto';
  /**
   * Which components are refitted on all interactions once the blend is set.
   * - `'all'` (default): every component in `components`.
   * - `'blended'`: only those the blend uses — item-kNN and popularity always (they are cheap and
   *   serve diversity and `similarOffers`), ALS and EASE when their weight is above 0, the profile
   *   model when its warm or cold-start weight is. The others are left out of the model (its
   *   `options.components` lists what was refitted), so `recommend`, `recommendBatch` and
   *   `evaluateRecommender` give the same lists as with `'all'`, at less cost; `similarOffers` of
   *   an offer without item-kNN neighbours and `updateSubscriber` then lack the left-out factors.
   */
  refit?: 'all' | 'blended';
  /** Seed for every component and the validation sample (default 0). */
  seed?: number;
}

interface Resolved {
  components: RecommenderComponent[];
  /** EASE's λ: given, or chosen on validation (undefined until chosen). */
  easeLambda: number | undefined;
  easeBinary: boolean;
  easeTrials: LambdaTrial[];
  easeUsers: number;
  kw: Required<KindWeights>;
  segmentField: string;
  validationUsers: number;
  validation: ValidationSplitKind | 'auto';
  seed: number;
}

function segmentsOf(data: RecommenderData, options: RecommenderOptions, field: string): Record<string, string> | undefined {
  if (options.segments) return { ...options.segments };
  const subs = data.subscribers;
  if (!subs || isFeatureMatrix(subs)) return undefined;
  const out: Record<string, string> = {};
  let any = false;
  for (const s of subs) {
    const v = s[field];
    if (v !== undefined && v !== null) {
      out[String(s.id)] = String(v);
      any = true;
    }
  }
  return any ? out : undefined;
}

/** Fits every component on a matrix and assembles the core (no blend yet). */
function fitComponents(
  m: InteractionMatrix,
  data: RecommenderData,
  options: RecommenderOptions,
  r: Resolved,
  segments: Record<string, string> | undefined,
  fn: string,
): Omit<RecommenderCore, 'weights'> {
  const has = (c: RecommenderComponent): boolean => r.components.includes(c);
  const run: LongRunOptions = { signal: options.signal };
  const alsOpts = resolveAlsOptions({ seed: r.seed, ...options.als }, fn, 'als.');
  const knnOpts = resolveItemKnnOptions(options.itemKnn, fn, 'itemKnn.');
  const profOpts = resolveProfileOptions({ seed: r.seed, ...options.profile }, fn, 'profile.');
  const als = has('als') ? { options: alsOpts, ...alsCore(m, alsOpts, { ...run, onProgress: (p) => options.onProgress?.({ ...p, stage: 'als-iteration' }) }, fn, resolveWorkers(options.als?.workers ?? 1)) } : null;
  throwIfAborted(options.signal, fn);
  const itemKnn = has('itemKnn') ? itemKnnCore(m, knnOpts) : null;
  throwIfAborted(options.signal, fn);
  const profile = has('profile') ? profileCore(m, data.subscribers, data.offers, profOpts, { ...run, onProgress: options.onProgress }, fn) : null;
  const popularity = popularityCore(m, segments);
  throwIfAborted(options.signal, fn);
  const ease = has('ease')
    ? easePart({ lambda: r.easeLambda!, binary: r.easeBinary }, easeWeights(m, r.easeLambda!, r.easeBinary, fn, options.signal), r.easeTrials, r.easeUsers)
    : null;
  return {
    nOffers: m.nOffers,
    history: { indptr: m.indptr, indices: m.indices, data: m.data },
    als,
    itemKnn,
    profile,
    popularity,
    ease,
  };
}

const groupOption = (what: string) =>
  described(o.custom<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)), `an object of ${what} options`);
const weight = real({ min: 0 });
const parseRecommenderOptions = defineOptions('fitRecommender', {
  components: described(
    o.array(o.oneOfValues(RECOMMENDER_COMPONENTS), { min: 1 }),
    `a non-empty array of ${RECOMMENDER_COMPONENTS.map((c) => `'${c}'`).join(', ')}`,
  ).optional(),
  als: groupOption('fitAls').optional(),
  itemKnn: groupOption('fitItemKnn').optional(),
  profile: groupOption('fitProfileModel').optional(),
  ease: groupOption('fitEase').optional(),
  kindWeights: kindWeightsOption().optional(),
  segmentField: str().default('segment'),
  segments: described(o.record(o.string()), 'an object mapping subscriber ids to segments').optional(),
  blend: described(
    o.union([o.literal('learned'), o.strictObject({ als: weight.optional(), itemKnn: weight.optional(), profile: weight.optional(), popularity: weight.optional(), ease: weight.optional() })]),
    "'learned' or { als?, itemKnn?, profile?, popularity?, ease? } with finite weights ≥ 0",
  ).default('learned'),
  validationUsers: int(0, 10_000_000).default(2000),
  validation: described(o.oneOfValues(['auto', ...VALIDATION_SPLITS]), "'auto', 'leave-last-out' or 'time-split'").default('auto'),
  refit: described(o.oneOfValues(['all', 'blended']), "'all' or 'blended'").default('all'),
  seed: seed().default(0),
  ...longRun(),
});
/** The string `id` of record `i` of `what` (ids are never coerced from numbers). */
function recordId(rec: unknown, i: number, what: string, fn: string): string {
  if (typeof rec !== 'object' || rec === null) throw new DataError(`${fn}: ${what}[${i}] is ${rec === null ? 'null' : typeof rec}, expected a record with a string id`);
  const id = (rec as { id?: unknown }).id;
  if (typeof id !== 'string' || id === '') throw new DataError(`${fn}: ${what}[${i}] has ${id === undefined ? 'no id' : `id ${JSON.stringify(id)}`}; ids must be non-empty strings`);
  return id;
}

/**
 * Fits the hybrid recommender: implicit ALS, item-kNN, the profile (LightFM-style) model and
 * segment popularity, blended by weights learned on validation data.
 *
 * Blend learning: interactions are ordered by time and split (`validation`, default `'auto'`):
 * a time split (before the 80 % time quantile fitted, each subscriber's first new offer after it
 * held out) or leave-last-out (each subscriber's last distinct offer held out); the components are
 * fitted on the rest; for up to `validationUsers` sampled subscribers each component's scores over
 * the offers they do not have are z-scored (per subscriber); a coordinate search over weights
 * (starting from the best single component, so the blend never scores below it on validation)
 * maximises NDCG@10 of the held-out offer, and the result is pruned by the one-standard-error rule
 * (a component is dropped while the blend without it stays within one standard error of the best).
 * The components are then refitted on all interactions. Score(u, i) = Σ_c w_c z_c(u, i).
 *
 * Duplicate (subscriber, offer) interactions are summed (see `buildInteractionMatrix`).
 *
 * @param data - interactions, optional subscriber profiles and offer catalogue
 * @param options - components, their hyper-parameters, blend, seed, `onProgress`, `signal`
 * @param options.components - components to fit
 * @param options.blend - `'learned'` (default) or fixed weights
 * @param options.validation - the blend's validation split: `'auto'` (default), `'time-split'` or `'leave-last-out'`
 * @param options.seed - seed (default 0)
 * @returns a `'recommend/hybrid'` model (plain data; `serializeModel` round-trips it bit for bit)
 * @throws OptionsError on an unknown or invalid option, including those of the `als`, `itemKnn` and `profile` groups (named `als.factors`, …)
 * @throws DataError when the catalogue is empty, on negative/NaN weights (naming the record); AbortError when `signal` fires
 * @example
 * const interactions = [
 *   { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' as const },
 *   { subscriberId: 'a', offerId: 'y', timestamp: '2025-01-02T00:00:00Z', kind: 'accept' as const },
 *   { subscriberId: 'b', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' as const },
 * ];
 * const model = fitRecommender({ interactions }, { als: { factors: 2 } });
 * recommend(model, 'b', { k: 1 })[0]!.offerId // => 'y'
 * @category Recommend
 */
export function fitRecommender(data: RecommenderData, options?: RecommenderOptions): RecommenderModel {
  const fn = 'fitRecommender';
  if (typeof data !== 'object' || data === null) throw new DataError(`${fn}: expected { interactions, subscribers?, offers? }, got ${data === null ? 'null' : typeof data}`);
  if (!Array.isArray(data.interactions)) throw new DataError(`${fn}: data.interactions must be an array of interactions, got ${data.interactions === null ? 'null' : typeof data.interactions}`);
  if (data.offers !== undefined && !Array.isArray(data.offers)) throw new DataError(`${fn}: data.offers must be an array of offers`);
  if (data.subscribers !== undefined && !Array.isArray(data.subscribers) && !isFeatureMatrix(data.subscribers)) {
    throw new DataError(`${fn}: data.subscribers must be an array of records or a FeatureMatrix`);
  }
  const o: RecommenderOptions = parseRecommenderOptions(options);
  // the component groups are checked now, with their dotted names, before anything is fitted
  resolveAlsOptions(o.als, fn, 'als.');
  resolveItemKnnOptions(o.itemKnn, fn, 'itemKnn.');
  resolveProfileOptions(o.profile, fn, 'profile.');
  const easeGroup = parseEaseGroup(o.ease, fn, 'ease.');
  const kw = resolveKindWeights(o.kindWeights, fn);
  const hasProfileData = data.subscribers !== undefined || (data.offers !== undefined && data.offers.length > 0);
  const explicitComponents = o.components ? [...new Set(o.components)] : undefined;
  const validationUsers = o.validationUsers ?? 2000;
  const subIds = data.subscribers
    ? isFeatureMatrix(data.subscribers)
      ? [...data.subscribers.rowIds]
      : data.subscribers.map((s, i) => recordId(s, i, 'subscribers', fn))
    : undefined;
  const offerIds = data.offers?.map((o, i) => recordId(o, i, 'offers', fn));
  if (offerIds !== undefined && offerIds.length === 0) throw new DataError(`${fn}: the offer catalogue is empty; nothing to recommend`);
  const full = buildMatrixInternal(data.interactions, { subscriberIds: subIds, offerIds, kindWeights: kw }, fn);
  if (full.nOffers === 0) throw new DataError(`${fn}: no offers (the catalogue is empty and no interaction names an offer)`);
  const components = explicitComponents
    ?? (['als', 'itemKnn', ...(hasProfileData ? (['profile'] as const) : []), 'popularity', ...(full.nOffers <= DEFAULT_EASE_OFFERS ? (['ease'] as const) : [])] as RecommenderComponent[]);
  if (components.includes('ease')) checkEaseCatalogue(full.nOffers, fn);
  const r: Resolved = {
    components,
    kw,
    segmentField: o.segmentField ?? 'segment',
    validationUsers,
    validation: o.validation ?? 'auto',
    seed: o.seed ?? 0,
    easeLambda: easeGroup.lambda,
    easeBinary: easeGroup.binary ?? true,
    easeTrials: [],
    easeUsers: 0,
  };
  checkOptions(RecommenderResolvedOptionsSchema, { components, kindWeights: kw, segmentField: r.segmentField, validationUsers, validation: r.validation, seed: r.seed }, fn);
  const segments = segmentsOf(data, o, r.segmentField);
  const ids = { subscriberIds: full.subscriberIds, offerIds: full.offerIds };

  // blend weights
  let blend: RecommenderModel['blend'];
  if (o.blend !== undefined && o.blend !== 'learned') {
    const w = checkOptions(BlendWeightsSchema, { als: 0, itemKnn: 0, profile: 0, popularity: 0, ease: 0, ...o.blend }, fn, 'blend');
    blend = { weights: w, coldWeights: defaultColdWeights(components), source: 'fixed', validationSplit: null, validationUsers: 0, validationNdcg: {} };
  } else if (components.length === 1) {
    const w = { als: 0, itemKnn: 0, profile: 0, popularity: 0, ease: 0, [components[0]!]: 1 };
    blend = { weights: w, coldWeights: defaultColdWeights(components), source: 'fixed', validationSplit: null, validationUsers: 0, validationNdcg: {} };
  } else {
    blend = learnBlend(data, o, r, ids, segments, full.indptr, fn);
  }
  throwIfAborted(o.signal, fn);
  if (o.refit === 'blended') {
    r.components = refitComponents(components, blend);
  }
  if (r.components.includes('ease') && r.easeLambda === undefined) {
    // no learned blend chose λ: EASE's own leave-last-out validation, as fitEase does
    const chosen = easeLambdaFromRecords(data.interactions, full, kw, r.easeBinary, validationUsers, r.seed, fn, o.signal);
    r.easeLambda = chosen.lambda;
    r.easeTrials = chosen.trials;
    r.easeUsers = chosen.users;
  }
  const core = fitComponents(full, data, o, r, segments, fn);
  const offerById = new Map<string, RecommendOffer>();
  for (const o of data.offers ?? []) offerById.set(o.id, o);
  return {
    kind: 'recommend/hybrid',
    version: RECOMMEND_MODEL_VERSIONS['recommend/hybrid'],
    options: { components: r.components, kindWeights: kw, segmentField: r.segmentField, validationUsers, validation: r.validation, seed: r.seed },
    subscriberIds: [...full.subscriberIds],
    offerIds: [...full.offerIds],
    offerNames: full.offerIds.map((id) => offerById.get(id)?.name ?? ''),
    offerCategories: full.offerIds.map((id) => offerById.get(id)?.category ?? ''),
    offerPrices: Float64Array.from(full.offerIds, (id) => offerById.get(id)?.price ?? NaN),
    history: { indptr: full.indptr, indices: full.indices, data: full.data },
    als: core.als,
    itemKnn: core.itemKnn,
    profile: core.profile,
    popularity: core.popularity,
    ease: core.ease,
    blend,
    problems: full.problems.map((p: InteractionProblem) => ({ ...p })),
  };
}

/**
 * The components `refit: 'blended'` refits: item-kNN and popularity always, ALS and EASE when
 * their warm weight is above 0, the profile model when its warm or cold-start weight is (in the
 * order of `components`). Scoring skips a component whose weight is 0, so the lists stay the same.
 */
function refitComponents(components: readonly RecommenderComponent[], blend: RecommenderModel['blend']): RecommenderComponent[] {
  const cold = blend.coldWeights;
  // with no cold-start weight on profile or popularity, scoring falls back to the profile model
  const coldProfile = cold.profile > 0 || !(cold.popularity > 0);
  const used = (c: RecommenderComponent): boolean =>
    c === 'itemKnn' || c === 'popularity' || blend.weights[c] > 0 || (c === 'profile' && coldProfile);
  return components.filter(used);
}

/** Cold-start weights when none are learned: profile 1 + popularity 0.25, or popularity alone. */
function defaultColdWeights(components: readonly RecommenderComponent[]): BlendWeights {
  return components.includes('profile')
    ? { als: 0, itemKnn: 0, profile: 1, popularity: components.includes('popularity') ? 0.25 : 0, ease: 0 }
    : { als: 0, itemKnn: 0, profile: 0, popularity: 1, ease: 0 };
}

/*
 * The blend learner's constants. Weights are searched per component on a small grid (coordinate
 * ascent) to maximise NDCG@10 of the held-out offer, ranked against the full catalogue (every
 * offer outside the subscriber's training history), on a sample of validation subscribers; the
 * result is normalised to sum 1, so only the ratios on the grid matter.
 */
/** Candidate weights of one component: 0 (off), then roughly geometric from 1/50 to 5 relative units. */
const BLEND_WEIGHT_GRID = [0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5];
/** Rank cut-off of the validation metric (NDCG@10, one relevant offer: 1 / log2(rank + 1)). */
const NDCG_AT = 10;
/** Fewer usable validation subscribers than this and the learned weights would be noise: keep the defaults. */
const MIN_VALIDATION_USERS = 10;
/** Share of the subscribers outside the warm validation set left out entirely to validate cold start. */
const COLD_SHARE = 0.1;
/** Coordinate-ascent sweeps at most (they stop early when a sweep improves nothing). */
const SEARCH_ROUNDS = 3;
/** A trial weight must beat the best NDCG by this much (ties keep the earlier, simpler weights). */
const MIN_GAIN = 1e-9;
/** The same for the single-component start (any real difference wins; ties go to the first component). */
const MIN_GAIN_START = 1e-12;
/** Standard errors a simpler blend may lose by and still be preferred (the one-standard-error rule). */
const SE_RULE = 1;
/** XORed into the seed so the validation split draws a stream independent of the components' (MurmurHash2's multiplier, an arbitrary odd constant). */
const SPLIT_SEED_SALT = 0x5bd1e995;

/**
 * One validation subscriber: the offers whose rank against the held-out target depends on the
 * weights (target first) with their component z-scores (items × components), and `base`, the
 * number of offers that outrank the target under every weighting. Offers that rank below it under
 * every weighting are left out. So the rank computed on the pool is the rank in the full catalogue.
 */
export interface BlendPool {
  readonly items: Int32Array;
  readonly z: Float64Array;
  readonly base: number;
  /** Weight of this subscriber in the validation mean (see {@link historyLengthWeights}); 1 unless reweighted. */
  weight: number;
}

/** NDCG@10 of one pool's target when components are weighted by `w` (ties rank the lower offer index first). */
function poolGain(w: Float64Array, pl: BlendPool, nC: number): number {
  const n = pl.items.length;
  let t = 0;
  for (let c = 0; c < nC; c++) t += w[c]! * pl.z[c]!; // target is pool item 0
  let rank = 1 + pl.base;
  for (let p = 1; p < n && rank <= NDCG_AT; p++) {
    let s = 0;
    for (let c = 0; c < nC; c++) s += w[c]! * pl.z[p * nC + c]!;
    if (s > t || (s === t && pl.items[p]! < pl.items[0]!)) rank++;
  }
  return rank <= NDCG_AT ? 1 / Math.log2(rank + 1) : 0;
}

/** Mean NDCG@10 of the target over the pools when components are weighted by `w` (ties rank the lower offer index first). Exported for tests. */
export function blendNdcg(w: Float64Array, set: readonly BlendPool[], nC: number): number {
  let sum = 0;
  let total = 0;
  for (const pl of set) {
    sum += pl.weight * poolGain(w, pl, nC);
    total += pl.weight;
  }
  return total > 0 ? sum / total : 0;
}

/**
 * Weighted mean and standard error of the per-subscriber NDCG@10 difference between weights `a`
 * and `b` on the same pools (a paired difference: SE = √(Σ v_i² (d_i − d̄)²) / Σ v_i, v_i the
 * pool weights). Exported for tests.
 */
export function pairedDifference(a: Float64Array, b: Float64Array, set: readonly BlendPool[], nC: number): { mean: number; se: number } {
  const d = new Float64Array(set.length);
  let total = 0;
  let mean = 0;
  for (let q = 0; q < set.length; q++) {
    const pl = set[q]!;
    d[q] = poolGain(a, pl, nC) - poolGain(b, pl, nC);
    mean += pl.weight * d[q]!;
    total += pl.weight;
  }
  if (!(total > 0)) return { mean: 0, se: 0 };
  mean /= total;
  let ss = 0;
  for (let q = 0; q < set.length; q++) ss += (set[q]!.weight * (d[q]! - mean)) ** 2;
  return { mean, se: Math.sqrt(ss) / total };
}

/**
 * The simplest blend whose validation NDCG@10 is within one standard error of the best blend's
 * (the one-standard-error rule, Hastie, Tibshirani & Friedman, The Elements of Statistical
 * Learning, §7.10). Backward elimination: from the components the best blend uses, drop the one
 * whose removal (weights searched again without it) costs least, while the paired difference to
 * the best is at most {@link SE_RULE} standard errors; a blend that loses by noise alone is
 * preferred when it has fewer components, since every extra weight is fitted to the same noise.
 */
export function simplestWithinOneSe(best: { w: Float64Array; best: number }, allowed: readonly boolean[], set: readonly BlendPool[], nC: number, signal: AbortSignal | undefined, fn: string): { w: Float64Array; best: number; dropped: number } {
  let cur = best;
  let dropped = 0;
  let keep = allowed.map((a, c) => a && best.w[c]! > 0);
  while (keep.filter(Boolean).length > 1) {
    let pick: { w: Float64Array; best: number; keep: boolean[] } | null = null;
    for (let c = 0; c < nC; c++) {
      if (!keep[c]) continue;
      const without = keep.map((k, j) => k && j !== c);
      const trial = searchBlend(without, set, nC, signal, fn);
      if (!pick || trial.best > pick.best + MIN_GAIN) pick = { ...trial, keep: without };
    }
    if (!pick) break;
    const diff = pairedDifference(best.w, pick.w, set, nC);
    if (!(diff.mean <= SE_RULE * diff.se)) break;
    cur = pick;
    keep = pick.keep.map((k, c) => k && pick.w[c]! > 0);
    dropped++;
  }
  return { ...cur, dropped };
}

/**
 * Coordinate ascent over {@link BLEND_WEIGHT_GRID}: start from the best single allowed component,
 * then for each allowed component try every grid value, keeping any trial that gains
 * {@link MIN_GAIN}; up to {@link SEARCH_ROUNDS} sweeps.
 */
export function searchBlend(allowed: readonly boolean[], set: readonly BlendPool[], nC: number, signal: AbortSignal | undefined, fn: string): { w: Float64Array; best: number } {
  let best = -1;
  let w = new Float64Array(nC);
  for (let c = 0; c < nC; c++) {
    if (!allowed[c]) continue;
    const one = new Float64Array(nC);
    one[c] = 1;
    const v = blendNdcg(one, set, nC);
    if (v > best + MIN_GAIN_START) {
      best = v;
      w = one;
    }
  }
  for (let round = 0; round < SEARCH_ROUNDS; round++) {
    let improved = false;
    for (let c = 0; c < nC; c++) {
      if (!allowed[c]) continue;
      throwIfAborted(signal, fn);
      for (const g of BLEND_WEIGHT_GRID) {
        if (g === w[c]) continue;
        const trial = Float64Array.from(w);
        trial[c] = g;
        if (trial.every((x) => x === 0)) continue;
        const v = blendNdcg(trial, set, nC);
        if (v > best + MIN_GAIN) {
          best = v;
          w = trial;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { w, best };
}

/** Grid weights normalised to sum 1, by component name. */
function toBlendWeights(w: Float64Array, comps: readonly RecommenderComponent[]): BlendWeights {
  let total = 0;
  for (let c = 0; c < comps.length; c++) total += w[c]!;
  const out = { als: 0, itemKnn: 0, profile: 0, popularity: 0, ease: 0 };
  for (let c = 0; c < comps.length; c++) out[comps[c]!] = total > 0 ? w[c]! / total : 0;
  return out;
}

/**
 * Per validation subscriber (index, held-out offer): each component's z-scores over the full
 * catalogue, reduced exactly. With weights w ≥ 0 the blended score Σ_c w_c z_c is monotone in
 * every z_c (rounded + and × are monotone too), so an offer j with z_c(j) ≤ z_c(t) for every c
 * never outranks the target t when j > t (ties go to the lower index), nor when it is strictly
 * below in every c; one with z_c(j) ≥ z_c(t) for every c and j < t (or strictly above in every c)
 * always does. The former are dropped, the latter counted in `base`; a subscriber with
 * `base` ≥ 10 scores 0 under any weights and keeps only the target.
 */
function buildBlendPools(
  core: RecommenderCore,
  comps: readonly RecommenderComponent[],
  users: readonly [number, number][],
  scratch: ReturnType<typeof createScratch>,
): BlendPool[] {
  const nC = comps.length;
  const n = core.nOffers;
  const unit = { als: 0, itemKnn: 0, profile: 0, popularity: 0, ease: 0 };
  const out: BlendPool[] = [];
  const zc = comps.map(() => new Float64Array(n));
  for (const [u, target] of users) {
    const ctx = contextForIndex(core, u);
    for (let c = 0; c < nC; c++) {
      const w = { ...unit, [comps[c]!]: 1 };
      zc[c]!.set(blendScores({ ...core, weights: w }, ctx, scratch, { coldFallback: false }));
    }
    const pool = blendPool(zc, scratch.skip, target);
    if (pool) out.push(pool);
  }
  return out;
}

/**
 * The pool of one validation subscriber from each component's scores over the catalogue (`zc[c]`,
 * length nOffers), the offers to leave out (`skip`: the training history) and the held-out
 * `target`; null when the target itself is skipped (it cannot be ranked). Exported for tests.
 */
export function blendPool(zc: readonly Float64Array[], skip: Uint8Array, target: number): BlendPool | null {
  if (skip[target]) return null;
  const nC = zc.length;
  const n = skip.length;
  let base = 0;
  const keep: number[] = [target];
  for (let j = 0; j < n; j++) {
    if (j === target || skip[j]) continue;
    let allLe = true;
    let allGe = true;
    let allLt = true;
    let allGt = true;
    for (let c = 0; c < nC; c++) {
      const a = zc[c]![j]!;
      const b = zc[c]![target]!;
      if (a > b) {
        allLe = false;
        allLt = false;
      } else if (a < b) {
        allGe = false;
        allGt = false;
      } else {
        allLt = false;
        allGt = false;
      }
    }
    if (allLe && (j > target || allLt)) continue;
    if (allGe && (j < target || allGt)) {
      base++;
      continue;
    }
    keep.push(j);
  }
  if (base >= NDCG_AT) keep.length = 1;
  const items = Int32Array.from(keep);
  const z = new Float64Array(items.length * nC);
  for (let p = 0; p < items.length; p++) for (let c = 0; c < nC; c++) z[p * nC + c] = zc[c]![items[p]!]!;
  return { items, z, base, weight: 1 };
}

/** History lengths at or above this share one bucket in {@link historyLengthWeights}. */
const LENGTH_BUCKETS = 20;

/**
 * Reweights the validation subscribers to the population the model will serve. A validation
 * subscriber had one more offer than its validation history (the held-out one), so the validation
 * set has no subscriber with the shortest histories and too many with long ones; components differ
 * most exactly there (item-kNN is strongest on one-offer histories). Each pool gets weight
 * n_all(h) / n_val(h), h its validation history length (bucketed at {@link LENGTH_BUCKETS}),
 * n_all(h) the subscribers of the fitting data with h offers, n_val(h) the validation subscribers
 * with validation history h; the weighted mean is then the mean over the fitting population.
 */
function historyLengthWeights(pools: BlendPool[], val: readonly (readonly [number, number])[], trainIndptr: Int32Array, fullIndptr: Int32Array): void {
  if (pools.length === 0) return;
  const bucket = (len: number): number => Math.min(len, LENGTH_BUCKETS);
  const all = new Float64Array(LENGTH_BUCKETS + 1);
  for (let u = 0; u + 1 < fullIndptr.length; u++) all[bucket(fullIndptr[u + 1]! - fullIndptr[u]!)]!++;
  const lens = new Int32Array(pools.length);
  const seen = new Float64Array(LENGTH_BUCKETS + 1);
  // pools are in `val` order, less the subscribers whose target could not be ranked
  let p = 0;
  for (const [u, target] of val) {
    if (p >= pools.length) break;
    if (pools[p]!.items[0] !== target) continue;
    lens[p] = bucket(trainIndptr[u + 1]! - trainIndptr[u]!);
    seen[lens[p]!]!++;
    p++;
  }
  for (let q = 0; q < pools.length; q++) pools[q]!.weight = seen[lens[q]!]! > 0 ? all[lens[q]!]! / seen[lens[q]!]! : 0;
}

/** With `validation: 'auto'`, the time split is used only when it holds out at least this many subscribers with earlier history (one standard error of a mean NDCG@10 is then at most 0.05). */
const MIN_TIME_SPLIT_USERS = 100;
/** Share of the positive events (latest by time) held out by the time-split validation. */
const VALIDATION_TIME_SHARE = 0.2;

/** One validation split: the records the components are fitted on and the held-out (subscriber index, offer index) pairs. */
interface ValidationSplit {
  readonly train: RecommendInteraction[];
  /** Subscribers with a training history (sampled, index order). */
  readonly warm: [number, number][];
  /** Subscribers with no training history (sampled, index order). */
  readonly cold: [number, number][];
}

interface SplitContext {
  readonly data: RecommenderData;
  readonly order: readonly number[];
  readonly subIndex: ReadonlyMap<string, number>;
  readonly offIndex: ReadonlyMap<string, number>;
  readonly subscriberIds: readonly string[];
  readonly validationUsers: number;
  readonly rng: ReturnType<typeof createRng>;
  readonly fn: string;
}

/** Samples up to `k` pairs without replacement (partial Fisher–Yates), then restores index order. */
function sampleHeld(pairs: [number, number][], k: number, rng: ReturnType<typeof createRng>): [number, number][] {
  const n = Math.min(k, pairs.length);
  partialShuffle(pairs, n, rng);
  return pairs.slice(0, n).sort((a, b) => a[0] - b[0]);
}

/**
 * Leave-last-out in time order: each subscriber's last distinct offer is held out (warm); a share
 * {@link COLD_SHARE} of the other subscribers leave the fit entirely, their first offer held out (cold).
 */
function leaveLastOutValidation(x: SplitContext): ValidationSplit {
  const { data, order, subIndex, offIndex } = x;
  const split = leaveLastOut(data.interactions, order, false);
  const candidates: [number, number][] = [];
  for (const [s, o] of split.heldOut) {
    const u = subIndex.get(s);
    const i = offIndex.get(o);
    if (u !== undefined && i !== undefined) candidates.push([u, i]);
  }
  const warm = sampleHeld(candidates, x.validationUsers, x.rng);
  const inVal = new Set(warm.map((v) => v[0]));
  const firstItem = new Map<number, number>();
  for (const k of order) {
    const rec = data.interactions[k]!;
    const u = subIndex.get(rec.subscriberId);
    const i = offIndex.get(rec.offerId);
    if (u !== undefined && i !== undefined && !inVal.has(u) && !firstItem.has(u)) firstItem.set(u, i);
  }
  const coldCandidates = [...firstItem.entries()];
  const cold = sampleHeld(coldCandidates, Math.min(x.validationUsers, Math.floor(coldCandidates.length * COLD_SHARE)), x.rng);
  const coldOut = new Set(cold.map((v) => x.subscriberIds[v[0]]!));
  const train = split.train.map((k) => data.interactions[k]!).filter((rec) => !coldOut.has(rec.subscriberId));
  return { train, warm, cold };
}

/**
 * Time split: the positive events before the {@link VALIDATION_TIME_SHARE} time quantile are
 * fitted; each subscriber's first offer after it that is not in their earlier history is held out
 * (warm when they have earlier history, cold otherwise). Every subscriber is cut at the same
 * instant, so no component sees what other subscribers did after it.
 */
function timeSplitValidation(x: SplitContext): ValidationSplit {
  const { data, order, subIndex, offIndex } = x;
  const cut = Math.floor(order.length * (1 - VALIDATION_TIME_SHARE));
  const before = new Map<number, Set<number>>();
  const train: RecommendInteraction[] = [];
  for (let p = 0; p < cut; p++) {
    const rec = data.interactions[order[p]!]!;
    train.push(rec);
    const u = subIndex.get(rec.subscriberId);
    const i = offIndex.get(rec.offerId);
    if (u === undefined || i === undefined) continue;
    let set = before.get(u);
    if (!set) before.set(u, (set = new Set()));
    set.add(i);
  }
  const next = new Map<number, number>();
  for (let p = cut; p < order.length; p++) {
    const rec = data.interactions[order[p]!]!;
    const u = subIndex.get(rec.subscriberId);
    const i = offIndex.get(rec.offerId);
    if (u === undefined || i === undefined || next.has(u) || before.get(u)?.has(i)) continue;
    next.set(u, i);
  }
  const warm: [number, number][] = [];
  const cold: [number, number][] = [];
  for (const [u, i] of next) (before.has(u) ? warm : cold).push([u, i]);
  return { train, warm: sampleHeld(warm, x.validationUsers, x.rng), cold: sampleHeld(cold, x.validationUsers, x.rng) };
}

/** Whether the records at `order` have at least two distinct timestamps (compared as instants). */
function hasDistinctTimes(interactions: readonly RecommendInteraction[], order: readonly number[]): boolean {
  if (order.length < 2) return false;
  const first = parseInstant(interactions[order[0]!]!.timestamp);
  return parseInstant(interactions[order[order.length - 1]!]!.timestamp) !== first;
}

/** Learns blend weights on the validation split named by `r.validation` (see {@link RecommenderOptions.validation}). */
function learnBlend(
  data: RecommenderData,
  options: RecommenderOptions,
  r: Resolved,
  ids: { subscriberIds: readonly string[]; offerIds: readonly string[] },
  segments: Record<string, string> | undefined,
  fullIndptr: Int32Array,
  fn: string,
): RecommenderModel['blend'] {
  const comps = r.components;
  const equal = { als: 0, itemKnn: 0, profile: 0, popularity: 0, ease: 0 };
  for (const c of comps) equal[c] = 1 / comps.length;
  const fallback: RecommenderModel['blend'] = { weights: equal, coldWeights: defaultColdWeights(comps), source: 'default', validationSplit: null, validationUsers: 0, validationNdcg: {} };
  const order = positiveInTimeOrder(data.interactions, r.kw, fn);
  const subIndex = new Map<string, number>();
  ids.subscriberIds.forEach((id, i) => subIndex.set(id, i));
  const offIndex = new Map<string, number>();
  ids.offerIds.forEach((id, i) => offIndex.set(id, i));
  const x: SplitContext = { data, order, subIndex, offIndex, subscriberIds: ids.subscriberIds, validationUsers: r.validationUsers, rng: createRng(r.seed ^ SPLIT_SEED_SALT), fn };
  let kind: ValidationSplitKind = r.validation === 'leave-last-out' || (r.validation === 'auto' && !hasDistinctTimes(data.interactions, order)) ? 'leave-last-out' : 'time-split';
  let split = kind === 'time-split' ? timeSplitValidation(x) : leaveLastOutValidation(x);
  if (kind === 'time-split' && split.warm.length < (r.validation === 'auto' ? MIN_TIME_SPLIT_USERS : MIN_VALIDATION_USERS)) {
    kind = 'leave-last-out';
    split = leaveLastOutValidation(x);
  }
  if (split.warm.length < MIN_VALIDATION_USERS) return fallback;
  const nC = comps.length;
  throwIfAborted(options.signal, fn);
  const m = buildMatrixInternal(split.train, { ...ids, kindWeights: r.kw }, fn);
  if (comps.includes('ease') && r.easeLambda === undefined) {
    // λ chosen on the same validation subscribers, each ranked against the full catalogue
    const held: HeldOut[] = split.warm.map(([row, target]) => ({ row, target }));
    const chosen = chooseEaseLambda(m, held, r.easeBinary, fn, options.signal);
    r.easeLambda = chosen.lambda;
    r.easeTrials = chosen.trials;
    r.easeUsers = held.length;
  }
  const core: RecommenderCore = { ...fitComponents(m, data, { ...options, onProgress: undefined }, r, segments, fn), weights: { als: 0, itemKnn: 0, profile: 0, popularity: 0, ease: 0 } };
  // per validation subscriber: z-scores of each component on an exact candidate pool (target first)
  const scratch = createScratch(core.nOffers);
  const pools = buildBlendPools(core, comps, split.warm, scratch);
  historyLengthWeights(pools, split.warm, m.indptr, fullIndptr);
  const coldPools = buildBlendPools(core, comps, split.cold, scratch);
  if (pools.length < MIN_VALIDATION_USERS) return fallback;
  const validationNdcg: Record<string, number> = {};
  for (let c = 0; c < nC; c++) {
    const one = new Float64Array(nC);
    one[c] = 1;
    validationNdcg[comps[c]!] = blendNdcg(one, pools, nC);
    if (coldPools.length > 0 && (comps[c] === 'profile' || comps[c] === 'popularity')) validationNdcg[`cold:${comps[c]}`] = blendNdcg(one, coldPools, nC);
  }
  const all = comps.map(() => true);
  const full = searchBlend(all, pools, nC, options.signal, fn);
  const warm = simplestWithinOneSe(full, all, pools, nC, options.signal, fn);
  const best = warm.best;
  const weights = toBlendWeights(warm.w, comps);
  // cold start: the history-free components only (profile, popularity), on the cold validation subscribers
  const coldAllowed = comps.map((c) => c === 'profile' || c === 'popularity');
  let coldWeights = defaultColdWeights(comps);
  if (coldAllowed.some(Boolean) && coldPools.length >= MIN_VALIDATION_USERS) {
    const cold = searchBlend(coldAllowed, coldPools, nC, options.signal, fn);
    coldWeights = toBlendWeights(cold.w, comps);
    validationNdcg['cold:hybrid'] = cold.best;
  }
  validationNdcg.hybrid = best;
  if (warm.dropped > 0) validationNdcg['hybrid:unpruned'] = full.best;
  options.onProgress?.({ stage: 'blend', done: 1, total: 1, metrics: { validationNdcg: best } });
  return { weights, coldWeights, source: 'learned', validationSplit: kind, validationUsers: pools.length, validationNdcg };
}

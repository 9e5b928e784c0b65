/**
 * The model schemas of the recommend module, apart from the fits, so that `parseModel` can load a
 * recommend model without loading any learner. Each schema states its model's invariants
 * (lengths, index ranges, finite numbers, unique ids), checked on load.
 *
 * @module
 */
import * as z from 'zod';
import { Invariants, zFloat64Array, zInt32Array } from '../internal/model.js';

type Path = readonly (string | number)[];

/** Resolved ALS options as stored in models. @category Recommend */
export const AlsResolvedOptionsSchema = /* @__PURE__ */ (() => z
  .strictObject({
    factors: z.number().int().positive(),
    l2: z.number().nonnegative().finite(),
    confidenceAlpha: z.number().nonnegative().finite(),
    confidence: z.enum(['linear', 'log']),
    epsilon: z.number().positive().finite(),
    maxIter: z.number().int().nonnegative(),
    solver: z.enum(['cg', 'cholesky']),
    cgSteps: z.number().int().positive(),
    /** Present only when the factors were fitted in single precision (absent: double). */
    precision: z.literal('float32').optional(),
    seed: z.number().int(),
  })
  .refine((o) => o.solver !== 'cholesky' || o.l2 > 0, { message: 'the cholesky solver needs l2 > 0', path: ['l2'] }))();
/** Resolved ALS options. @category Recommend */
export type AlsResolvedOptions = z.infer<typeof AlsResolvedOptionsSchema>;

/** The learned part of an ALS model (also embedded in the hybrid). @category Recommend */
export const AlsFactorsSchema = /* @__PURE__ */ (() => z.object({
  options: AlsResolvedOptionsSchema,
  /** Row-major nSubscribers × factors. */
  userFactors: zFloat64Array,
  /** Row-major nOffers × factors. */
  itemFactors: zFloat64Array,
}))();
/** The learned factors of an ALS model. @category Recommend */
export type AlsFactors = z.infer<typeof AlsFactorsSchema>;

/** A fitted implicit ALS model (kind `'recommend/als'`). @category Recommend */
export const AlsModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('recommend/als'),
  version: z.number().int().positive(),
  subscriberIds: z.array(z.string()),
  offerIds: z.array(z.string()),
  ...AlsFactorsSchema.shape,
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  if (idsOk(inv, m)) alsOk(inv, m, m.subscriberIds.length, m.offerIds.length, []);
}))();
/** A fitted implicit ALS model. @category Recommend */
export type AlsModel = z.infer<typeof AlsModelSchema>;

/** Resolved item-kNN options. @category Recommend */
export const ItemKnnResolvedOptionsSchema = /* @__PURE__ */ (() => z.strictObject({
  neighbours: z.number().int().nonnegative(),
  similarity: z.enum(['cosine', 'tfidf', 'bm25']),
  binary: z.boolean(),
  k1: z.number().nonnegative().finite(),
  b: z.number().min(0).max(1),
}))();
/** Resolved item-kNN options. @category Recommend */
export type ItemKnnResolvedOptions = z.infer<typeof ItemKnnResolvedOptionsSchema>;

/** The learned part of an item-kNN model: row `i` of a sparse similarity matrix lists offer `i`'s neighbours. @category Recommend */
export const ItemKnnNeighboursSchema = /* @__PURE__ */ (() => z.object({
  options: ItemKnnResolvedOptionsSchema,
  indptr: zInt32Array,
  indices: zInt32Array,
  similarities: zFloat64Array,
}))();
/** Offer neighbour lists. @category Recommend */
export type ItemKnnNeighbours = z.infer<typeof ItemKnnNeighboursSchema>;

/** A fitted item-kNN model (kind `'recommend/item-knn'`). @category Recommend */
export const ItemKnnModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('recommend/item-knn'),
  version: z.number().int().positive(),
  offerIds: z.array(z.string()),
  ...ItemKnnNeighboursSchema.shape,
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  if (inv.unique(['offerIds'], m.offerIds)) knnOk(inv, m, m.offerIds.length, []);
}))();
/** A fitted item-kNN model. @category Recommend */
export type ItemKnnModel = z.infer<typeof ItemKnnModelSchema>;

/** Resolved EASE options as stored in models. @category Recommend */
export const EaseResolvedOptionsSchema = /* @__PURE__ */ (() => z.strictObject({
  lambda: z.number().positive().finite(),
  binary: z.boolean(),
}))();
/** Resolved EASE options. @category Recommend */
export type EaseResolvedOptions = z.infer<typeof EaseResolvedOptionsSchema>;

/** The learned part of an EASE model (also embedded in the hybrid). @category Recommend */
export const EaseWeightsSchema = /* @__PURE__ */ (() => z.object({
  options: EaseResolvedOptionsSchema,
  /** Row-major nOffers × nOffers item–item weights B (zero diagonal): score(u, j) = Σ_i x_ui B_ij. */
  weights: zFloat64Array,
  /** How λ was chosen: validation subscribers used (0 when λ was given) and the NDCG@10 of each λ tried. */
  validation: z.object({
    users: z.number().int().nonnegative(),
    trials: z.array(z.object({ lambda: z.number().positive().finite(), ndcg: z.number().min(0).max(1) })),
  }),
}))();
/** The learned part of an EASE model. @category Recommend */
export type EaseWeights = z.infer<typeof EaseWeightsSchema>;

/** A fitted EASE model (kind `'recommend/ease'`). @category Recommend */
export const EaseModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('recommend/ease'),
  version: z.number().int().positive(),
  options: EaseResolvedOptionsSchema,
  offerIds: z.array(z.string()),
  weights: EaseWeightsSchema.shape.weights,
  validation: EaseWeightsSchema.shape.validation,
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  if (inv.unique(['offerIds'], m.offerIds)) easeOk(inv, m, m.offerIds.length, []);
}))();
/** A fitted EASE model. @category Recommend */
export type EaseModel = z.infer<typeof EaseModelSchema>;

/** Popularity counts (also embedded in the hybrid). @category Recommend */
export const PopularityCountsSchema = /* @__PURE__ */ (() => z.object({
  /** Distinct subscribers per offer, length nOffers. */
  counts: zFloat64Array,
  /** Segment names. */
  segmentNames: z.array(z.string()),
  /** Row-major nSegments × nOffers distinct-subscriber counts. */
  segmentCounts: zFloat64Array,
  /** Segment index of each known subscriber (−1: none). */
  subscriberSegment: zInt32Array,
}))();
/** Popularity counts. @category Recommend */
export type PopularityCounts = z.infer<typeof PopularityCountsSchema>;

/** A fitted popularity model (kind `'recommend/popularity'`). @category Recommend */
export const PopularityModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('recommend/popularity'),
  version: z.number().int().positive(),
  /** Resolved options: popularity has none to resolve (segments are data), so `{}`. */
  options: z.strictObject({}),
  subscriberIds: z.array(z.string()),
  offerIds: z.array(z.string()),
  ...PopularityCountsSchema.shape,
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  if (idsOk(inv, m)) popularityOk(inv, m, m.subscriberIds.length, m.offerIds.length, []);
}))();
/** A fitted popularity model. @category Recommend */
export type PopularityModel = z.infer<typeof PopularityModelSchema>;

/** How raw fields become features (stored so new profiles are encoded the same way). @category Recommend */
export const FeatureEncoderSchema = /* @__PURE__ */ (() => z.object({
  /** Feature names, e.g. `(bias)`, `plan=gold`, `tenureMonths`. */
  names: z.array(z.string()),
  /** Numeric fields: name, mean and standard deviation used to standardise them. */
  numeric: z.array(z.object({ field: z.string(), mean: z.number(), std: z.number() })),
}))();
/** How raw fields become features. @category Recommend */
export type FeatureEncoder = z.infer<typeof FeatureEncoderSchema>;

/** Resolved profile-model options. @category Recommend */
export const ProfileResolvedOptionsSchema = /* @__PURE__ */ (() => z.strictObject({
  factors: z.number().int().positive(),
  maxIter: z.number().int().nonnegative(),
  learningRate: z.number().positive().finite(),
  l2: z.number().nonnegative().finite(),
  seed: z.number().int(),
}))();
/** Resolved profile-model options. @category Recommend */
export type ProfileResolvedOptions = z.infer<typeof ProfileResolvedOptionsSchema>;

/** The learned part of a profile model (also embedded in the hybrid). @category Recommend */
export const ProfileFactorsSchema = /* @__PURE__ */ (() => z.object({
  options: ProfileResolvedOptionsSchema,
  userEncoder: FeatureEncoderSchema,
  itemEncoder: FeatureEncoderSchema,
  /** Row-major nUserFeatures × factors. */
  userFeatureEmbeddings: zFloat64Array,
  /** Row-major nSubscribers × factors (each known subscriber's summed embedding). */
  userEmbeddings: zFloat64Array,
  /** Row-major nOffers × factors (each offer's summed embedding). */
  itemEmbeddings: zFloat64Array,
  /** Offer biases, length nOffers. */
  itemBias: zFloat64Array,
}))();
/** The learned part of a profile model. @category Recommend */
export type ProfileFactors = z.infer<typeof ProfileFactorsSchema>;

/** A fitted profile model (kind `'recommend/profile'`). @category Recommend */
export const ProfileModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('recommend/profile'),
  version: z.number().int().positive(),
  subscriberIds: z.array(z.string()),
  offerIds: z.array(z.string()),
  ...ProfileFactorsSchema.shape,
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  if (idsOk(inv, m)) profileOk(inv, m, m.subscriberIds.length, m.offerIds.length, []);
}))();
/** A fitted profile model. @category Recommend */
export type ProfileModel = z.infer<typeof ProfileModelSchema>;

/** The components a hybrid can blend. @category Recommend */
export const RECOMMENDER_COMPONENTS = ['als', 'itemKnn', 'profile', 'popularity', 'ease'] as const;
/** One component of the hybrid. @category Recommend */
export type RecommenderComponent = (typeof RECOMMENDER_COMPONENTS)[number];

/** Blend weights per component (schema). @category Recommend */
export const BlendWeightsSchema = /* @__PURE__ */ (() => {
  const w = z.number().nonnegative().finite();
  return z.strictObject({ als: w, itemKnn: w, profile: w, popularity: w, ease: w });
})();
/** Blend weights per component. @category Recommend */
export type BlendWeights = z.infer<typeof BlendWeightsSchema>;

/** How `fitRecommender` splits off the subscribers it learns the blend on. @category Recommend */
export const VALIDATION_SPLITS = ['leave-last-out', 'time-split'] as const;
/** One of {@link VALIDATION_SPLITS}. @category Recommend */
export type ValidationSplitKind = (typeof VALIDATION_SPLITS)[number];

/** The hybrid's own resolved options as stored in its model (fits check them with this schema too). */
export const RecommenderResolvedOptionsSchema = /* @__PURE__ */ (() => {
  const weight = z.number().nonnegative().finite().nullable();
  return z.strictObject({
    components: z
      .array(z.enum(RECOMMENDER_COMPONENTS))
      .min(1)
      .refine((c) => new Set(c).size === c.length, { message: 'components must not repeat' }),
    kindWeights: z.strictObject({ impression: weight, click: weight, accept: weight, decline: weight }),
    segmentField: z.string(),
    validationUsers: z.number().int().nonnegative(),
    /** The validation split asked for (version 4; earlier versions learned on leave-last-out). */
    validation: z.enum(['auto', ...VALIDATION_SPLITS]),
    seed: z.number().int(),
  });
})();

/** The hybrid recommender model (kind `'recommend/hybrid'`). @category Recommend */
export const RecommenderModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('recommend/hybrid'),
  version: z.number().int().positive(),
  options: RecommenderResolvedOptionsSchema,
  subscriberIds: z.array(z.string()),
  offerIds: z.array(z.string()),
  /** Display name per offer ('' when none). */
  offerNames: z.array(z.string()),
  /** Category per offer ('' when unknown). */
  offerCategories: z.array(z.string()),
  /** Price per offer (NaN when unknown). */
  offerPrices: zFloat64Array,
  /** Each subscriber's history, CSR (summed strengths). */
  history: z.object({ indptr: zInt32Array, indices: zInt32Array, data: zFloat64Array }),
  als: AlsFactorsSchema.nullable(),
  itemKnn: ItemKnnNeighboursSchema.nullable(),
  profile: ProfileFactorsSchema.nullable(),
  popularity: PopularityCountsSchema,
  /** The EASE item–item weights (version 3; null when EASE is not a component). */
  ease: EaseWeightsSchema.nullable(),
  blend: z.object({
    /** Weights on the per-subscriber z-scored component scores. */
    weights: BlendWeightsSchema,
    /** Weights used for a subscriber with no history (profile and popularity only). */
    coldWeights: BlendWeightsSchema,
    /** How the weights were set: `'learned'` on validation, `'fixed'` by the caller, `'default'` when no validation was possible. */
    source: z.enum(['learned', 'fixed', 'default']),
    /** The split the weights were learned on (the asked-for one, or leave-last-out when the time split held out too few subscribers); null unless learned. */
    validationSplit: z.enum(VALIDATION_SPLITS).nullable(),
    /** Validation subscribers used. */
    validationUsers: z.number().int().nonnegative(),
    /** Validation NDCG@10 of each component alone and of the blend. */
    validationNdcg: z.record(z.string(), z.number()),
  }),
  /** Interactions skipped because they named unknown subscribers or offers. */
  problems: z.array(z.object({ row: z.number(), reason: z.enum(['unknown subscriber', 'unknown offer', 'unknown kind']), value: z.string() })),
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  const nS = m.subscriberIds.length;
  const nO = m.offerIds.length;
  if (!idsOk(inv, m)) return;
  if (!inv.length(['offerNames'], m.offerNames.length, nO) || !inv.length(['offerCategories'], m.offerCategories.length, nO)) return;
  if (!inv.length(['offerPrices'], m.offerPrices.length, nO, 'values')) return;
  const h = m.history;
  if (!inv.indptr(['history', 'indptr'], h.indptr, nS, h.indices.length) || !inv.indices(['history', 'indices'], h.indices, 0, nO)) return;
  if (!inv.length(['history', 'data'], h.data.length, h.indices.length, 'values') || !inv.finite(['history', 'data'], h.data)) return;
  for (const c of ['als', 'itemKnn', 'profile', 'ease'] as const) {
    if ((m[c] !== null) !== m.options.components.includes(c)) {
      inv.fail([c], m[c] === null ? `is null but options.components lists '${c}'` : `is present but options.components does not list '${c}'`);
      return;
    }
  }
  if (m.als && !alsOk(inv, m.als, nS, nO, ['als'])) return;
  if (m.itemKnn && !knnOk(inv, m.itemKnn, nO, ['itemKnn'])) return;
  if (m.profile && !profileOk(inv, m.profile, nS, nO, ['profile'])) return;
  if (m.ease && !easeOk(inv, m.ease, nO, ['ease'])) return;
  popularityOk(inv, m.popularity, nS, nO, ['popularity']);
}))();

/** Subscriber and offer ids unique. */
function idsOk(inv: Invariants, m: { subscriberIds: readonly string[]; offerIds: readonly string[] }): boolean {
  return inv.unique(['subscriberIds'], m.subscriberIds) && inv.unique(['offerIds'], m.offerIds);
}

/** Factor blocks of nSubscribers × factors and nOffers × factors, finite. */
function alsOk(inv: Invariants, a: AlsFactors, nS: number, nO: number, path: Path): boolean {
  const f = a.options.factors;
  return (
    inv.length([...path, 'userFactors'], a.userFactors.length, nS * f, 'values') &&
    inv.length([...path, 'itemFactors'], a.itemFactors.length, nO * f, 'values') &&
    inv.finite([...path, 'userFactors'], a.userFactors) &&
    inv.finite([...path, 'itemFactors'], a.itemFactors)
  );
}

/** A CSR offer × offer similarity matrix: neighbour indices in range, finite similarities. */
function knnOk(inv: Invariants, k: ItemKnnNeighbours, nO: number, path: Path): boolean {
  return (
    inv.indptr([...path, 'indptr'], k.indptr, nO, k.indices.length) &&
    inv.indices([...path, 'indices'], k.indices, 0, nO) &&
    inv.length([...path, 'similarities'], k.similarities.length, k.indices.length, 'values') &&
    inv.finite([...path, 'similarities'], k.similarities)
  );
}

/** An nOffers × nOffers block of finite weights with a zero diagonal. */
function easeOk(inv: Invariants, e: EaseWeights, nO: number, path: Path): boolean {
  if (!inv.length([...path, 'weights'], e.weights.length, nO * nO, 'values') || !inv.finite([...path, 'weights'], e.weights)) return false;
  for (let i = 0; i < nO; i++) {
    if (e.weights[i * nO + i] !== 0) return inv.fail([...path, 'weights'], `has ${e.weights[i * nO + i]} on the diagonal at offer ${i}; EASE weights have a zero diagonal`);
  }
  return true;
}

/** Counts per offer and per segment × offer, segment index per subscriber in [−1, nSegments). */
function popularityOk(inv: Invariants, p: PopularityCounts, nS: number, nO: number, path: Path): boolean {
  const nSeg = p.segmentNames.length;
  return (
    inv.unique([...path, 'segmentNames'], p.segmentNames) &&
    inv.length([...path, 'counts'], p.counts.length, nO, 'values') &&
    inv.finite([...path, 'counts'], p.counts) &&
    inv.length([...path, 'segmentCounts'], p.segmentCounts.length, nSeg * nO, 'values') &&
    inv.finite([...path, 'segmentCounts'], p.segmentCounts) &&
    inv.length([...path, 'subscriberSegment'], p.subscriberSegment.length, nS, 'values') &&
    inv.indices([...path, 'subscriberSegment'], p.subscriberSegment, -1, nSeg)
  );
}

/** Embedding blocks sized by the encoders and the id lists, all finite. */
function profileOk(inv: Invariants, p: ProfileFactors, nS: number, nO: number, path: Path): boolean {
  const f = p.options.factors;
  const blocks = [
    ['userFeatureEmbeddings', p.userFeatureEmbeddings, p.userEncoder.names.length * f],
    ['userEmbeddings', p.userEmbeddings, nS * f],
    ['itemEmbeddings', p.itemEmbeddings, nO * f],
    ['itemBias', p.itemBias, nO],
  ] as const;
  for (const [name, block, n] of blocks) {
    if (!inv.length([...path, name], block.length, n, 'values') || !inv.finite([...path, name], block)) return false;
  }
  for (const enc of ['userEncoder', 'itemEncoder'] as const) {
    const e = p[enc];
    if (!inv.unique([...path, enc, 'names'], e.names)) return false;
    for (let j = 0; j < e.numeric.length; j++) {
      const { mean, std } = e.numeric[j]!;
      if (!Number.isFinite(mean) || !(std > 0 && Number.isFinite(std))) return inv.fail([...path, enc, 'numeric', j], 'needs a finite mean and a finite std > 0');
    }
  }
  return true;
}
/** The hybrid recommender model. @category Recommend */
export type RecommenderModel = z.infer<typeof RecommenderModelSchema>;

/** Renames version-1 ALS options (`regularization`, `alpha`, `iterations`) to their version-2 names. */
export function migrateAlsOptions(o: unknown): unknown {
  if (o === null || typeof o !== 'object') return o;
  const { regularization, alpha, iterations, ...rest } = o as Record<string, unknown>;
  return { ...rest, l2: regularization, confidenceAlpha: alpha, maxIter: iterations };
}

/** Loads a version-1 `'recommend/als'` model (options renamed in version 2). */
export function migrateAls(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  return fromVersion === 1 ? { ...raw, version: 2, options: migrateAlsOptions(raw.options) } : raw;
}

/** Renames version-1 profile options (`epochs`, `regularization`) to their version-2 names. */
export function migrateProfileOptions(o: unknown): unknown {
  if (o === null || typeof o !== 'object') return o;
  const { epochs, regularization, ...rest } = o as Record<string, unknown>;
  return { ...rest, maxIter: epochs, l2: regularization };
}

/** Loads a version-1 `'recommend/profile'` model (options renamed in version 2). */
export function migrateProfile(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  return fromVersion === 1 ? { ...raw, version: 2, options: migrateProfileOptions(raw.options) } : raw;
}

/**
 * Loads an older `'recommend/hybrid'` model: version 2 renamed its ALS and profile options;
 * version 3 added the EASE component (`ease: null`, blend weight 0 for models fitted before it).
 */
export function migrateRecommender(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  let out = raw;
  if (fromVersion <= 1) {
    const group = (g: unknown, rename: (o: unknown) => unknown): unknown =>
      g !== null && typeof g === 'object' ? { ...g, options: rename((g as { options?: unknown }).options) } : g;
    out = { ...out, version: 2, als: group(out.als, migrateAlsOptions), profile: group(out.profile, migrateProfileOptions) };
  }
  if (fromVersion <= 2) {
    const withEase = (w: unknown): unknown => (w !== null && typeof w === 'object' && !('ease' in w) ? { ...w, ease: 0 } : w);
    const blend = out.blend;
    const b = blend !== null && typeof blend === 'object'
      ? { ...blend, weights: withEase((blend as { weights?: unknown }).weights), coldWeights: withEase((blend as { coldWeights?: unknown }).coldWeights) }
      : blend;
    out = { ...out, version: 3, ease: 'ease' in out ? out.ease : null, blend: b };
  }
  if (fromVersion <= 3) {
    // versions 1–3 learned the blend on a leave-last-out split and did not record it
    const opts = out.options;
    const blend = out.blend;
    const learned = blend !== null && typeof blend === 'object' && (blend as { source?: unknown }).source === 'learned';
    out = {
      ...out,
      version: 4,
      options: opts !== null && typeof opts === 'object' && !('validation' in opts) ? { ...opts, validation: 'leave-last-out' } : opts,
      blend: blend !== null && typeof blend === 'object' && !('validationSplit' in blend) ? { ...blend, validationSplit: learned ? 'leave-last-out' : null } : blend,
    };
  }
  return out;
}

/** Loads a version-1 `'recommend/popularity'` model: version 2 has the (empty) top-level `options` every model carries. */
export function migratePopularity(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  return fromVersion === 1 ? { ...raw, version: 2, options: {} } : raw;
}

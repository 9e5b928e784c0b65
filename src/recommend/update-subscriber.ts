/**
 * `updateSubscriber`: folds new interactions of one subscriber into a hybrid model without
 * refitting (real-time decisions), as implicit's `recalculate_user` does.
 *
 * @module
 */
import { ModelError } from '../errors.js';
import { solveUserFactor } from './als.js';
import type { RecommenderModel } from './fit-recommender.js';
import { foldSubscriberInteractions, resolveKindWeights } from './interaction-matrix.js';
import type { KindWeights, RecommendInteraction } from './types.js';

/**
 * Returns a new model in which subscriber `id`'s history includes `newInteractions` (strengths
 * summed into the existing row) and their ALS factor is recomputed against the fixed offer factors
 * by the exact solve x = (YᵀY + Yᵀ(C_u − I)Y + λI)⁻¹ YᵀC_u p_u. An id the model does not know is
 * appended (no profile features, no segment). Offers the model does not know are ignored.
 * Item-kNN similarities, popularity counts and the blend are unchanged until the next fit.
 * The input model is not mutated.
 *
 * @param model - a `'recommend/hybrid'` model
 * @param id - the subscriber's id
 * @param newInteractions - their new interactions (every record's `subscriberId` must be `id`)
 * @returns a new model
 * @throws ModelError for a model of another kind; DataError when a record names another subscriber or has a negative/NaN weight
 * @example
 * const model = fitRecommender({ interactions: [
 *   { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 'b', offerId: 'y', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 * ] }, { components: ['popularity'] });
 * const next = updateSubscriber(model, 'a', [{ subscriberId: 'a', offerId: 'y', timestamp: '2025-02-01T00:00:00Z', kind: 'accept' }]);
 * recommend(next, 'a') // => []
 * @category Recommend
 */
export function updateSubscriber(model: RecommenderModel, id: string, newInteractions: readonly RecommendInteraction[]): RecommenderModel {
  const fn = 'updateSubscriber';
  if (model === null || typeof model !== 'object' || model.kind !== 'recommend/hybrid') {
    throw new ModelError(`${fn}: expected a 'recommend/hybrid' model, got '${String((model as { kind?: unknown } | null)?.kind)}'`);
  }
  const kw = resolveKindWeights(model.options.kindWeights as KindWeights, fn);
  const offerIndex = new Map<string, number>();
  model.offerIds.forEach((o, i) => offerIndex.set(o, i));
  let u = model.subscriberIds.indexOf(id);
  const isNew = u < 0;
  const nU = model.subscriberIds.length + (isNew ? 1 : 0);
  if (isNew) u = model.subscriberIds.length;
  const h = model.history;
  const row = new Map<number, number>();
  if (!isNew) for (let k = h.indptr[u]!; k < h.indptr[u + 1]!; k++) row.set(h.indices[k]!, h.data[k]!);
  const entries = foldSubscriberInteractions(newInteractions, kw, offerIndex, row, fn, id);
  // rebuild CSR with row u replaced (or appended)
  const oldLen = isNew ? 0 : h.indptr[u + 1]! - h.indptr[u]!;
  const delta = entries.length - oldLen;
  const indptr = new Int32Array(nU + 1);
  const indices = new Int32Array(h.indices.length + delta);
  const data = new Float64Array(h.data.length + delta);
  const start = h.indptr[u] ?? h.indices.length;
  indptr.set(h.indptr.subarray(0, u + 1));
  indices.set(h.indices.subarray(0, start));
  data.set(h.data.subarray(0, start));
  entries.forEach(([i, v], t) => {
    indices[start + t] = i;
    data[start + t] = v;
  });
  if (!isNew) {
    indices.set(h.indices.subarray(h.indptr[u + 1]!), start + entries.length);
    data.set(h.data.subarray(h.indptr[u + 1]!), start + entries.length);
    for (let q = u + 1; q <= nU; q++) indptr[q] = h.indptr[q]! + delta;
  } else {
    indptr[nU] = start + entries.length;
  }
  let als = model.als;
  if (als) {
    const f = als.options.factors;
    const X = new Float64Array(nU * f);
    X.set(als.userFactors);
    const x = entries.length > 0
      ? solveUserFactor(als.itemFactors, model.offerIds.length, als.options, entries.map((e) => e[0]), entries.map((e) => e[1]))
      : new Float64Array(f);
    X.set(x, u * f);
    als = { ...als, userFactors: X };
  }
  let profile = model.profile;
  if (profile && isNew) {
    const f = profile.options.factors;
    const P = new Float64Array(nU * f);
    P.set(profile.userEmbeddings);
    P.set(profile.userFeatureEmbeddings.subarray(0, f), u * f); // the (bias) feature only
    profile = { ...profile, userEmbeddings: P };
  }
  let popularity = model.popularity;
  if (isNew) {
    const seg = new Int32Array(nU).fill(-1);
    seg.set(popularity.subscriberSegment);
    popularity = { ...popularity, subscriberSegment: seg };
  }
  return {
    ...model,
    subscriberIds: isNew ? [...model.subscriberIds, id] : model.subscriberIds,
    history: { indptr, indices, data },
    als,
    profile,
    popularity,
  };
}

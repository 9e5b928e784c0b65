/**
 * `fitPopularity`: the popularity baseline, global and per segment: an offer's score is the number
 * of distinct subscribers who took it (in the subscriber's segment, when one is known).
 *
 * @module
 */
import * as z from 'zod';
import { checkOptions } from '../internal/model.js';
import { interactionMatrixOf, type InteractionMatrix } from './interaction-matrix.js';
import type { KindWeights, RecommendInteraction } from './types.js';

export { PopularityCountsSchema, PopularityModelSchema } from './model-schemas.js';
export type { PopularityCounts, PopularityModel } from './model-schemas.js';
import type { PopularityCounts, PopularityModel } from './model-schemas.js';
import { RECOMMEND_MODEL_VERSIONS } from './model-kinds.js';
import { optionsObject } from '../internal/guards.js';


const SegmentsOptionSchema = /* @__PURE__ */ (() => z.record(z.string(), z.string()))();

/** Options of {@link fitPopularity}. @category Recommend */
export interface PopularityOptions {
  /** Segment of each subscriber id (subscribers not listed have none). */
  segments?: Readonly<Record<string, string>>;
  /** Kind weights when records are given. */
  kindWeights?: KindWeights;
}

/**
 * Counts, per offer, the distinct subscribers with a positive interaction, overall and within each
 * segment. Score(u, i) = count of i in u's segment (global count when u has no segment).
 *
 * @param data - interaction records or a matrix from `buildInteractionMatrix`
 * @param options - segments and kind weights
 * @param options.segments - subscriber id → segment name
 * @returns a `'recommend/popularity'` model
 * @throws OptionsError when a segment name is not a string; DataError on invalid weights
 * @example
 * const m = fitPopularity([
 *   { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 'b', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 * ]);
 * Array.from(m.counts) // => [2]
 * @category Recommend
 */
export function fitPopularity(data: readonly RecommendInteraction[] | InteractionMatrix, options: PopularityOptions = {}): PopularityModel {
  options = optionsObject('fitPopularity', options);
  if (options.segments !== undefined) checkOptions(SegmentsOptionSchema, options.segments, 'fitPopularity', 'segments');
  const m = interactionMatrixOf(data, options.kindWeights, 'fitPopularity');
  return {
    kind: 'recommend/popularity',
    version: RECOMMEND_MODEL_VERSIONS['recommend/popularity'],
    options: {},
    subscriberIds: [...m.subscriberIds],
    offerIds: [...m.offerIds],
    ...popularityCore(m, options.segments),
  };
}

/** Popularity counts on a matrix (trusted input). */
export function popularityCore(m: InteractionMatrix, segments: Readonly<Record<string, string>> | undefined): PopularityCounts {
  const nI = m.nOffers;
  const counts = new Float64Array(nI);
  for (let k = 0; k < m.indices.length; k++) counts[m.indices[k]!]!++;
  const segmentNames: string[] = [];
  const segIndex = new Map<string, number>();
  const subscriberSegment = new Int32Array(m.nSubscribers).fill(-1);
  if (segments) {
    for (let u = 0; u < m.nSubscribers; u++) {
      const s = segments[m.subscriberIds[u]!];
      if (s === undefined) continue;
      let g = segIndex.get(s);
      if (g === undefined) {
        g = segmentNames.length;
        segmentNames.push(s);
        segIndex.set(s, g);
      }
      subscriberSegment[u] = g;
    }
  }
  const segmentCounts = new Float64Array(segmentNames.length * nI);
  for (let u = 0; u < m.nSubscribers; u++) {
    const g = subscriberSegment[u]!;
    if (g < 0) continue;
    for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) segmentCounts[g * nI + m.indices[k]!]!++;
  }
  return { counts, segmentNames, segmentCounts, subscriberSegment };
}

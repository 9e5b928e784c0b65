/**
 * The per-subscriber range kernel of `recommendBatch`'s `workers` (internal): each part blends and
 * selects the plain top k for its contiguous range of subscribers with the same code as the
 * one-thread path, writing offer indices and scores into shared output arrays.
 */
import { partRange } from '../internal/parallel/pool.js';
import { blendScores, contextForIndex, createScratch, type RecommenderCore, type ScoringContext } from './scoring.js';
import { topKIndices } from './topk.js';

/** One batch: the model's core, subscriber indices (−1: not known → `cold`), the rules, and the outputs. */
export interface RecommendBatchJob {
  readonly core: RecommenderCore;
  readonly us: Int32Array;
  /** Context of a subscriber the model does not know (no history, no profile). */
  readonly cold: ScoringContext;
  readonly k: number;
  readonly baseSkip: Uint8Array;
  readonly excludeOwned: boolean;
  /** `top[t·k + q]`: subscriber t's q-th offer index; `counts[t]` of them. */
  readonly top: Int32Array;
  readonly scores: Float64Array;
  readonly counts: Int32Array;
}

/** Top k (no category caps, no diversity) of the part's subscribers. */
export function recommendBatchPart(j: RecommendBatchJob, part: number, parts: number): void {
  const [lo, hi] = partRange(j.us.length, part, parts);
  const s = createScratch(j.core.nOffers);
  const k = j.k;
  for (let t = lo; t < hi; t++) {
    const u = j.us[t]!;
    const ctx = u >= 0 ? contextForIndex(j.core, u) : j.cold;
    const sc = blendScores(j.core, ctx, s, { extraSkip: j.baseSkip, excludeOwned: j.excludeOwned });
    const top = topKIndices(sc, k, s.skip);
    j.counts[t] = top.length;
    for (let q = 0; q < top.length; q++) {
      j.top[t * k + q] = top[q]!;
      j.scores[t * k + q] = sc[top[q]!]!;
    }
  }
}

/** The tasks a recommend worker thread answers. */
export const RECOMMEND_TASKS = {
  'recommend/batch': recommendBatchPart,
} as const;

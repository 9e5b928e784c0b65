/**
 * `fitItemKnn`: item-based collaborative filtering (Sarwar et al. 2001; Deshpande & Karypis 2004):
 * offer–offer similarities from co-occurrence, the top-K neighbours of each offer kept, a
 * subscriber scored by summing the similarities of the offers in their history.
 *
 * @module
 */
import { bool, defineOptions, int, oneOf, real } from '../internal/options.js';
import { MAX_TOP_K } from '../limits.js';
import { interactionMatrixOf, kindWeightsOption, type InteractionMatrix } from './interaction-matrix.js';
import { topKIndices } from './topk.js';
export { knnScoresInto } from './score-kernels.js';
import type { KindWeights, RecommendInteraction } from './types.js';
import { log, log1p } from '../internal/math.js';

/** Options of {@link fitItemKnn}. @category Recommend */
export interface ItemKnnOptions {
  /** Neighbours kept per offer; 0 (default) keeps every offer with a positive similarity. */
  neighbours?: number;
  /**
   * `'cosine'` (default): cosine of the offers' subscriber vectors; `'tfidf'` and `'bm25'`: dot
   * products of TF-IDF or BM25-weighted vectors (as implicit's TFIDF/BM25 recommenders).
   */
  similarity?: 'cosine' | 'tfidf' | 'bm25';
  /** Treat every stored strength as 1 (default true). */
  binary?: boolean;
  /** BM25 K1 (default 100). */
  k1?: number;
  /** BM25 B (default 0.8). */
  b?: number;
  /** Kind weights when records are given. */
  kindWeights?: KindWeights;
}

export { ItemKnnResolvedOptionsSchema, ItemKnnNeighboursSchema, ItemKnnModelSchema } from './model-schemas.js';
export type { ItemKnnResolvedOptions, ItemKnnNeighbours, ItemKnnModel } from './model-schemas.js';
import type { ItemKnnResolvedOptions, ItemKnnNeighbours, ItemKnnModel } from './model-schemas.js';
import { RECOMMEND_MODEL_VERSIONS } from './model-kinds.js';


/** Checks and fills item-kNN options. */
const parseItemKnnOptions = defineOptions('fitItemKnn', {
  neighbours: int(0, MAX_TOP_K).default(0),
  similarity: oneOf(['cosine', 'tfidf', 'bm25']).default('cosine'),
  binary: bool().default(true),
  k1: real({ min: 0 }).default(100),
  b: real({ min: 0, max: 1 }).default(0.8),
  kindWeights: kindWeightsOption().optional(),
});

/** Checks and fills item-kNN options (`prefix` names the group inside another function's options). */
export function resolveItemKnnOptions(o: ItemKnnOptions | undefined, fn: string, prefix = ''): ItemKnnResolvedOptions {
  const { kindWeights: _k, ...r } = parseItemKnnOptions(o, fn, prefix);
  // parseItemKnnOptions checks every field with ItemKnnResolvedOptionsSchema's constraints or tighter
  return r;
}

/**
 * Fits item-based CF. With `similarity: 'cosine'`, sim(i, j) = Σ_u r_ui r_uj / (‖r_i‖ ‖r_j‖);
 * with `'tfidf'` r_ui is replaced by √r_ui · (log N − log(1 + n_u)), with `'bm25'` by
 * r_ui (K1 + 1) / (K1 ((1 − B) + B·len_i/avglen) + r_ui) · log(N / (1 + n_u)) (N offers, n_u
 * offers of subscriber u, len_i the offer's total). Only the top `neighbours` of each offer are kept;
 * an offer is not its own neighbour.
 *
 * @param data - interaction records or a matrix from `buildInteractionMatrix`
 * @param options - similarity and neighbourhood size
 * @param options.neighbours - neighbours kept per offer (default 0: all)
 * @param options.similarity - `'cosine'` (default), `'tfidf'` or `'bm25'`
 * @returns a `'recommend/item-knn'` model (sparse similarity rows)
 * @throws OptionsError on an invalid option; DataError on invalid weights
 * @example
 * const m = fitItemKnn([
 *   { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 'a', offerId: 'y', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 * ]);
 * Array.from(m.similarities) // => [1, 1]
 * @category Recommend
 */
export function fitItemKnn(data: readonly RecommendInteraction[] | InteractionMatrix, options?: ItemKnnOptions): ItemKnnModel {
  const fn = 'fitItemKnn';
  const opts = resolveItemKnnOptions(options, fn);
  const m = interactionMatrixOf(data, options?.kindWeights, fn);
  return { kind: 'recommend/item-knn', version: RECOMMEND_MODEL_VERSIONS['recommend/item-knn'], offerIds: [...m.offerIds], ...itemKnnCore(m, opts) };
}

/** The similarity computation on a matrix (trusted input). */
export function itemKnnCore(m: InteractionMatrix, o: ItemKnnResolvedOptions): ItemKnnNeighbours {
  const nI = m.nOffers;
  const nU = m.nSubscribers;
  // weighted values in CSR order and CSC order
  const w = new Float64Array(m.data.length);
  for (let k = 0; k < w.length; k++) w[k] = o.binary ? 1 : m.data[k]!;
  if (o.similarity !== 'cosine') {
    const rowLen = new Float64Array(nU);
    for (let u = 0; u < nU; u++) rowLen[u] = m.indptr[u + 1]! - m.indptr[u]!;
    const itemLen = new Float64Array(nI);
    for (let k = 0; k < w.length; k++) itemLen[m.indices[k]!]! += w[k]!;
    let avg = 0;
    for (let i = 0; i < nI; i++) avg += itemLen[i]!;
    avg = nI > 0 ? avg / nI : 1;
    for (let u = 0; u < nU; u++) {
      for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) {
        const i = m.indices[k]!;
        if (o.similarity === 'tfidf') {
          w[k] = Math.sqrt(w[k]!) * (log(nI) - log1p(rowLen[u]!));
        } else {
          const norm = (1 - o.b) + (o.b * itemLen[i]!) / (avg || 1);
          w[k] = ((w[k]! * (o.k1 + 1)) / (o.k1 * norm + w[k]!)) * log(nI / (1 + rowLen[u]!));
        }
      }
    }
  }
  // CSC copy of the weights
  const cw = new Float64Array(w.length);
  {
    const pos = m.cscIndptr.slice(0, nI);
    for (let u = 0; u < nU; u++) {
      for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) {
        cw[pos[m.indices[k]!]!++] = w[k]!;
      }
    }
  }
  const norms = new Float64Array(nI);
  if (o.similarity === 'cosine') {
    for (let i = 0; i < nI; i++) {
      let s = 0;
      for (let k = m.cscIndptr[i]!; k < m.cscIndptr[i + 1]!; k++) s += cw[k]! * cw[k]!;
      norms[i] = Math.sqrt(s);
    }
  }
  const acc = new Float64Array(nI);
  const touched: number[] = [];
  const mark = new Uint8Array(nI);
  const K = o.neighbours === 0 ? nI : Math.min(o.neighbours, nI);
  const rowsIdx: Int32Array[] = [];
  const rowsSim: Float64Array[] = [];
  let total = 0;
  const scores = new Float64Array(nI);
  for (let i = 0; i < nI; i++) {
    touched.length = 0;
    for (let k = m.cscIndptr[i]!; k < m.cscIndptr[i + 1]!; k++) {
      const u = m.cscIndices[k]!;
      const wi = cw[k]!;
      for (let q = m.indptr[u]!; q < m.indptr[u + 1]!; q++) {
        const j = m.indices[q]!;
        if (j === i) continue;
        if (!mark[j]) {
          mark[j] = 1;
          touched.push(j);
        }
        acc[j]! += wi * w[q]!;
      }
    }
    scores.fill(-Infinity);
    for (const j of touched) {
      let s = acc[j]!;
      if (o.similarity === 'cosine') s = norms[i]! > 0 && norms[j]! > 0 ? s / (norms[i]! * norms[j]!) : 0;
      if (s > 0) scores[j] = s;
      acc[j] = 0;
      mark[j] = 0;
    }
    const top = touched.length > 0 ? topKIndices(scores, K) : new Int32Array(0);
    const sims = new Float64Array(top.length);
    for (let t = 0; t < top.length; t++) sims[t] = scores[top[t]!]!;
    rowsIdx.push(top);
    rowsSim.push(sims);
    total += top.length;
  }
  const indptr = new Int32Array(nI + 1);
  const indices = new Int32Array(total);
  const similarities = new Float64Array(total);
  let p = 0;
  for (let i = 0; i < nI; i++) {
    indices.set(rowsIdx[i]!, p);
    similarities.set(rowsSim[i]!, p);
    p += rowsIdx[i]!.length;
    indptr[i + 1] = p;
  }
  return { options: o, indptr, indices, similarities };
}


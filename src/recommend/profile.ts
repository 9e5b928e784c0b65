/**
 * `fitProfileModel`: a LightFM-style hybrid factorisation (Kula 2015, "Metadata Embeddings for
 * User and Item Cold-start Recommendations"): a subscriber's embedding is the sum of the
 * embeddings of their profile features, an offer's embedding the sum of the embeddings of its
 * attributes (category, price, attributes, its own id), trained with BPR (Rendle et al. 2009) by
 * seeded SGD. New subscribers and new offers get scores from their features alone.
 *
 * @module
 */
import { defineOptions, int, longRun, real, seed } from '../internal/options.js';
import { MAX_FACTORS, MAX_ITER } from '../limits.js';
import { createRng } from '../internal/rng.js';
import { throwIfAborted, type LongRunOptions } from '../internal/model.js';
import type { FeatureMatrix } from '../matrix/feature-matrix.js';
import { isFeatureMatrix } from '../matrix/feature-matrix.js';
import { buildMatrixInternal, kindWeightsOption, type InteractionMatrix } from './interaction-matrix.js';
import type { KindWeights, RecommendInteraction, RecommendOffer, RecommendSubscriber } from './types.js';
import { exp, log1p } from '../internal/math.js';

export { FeatureEncoderSchema, ProfileResolvedOptionsSchema, ProfileFactorsSchema, ProfileModelSchema, migrateProfile, migrateProfileOptions } from './model-schemas.js';
export type { FeatureEncoder, ProfileResolvedOptions, ProfileFactors, ProfileModel } from './model-schemas.js';
import type { FeatureEncoder, ProfileResolvedOptions, ProfileFactors, ProfileModel } from './model-schemas.js';
import { RECOMMEND_MODEL_VERSIONS } from './model-kinds.js';
import { requireObject } from '../internal/guards.js';


/** Options of {@link fitProfileModel}. @category Recommend */
export interface ProfileOptions extends LongRunOptions {
  /** Embedding size, an integer in [1, {@link MAX_FACTORS}] (default 16). */
  factors?: number;
  /** SGD passes (epochs), each drawing as many (subscriber, taken, not taken) triples as there are interactions; an integer in [0, {@link MAX_ITER}] (default 50). */
  maxIter?: number;
  /** @deprecated since 0.2: use `maxIter` (removed in 0.3). */
  epochs?: number;
  /** SGD step (default 0.02). */
  learningRate?: number;
  /** L2 penalty per step, finite ≥ 0 (default 1e-4). */
  l2?: number;
  /** @deprecated since 0.2: use `l2` (removed in 0.3). */
  regularization?: number;
  /** Seed (default 0). */
  seed?: number;
  /** Kind weights when records are given. */
  kindWeights?: KindWeights;
}

/** Subscriber profiles: a FeatureMatrix (row ids = subscriber ids) or records with an `id`. @category Recommend */
export type SubscriberProfiles = FeatureMatrix | readonly RecommendSubscriber[];

/** Sparse feature rows: per entity, feature indices and values. */
export interface SparseRows {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Primitive fields of a record, nested objects flattened one level. */
function flatFields(rec: Readonly<Record<string, unknown>>, skip: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(rec)) {
    if (k === skip || v === undefined || v === null) continue;
    if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
        if (v2 !== undefined && v2 !== null && typeof v2 !== 'object') out.push([`${k}.${k2}`, v2]);
      }
    } else if (typeof v !== 'object') out.push([k, v]);
  }
  return out;
}

/** Learns an encoder from field lists: numbers standardised, strings/booleans one-hot; `(bias)` first. */
export function learnEncoder(rows: readonly (readonly [string, unknown][])[]): FeatureEncoder {
  const names = ['(bias)'];
  const seen = new Set(names);
  const num = new Map<string, { s: number; s2: number; n: number }>();
  for (const fields of rows) {
    for (const [k, v] of fields) {
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) continue;
        const a = num.get(k) ?? { s: 0, s2: 0, n: 0 };
        a.s += v;
        a.s2 += v * v;
        a.n++;
        num.set(k, a);
      } else {
        const name = `${k}=${String(v)}`;
        if (!seen.has(name)) {
          seen.add(name);
          names.push(name);
        }
      }
    }
  }
  const numeric: FeatureEncoder['numeric'] = [];
  for (const [field, a] of num) {
    if (seen.has(field)) continue;
    const mean = a.s / a.n;
    const std = Math.sqrt(Math.max(a.s2 / a.n - mean * mean, 0));
    if (!(std > 0)) continue;
    numeric.push({ field, mean, std });
    names.push(field);
    seen.add(field);
  }
  return { names, numeric };
}

/** Encodes field lists with an encoder; unknown categories and missing numbers contribute nothing. */
export function encodeRows(enc: FeatureEncoder, rows: readonly (readonly [string, unknown][])[]): SparseRows {
  const index = new Map<string, number>();
  enc.names.forEach((n, i) => index.set(n, i));
  const numIdx = new Map<string, { j: number; mean: number; std: number }>();
  for (const c of enc.numeric) numIdx.set(c.field, { j: index.get(c.field)!, mean: c.mean, std: c.std });
  const indptr = new Int32Array(rows.length + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    idx.push(0);
    val.push(1);
    for (const [k, v] of rows[r]!) {
      if (typeof v === 'number') {
        const c = numIdx.get(k);
        if (c && Number.isFinite(v)) {
          idx.push(c.j);
          val.push((v - c.mean) / c.std);
        }
      } else {
        const j = index.get(`${k}=${String(v)}`);
        if (j !== undefined) {
          idx.push(j);
          val.push(1);
        }
      }
    }
    indptr[r + 1] = idx.length;
  }
  return { indptr, indices: Int32Array.from(idx), values: Float64Array.from(val) };
}

/** Field lists of subscribers, aligned to `ids` (absent subscribers: no fields). */
export function subscriberFieldRows(profiles: SubscriberProfiles | undefined, ids: readonly string[]): [string, unknown][][] {
  const byId = new Map<string, [string, unknown][]>();
  if (profiles !== undefined) {
    if (isFeatureMatrix(profiles)) {
      for (let i = 0; i < profiles.nRows; i++) {
        const f: [string, unknown][] = [];
        for (let j = 0; j < profiles.nCols; j++) f.push([profiles.columns[j]!, profiles.values[i * profiles.nCols + j]!]);
        byId.set(profiles.rowIds[i]!, f);
      }
    } else {
      for (const rec of profiles) byId.set(String(rec.id), flatFields(rec, 'id'));
    }
  }
  return ids.map((id) => byId.get(id) ?? []);
}

/** Field lists of one profile (FeatureMatrix row values by column, or a record). */
export function profileFields(profile: Readonly<Record<string, unknown>>): [string, unknown][] {
  return flatFields(profile, 'id');
}

/** Field lists of offers aligned to `ids`: `id`, `category`, `price` (log1p), attributes. */
export function offerFieldRows(offers: readonly RecommendOffer[] | undefined, ids: readonly string[], withId: Uint8Array): [string, unknown][][] {
  const byId = new Map<string, RecommendOffer>();
  for (const o of offers ?? []) byId.set(o.id, o);
  return ids.map((id, i) => {
    const f: [string, unknown][] = [];
    if (withId[i]) f.push(['id', id]);
    const o = byId.get(id);
    if (o) {
      f.push(['category', o.category]);
      if (Number.isFinite(o.price)) f.push(['price', log1p(Math.max(o.price, 0))]);
      for (const [k, v] of Object.entries(o.attributes ?? {})) f.push([`attr.${k}`, v]);
    }
    return f;
  });
}

/** Sums feature embeddings per row: out (nRows × f). */
export function embedRows(rows: SparseRows, E: Float64Array, f: number, nRows: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(nRows * f);
  for (let r = 0; r < nRows; r++) {
    for (let k = rows.indptr[r]!; k < rows.indptr[r + 1]!; k++) {
      const j = rows.indices[k]!;
      const v = rows.values[k]!;
      for (let a = 0; a < f; a++) out[r * f + a]! += v * E[j * f + a]!;
    }
  }
  return out;
}

/** The declared options of {@link fitProfileModel} (also `fitRecommender`'s `profile` group). */
const parseProfileOptions = defineOptions(
  'fitProfileModel',
  {
    factors: int(1, MAX_FACTORS).default(16),
    maxIter: int(0, MAX_ITER).default(50),
    learningRate: real({ gt: 0 }).default(0.02),
    l2: real({ min: 0 }).default(1e-4),
    seed: seed().default(0),
    kindWeights: kindWeightsOption().optional(),
    ...longRun(),
  },
  { aliases: { epochs: 'maxIter', regularization: 'l2' } },
);

/** Checks and fills profile options (`prefix` names the group inside another function's options). */
export function resolveProfileOptions(o: ProfileOptions | undefined, fn: string, prefix = ''): ProfileResolvedOptions {
  const { kindWeights: _k, onProgress: _p, signal: _s, ...r } = parseProfileOptions(o, fn, prefix);
  // parseProfileOptions checks every field with ProfileResolvedOptionsSchema's constraints or tighter
  return r;
}

/**
 * Fits the profile (LightFM-style) model. Score(u, i) = (Σ_f x_uf e_f)ᵀ(Σ_g z_ig v_g) + Σ_g z_ig b_g,
 * where x_u are the subscriber's encoded profile features and z_i the offer's (its id, category,
 * log price, attributes); trained with BPR: for a random interaction (u, i) and a random offer j
 * that u has not taken, a gradient step on ln σ(score(u, i) − score(u, j)).
 *
 * @param interactions - interaction records
 * @param context - subscriber profiles and the offer catalogue
 * @param context.subscribers - FeatureMatrix (row ids = subscriber ids) or records with `id`
 * @param context.offers - offers with category, price, attributes
 * @param options - embedding size, epochs, learning rate, seed
 * @param options.factors - embedding size (default 16)
 * @param options.maxIter - SGD passes (default 50; `epochs` is its deprecated spelling)
 * @returns a `'recommend/profile'` model
 * @throws OptionsError on an unknown or invalid option (factors ≤ {@link MAX_FACTORS})
 * @throws DataError on invalid weights
 * @example
 * const m = fitProfileModel(
 *   [{ subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' }],
 *   { subscribers: [{ id: 'a', plan: 'gold' }] },
 *   { maxIter: 1 },
 * );
 * m.userEncoder.names // => ['(bias)', 'plan=gold']
 * @category Recommend
 */
export function fitProfileModel(
  interactions: readonly RecommendInteraction[],
  context: { subscribers?: SubscriberProfiles; offers?: readonly RecommendOffer[] } = {},
  options?: ProfileOptions,
): ProfileModel {
  const fn = 'fitProfileModel';
  const opts = resolveProfileOptions(options, fn);
  requireObject(fn, 'context', context, 'an object { subscribers?, offers? }');
  const subIds = context.subscribers
    ? isFeatureMatrix(context.subscribers)
      ? [...context.subscribers.rowIds]
      : context.subscribers.map((s) => String(s.id))
    : undefined;
  const m = buildMatrixInternal(
    interactions,
    { kindWeights: options?.kindWeights, offerIds: context.offers?.map((o) => o.id), subscriberIds: subIds },
    fn,
  );
  const core = profileCore(m, context.subscribers, context.offers, opts, options ?? {}, fn);
  return { kind: 'recommend/profile', version: RECOMMEND_MODEL_VERSIONS['recommend/profile'], subscriberIds: [...m.subscriberIds], offerIds: [...m.offerIds], ...core };
}

/** BPR training of the profile model on a matrix (trusted input). */
export function profileCore(
  m: InteractionMatrix,
  subscribers: SubscriberProfiles | undefined,
  offers: readonly RecommendOffer[] | undefined,
  o: ProfileResolvedOptions,
  run: LongRunOptions,
  fn: string,
): ProfileFactors {
  const f = o.factors;
  const userFields = subscriberFieldRows(subscribers, m.subscriberIds);
  const userEncoder = learnEncoder(userFields);
  const X = encodeRows(userEncoder, userFields);
  const hasHistory = new Uint8Array(m.nOffers);
  for (let i = 0; i < m.nOffers; i++) hasHistory[i] = m.cscIndptr[i + 1]! > m.cscIndptr[i]! ? 1 : 0;
  const itemFields = offerFieldRows(offers, m.offerIds, hasHistory);
  const itemEncoder = learnEncoder(itemFields);
  const Z = encodeRows(itemEncoder, itemFields);
  const nUF = userEncoder.names.length;
  const nIF = itemEncoder.names.length;
  const rng = createRng(o.seed);
  const E = new Float64Array(nUF * f);
  const V = new Float64Array(nIF * f);
  const B = new Float64Array(nIF);
  for (let k = 0; k < E.length; k++) E[k] = (rng.next() - 0.5) / f;
  for (let k = 0; k < V.length; k++) V[k] = (rng.next() - 0.5) / f;
  const nnz = m.indices.length;
  const rowOf = new Int32Array(nnz);
  for (let u = 0; u < m.nSubscribers; u++) for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) rowOf[k] = u;
  const pu = new Float64Array(f);
  const qi = new Float64Array(f);
  const qj = new Float64Array(f);
  const embed = (rows: SparseRows, M: Float64Array, r: number, out: Float64Array): void => {
    out.fill(0);
    for (let k = rows.indptr[r]!; k < rows.indptr[r + 1]!; k++) {
      const j = rows.indices[k]!;
      const v = rows.values[k]!;
      for (let a = 0; a < f; a++) out[a]! += v * M[j * f + a]!;
    }
  };
  const bias = (r: number): number => {
    let s = 0;
    for (let k = Z.indptr[r]!; k < Z.indptr[r + 1]!; k++) s += Z.values[k]! * B[Z.indices[k]!]!;
    return s;
  };
  const owns = (u: number, j: number): boolean => {
    let lo = m.indptr[u]!;
    let hi = m.indptr[u + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = m.indices[mid]!;
      if (v === j) return true;
      if (v < j) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
  const lr = o.learningRate;
  const reg = o.l2;
  if (nnz > 0 && m.nOffers > 1) {
    for (let ep = 0; ep < o.maxIter; ep++) {
      throwIfAborted(run.signal, fn);
      let lossSum = 0;
      // the BPR loss is only reported (onProgress): without a listener its exp + log1p per step are skipped
      const wantLoss = run.onProgress !== undefined;
      for (let s = 0; s < nnz; s++) {
        const k = rng.int(nnz);
        const u = rowOf[k]!;
        const i = m.indices[k]!;
        let j = rng.int(m.nOffers);
        let tries = 0;
        while (owns(u, j) && tries++ < 10) j = rng.int(m.nOffers);
        if (owns(u, j)) continue;
        embed(X, E, u, pu);
        embed(Z, V, i, qi);
        embed(Z, V, j, qj);
        let x = bias(i) - bias(j);
        for (let a = 0; a < f; a++) x += pu[a]! * (qi[a]! - qj[a]!);
        const g = 1 / (1 + exp(x)); // σ(−x)
        if (wantLoss) lossSum += log1p(exp(-x));
        for (let t = X.indptr[u]!; t < X.indptr[u + 1]!; t++) {
          const jf = X.indices[t]!;
          const gv = g * X.values[t]!; // hoisted: g * v * d is (g * v) * d, the same rounding
          const at = jf * f;
          for (let a = 0; a < f; a++) E[at + a]! += lr * (gv * (qi[a]! - qj[a]!) - reg * E[at + a]!);
        }
        for (let t = Z.indptr[i]!; t < Z.indptr[i + 1]!; t++) {
          const jf = Z.indices[t]!;
          const v = Z.values[t]!;
          const gv = g * v;
          const at = jf * f;
          B[jf]! += lr * (gv - reg * B[jf]!);
          for (let a = 0; a < f; a++) V[at + a]! += lr * (gv * pu[a]! - reg * V[at + a]!);
        }
        for (let t = Z.indptr[j]!; t < Z.indptr[j + 1]!; t++) {
          const jf = Z.indices[t]!;
          const v = Z.values[t]!;
          const gv = -g * v;
          const at = jf * f;
          B[jf]! += lr * (gv - reg * B[jf]!);
          for (let a = 0; a < f; a++) V[at + a]! += lr * (gv * pu[a]! - reg * V[at + a]!);
        }
      }
      run.onProgress?.({ stage: 'profile-epoch', done: ep + 1, total: o.maxIter, metrics: { bprLoss: lossSum / nnz } });
    }
  }
  const itemBias = new Float64Array(m.nOffers);
  for (let i = 0; i < m.nOffers; i++) itemBias[i] = bias(i);
  return {
    options: o,
    userEncoder,
    itemEncoder,
    userFeatureEmbeddings: E,
    userEmbeddings: embedRows(X, E, f, m.nSubscribers),
    itemEmbeddings: embedRows(Z, V, f, m.nOffers),
    itemBias,
  };
}

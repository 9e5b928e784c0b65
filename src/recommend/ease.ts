/**
 * `fitEase` and `recommendEase`: EASE^R, the closed-form item–item model of Steck
 * ("Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019).
 *
 * @module
 */
import { DataError, ModelError } from '../errors.js';
import { spdInverseInPlace } from '../internal/cholesky.js';
import { throwIfAborted, type LongRunOptions } from '../internal/model.js';
import { bool, checkOption, defineOptions, described, int, longRun, real, seed } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { createRng, type Rng } from '../internal/rng.js';
import { partialShuffle } from '../internal/sample.js';
import { MAX_EASE_OFFERS, MAX_TOP_K } from '../limits.js';
import { buildMatrixInternal, isInteractionMatrix, kindWeightsOption, resolveKindWeights, type InteractionMatrix } from './interaction-matrix.js';
import { leaveLastOut, positiveInTimeOrder } from './split.js';
import { topKIndices } from './topk.js';
import { easeScoresInto } from './score-kernels.js';
export { easeScoresInto };
import type { KindWeights, RecommendInteraction } from './types.js';

export { EaseResolvedOptionsSchema, EaseWeightsSchema, EaseModelSchema } from './model-schemas.js';
export type { EaseResolvedOptions, EaseWeights, EaseModel } from './model-schemas.js';
import type { EaseResolvedOptions, EaseWeights, EaseModel } from './model-schemas.js';
import { RECOMMEND_MODEL_VERSIONS } from './model-kinds.js';

/** Options of {@link fitEase}. @category Recommend */
export interface EaseOptions extends LongRunOptions {
  /**
   * The L2 penalty λ > 0 on the item–item weights. Omitted (default): chosen on a leave-last-out
   * validation split from the grid {@link EASE_LAMBDA_GRID} (a walk from 100 towards the better
   * neighbour while NDCG@10 improves).
   */
  lambda?: number;
  /** Treat every stored strength as 1 (default true, as in Steck's paper). */
  binary?: boolean;
  /** Validation subscribers sampled when λ is chosen (default 2000). */
  validationUsers?: number;
  /** Seed of the validation sample (default 0). */
  seed?: number;
  /** Kind weights when records are given. */
  kindWeights?: KindWeights;
}

/** The λ values the validation search walks over (roughly doubling). @category Recommend */
export const EASE_LAMBDA_GRID: readonly number[] = Object.freeze([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000]);
/** Index of 100 in the grid: where the search starts. */
const LAMBDA_START = 6;
/** Rank cut-off of the validation metric. */
const NDCG_AT = 10;
/** A λ must beat the best validation NDCG by this much to be kept (ties keep the earlier λ). */
const MIN_GAIN = 1e-12;
/** XORed into the seed so the validation sample draws its own stream (the blend learner's salt). */
const SPLIT_SEED_SALT = 0x5bd1e995;

const parseEaseOptions = defineOptions('fitEase', {
  lambda: real({ gt: 0 }).optional(),
  binary: bool().default(true),
  validationUsers: int(1, 10_000_000).default(2000),
  seed: seed().default(0),
  kindWeights: kindWeightsOption().optional(),
  ...longRun(),
});

/** Checks the `ease` group of `fitRecommender`'s options (named `ease.lambda`, …). */
export const parseEaseGroup = defineOptions('fitEase', {
  lambda: real({ gt: 0 }).optional(),
  binary: bool().default(true),
});

/** The CSR part of an interaction matrix EASE reads. */
export interface EaseCsr {
  readonly nOffers: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/** Refuses a catalogue above {@link MAX_EASE_OFFERS} or an empty one, before anything is allocated. */
export function checkEaseCatalogue(nOffers: number, fn: string): void {
  if (nOffers === 0) throw new DataError(`${fn}: the offer catalogue is empty; EASE needs at least one offer`);
  if (nOffers > MAX_EASE_OFFERS) {
    const mb = Math.round((nOffers * nOffers * 8) / 2 ** 20);
    throw new DataError(
      `${fn}: the catalogue has ${nOffers} offers; EASE solves a dense ${nOffers} × ${nOffers} system (${mb} MiB, O(n³) time) and stops at MAX_EASE_OFFERS = ${MAX_EASE_OFFERS}; use the item-kNN or ALS components for larger catalogues`,
    );
  }
}

/**
 * B = I − P·diag(1/diag P) with P = (XᵀX + λI)⁻¹ (X binary when `binary`), row-major nOffers²
 * with a zero diagonal. Trusted input (size already checked).
 */
export function easeWeights(m: EaseCsr, lambda: number, binary: boolean, fn: string, signal?: AbortSignal): Float64Array<ArrayBuffer> {
  const n = m.nOffers;
  const a = new Float64Array(n * n);
  // Gram matrix XᵀX, lower triangle only (row indices are sorted, so indices[p] ≥ indices[q] for q ≤ p)
  const nRows = m.indptr.length - 1;
  for (let u = 0; u < nRows; u++) {
    const lo = m.indptr[u]!;
    const hi = m.indptr[u + 1]!;
    for (let p = lo; p < hi; p++) {
      const i = m.indices[p]!;
      const vp = binary ? 1 : m.data[p]!;
      const ri = i * n;
      for (let q = lo; q <= p; q++) a[ri + m.indices[q]!]! += vp * (binary ? 1 : m.data[q]!);
    }
  }
  for (let i = 0; i < n; i++) a[i * n + i]! += lambda;
  const bad = spdInverseInPlace(a, n, () => throwIfAborted(signal, fn));
  if (bad >= 0) {
    throw new DataError(`${fn}: XᵀX + λI is not numerically positive definite at offer ${bad} (λ = ${lambda}); use a larger lambda`);
  }
  const d = new Float64Array(n);
  for (let j = 0; j < n; j++) d[j] = a[j * n + j]!;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < n; j++) a[ri + j] = j === i ? 0 : -a[ri + j]! / d[j]!;
  }
  return a;
}


/** A validation subscriber: CSR row of the training matrix and the held-out offer. */
export interface HeldOut {
  readonly row: number;
  readonly target: number;
}

/** Mean NDCG@10 of the held-out offers ranked among every offer outside each subscriber's training history (ties: lower index first). */
function validationNdcg(m: EaseCsr, b: Float64Array, binary: boolean, val: readonly HeldOut[], scratch: Float64Array, skip: Uint8Array): number {
  const n = m.nOffers;
  let sum = 0;
  for (const { row, target } of val) {
    const lo = m.indptr[row]!;
    const hi = m.indptr[row + 1]!;
    const items = m.indices.subarray(lo, hi);
    easeScoresInto(b, n, binary, items, m.data.subarray(lo, hi), scratch);
    for (let h = 0; h < items.length; h++) skip[items[h]!] = 1;
    const t = scratch[target]!;
    let rank = 1;
    for (let j = 0; j < n && rank <= NDCG_AT; j++) {
      if (skip[j] || j === target) continue;
      const s = scratch[j]!;
      if (s > t || (s === t && j < target)) rank++;
    }
    for (let h = 0; h < items.length; h++) skip[items[h]!] = 0;
    if (rank <= NDCG_AT) sum += 1 / Math.log2(rank + 1);
  }
  return val.length > 0 ? sum / val.length : 0;
}

/** One λ tried by the validation search. */
export interface LambdaTrial {
  readonly lambda: number;
  readonly ndcg: number;
}

/**
 * Chooses λ on validation: starts at 100 on {@link EASE_LAMBDA_GRID}, then walks towards the
 * better neighbour while validation NDCG@10 improves. Returns the best λ and every trial.
 */
export function chooseEaseLambda(train: EaseCsr, val: readonly HeldOut[], binary: boolean, fn: string, signal?: AbortSignal): { lambda: number; trials: LambdaTrial[] } {
  const n = train.nOffers;
  const scratch = new Float64Array(n);
  const skip = new Uint8Array(n);
  const trials: LambdaTrial[] = [];
  const score = (g: number): number => {
    const b = easeWeights(train, EASE_LAMBDA_GRID[g]!, binary, fn, signal);
    const v = validationNdcg(train, b, binary, val, scratch, skip);
    trials.push({ lambda: EASE_LAMBDA_GRID[g]!, ndcg: v });
    return v;
  };
  let best = LAMBDA_START;
  let bestV = score(best);
  const up = best + 1 < EASE_LAMBDA_GRID.length ? score(best + 1) : -1;
  let step = 0;
  if (up > bestV + MIN_GAIN) {
    best++;
    bestV = up;
    step = 1;
  } else {
    const down = score(best - 1);
    if (down > bestV + MIN_GAIN) {
      best--;
      bestV = down;
      step = -1;
    }
  }
  while (step !== 0) {
    const next = best + step;
    if (next < 0 || next >= EASE_LAMBDA_GRID.length) break;
    const v = score(next);
    if (!(v > bestV + MIN_GAIN)) break;
    best = next;
    bestV = v;
  }
  return { lambda: EASE_LAMBDA_GRID[best]!, trials };
}

/**
 * A held-out split of a matrix with no time order: for each subscriber with ≥ 2 offers one offer,
 * drawn with `rng`, leaves the training rows. Returns the training CSR and the held-out pairs.
 */
export function randomHoldOut(m: EaseCsr, rng: Rng): { train: EaseCsr; heldOut: HeldOut[] } {
  const nRows = m.indptr.length - 1;
  const drop = new Int32Array(nRows).fill(-1);
  const heldOut: HeldOut[] = [];
  let removed = 0;
  for (let u = 0; u < nRows; u++) {
    const len = m.indptr[u + 1]! - m.indptr[u]!;
    if (len < 2) continue;
    const k = m.indptr[u]! + rng.int(len);
    drop[u] = k;
    heldOut.push({ row: u, target: m.indices[k]! });
    removed++;
  }
  const indptr = new Int32Array(nRows + 1);
  const indices = new Int32Array(m.indices.length - removed);
  const data = new Float64Array(indices.length);
  let p = 0;
  for (let u = 0; u < nRows; u++) {
    for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) {
      if (k === drop[u]) continue;
      indices[p] = m.indices[k]!;
      data[p++] = m.data[k]!;
    }
    indptr[u + 1] = p;
  }
  return { train: { nOffers: m.nOffers, indptr, indices, data }, heldOut };
}

/** λ chosen on a split (sampling `validationUsers` held-out pairs with `seed`); 100 when nobody can be held out. */
function easeLambdaFromSplit(
  split: { train: EaseCsr; heldOut: HeldOut[] },
  validationUsers: number,
  seed: number,
  binary: boolean,
  fn: string,
  signal: AbortSignal | undefined,
): { lambda: number; trials: LambdaTrial[]; users: number } {
  const rng = createRng(seed ^ SPLIT_SEED_SALT);
  const val = sampleHeldOut(split.heldOut, validationUsers, rng);
  if (val.length === 0) return { lambda: EASE_LAMBDA_GRID[LAMBDA_START]!, trials: [], users: 0 };
  const chosen = chooseEaseLambda(split.train, val, binary, fn, signal);
  return { ...chosen, users: val.length };
}

/**
 * λ chosen on the README's leave-last-out split of `interactions` (time order; each subscriber's
 * last distinct offer held out), on the ids of `full`.
 */
export function easeLambdaFromRecords(
  interactions: readonly RecommendInteraction[],
  full: InteractionMatrix,
  kw: Required<KindWeights>,
  binary: boolean,
  validationUsers: number,
  seed: number,
  fn: string,
  signal: AbortSignal | undefined,
): { lambda: number; trials: LambdaTrial[]; users: number } {
  const order = positiveInTimeOrder(interactions, kw, fn);
  const lo = leaveLastOut(interactions, order, false);
  const train = buildMatrixInternal(lo.train.map((k) => interactions[k]!), { subscriberIds: full.subscriberIds, offerIds: full.offerIds, kindWeights: kw }, fn);
  const subIndex = new Map(full.subscriberIds.map((id, i) => [id, i] as const));
  const offIndex = new Map(full.offerIds.map((id, i) => [id, i] as const));
  const heldOut: HeldOut[] = [];
  for (const [s, of] of lo.heldOut) {
    const row = subIndex.get(s);
    const target = offIndex.get(of);
    if (row !== undefined && target !== undefined) heldOut.push({ row, target });
  }
  heldOut.sort((a, b) => a.row - b.row);
  return easeLambdaFromSplit({ train, heldOut }, validationUsers, seed, binary, fn, signal);
}

/** Samples up to `k` held-out pairs (seeded), back in row order. */
export function sampleHeldOut(heldOut: HeldOut[], k: number, rng: Rng): HeldOut[] {
  const all = [...heldOut];
  const n = Math.min(k, all.length);
  partialShuffle(all, n, rng);
  return all.slice(0, n).sort((a, b) => a.row - b.row);
}

/**
 * Fits EASE^R (Steck 2019): the item–item weights B minimising ‖X − XB‖² + λ‖B‖² subject to
 * diag B = 0, in closed form B = I − P·diag(1/diag P) with P = (XᵀX + λI)⁻¹, P computed by a
 * Cholesky factorisation of the symmetric positive-definite Gram matrix. A subscriber with history
 * x is scored x·B. When `lambda` is not given it is chosen on validation: interactions in time
 * order, each subscriber's last distinct offer held out (from a matrix, one offer per subscriber
 * drawn with `seed`), up to `validationUsers` of them ranked against the full catalogue.
 *
 * Cost: memory 8·n² bytes for n offers; time about n³/2 multiply–adds per λ tried (measured in
 * docs/recommend.md). Catalogues above {@link MAX_EASE_OFFERS} are refused.
 *
 * @param data - interaction records or a matrix from `buildInteractionMatrix`
 * @param options - `lambda`, `binary`, `validationUsers`, `seed`, `kindWeights`, `onProgress`, `signal`
 * @param options.lambda - L2 penalty λ > 0 (default: chosen on validation)
 * @returns a `'recommend/ease'` model: `weights` is the row-major offers × offers matrix B
 * @throws OptionsError on an invalid option (λ ≤ 0 included); DataError on an empty catalogue, a
 * catalogue above MAX_EASE_OFFERS or invalid records; AbortError when `signal` fires
 * @example
 * const rec = (s: string, o: string) => ({ subscriberId: s, offerId: o, timestamp: '2025-01-01T00:00:00Z', kind: 'accept' as const });
 * const model = fitEase([rec('a', 'x'), rec('a', 'y'), rec('b', 'x')], { lambda: 1 });
 * recommendEase(model, ['x'], { k: 1 })[0]!.offerId // => 'y'
 * @category Recommend
 */
export function fitEase(data: readonly RecommendInteraction[] | InteractionMatrix, options?: EaseOptions): EaseModel {
  const fn = 'fitEase';
  const o = parseEaseOptions(options);
  const isMatrix = isInteractionMatrix(data);
  if (!isMatrix && !Array.isArray(data)) {
    throw new DataError(`${fn}: expected an array of interactions or a matrix from buildInteractionMatrix, got ${data === null ? 'null' : typeof data}`);
  }
  const kw = resolveKindWeights(o.kindWeights, fn);
  const full = isMatrix ? data : buildMatrixInternal(data, { kindWeights: kw }, fn);
  checkEaseCatalogue(full.nOffers, fn);
  const binary = o.binary ?? true;
  let lambda = o.lambda;
  let trials: LambdaTrial[] = [];
  let validationUsers = 0;
  if (lambda === undefined) {
    const chosen = isMatrix
      ? easeLambdaFromSplit(randomHoldOut(full, createRng((o.seed ?? 0) ^ SPLIT_SEED_SALT).fork()), o.validationUsers ?? 2000, o.seed ?? 0, binary, fn, o.signal)
      : easeLambdaFromRecords(data, full, kw, binary, o.validationUsers ?? 2000, o.seed ?? 0, fn, o.signal);
    lambda = chosen.lambda;
    trials = chosen.trials;
    validationUsers = chosen.users;
    o.onProgress?.({ stage: 'lambda', done: 1, total: 2, metrics: { lambda } });
  }
  // lambda is the checked option (> 0, finite) or one of the positive grid values; binary a checked boolean
  const options_: EaseResolvedOptions = { lambda, binary };
  const weights = easeWeights(full, lambda, binary, fn, o.signal);
  o.onProgress?.({ stage: 'fit', done: 2, total: 2 });
  return {
    kind: 'recommend/ease',
    version: RECOMMEND_MODEL_VERSIONS['recommend/ease'],
    options: options_,
    offerIds: [...full.offerIds],
    weights,
    validation: { users: validationUsers, trials: trials.map((t) => ({ ...t })) },
  };
}

/** One offer {@link recommendEase} returns. @category Recommend */
export interface EaseRecommendation {
  readonly offerId: string;
  /** x·B for the offer (x the history). */
  readonly score: number;
}

/** Options of {@link recommendEase}. @category Recommend */
export interface RecommendEaseOptions {
  /** How many offers, an integer in [0, MAX_TOP_K] (default 10). */
  k?: number;
  /** Leave out offers in the history (default true). */
  excludeOwned?: boolean;
}

const parseRecommendEaseOptions = defineOptions('recommendEase', {
  k: int(0, MAX_TOP_K).default(10),
  excludeOwned: bool().default(true),
});

const HistorySchema = described(
  o.union([o.array(o.string()), o.record(o.number({ min: 0 }))]),
  'an array of offer ids or an object mapping offer ids to strengths ≥ 0',
);

/**
 * Ranks offers for one subscriber by x·B, x the subscriber's history (offer ids, each strength 1,
 * or offer id → strength). Offers the model does not know are ignored. Pure: reads only its inputs.
 *
 * @param model - a `'recommend/ease'` model from {@link fitEase}
 * @param history - offer ids, or offer id → strength (≥ 0; used when the model is not binary)
 * @param options - `k` (default 10), `excludeOwned` (default true)
 * @returns up to `k` offers, best first (ties: catalogue order)
 * @throws ModelError on a model of another kind; ValidationError on a malformed history; OptionsError on an invalid option
 * @example
 * const rec = (s: string, o: string) => ({ subscriberId: s, offerId: o, timestamp: '2025-01-01T00:00:00Z', kind: 'accept' as const });
 * const model = fitEase([rec('a', 'x'), rec('a', 'y'), rec('b', 'x')], { lambda: 1 });
 * recommendEase(model, { x: 1 }, { k: 1 }).map((r) => r.offerId) // => ['y']
 * @category Recommend
 */
export function recommendEase(model: EaseModel, history: readonly string[] | Readonly<Record<string, number>>, options?: RecommendEaseOptions): EaseRecommendation[] {
  const fn = 'recommendEase';
  if (model === null || typeof model !== 'object' || model.kind !== 'recommend/ease') {
    throw new ModelError(`${fn}: expected a 'recommend/ease' model, got '${String((model as { kind?: unknown } | null)?.kind)}'`);
  }
  const n = model.offerIds.length;
  if (!(model.weights instanceof Float64Array) || model.weights.length !== n * n) {
    throw new ModelError(`${fn}: model.weights must be a Float64Array of ${n} × ${n} values`);
  }
  const o = parseRecommendEaseOptions(options);
  const h = checkOption(HistorySchema, history, fn, 'history');
  const index = new Map(model.offerIds.map((id, i) => [id, i] as const));
  const strength = new Map<number, number>();
  for (const [id, v] of Array.isArray(h) ? h.map((id) => [id, 1] as const) : Object.entries(h)) {
    const i = index.get(id);
    if (i !== undefined) strength.set(i, (strength.get(i) ?? 0) + v);
  }
  const items = Int32Array.from(strength.keys());
  const values = Float64Array.from(strength.values());
  const scores = new Float64Array(n);
  easeScoresInto(model.weights, n, model.options.binary, items, values, scores);
  const skip = new Uint8Array(n);
  if (o.excludeOwned !== false) for (const i of items) skip[i] = 1;
  return Array.from(topKIndices(scores, o.k ?? 10, skip), (j) => ({ offerId: model.offerIds[j]!, score: scores[j]! }));
}

/** The EASE part embedded in a hybrid model. */
export function easePart(options: EaseResolvedOptions, weights: Float64Array<ArrayBuffer>, trials: readonly LambdaTrial[], users: number): EaseWeights {
  return { options, weights, validation: { users, trials: trials.map((t) => ({ ...t })) } };
}

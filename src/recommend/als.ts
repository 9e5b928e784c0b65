/**
 * `fitAls`: implicit-feedback alternating least squares (Hu, Koren & Volinsky 2008, "Collaborative
 * Filtering for Implicit Feedback Datasets") with the conjugate-gradient inner solver of Takács,
 * Pilászy & Tikk 2011 ("Applications of the conjugate gradient method for implicit feedback
 * collaborative filtering"), as implicit's `cg` solver does it.
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { defineOptions, int, longRun, oneOf, real, seed, workers } from '../internal/options.js';
import { getPool, resolveWorkers, sharedFloat64 } from '../internal/parallel/pool.js';
import { alsRowsPart, exactRow, type AlsRowsJob } from '../internal/parallel/als64.js';
import { ALS_WORKER_SOURCE } from '../internal/parallel/worker-source.generated.js';
import { MAX_FACTORS, MAX_ITER } from '../limits.js';
import { createRng } from '../internal/rng.js';
import { throwIfAborted, type LongRunOptions } from '../internal/model.js';
import { interactionMatrixOf, kindWeightsOption, type InteractionMatrix } from './interaction-matrix.js';
import type { KindWeights, RecommendInteraction } from './types.js';
import { confidenceOf } from './als-shared.js';
import { alsCoreF32 } from './als-f32.js';
import { alsCoreWasm } from './als-wasm.js';

/** Options of {@link fitAls}. @category Recommend */
export interface AlsOptions extends LongRunOptions {
  /** Latent factors per subscriber and offer, an integer in [1, {@link MAX_FACTORS}] (default 32). */
  factors?: number;
  /** L2 regularisation λ, finite ≥ 0 (default 1). */
  l2?: number;
  /** @deprecated since 0.2: use `l2` (removed in 0.3). */
  regularization?: number;
  /** Confidence slope α of c = 1 + α·r, finite ≥ 0 (default 5). */
  confidenceAlpha?: number;
  /** @deprecated since 0.2: use `confidenceAlpha` (`alpha` means a significance level elsewhere; removed in 0.3). */
  alpha?: number;
  /** `'linear'`: c = 1 + α·r (default); `'log'`: c = 1 + α·log(1 + r/ε). */
  confidence?: 'linear' | 'log';
  /** ε of the log confidence (default 1). */
  epsilon?: number;
  /** Alternating sweeps, an integer in [0, {@link MAX_ITER}] (default 15). */
  maxIter?: number;
  /** @deprecated since 0.2: use `maxIter` (removed in 0.3). */
  iterations?: number;
  /** `'cg'` (default): conjugate gradient warm-started from the previous factors; `'cholesky'`: exact solve per row. */
  solver?: 'cg' | 'cholesky';
  /** Conjugate-gradient steps per row and sweep (default 3, as implicit). */
  cgSteps?: number;
  /**
   * Storage of the factors while fitting: `'float64'` (default: every sweep in double precision, the
   * results of earlier versions bit for bit) or `'float32'` (factors kept in single precision as
   * implicit does, rows solved in double and rounded once per sweep, fused unrolled loops: faster, half
   * the factor memory; results differ from `'float64'` by float32 rounding, quality unchanged).
   * The model's factors are `Float64Array` either way.
   */
  precision?: 'float64' | 'float32';
  /** Seed of the factor initialisation (default 0). */
  seed?: number;
  /** Kind weights when records are given (see `buildInteractionMatrix`). */
  kindWeights?: KindWeights;
  /**
   * Threads for the half-steps (`'float64'`, and the WebAssembly kernel of `'float32'` with
   * `solver: 'cg'`): each subscriber's (offer's) row is solved independently, so rows are cut into
   * one part per thread and YᵀY is computed once. An integer in [1, 64] or `'auto'`; default 1. The
   * model is the same, bit for bit, for any value, and `workers` is not stored in it. The
   * TypeScript `'float32'` path (no WebAssembly SIMD, or `'cholesky'`) runs on one thread.
   */
  workers?: number | 'auto';
}

export { choleskySolveInPlace, confidenceOf } from './als-shared.js';
export { AlsResolvedOptionsSchema, AlsFactorsSchema, AlsModelSchema, migrateAls, migrateAlsOptions } from './model-schemas.js';
export type { AlsResolvedOptions, AlsFactors, AlsModel } from './model-schemas.js';
import type { AlsResolvedOptions, AlsModel } from './model-schemas.js';
import { RECOMMEND_MODEL_VERSIONS } from './model-kinds.js';


/** The declared options of {@link fitAls} (also `fitRecommender`'s `als` group). */
const parseAlsOptions = defineOptions(
  'fitAls',
  {
    factors: int(1, MAX_FACTORS).default(32),
    l2: real({ min: 0 }).default(1),
    confidenceAlpha: real({ min: 0 }).default(5),
    confidence: oneOf(['linear', 'log']).default('linear'),
    epsilon: real({ gt: 0 }).default(1),
    maxIter: int(0, MAX_ITER).default(15),
    solver: oneOf(['cg', 'cholesky']).default('cg'),
    cgSteps: int(1, 1_000).default(3),
    precision: oneOf(['float64', 'float32']).default('float64'),
    seed: seed().default(0),
    kindWeights: kindWeightsOption().optional(),
    workers: workers(),
    ...longRun(),
  },
  { aliases: { regularization: 'l2', alpha: 'confidenceAlpha', iterations: 'maxIter' } },
);

/** Checks and fills ALS options (`prefix` names the group inside another function's options). */
export function resolveAlsOptions(o: AlsOptions | undefined, fn: string, prefix = ''): AlsResolvedOptions {
  const { factors, l2, confidenceAlpha, confidence, epsilon, maxIter, solver, cgSteps, precision, seed } = parseAlsOptions(o, fn, prefix);
  // in the schema's key order, so a fitted model serialises as its parsed copy does; 'float64' is
  // left out of the resolved options so models fitted before the option existed read and write unchanged
  const r = { factors, l2, confidenceAlpha, confidence, epsilon, maxIter, solver, cgSteps, ...(precision === 'float32' ? { precision } : {}), seed };
  if (r.l2 === 0 && r.solver === 'cholesky') {
    throw new OptionsError(`${fn}: the cholesky solver needs ${prefix}l2 > 0 (got ${prefix}l2 = 0)`, `${prefix}l2`);
  }
  // parseAlsOptions checks every field with AlsResolvedOptionsSchema's constraints or tighter, and the
  // schema's one cross-field rule (cholesky needs l2 > 0) is checked just above
  return r;
}

/**
 * Fits implicit-feedback ALS. Minimises
 * Σ_{u,i} c_ui (p_ui − x_uᵀ y_i)² + λ (Σ‖x_u‖² + Σ‖y_i‖²), with p_ui = 1 when r_ui > 0 and
 * c_ui = 1 + α r_ui (or 1 + α log(1 + r_ui/ε)), alternating over subscribers and offers. Each row
 * solves (YᵀY + Yᵀ(C_u − I)Y + λI) x_u = YᵀC_u p_u, with the YᵀY trick (the dense YᵀY is computed once
 * per sweep; each row adds only its observed offers) and `cgSteps` conjugate-gradient steps warm-started
 * from the previous factors (Takács et al. 2011), or an exact Cholesky solve.
 *
 * Factors are `Float64Array` (JavaScript computes in double precision; single-precision storage
 * would halve memory but round on every write). They start uniform in [0, 0.01) from `seed`.
 *
 * @param data - interaction records or a matrix from `buildInteractionMatrix`
 * @param options - hyper-parameters, `seed`, `onProgress`, `signal`
 * @param options.factors - latent dimension (default 32)
 * @param options.l2 - λ (default 1; `regularization` is its deprecated spelling)
 * @param options.confidenceAlpha - confidence slope α (default 5; `alpha` is its deprecated spelling)
 * @param options.maxIter - sweeps (default 15; `iterations` is its deprecated spelling)
 * @param options.workers - threads for the half-steps (default 1; the same model for any value; docs/conventions.md)
 * @returns a `'recommend/als'` model: row-major `userFactors` (nSubscribers × factors) and `itemFactors` (nOffers × factors)
 * @throws OptionsError on an unknown or invalid option (factors ≤ {@link MAX_FACTORS})
 * @throws DataError on invalid weights; AbortError when `signal` fires
 * @example
 * const m = fitAls([
 *   { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 'b', offerId: 'y', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 * ], { factors: 2, maxIter: 3 });
 * m.userFactors.length // => 4
 * @category Recommend
 */
export function fitAls(data: readonly RecommendInteraction[] | InteractionMatrix, options?: AlsOptions): AlsModel {
  const fn = 'fitAls';
  const opts = resolveAlsOptions(options, fn);
  const m = interactionMatrixOf(data, options?.kindWeights, fn);
  // options?.workers was checked by resolveAlsOptions; it never changes the model, so it is not stored
  const f = alsCore(m, opts, options ?? {}, fn, resolveWorkers(options?.workers ?? 1));
  return {
    kind: 'recommend/als',
    version: RECOMMEND_MODEL_VERSIONS['recommend/als'],
    subscriberIds: [...m.subscriberIds],
    offerIds: [...m.offerIds],
    options: opts,
    userFactors: f.userFactors,
    itemFactors: f.itemFactors,
  };
}

/** The ALS sweeps on a matrix (trusted input). */
export function alsCore(
  m: InteractionMatrix,
  o: AlsResolvedOptions,
  run: LongRunOptions,
  fn: string,
  workers = 1,
): { userFactors: Float64Array<ArrayBuffer>; itemFactors: Float64Array<ArrayBuffer> } {
  // float32: the WebAssembly SIMD kernel for CG where it runs (its half-steps on `workers` threads
  // where shared memory allows), else the TypeScript float32 sweeps
  if (o.precision === 'float32') {
    const pool = o.solver === 'cg' && workers > 1 && m.data.length > 0 ? getPool(ALS_WORKER_SOURCE, workers) : undefined;
    return (o.solver === 'cg' ? alsCoreWasm(m, o, run, fn, pool) : undefined) ?? alsCoreF32(m, o, run, fn);
  }
  const f = o.factors;
  // float64: each half-step's rows in parts on `workers` threads (shared copies of the matrix)
  const pool = workers > 1 && m.data.length > 0 ? getPool(ALS_WORKER_SOURCE, workers) : undefined;
  const sh = pool !== undefined;
  const rng = createRng(o.seed);
  const X = sharedFloat64(m.nSubscribers * f, sh);
  const Y = sharedFloat64(m.nOffers * f, sh);
  for (let k = 0; k < X.length; k++) X[k] = rng.next() * 0.01;
  for (let k = 0; k < Y.length; k++) Y[k] = rng.next() * 0.01;
  const cu = sharedFloat64(m.data.length, sh);
  for (let k = 0; k < cu.length; k++) cu[k] = confidenceOf(m.data[k]!, o);
  const ci = sharedFloat64(m.cscData.length, sh);
  for (let k = 0; k < ci.length; k++) ci[k] = confidenceOf(m.cscData[k]!, o);
  const ints = (a: Int32Array): Int32Array => (sh ? shareInt32(a) : a);
  const rows = { indptr: ints(m.indptr), indices: ints(m.indices) };
  const cols = { indptr: ints(m.cscIndptr), indices: ints(m.cscIndices) };
  const gram = sharedFloat64(f * f, sh);
  const side = (A: Float64Array, B: Float64Array, nA: number, nB: number, csr: { indptr: Int32Array; indices: Int32Array }, conf: Float64Array): void => {
    gramPlusReg(B, nB, f, o.l2, gram);
    const job: AlsRowsJob = { X: A, Y: B, f, nX: nA, indptr: csr.indptr, indices: csr.indices, conf, gram, cg: o.solver === 'cg', steps: o.cgSteps };
    if (pool) pool.run(fn, 'als/rows64', alsRowsPart, job);
    else alsRowsPart(job, 0, 1);
  };
  for (let it = 0; it < o.maxIter; it++) {
    throwIfAborted(run.signal, fn);
    side(X, Y, m.nSubscribers, m.nOffers, rows, cu);
    throwIfAborted(run.signal, fn);
    side(Y, X, m.nOffers, m.nSubscribers, cols, ci);
    run.onProgress?.({ stage: 'iteration', done: it + 1, total: o.maxIter });
  }
  // the model's factors in ordinary memory
  return { userFactors: sh ? Float64Array.from(X) : (X as Float64Array<ArrayBuffer>), itemFactors: sh ? Float64Array.from(Y) : (Y as Float64Array<ArrayBuffer>) };
}

/** A copy of `a` in shared memory. */
function shareInt32(a: Int32Array): Int32Array {
  const c = new Int32Array(new SharedArrayBuffer(4 * a.length));
  c.set(a);
  return c;
}

interface Workspace {
  gram: Float64Array;
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
  x: Float64Array;
  a: Float64Array;
}

function createWorkspace(f: number): Workspace {
  return {
    gram: new Float64Array(f * f),
    r: new Float64Array(f),
    p: new Float64Array(f),
    ap: new Float64Array(f),
    x: new Float64Array(f),
    a: new Float64Array(f * f),
  };
}

/** G = YᵀY + λI (f × f, row-major). */
export function gramPlusReg(Y: Float64Array, nY: number, f: number, reg: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < nY; i++) {
    const o = i * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a]!;
      if (ya === 0) continue;
      const row = a * f;
      for (let b = a; b < f; b++) out[row + b]! += ya * Y[o + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    out[a * f + a]! += reg;
    for (let b = 0; b < a; b++) out[a * f + b] = out[b * f + a]!;
  }
}

export { cgRow, exactRow } from '../internal/parallel/als64.js';

/**
 * One subscriber's factor given the offer factors, by an exact solve of
 * (YᵀY + Yᵀ(C_u − I)Y + λI) x = YᵀC_u p_u, the fixed point the CG steps approach
 * (what implicit's `recalculate_user` computes).
 */
export function solveUserFactor(
  Y: Float64Array,
  nY: number,
  o: AlsResolvedOptions,
  items: ArrayLike<number>,
  strengths: ArrayLike<number>,
): Float64Array {
  const f = o.factors;
  const ws = createWorkspace(f);
  gramPlusReg(Y, nY, f, Math.max(o.l2, 1e-9), ws.gram);
  const idx = Int32Array.from(items);
  const conf = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) conf[k] = confidenceOf(strengths[k]!, o);
  const x = new Float64Array(f);
  exactRow(x, Y, f, 0, idx.length, idx, conf, ws);
  return x;
}

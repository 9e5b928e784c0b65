/**
 * Typed-array k-means kernels (internal to the segment module; validated input only):
 * greedy k-means++ seeding, Lloyd's iteration with Hamerly's bounds, empty-cluster repair,
 * Sculley's mini-batch k-means and nearest-centroid assignment.
 *
 * All matrices are row-major Float64Arrays: `X` is n × p, `C` is k × p.
 */
import type { Rng } from '../internal/rng.js';
import { createIndexSampler } from '../internal/sample.js';
import { log } from '../internal/math.js';
import { partRange, sharedFloat32, sharedFloat64, sharedInt32, toSharedFloat64, type PartKernel, type Pool } from '../internal/parallel/pool.js';
import {
  distancesToCentres,
  firstClosestPart,
  firstPassPart,
  seedTrialsPart,
  type SeedTrials,
  ownDistancesPart,
  reassignBoundedPart,
  reassignPlainPart,
  sqDist,
  up32,
  type LloydRows,
} from '../internal/parallel/kmeans.js';

export { distancesToCentres, down32, sqDist, up32 } from '../internal/parallel/kmeans.js';

/** Function name in messages from worker threads. */
const FIT = 'fitKMeans';

/** Mean of the per-column variances of X (scikit-learn's scale for `tol`). */
export function meanColumnVariance(X: Float64Array, n: number, p: number): number {
  const mean = new Float64Array(p);
  for (let i = 0, o = 0; i < n; i++, o += p) for (let j = 0; j < p; j++) mean[j]! += X[o + j]!;
  for (let j = 0; j < p; j++) mean[j]! /= n;
  const ss = new Float64Array(p);
  for (let i = 0, o = 0; i < n; i++, o += p) {
    for (let j = 0; j < p; j++) {
      const d = X[o + j]! - mean[j]!;
      ss[j]! += d * d;
    }
  }
  let t = 0;
  for (let j = 0; j < p; j++) t += ss[j]! / n;
  return t / p;
}

/** Number of distinct rows, counted only up to `limit` (stops early once reached). */
export function countDistinctRows(X: Float64Array, n: number, p: number, limit: number): number {
  const found: number[] = [];
  for (let i = 0; i < n && found.length < limit; i++) {
    const o = i * p;
    let dup = false;
    for (const f of found) {
      let same = true;
      for (let j = 0; j < p; j++) {
        if (X[o + j] !== X[f + j]) {
          same = false;
          break;
        }
      }
      if (same) {
        dup = true;
        break;
      }
    }
    if (!dup) found.push(o);
  }
  return found.length;
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's `2 + ⌊ln k⌋` candidate
 * trials per centre, keeping the candidate that lowers the potential most).
 * Requires at least k distinct rows.
 */
export function kmeansPlusPlus(X: Float64Array, n: number, p: number, k: number, rng: Rng, pool?: Pool): Float64Array {
  const sh = pool !== undefined;
  const parts = pool ? pool.threads + 1 : 1;
  const Xs = sh && !(X.buffer instanceof SharedArrayBuffer) ? toSharedFloat64(X) : X;
  const C = new Float64Array(k * p);
  const trials = 2 + Math.floor(log(k));
  const first = rng.int(n);
  C.set(X.subarray(first * p, first * p + p), 0);
  let closest = sharedFloat64(n, sh);
  const c0 = { X: Xs, n, p, C, closest };
  if (pool) pool.run(FIT, 'kmeans/seed0', firstClosestPart, c0, parts);
  else firstClosestPart(c0, 0, 1);
  const cum = new Float64Array(n);
  const cand = new Int32Array(trials);
  const candD: Float64Array[] = [];
  for (let t = 0; t < trials; t++) candD.push(sharedFloat64(n, sh));
  const candPot = new Float64Array(trials);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cum[i] = acc += closest[i]!;
    const pot = acc;
    for (let t = 0; t < trials; t++) {
      const r = rng.next() * pot;
      // first index with cum > r (binary search)
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid]! > r) hi = mid;
        else lo = mid + 1;
      }
      while (lo < n - 1 && closest[lo] === 0) lo++;
      cand[t] = lo;
      candPot[t] = 0;
    }
    // the distances row-parallel; each trial's potential summed here in row order
    const st: SeedTrials = { X: Xs, n, p, cand, closest, candD };
    if (pool) pool.run(FIT, 'kmeans/seed', seedTrialsPart, st, parts);
    else seedTrialsPart(st, 0, 1);
    for (let t = 0; t < trials; t++) {
      const D = candD[t]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += D[i]!;
      candPot[t] = s;
    }
    let best = 0;
    for (let t = 1; t < trials; t++) if (candPot[t]! < candPot[best]!) best = t;
    const bi = cand[best]!;
    C.set(X.subarray(bi * p, bi * p + p), c * p);
    const swap = closest;
    closest = candD[best]!;
    candD[best] = swap;
  }
  return C;
}

/** k distinct rows chosen uniformly at random (requires at least k distinct rows). */
export function randomInit(X: Float64Array, n: number, p: number, k: number, rng: Rng): Float64Array {
  const C = new Float64Array(k * p);
  const draw = createIndexSampler(n, rng);
  let got = 0;
  for (let s = 0; s < n && got < k; s++) {
    const o = draw.next() * p;
    let dup = false;
    for (let c = 0; c < got && !dup; c++) if (sqDist(X, o, C, c * p, p) === 0) dup = true;
    if (!dup) C.set(X.subarray(o, o + p), p * got++);
  }
  return C;
}

export interface LloydResult {
  centroids: Float64Array<ArrayBuffer>;
  labels: Int32Array;
  inertia: number;
  iterations: number;
  converged: boolean;
}

export interface LloydParams {
  maxIter: number;
  /** Absolute tolerance on the summed squared centre shift. */
  tolAbs: number;
  /** Use Hamerly's bounds (false: plain Lloyd, every distance every iteration). */
  bounds: boolean;
  /** Called after each iteration; may throw to abort. */
  onIteration?: (iteration: number, moved: number, shift: number) => void;
  /** Threads for the row kernels (undefined: this thread only; same results either way). */
  pool?: Pool | undefined;
}

interface LloydState extends LloydRows {
  readonly C: Float64Array<ArrayBuffer>;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  readonly delta: Float64Array;
  readonly D: Float64Array;
  /** Parts the row kernels run in (1 without a pool). */
  readonly parts: number;
}

/** Largest n × k for which per-centre lower bounds are kept (64 M floats = 256 MB). */
const MAX_ELKAN = 1 << 26;

/** First assignment: every distance, exact bounds (row-parallel), then centre sums from scratch in row order. */
function firstPass(s: LloydState, pool: Pool | undefined): void {
  runParts(s, pool, 'kmeans/first', firstPassPart);
  const { X, n, p, a, sums, counts } = s;
  for (let i = 0; i < n; i++) {
    const b1 = a[i]!;
    counts[b1]!++;
    const so = b1 * p;
    const xo = i * p;
    for (let j = 0; j < p; j++) sums[so + j]! += X[xo + j]!;
  }
}

/** Moves every centre to the mean of its rows; fills `delta`, advances `cum`; returns Σ delta². */
function moveCentres(s: LloydState): number {
  const { p, k, C, sums, counts, delta, cum } = s;
  let shift = 0;
  let m1 = -1;
  let d1 = 0;
  let d2 = 0;
  for (let c = 0; c < k; c++) {
    const co = c * p;
    const inv = 1 / counts[c]!;
    let q = 0;
    for (let j = 0; j < p; j++) {
      const v = sums[co + j]! * inv;
      const d = v - C[co + j]!;
      q += d * d;
      C[co + j] = v;
    }
    shift += q;
    const dc = Math.sqrt(q);
    delta[c] = dc;
    cum[c]! += dc;
    if (dc > d1) {
      d2 = d1;
      d1 = dc;
      m1 = c;
    } else if (dc > d2) d2 = dc;
  }
  for (let c = 0; c < k; c++) cum[k + c]! += c === m1 ? d2 : d1;
  return shift;
}

/** Centre-to-centre distances `cc` and half the distance from each centre to its nearest other. */
function centreDistances(s: LloydState): void {
  const { p, k, C, half, cc } = s;
  for (let c = 0; c < k; c++) half[c] = Infinity;
  for (let c = 0; c < k; c++) {
    cc[c * k + c] = 0;
    for (let c2 = c + 1; c2 < k; c2++) {
      const d = Math.sqrt(sqDist(C, c * p, C, c2 * p, p));
      cc[c * k + c2] = d;
      cc[c2 * k + c] = d;
      if (0.5 * d < half[c]!) half[c] = 0.5 * d;
      if (0.5 * d < half[c2]!) half[c2] = 0.5 * d;
    }
  }
}

function moveRow(s: LloydState, xo: number, from: number, to: number): void {
  const { X, p, sums, counts } = s;
  counts[from]!--;
  counts[to]!++;
  const oo = from * p;
  const no = to * p;
  for (let j = 0; j < p; j++) {
    const v = X[xo + j]!;
    sums[oo + j]! -= v;
    sums[no + j]! += v;
  }
}

/** The row-parallel fields of the state (what a worker thread receives; shared arrays stay shared). */
function rowsOf(s: LloydState): LloydRows {
  const { X, n, p, k, C, a, up, lo, L, cum, half, cc, mv, moves } = s;
  return { X, n, p, k, C, a, up, lo, L, cum, half, cc, mv, moves };
}

/** Runs a row kernel over every row: in parts on the pool's threads, or as one part here. */
function runParts(s: LloydState, pool: Pool | undefined, task: string, kernel: PartKernel<LloydRows>): void {
  if (pool) pool.run(FIT, task, kernel, rowsOf(s), s.parts);
  else kernel(s, 0, 1);
}

/** Moves the sums of the rows the last reassignment listed, part by part (row order); returns how many moved. */
function applyMoves(s: LloydState): number {
  const { n, mv, moves, parts } = s;
  let moved = 0;
  for (let q = 0; q < parts; q++) {
    const base = 2 * partRange(n, q, parts)[0];
    const m = moves[q]!;
    for (let t = 0; t < m; t++) moveRow(s, mv[base + 2 * t]! * s.p, mv[base + 2 * t + 1]!, s.a[mv[base + 2 * t]!]!);
    moved += m;
  }
  return moved;
}

/**
 * One reassignment after the centres moved: Hamerly's and Elkan's bounds (../internal/parallel/kmeans.ts,
 * row-parallel), then the moved rows' sums in row order. Returns the number of rows that changed segment.
 */
function reassignBounded(s: LloydState, pool: Pool | undefined): number {
  centreDistances(s);
  runParts(s, pool, 'kmeans/bounded', reassignBoundedPart);
  return applyMoves(s);
}

/** One plain Lloyd reassignment: every distance for every row (row-parallel), then the moved rows' sums. */
function reassignPlain(s: LloydState, pool: Pool | undefined): number {
  runParts(s, pool, 'kmeans/plain', reassignPlainPart);
  return applyMoves(s);
}

/**
 * Lloyd's algorithm from the start `C0` (copied). With `bounds`, Hamerly's and Elkan's
 * triangle-inequality bounds skip the distance computations that cannot change a label (same
 * partition as plain Lloyd, up to floating-point ties). Centre sums are kept incrementally.
 * Iteration t = centre update, then reassignment; stops when no label changes (strict
 * convergence) or the summed squared shift is ≤ `tolAbs` (scikit-learn's criterion). Empty
 * clusters take the rows farthest from their centres.
 */
export function lloyd(X: Float64Array, n: number, p: number, C0: Float64Array, k: number, params: LloydParams): LloydResult {
  const keepL = params.bounds && n * k <= MAX_ELKAN && k > 2;
  const pool = params.pool;
  const sh = pool !== undefined;
  const parts = pool ? pool.threads + 1 : 1;
  const s: LloydState = {
    X: sh && !(X.buffer instanceof SharedArrayBuffer) ? toSharedFloat64(X) : X,
    n,
    p,
    k,
    C: Float64Array.from(C0),
    a: sharedInt32(n, sh),
    up: sharedFloat32(n, sh),
    lo: sharedFloat32(n, sh),
    L: sharedFloat32(keepL ? n * k : 0, sh),
    sums: new Float64Array(k * p),
    counts: new Float64Array(k),
    delta: new Float64Array(k),
    cum: new Float64Array(2 * k),
    half: new Float64Array(k),
    cc: new Float64Array(k * k),
    D: new Float64Array(k),
    mv: sharedInt32(2 * n, sh),
    moves: sharedInt32(parts, sh),
    parts,
  };
  firstPass(s, pool);
  let iterations = 0;
  let converged = false;
  for (let it = 1; it <= params.maxIter; it++) {
    iterations = it;
    repairEmpty(s);
    const shift = moveCentres(s);
    if (shift === 0) {
      converged = true;
      params.onIteration?.(it, 0, shift);
      break;
    }
    const moved = params.bounds ? reassignBounded(s, pool) : reassignPlain(s, pool);
    params.onIteration?.(it, moved, shift);
    if (shift <= params.tolAbs) {
      // labels now match the final centres (the reassignment above used them)
      converged = true;
      break;
    }
    if (moved === 0) {
      converged = true;
      // the next update would change nothing: count it, as scikit-learn does
      if (it < params.maxIter) iterations = it + 1;
      break;
    }
  }
  // the inertia's terms row-parallel, summed here in row order
  const dist = sharedFloat64(n, sh);
  const own = { X: s.X, n, p, C: s.C, a: s.a, dist };
  if (pool) pool.run(FIT, 'kmeans/own', ownDistancesPart, own, parts);
  else ownDistancesPart(own, 0, 1);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist[i]!;
  return { centroids: s.C, labels: s.a, inertia, iterations, converged };
}

/** Nearest centroid of every row (ties → lowest index); optionally the squared distances. */
export function nearestCentroids(X: Float64Array, n: number, p: number, C: Float64Array, k: number, dist?: Float64Array): Int32Array {
  const labels = new Int32Array(n);
  const D = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    distancesToCentres(X, i * p, C, k, p, D);
    let best = 0;
    let bd = D[0]!;
    for (let c = 1; c < k; c++) {
      if (D[c]! < bd) {
        bd = D[c]!;
        best = c;
      }
    }
    labels[i] = best;
    if (dist) dist[i] = bd;
  }
  return labels;
}

/** Gives every empty cluster the row farthest from its own centre (taken from clusters of size > 1). */
function repairEmpty(s: LloydState): void {
  const { X, n, p, k, C, a, up, lo, L, counts, cum } = s;
  let empty = 0;
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty++;
  if (empty === 0) return;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = sqDist(X, i * p, C, a[i]! * p, p);
  for (let c = 0; c < k; c++) {
    if (counts[c] !== 0) continue;
    let far = -1;
    let fd = -1;
    for (let i = 0; i < n; i++) {
      if (counts[a[i]!]! > 1 && d[i]! > fd) {
        fd = d[i]!;
        far = i;
      }
    }
    const xo = far * p;
    const old = a[far]!;
    moveRow(s, xo, old, c);
    a[far] = c;
    d[far] = -1;
    // the row's bounds: exact distance to c's current position, and no lower bound at all
    up[far] = up32(Math.sqrt(sqDist(X, xo, C, c * p, p)) - cum[c]!);
    lo[far] = -Infinity;
    if (L.length > 0) for (let q = 0; q < k; q++) L[far * k + q] = -Infinity;
  }
}

export interface MiniBatchParams {
  batchSize: number;
  maxIter: number;
  tolAbs: number;
  /** Stop after this many steps without improvement of the smoothed batch inertia. */
  maxNoImprovement: number;
  onStep?: (step: number, totalSteps: number, ewaInertia: number) => void;
}

/**
 * Mini-batch k-means (Sculley 2010): each step draws `batchSize` rows with replacement, assigns
 * them to their nearest centres and moves each centre toward the mean of its new rows with the
 * per-centre learning rate 1 / (rows seen so far). Stops after `maxIter` passes' worth of steps,
 * when the summed squared centre shift of a step is ≤ `tolAbs` (if > 0), or when the smoothed
 * batch inertia has not improved for `maxNoImprovement` steps (scikit-learn's early stopping).
 */
export function miniBatch(
  X: Float64Array,
  n: number,
  p: number,
  C0: Float64Array,
  k: number,
  rng: Rng,
  params: MiniBatchParams,
): LloydResult {
  const C = Float64Array.from(C0);
  const b = Math.min(params.batchSize, n);
  const totalSteps = Math.max(1, Math.floor((params.maxIter * n) / b));
  const seen = new Float64Array(k);
  const bsum = new Float64Array(k * p);
  const bcount = new Float64Array(k);
  const alpha = Math.min(1, (2 * b) / (n + 1));
  let ewa = NaN;
  let best = Infinity;
  let noImprove = 0;
  let steps = 0;
  let converged = false;
  const every = Math.max(1, Math.floor(n / b));
  for (let s = 1; s <= totalSteps; s++) {
    steps = s;
    bsum.fill(0);
    bcount.fill(0);
    let binertia = 0;
    for (let t = 0; t < b; t++) {
      const xo = rng.int(n) * p;
      let bc = 0;
      let bd = sqDist(X, xo, C, 0, p);
      for (let c = 1; c < k; c++) {
        const d = sqDist(X, xo, C, c * p, p);
        if (d < bd) {
          bd = d;
          bc = c;
        }
      }
      binertia += bd;
      bcount[bc]!++;
      const so = bc * p;
      for (let j = 0; j < p; j++) bsum[so + j]! += X[xo + j]!;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const nb = bcount[c]!;
      if (nb === 0) continue;
      const v = seen[c]!;
      const tot = v + nb;
      const co = c * p;
      for (let j = 0; j < p; j++) {
        const nv = (C[co + j]! * v + bsum[co + j]!) / tot;
        const d = nv - C[co + j]!;
        shift += d * d;
        C[co + j] = nv;
      }
      seen[c] = tot;
    }
    binertia /= b;
    ewa = Number.isNaN(ewa) ? binertia : ewa * (1 - alpha) + binertia * alpha;
    if (params.onStep && s % every === 0) params.onStep(s, totalSteps, ewa);
    if (s > 1 && params.tolAbs > 0 && shift <= params.tolAbs) {
      converged = true;
      break;
    }
    if (ewa < best) {
      best = ewa;
      noImprove = 0;
    } else if (++noImprove >= params.maxNoImprovement) {
      converged = true;
      break;
    }
  }
  const dist = new Float64Array(n);
  const labels = nearestCentroids(X, n, p, C, k, dist);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist[i]!;
  return { centroids: C, labels, inertia, iterations: steps, converged };
}

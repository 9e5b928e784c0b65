/**
 * Typed-array k-means kernels (internal to the segment module; validated input only):
 * greedy k-means++ seeding, Lloyd's iteration with Hamerly's bounds, empty-cluster repair,
 * Sculley's mini-batch k-means and nearest-centroid assignment. The row kernels they drive (also
 * run by the worker threads of the `workers` option) are in ./kmeans-assign.ts.
 *
 * All matrices are row-major Float64Arrays: `X` is n × p, `C` is k × p.
 */
import type { Rng } from '../internal/rng.js';
import { createIndexSampler } from '../internal/sample.js';
import { log } from '../internal/math.js';
import { partRange, sharedFloat32, sharedFloat64, sharedInt32, toSharedFloat64, type PartKernel, type Pool } from '../internal/parallel/pool.js';
import {
  boundedPart,
  distancesToCentres,
  firstClosestPart,
  firstPart,
  ownDistancesPart,
  plainPart,
  releasePart,
  seedTrialsPart,
  sqDist,
  up32,
  type LloydPartArgs,
  type SeedTrials,
} from './kmeans-assign.js';

export {
  assignFirstRange,
  createTsBlockDistances,
  distancesToCentres,
  down32,
  reassignPlainRange,
  reassignRange,
  sqDist,
  sqDistances,
  up32,
  type BlockDistances,
  type CentreState,
  type RowBounds,
} from './kmeans-assign.js';

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
  /** false: the TypeScript distances even where the WebAssembly kernel can run (same results; for tests and benchmarks). */
  wasm?: boolean;
  /** Threads for the row kernels (undefined: this thread only; same results either way). */
  pool?: Pool | undefined;
}

interface LloydState extends LloydPartArgs {
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  /** Parts the row kernels run in (1 without a pool). */
  readonly parts: number;
}

/** Moves every centre to the mean of its rows, advances `cum`; returns Σ of the squared shifts. */
function moveCentres(s: LloydState): number {
  const { p, k, C, sums, counts, cum } = s;
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

/** Half the distance from each centre to its nearest other. */
function halfGaps(s: LloydState): void {
  const { p, k, C, half } = s;
  for (let c = 0; c < k; c++) half[c] = Infinity;
  for (let c = 0; c < k; c++) {
    for (let c2 = c + 1; c2 < k; c2++) {
      const d = 0.5 * Math.sqrt(sqDist(C, c * p, C, c2 * p, p));
      if (d < half[c]!) half[c] = d;
      if (d < half[c2]!) half[c2] = d;
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

/** Applies the moves the last reassignment listed, part by part (so in row order); returns how many rows moved. */
function applyMoves(s: LloydState): number {
  const { n, p, labels, movedRows, movedFrom, moves, parts } = s;
  let moved = 0;
  for (let q = 0; q < parts; q++) {
    const start = partRange(n, q, parts)[0];
    for (let t = start; t < start + moves[q]!; t++) {
      const i = movedRows[t]!;
      moveRow(s, i * p, movedFrom[t]!, labels[i]!);
    }
    moved += moves[q]!;
  }
  return moved;
}

/** The fields the row kernels read (what a worker thread receives: shared arrays stay shared, the small ones are copied). */
function partArgs(s: LloydState): LloydPartArgs {
  const { X, n, p, k, C, cum, half, labels, up, lo, movedRows, movedFrom, moves, fit, wasm } = s;
  return { X, n, p, k, C, cum, half, labels, up, lo, movedRows, movedFrom, moves, fit, wasm };
}

/** Runs a row kernel over every row: in parts on the pool's threads, or as one part here. */
function runParts(s: LloydState, pool: Pool | undefined, task: string, kernel: PartKernel<LloydPartArgs>): void {
  if (pool) pool.run(FIT, task, kernel, partArgs(s), s.parts);
  else kernel(s, 0, 1);
}

/** Fits get distinct numbers, so each thread's cached block kernel belongs to one fit. */
let fits = 0;

/** The starting state: labels, bounds and move lists shared with the pool's threads when there is one. */
function lloydState(X: Float64Array, n: number, p: number, C0: Float64Array, k: number, params: LloydParams): LloydState {
  const sh = params.pool !== undefined;
  const parts = params.pool ? params.pool.threads + 1 : 1;
  return {
    X: sh && !(X.buffer instanceof SharedArrayBuffer) ? toSharedFloat64(X) : X,
    n,
    p,
    k,
    C: Float64Array.from(C0),
    labels: sharedInt32(n, sh),
    up: sharedFloat32(n, sh),
    lo: sharedFloat32(n, sh),
    sums: new Float64Array(k * p),
    counts: new Float64Array(k),
    cum: new Float64Array(2 * k),
    half: new Float64Array(k),
    movedRows: sharedInt32(n, sh),
    movedFrom: sharedInt32(n, sh),
    moves: sharedInt32(parts, sh),
    parts,
    fit: ++fits,
    wasm: params.wasm !== false,
  };
}

/** The inertia: each row's squared distance to its centre (row-parallel), summed here in row order. */
function inertiaOf(s: LloydState, pool: Pool | undefined): number {
  const { X, n, p, C, labels } = s;
  const dist = sharedFloat64(n, pool !== undefined);
  const own = { X, n, p, C, a: labels, dist };
  if (pool) pool.run(FIT, 'kmeans/own', ownDistancesPart, own, s.parts);
  else ownDistancesPart(own, 0, 1);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist[i]!;
  return inertia;
}

/**
 * Lloyd's algorithm from the start `C0` (copied). With `bounds`, Hamerly's triangle-inequality
 * bounds skip the distance computations that cannot change a label (same partition as plain
 * Lloyd, up to floating-point ties). Centre sums are kept incrementally. Iteration t = centre
 * update, then reassignment; stops when no label changes (strict convergence) or the summed
 * squared shift is ≤ `tolAbs` (scikit-learn's criterion). Empty clusters take the rows farthest
 * from their centres. With a pool, the row kernels run in parts on its threads; sums stay in row
 * order here, so the result is the same bytes.
 */
export function lloyd(X: Float64Array, n: number, p: number, C0: Float64Array, k: number, params: LloydParams): LloydResult {
  const pool = params.pool;
  const s = lloydState(X, n, p, C0, k, params);
  try {
    runParts(s, pool, 'kmeans/first', firstPart);
    const { labels, sums, counts } = s;
    for (let i = 0, xo = 0; i < n; i++, xo += p) {
      const so = labels[i]! * p;
      counts[labels[i]!]!++;
      for (let j = 0; j < p; j++) sums[so + j]! += s.X[xo + j]!;
    }
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
      if (params.bounds) {
        halfGaps(s);
        runParts(s, pool, 'kmeans/bounded', boundedPart);
      } else runParts(s, pool, 'kmeans/plain', plainPart);
      const moved = applyMoves(s);
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
    return { centroids: s.C as Float64Array<ArrayBuffer>, labels, inertia: inertiaOf(s, pool), iterations, converged };
  } finally {
    try {
      if (pool) pool.run(FIT, 'kmeans/release', releasePart, {}, s.parts);
      else releasePart();
    } catch {
      // a failed release leaves a cached kernel behind; the fit's own error, if any, is the one to report
    }
  }
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
  const { X, n, p, k, C, labels: a, up, lo, counts, cum } = s;
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

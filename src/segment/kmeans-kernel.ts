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
import { blockRows, createWasmBlockDistances, type BlockDistances } from './kmeans-wasm.js';

export type { BlockDistances };

/** Squared Euclidean distance between row `xo` of `X` and row `co` of `C` (offsets in elements). */
export function sqDist(X: Float64Array, xo: number, C: Float64Array, co: number, p: number): number {
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 1 < p; j += 2) {
    const d0 = X[xo + j]! - C[co + j]!;
    const d1 = X[xo + j + 1]! - C[co + j + 1]!;
    s0 += d0 * d0;
    s1 += d1 * d1;
  }
  if (j < p) {
    const d = X[xo + j]! - C[co + j]!;
    s0 += d * d;
  }
  return s0 + s1;
}

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
export function kmeansPlusPlus(X: Float64Array, n: number, p: number, k: number, rng: Rng): Float64Array {
  const C = new Float64Array(k * p);
  const trials = 2 + Math.floor(log(k));
  const first = rng.int(n);
  C.set(X.subarray(first * p, first * p + p), 0);
  let closest: Float64Array = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = sqDist(X, i * p, C, 0, p);
  const cum = new Float64Array(n);
  const cand = new Int32Array(trials);
  const candD: Float64Array[] = [];
  for (let t = 0; t < trials; t++) candD.push(new Float64Array(n));
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
    for (let i = 0; i < n; i++) {
      const xo = i * p;
      const ci = closest[i]!;
      for (let t = 0; t < trials; t++) {
        const d = sqDist(X, xo, X, cand[t]! * p, p);
        const m = d < ci ? d : ci;
        candD[t]![i] = m;
        candPot[t]! += m;
      }
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

/**
 * Squared distances from row `xo` of `X` to the k centres of `C` into `D` (centres taken four at a
 * time so each coordinate of x is loaded once per block).
 */
export function distancesToCentres(X: Float64Array, xo: number, C: Float64Array, k: number, p: number, D: Float64Array, dOff = 0): void {
  let c = 0;
  for (; c + 3 < k; c += 4) {
    const o0 = c * p;
    const o1 = o0 + p;
    const o2 = o1 + p;
    const o3 = o2 + p;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < p; j++) {
      const v = X[xo + j]!;
      const a0 = v - C[o0 + j]!;
      const a1 = v - C[o1 + j]!;
      const a2 = v - C[o2 + j]!;
      const a3 = v - C[o3 + j]!;
      s0 += a0 * a0;
      s1 += a1 * a1;
      s2 += a2 * a2;
      s3 += a3 * a3;
    }
    D[dOff + c] = s0;
    D[dOff + c + 1] = s1;
    D[dOff + c + 2] = s2;
    D[dOff + c + 3] = s3;
  }
  for (; c < k; c++) {
    const o = c * p;
    let s = 0;
    for (let j = 0; j < p; j++) {
      const a = X[xo + j]! - C[o + j]!;
      s += a * a;
    }
    D[dOff + c] = s;
  }
}

/**
 * Squared distances from row `xo` of `X` to the k centres of `C` into `D`, each summed in
 * {@link sqDist}'s order (even and odd columns in two sums, added last), so `D[c]` equals
 * `sqDist(X, xo, C, c * p, p)` bit for bit; centres taken four at a time so each coordinate of x
 * is loaded once per block.
 */
export function sqDistances(X: Float64Array, xo: number, C: Float64Array, k: number, p: number, D: Float64Array, dOff = 0): void {
  let c = 0;
  for (; c + 3 < k; c += 4) {
    const o0 = c * p;
    const o1 = o0 + p;
    const o2 = o1 + p;
    const o3 = o2 + p;
    let a0 = 0;
    let b0 = 0;
    let a1 = 0;
    let b1 = 0;
    let a2 = 0;
    let b2 = 0;
    let a3 = 0;
    let b3 = 0;
    let j = 0;
    for (; j + 1 < p; j += 2) {
      const v = X[xo + j]!;
      const w = X[xo + j + 1]!;
      const e0 = v - C[o0 + j]!;
      const f0 = w - C[o0 + j + 1]!;
      const e1 = v - C[o1 + j]!;
      const f1 = w - C[o1 + j + 1]!;
      const e2 = v - C[o2 + j]!;
      const f2 = w - C[o2 + j + 1]!;
      const e3 = v - C[o3 + j]!;
      const f3 = w - C[o3 + j + 1]!;
      a0 += e0 * e0;
      b0 += f0 * f0;
      a1 += e1 * e1;
      b1 += f1 * f1;
      a2 += e2 * e2;
      b2 += f2 * f2;
      a3 += e3 * e3;
      b3 += f3 * f3;
    }
    if (j < p) {
      const v = X[xo + j]!;
      const e0 = v - C[o0 + j]!;
      const e1 = v - C[o1 + j]!;
      const e2 = v - C[o2 + j]!;
      const e3 = v - C[o3 + j]!;
      a0 += e0 * e0;
      a1 += e1 * e1;
      a2 += e2 * e2;
      a3 += e3 * e3;
    }
    D[dOff + c] = a0 + b0;
    D[dOff + c + 1] = a1 + b1;
    D[dOff + c + 2] = a2 + b2;
    D[dOff + c + 3] = a3 + b3;
  }
  for (; c < k; c++) D[dOff + c] = sqDist(X, xo, C, c * p, p);
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
}

/**
 * The per-row state of the assignment: typed arrays of n entries owned by the caller. The
 * assignment functions below read and write only the entries of their row range, so ranges may be
 * processed in any order (or on other threads) with the same result.
 */
export interface RowBounds {
  /** Segment of each row. */
  labels: Int32Array;
  /** Upper bound on d(x, c_label), stored as bound − cum[label] (lazy: stays valid as centres drift); float32 rounded up. */
  up: Float32Array;
  /** Lower bound on d(x, c) for every c ≠ label, stored as bound + cum[k + label]; float32 rounded down. */
  lo: Float32Array;
}

/** Where the centres are and how far they moved since the bounds were stored (read-only for the assignment). */
export interface CentreState {
  /** k × p centres. */
  C: Float64Array;
  k: number;
  p: number;
  /** cum[c]: Σ of centre c's shifts so far; cum[k + c]: Σ of the largest shift among the other centres (Hamerly's decay). */
  cum: Float64Array;
  /** Half the distance from each centre to its nearest other centre. */
  half: Float64Array;
}

/*
 * The distance bounds are stored as float32, rounded outward (upper bounds up, lower bounds
 * down), so each stays a valid bound, only up to one float32 step looser than its float64 value:
 * half the memory traffic of the per-iteration screen. The labels come from float64 distances;
 * a looser bound only sends a few more rows to them.
 */
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** The smallest float32 ≥ x (x itself when exact; +∞ stays +∞, NaN stays NaN). */
export function up32(x: number): number {
  const f = Math.fround(x);
  if (!(f < x)) return f;
  // f < x, so f is finite: step one float32 toward +∞
  if (f === 0) return 1.401298464324817e-45;
  F32[0] = f;
  if (f > 0) U32[0]!++;
  else U32[0]!--;
  return F32[0]!;
}

/** The largest float32 ≤ x (x itself when exact; −∞ stays −∞, NaN stays NaN). */
export function down32(x: number): number {
  const f = Math.fround(x);
  if (!(f > x)) return f;
  // f > x, so f is finite (possibly +∞ when x is beyond the float32 range): step one toward −∞
  if (f === 0) return -1.401298464324817e-45;
  F32[0] = f;
  if (f > 0) U32[0]!--;
  else U32[0]!++;
  return F32[0]!;
}

/** The TypeScript block kernel over n × p rows `X` (the fallback where WebAssembly SIMD is unavailable). */
export function createTsBlockDistances(X: Float64Array, k: number, p: number): BlockDistances {
  const rows = blockRows(p);
  const C = new Float64Array(k * p);
  const out = new Float64Array(rows * k);
  const idx = new Int32Array(rows);
  return {
    rows,
    out,
    stride: k,
    idx,
    setCentres: (c) => C.set(c),
    first(i0, count) {
      for (let t = 0; t < count; t++) distancesToCentres(X, (i0 + t) * p, C, k, p, out, t * k);
    },
    dist(count) {
      for (let t = 0; t < count; t++) sqDistances(X, idx[t]! * p, C, k, p, out, t * k);
    },
  };
}

/**
 * First assignment of rows `[start, end)`: every distance (in {@link distancesToCentres}'s order),
 * the nearest centre (ties → lowest index) into `b.labels`, exact bounds into `b.up` and `b.lo`
 * (stored relative to `cum`). `kern` must hold the current centres.
 */
export function assignFirstRange(X: Float64Array, c: CentreState, start: number, end: number, b: RowBounds, kern: BlockDistances): void {
  const { k, cum } = c;
  const { labels, up, lo } = b;
  const { out, stride, rows } = kern;
  for (let i0 = start; i0 < end; i0 += rows) {
    const count = Math.min(rows, end - i0);
    kern.first(i0, count);
    for (let t = 0, o = 0; t < count; t++, o += stride) {
      let b1 = 0;
      let d1 = Infinity;
      let d2 = Infinity;
      for (let q = 0; q < k; q++) {
        const d = out[o + q]!;
        if (d < d1) {
          d2 = d1;
          d1 = d;
          b1 = q;
        } else if (d < d2) d2 = d;
      }
      const i = i0 + t;
      labels[i] = b1;
      up[i] = up32(Math.sqrt(d1) - cum[b1]!);
      lo[i] = down32(Math.sqrt(d2) + cum[k + b1]!);
    }
  }
}

/**
 * Labels and bounds of the `count` rows staged in `kern` (indices in `kern.idx`) from all k
 * distances; moves appended at `movedRows[at…]`. Returns the number of moves.
 */
function settleBlock(c: CentreState, b: RowBounds, kern: BlockDistances, count: number, movedRows: Int32Array, movedFrom: Int32Array, at: number): number {
  const { k, cum, half } = c;
  const { labels, up, lo } = b;
  const { out, idx } = kern;
  kern.dist(count);
  let moved = 0;
  for (let t = 0, o = 0; t < count; t++, o += k) {
    const i = idx[t]!;
    const ai = labels[i]!;
    const lHam = lo[i]! - cum[k + ai]!;
    const h = half[ai]!;
    const m = h > lHam ? h : lHam;
    const u = Math.sqrt(out[o + ai]!);
    if (u <= m) {
      // the exact distance proves the label: tighten the upper bound only
      up[i] = up32(u - cum[ai]!);
      continue;
    }
    let best = ai;
    let d1 = u;
    let second = Infinity;
    for (let q = 0; q < k; q++) {
      if (q === ai) continue;
      const d = Math.sqrt(out[o + q]!);
      if (d < d1) {
        second = d1;
        d1 = d;
        best = q;
      } else if (d < second) second = d;
    }
    up[i] = up32(d1 - cum[best]!);
    lo[i] = down32(second + cum[k + best]!);
    if (best !== ai) {
      labels[i] = best;
      movedRows[at + moved] = i;
      movedFrom[at + moved] = ai;
      moved++;
    }
  }
  return moved;
}

/**
 * One reassignment of rows `[start, end)` after the centres moved, with Hamerly's (2010) bounds:
 * a row whose upper bound is at most max(its lower bound, half the distance from its centre to the
 * nearest other) keeps its label at the cost of a few reads and no writes; otherwise the exact
 * distance to its centre tightens the upper bound, and if that is not enough the row is staged in
 * a block, where all k distances (in {@link sqDist}'s order) give the nearest centre (ties keep the
 * current label, then the lowest index) and exact bounds. Rows that change segment are written,
 * in row order, to `movedRows[start…]` with their old segment in `movedFrom[start…]`, so the
 * caller applies the moves to the centre sums in row order. `kern` must hold the current centres.
 * Returns the number of moves.
 */
export function reassignRange(
  X: Float64Array,
  c: CentreState,
  start: number,
  end: number,
  b: RowBounds,
  movedRows: Int32Array,
  movedFrom: Int32Array,
  kern: BlockDistances,
): number {
  const { C, k, p, cum, half } = c;
  const { labels, up, lo } = b;
  const { idx, rows } = kern;
  let moved = 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    const ai = labels[i]!;
    const cai = cum[ai]!;
    const lHam = lo[i]! - cum[k + ai]!;
    const h = half[ai]!;
    const m = h > lHam ? h : lHam;
    if (up[i]! + cai <= m) continue;
    // the exact distance to the row's own centre often proves the label: tighten the upper bound only
    const u = Math.sqrt(sqDist(X, i * p, C, ai * p, p));
    if (u <= m) {
      up[i] = up32(u - cai);
      continue;
    }
    idx[count++] = i;
    if (count === rows) {
      moved += settleBlock(c, b, kern, count, movedRows, movedFrom, start + moved);
      count = 0;
    }
  }
  if (count > 0) moved += settleBlock(c, b, kern, count, movedRows, movedFrom, start + moved);
  return moved;
}

/** One plain Lloyd reassignment of rows `[start, end)`: every distance for every row; moves reported as in {@link reassignRange}. */
export function reassignPlainRange(
  X: Float64Array,
  c: CentreState,
  start: number,
  end: number,
  labels: Int32Array,
  movedRows: Int32Array,
  movedFrom: Int32Array,
  kern: BlockDistances,
): number {
  const { k } = c;
  const { out, stride, rows } = kern;
  let moved = 0;
  for (let i0 = start; i0 < end; i0 += rows) {
    const count = Math.min(rows, end - i0);
    kern.first(i0, count);
    for (let t = 0, o = 0; t < count; t++, o += stride) {
      let b1 = 0;
      let d1 = out[o]!;
      for (let q = 1; q < k; q++) {
        if (out[o + q]! < d1) {
          d1 = out[o + q]!;
          b1 = q;
        }
      }
      const i = i0 + t;
      const ai = labels[i]!;
      if (b1 !== ai) {
        labels[i] = b1;
        movedRows[start + moved] = i;
        movedFrom[start + moved] = ai;
        moved++;
      }
    }
  }
  return moved;
}

interface LloydState extends CentreState, RowBounds {
  X: Float64Array;
  n: number;
  sums: Float64Array;
  counts: Float64Array;
  movedRows: Int32Array;
  movedFrom: Int32Array;
  kern: BlockDistances;
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

/** Applies the `moved` moves recorded from row `start` on to the centre sums, in row order. */
function applyMoves(s: LloydState, start: number, moved: number): void {
  const { p, labels, movedRows, movedFrom } = s;
  for (let t = start; t < start + moved; t++) {
    const i = movedRows[t]!;
    moveRow(s, i * p, movedFrom[t]!, labels[i]!);
  }
}

/**
 * Lloyd's algorithm from the start `C0` (copied). With `bounds`, Hamerly's triangle-inequality
 * bounds skip the distance computations that cannot change a label (same partition as plain
 * Lloyd, up to floating-point ties). Centre sums are kept incrementally. Iteration t = centre
 * update, then reassignment; stops when no label changes (strict convergence) or the summed
 * squared shift is ≤ `tolAbs` (scikit-learn's criterion). Empty clusters take the rows farthest
 * from their centres.
 */
export function lloyd(X: Float64Array, n: number, p: number, C0: Float64Array, k: number, params: LloydParams): LloydResult {
  const s: LloydState = {
    X,
    n,
    p,
    k,
    C: Float64Array.from(C0),
    labels: new Int32Array(n),
    up: new Float32Array(n),
    lo: new Float32Array(n),
    sums: new Float64Array(k * p),
    counts: new Float64Array(k),
    cum: new Float64Array(2 * k),
    half: new Float64Array(k),
    movedRows: new Int32Array(n),
    movedFrom: new Int32Array(n),
    kern: (params.wasm === false ? undefined : createWasmBlockDistances(X, k, p)) ?? createTsBlockDistances(X, k, p),
  };
  s.kern.setCentres(s.C);
  assignFirstRange(X, s, 0, n, s, s.kern);
  const { labels, sums, counts } = s;
  for (let i = 0, xo = 0; i < n; i++, xo += p) {
    const so = labels[i]! * p;
    counts[labels[i]!]!++;
    for (let j = 0; j < p; j++) sums[so + j]! += X[xo + j]!;
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
    s.kern.setCentres(s.C);
    let moved: number;
    if (params.bounds) {
      halfGaps(s);
      moved = reassignRange(X, s, 0, n, s, s.movedRows, s.movedFrom, s.kern);
    } else moved = reassignPlainRange(X, s, 0, n, labels, s.movedRows, s.movedFrom, s.kern);
    applyMoves(s, 0, moved);
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
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sqDist(X, i * p, s.C, labels[i]! * p, p);
  return { centroids: s.C as Float64Array<ArrayBuffer>, labels, inertia, iterations, converged };
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

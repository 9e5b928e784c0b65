/**
 * The k-means assignment kernels (internal to the segment module; validated input only): squared
 * distances, the float32 bound rounding, the block distance kernels (WebAssembly SIMD in
 * ./kmeans-wasm.ts or the TypeScript twin here), and the assignment over a row range `[start, end)`.
 * They are also what the worker threads of the `workers` option run (./kmeans-worker.ts, bundled by
 * scripts/build-workers.mjs): each part kernel at the end takes one contiguous part of the rows,
 * writes only that part's entries of shared arrays, and lists its moved rows from its first row
 * on, so the caller applies the moves in row order and any number of parts gives the same bytes.
 *
 * All matrices are row-major Float64Arrays: `X` is n × p, `C` is k × p.
 */
import { partRange } from '../internal/parallel/pool.js';
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

/** What Lloyd's part kernels read and write (views over shared memory when parts run on threads). */
export interface LloydPartArgs extends CentreState, RowBounds {
  readonly X: Float64Array;
  readonly n: number;
  /** Moved rows and their old segments: a part writes from its first row on, its count in `moves[part]`. */
  readonly movedRows: Int32Array;
  readonly movedFrom: Int32Array;
  readonly moves: Int32Array;
  /** Which fit this is, so a thread makes one block kernel per fit. */
  readonly fit: number;
  /** false: the TypeScript block kernel even where WebAssembly can run (same doubles). */
  readonly wasm: boolean;
}

/** This thread's block kernel of the current fit. */
let cached: { fit: number; kern: BlockDistances } | undefined;

/** This thread's block kernel for the fit (made once per fit and thread), loaded with the current centres. */
function kernelFor(a: LloydPartArgs): BlockDistances {
  if (cached?.fit !== a.fit) {
    const kern = (a.wasm ? createWasmBlockDistances(a.X, a.k, a.p) : undefined) ?? createTsBlockDistances(a.X, a.k, a.p);
    cached = { fit: a.fit, kern };
  }
  cached.kern.setCentres(a.C);
  return cached.kern;
}

/** First assignment of one part's rows (see {@link assignFirstRange}). */
export function firstPart(a: LloydPartArgs, part: number, parts: number): void {
  const [start, end] = partRange(a.n, part, parts);
  assignFirstRange(a.X, a, start, end, a, kernelFor(a));
}

/** One bounded reassignment of one part's rows (see {@link reassignRange}); its move count into `moves[part]`. */
export function boundedPart(a: LloydPartArgs, part: number, parts: number): void {
  const [start, end] = partRange(a.n, part, parts);
  a.moves[part] = reassignRange(a.X, a, start, end, a, a.movedRows, a.movedFrom, kernelFor(a));
}

/** One plain reassignment of one part's rows (see {@link reassignPlainRange}). */
export function plainPart(a: LloydPartArgs, part: number, parts: number): void {
  const [start, end] = partRange(a.n, part, parts);
  a.moves[part] = reassignPlainRange(a.X, a, start, end, a.labels, a.movedRows, a.movedFrom, kernelFor(a));
}

/** Drops this thread's block kernel (and its reference to the fit's rows) once the fit is done. */
export function releasePart(): void {
  cached = undefined;
}

/** Squared distance of every row of a part to its own centre, into `dist` (the inertia's terms). */
export function ownDistancesPart(s: { X: Float64Array; n: number; p: number; C: Float64Array; a: Int32Array; dist: Float64Array }, part: number, parts: number): void {
  const { X, n, p, C, a, dist } = s;
  const [r0, r1] = partRange(n, part, parts);
  for (let i = r0; i < r1; i++) dist[i] = sqDist(X, i * p, C, a[i]! * p, p);
}


/** What a k-means++ trial kernel reads and writes. */
export interface SeedTrials {
  readonly X: Float64Array;
  readonly n: number;
  readonly p: number;
  /** Candidate rows, one per trial. */
  readonly cand: Int32Array;
  /** Squared distance of every row to its nearest chosen centre. */
  readonly closest: Float64Array;
  /** Per trial: min(closest, distance to the candidate), by row. */
  readonly candD: readonly Float64Array[];
}

/** One part's rows of a k-means++ round: each row's distance to every candidate, capped by its current closest. */
export function seedTrialsPart(s: SeedTrials, part: number, parts: number): void {
  const { X, n, p, cand, closest, candD } = s;
  const [r0, r1] = partRange(n, part, parts);
  const trials = cand.length;
  for (let i = r0; i < r1; i++) {
    const xo = i * p;
    const ci = closest[i]!;
    for (let t = 0; t < trials; t++) {
      const d = sqDist(X, xo, X, cand[t]! * p, p);
      candD[t]![i] = d < ci ? d : ci;
    }
  }
}

/** One part's rows' squared distance to centre row `c` of `C` (k-means++'s first centre). */
export function firstClosestPart(s: { X: Float64Array; n: number; p: number; C: Float64Array; closest: Float64Array }, part: number, parts: number): void {
  const { X, n, p, C, closest } = s;
  const [r0, r1] = partRange(n, part, parts);
  for (let i = r0; i < r1; i++) closest[i] = sqDist(X, i * p, C, 0, p);
}

/** The k-means tasks a worker thread answers (./kmeans-worker.ts). */
export const KMEANS_TASKS = {
  'kmeans/first': firstPart,
  'kmeans/bounded': boundedPart,
  'kmeans/plain': plainPart,
  'kmeans/release': releasePart,
  'kmeans/own': ownDistancesPart,
  'kmeans/seed': seedTrialsPart,
  'kmeans/seed0': firstClosestPart,
} as const;

/**
 * The row-parallel parts of Lloyd's k-means iteration (internal; the segment module's
 * kmeans-kernel.ts drives them). Each kernel labels the rows of one contiguous part and lists the
 * rows whose label changed, `(row, old label)` pairs; the caller then moves those rows' sums in
 * row order. The single-thread path runs the same kernels as one part, so any number of parts
 * gives the same labels, bounds and centre sums, bit for bit.
 */
import { partRange } from './pool.js';

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
export function distancesToCentres(X: Float64Array, xo: number, C: Float64Array, k: number, p: number, D: Float64Array): void {
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
    D[c] = s0;
    D[c + 1] = s1;
    D[c + 2] = s2;
    D[c + 3] = s3;
  }
  for (; c < k; c++) {
    const o = c * p;
    let s = 0;
    for (let j = 0; j < p; j++) {
      const a = X[xo + j]! - C[o + j]!;
      s += a * a;
    }
    D[c] = s;
  }
}

/*
 * The distance bounds are stored as float32, rounded outward (upper bounds up, lower bounds
 * down), so each stays a valid bound, only up to one float32 step looser than its float64 value:
 * half the memory traffic of the per-iteration screen and of the n × k lower bounds. The labels
 * come from float64 distances as before; a looser bound only sends a few more rows to them.
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

/** What the row kernels read and write (views over shared memory when parts run on threads). */
export interface LloydRows {
  readonly X: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly k: number;
  readonly C: Float64Array;
  readonly a: Int32Array;
  /** Upper bound on d(x, c_a), stored as bound − cum[a] (lazy: stays valid as centres drift); float32 rounded up. */
  readonly up: Float32Array;
  /** Lower bound on d(x, c) for every c ≠ a, stored as bound + cum[k + a]; float32 rounded down. */
  readonly lo: Float32Array;
  /** Per-centre lower bounds (n × k, stored as bound + cum[c]; float32 rounded down), or empty when too large. */
  readonly L: Float32Array;
  /** cum[c]: Σ of centre c's shifts so far; cum[k + c]: Σ of the largest shift among the other centres (Hamerly's decay). */
  readonly cum: Float64Array;
  readonly half: Float64Array;
  readonly cc: Float64Array;
  /** Moved rows: part q writes `(row, old label)` pairs from `2 · lo(q)` on, their count in `moves[q]`. */
  readonly mv: Int32Array;
  readonly moves: Int32Array;
}

/** First assignment of one part's rows: every distance, exact bounds (no sums). */
export function firstPassPart(s: LloydRows, part: number, parts: number): void {
  const { X, n, p, k, C, a, up, lo, L } = s;
  const [r0, r1] = partRange(n, part, parts);
  const keepL = L.length > 0;
  const D = new Float64Array(k);
  for (let i = r0; i < r1; i++) {
    const xo = i * p;
    distancesToCentres(X, xo, C, k, p, D);
    let b1 = 0;
    let d1 = Infinity;
    let d2 = Infinity;
    for (let c = 0; c < k; c++) {
      const d = D[c]!;
      if (keepL) L[i * k + c] = down32(Math.sqrt(d));
      if (d < d1) {
        d2 = d1;
        d1 = d;
        b1 = c;
      } else if (d < d2) d2 = d;
    }
    a[i] = b1;
    up[i] = up32(Math.sqrt(d1));
    lo[i] = down32(Math.sqrt(d2));
  }
}

/**
 * One reassignment of a part's rows after the centres moved, with Hamerly's (2010) test first and
 * Elkan's (2003) per-centre tests for the rows that fail it. Bounds are stored relative to the
 * accumulated centre shifts, so a row whose bounds prove its label unchanged costs a few reads and
 * no writes. Rows that change segment are listed in `mv` (the caller moves their sums).
 */
export function reassignBoundedPart(s: LloydRows, part: number, parts: number): void {
  const { X, n, p, k, C, a, up, lo, L, cum, half, cc, mv } = s;
  const [r0, r1] = partRange(n, part, parts);
  const keepL = L.length > 0;
  let w = 2 * r0;
  for (let i = r0; i < r1; i++) {
    const ai = a[i]!;
    const cai = cum[ai]!;
    const cex = cum[k + ai]!;
    const lHam = lo[i]! - cex;
    const h = half[ai]!;
    const m = h > lHam ? h : lHam;
    const uLoose = up[i]! + cai;
    if (uLoose <= m) continue;
    const rowL = i * k;
    if (keepL) {
      // Elkan's per-centre test with the loose upper bound: d(x, c) ≥ max(L(c), d(a, c) − u)
      let minLb = Infinity;
      let need = false;
      const ccRow = ai * k;
      for (let c = 0; c < k; c++) {
        if (c === ai) continue;
        const l1 = L[rowL + c]! - cum[c]!;
        const l2 = cc[ccRow + c]! - uLoose;
        const lb = l1 > l2 ? l1 : l2;
        if (lb < uLoose) {
          need = true;
          break;
        }
        if (lb < minLb) minLb = lb;
      }
      if (!need) {
        // label proven; keep the tighter common lower bound
        lo[i] = down32(minLb + cex);
        continue;
      }
    }
    const xo = i * p;
    const u = Math.sqrt(sqDist(X, xo, C, ai * p, p));
    if (u <= m) {
      up[i] = up32(u - cai);
      continue;
    }
    let best = ai;
    let d1 = u;
    let second = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === best) continue;
      const lb1 = keepL ? L[rowL + c]! - cum[c]! : 0;
      const lb2 = cc[best * k + c]! - d1;
      const lb = lb1 > lb2 ? lb1 : lb2;
      if (d1 <= lb || d1 <= 0.5 * cc[best * k + c]!) {
        if (lb < second) second = lb;
        continue;
      }
      const d = Math.sqrt(sqDist(X, xo, C, c * p, p));
      if (keepL) L[rowL + c] = down32(d + cum[c]!);
      if (d < d1) {
        if (d1 < second) second = d1;
        d1 = d;
        best = c;
      } else if (d < second) second = d;
    }
    if (keepL) L[rowL + ai] = down32(u + cai);
    up[i] = up32(d1 - cum[best]!);
    lo[i] = down32(second + cum[k + best]!);
    if (best !== ai) {
      a[i] = best;
      mv[w++] = i;
      mv[w++] = ai;
    }
  }
  s.moves[part] = (w - 2 * r0) >> 1;
}

/** One plain Lloyd reassignment of a part's rows: every distance for every row; moves listed in `mv`. */
export function reassignPlainPart(s: LloydRows, part: number, parts: number): void {
  const { X, n, p, k, C, a, mv } = s;
  const [r0, r1] = partRange(n, part, parts);
  const D = new Float64Array(k);
  let w = 2 * r0;
  for (let i = r0; i < r1; i++) {
    const xo = i * p;
    distancesToCentres(X, xo, C, k, p, D);
    let b1 = 0;
    let d1 = D[0]!;
    for (let c = 1; c < k; c++) {
      if (D[c]! < d1) {
        d1 = D[c]!;
        b1 = c;
      }
    }
    const ai = a[i]!;
    if (b1 !== ai) {
      a[i] = b1;
      mv[w++] = i;
      mv[w++] = ai;
    }
  }
  s.moves[part] = (w - 2 * r0) >> 1;
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

/** The k-means tasks a worker thread answers. */
export const KMEANS_TASKS = {
  'kmeans/first': firstPassPart,
  'kmeans/bounded': reassignBoundedPart,
  'kmeans/plain': reassignPlainPart,
  'kmeans/own': ownDistancesPart,
  'kmeans/seed': seedTrialsPart,
  'kmeans/seed0': firstClosestPart,
} as const;

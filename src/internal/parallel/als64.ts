/**
 * The double-precision ALS row solves (internal; src/recommend/als.ts drives them): conjugate-
 * gradient steps or an exact Cholesky solve per row, and a half-step's rows in contiguous parts
 * (each part with its own scratch vectors, the Gram matrix YᵀY + λI computed once by the caller).
 * Rows are independent, so the factors are the same, bit for bit, for any number of parts.
 */
import { choleskySolveInPlace } from '../cholesky.js';
import { partRange } from './pool.js';

/** Conjugate-gradient steps on one row, warm-started from `x` (updated in place). */
export function cgRow(
  x: Float64Array,
  Y: Float64Array,
  f: number,
  start: number,
  end: number,
  indices: Int32Array,
  conf: Float64Array,
  steps: number,
  ws: { gram: Float64Array; r: Float64Array; p: Float64Array; ap: Float64Array },
): void {
  const { gram: G, r, p, ap } = ws;
  // r = b − A x, with b = Σ c_i y_i and A = G + Σ (c_i − 1) y_i y_iᵀ
  for (let a = 0; a < f; a++) {
    let s = 0;
    const row = a * f;
    for (let b = 0; b < f; b++) s += G[row + b]! * x[b]!;
    r[a] = -s;
  }
  for (let k = start; k < end; k++) {
    const c = conf[k]!;
    const o = indices[k]! * f;
    let d = 0;
    for (let a = 0; a < f; a++) d += Y[o + a]! * x[a]!;
    const coef = c - (c - 1) * d;
    for (let a = 0; a < f; a++) r[a]! += coef * Y[o + a]!;
  }
  let rsold = 0;
  for (let a = 0; a < f; a++) {
    p[a] = r[a]!;
    rsold += r[a]! * r[a]!;
  }
  if (rsold < 1e-20) return;
  for (let it = 0; it < steps; it++) {
    for (let a = 0; a < f; a++) {
      let s = 0;
      const row = a * f;
      for (let b = 0; b < f; b++) s += G[row + b]! * p[b]!;
      ap[a] = s;
    }
    for (let k = start; k < end; k++) {
      const c1 = conf[k]! - 1;
      const o = indices[k]! * f;
      let d = 0;
      for (let a = 0; a < f; a++) d += Y[o + a]! * p[a]!;
      const coef = c1 * d;
      for (let a = 0; a < f; a++) ap[a]! += coef * Y[o + a]!;
    }
    let pap = 0;
    for (let a = 0; a < f; a++) pap += p[a]! * ap[a]!;
    if (!(pap > 0)) return;
    const alpha = rsold / pap;
    let rsnew = 0;
    for (let a = 0; a < f; a++) {
      x[a]! += alpha * p[a]!;
      r[a]! -= alpha * ap[a]!;
      rsnew += r[a]! * r[a]!;
    }
    if (rsnew < 1e-20) return;
    const beta = rsnew / rsold;
    for (let a = 0; a < f; a++) p[a] = r[a]! + beta * p[a]!;
    rsold = rsnew;
  }
}

/** Exact solve of one row by Cholesky (writes `x`). */
export function exactRow(
  x: Float64Array,
  Y: Float64Array,
  f: number,
  start: number,
  end: number,
  indices: Int32Array,
  conf: Float64Array,
  ws: { gram: Float64Array; a: Float64Array; r: Float64Array },
): void {
  const A = ws.a;
  const b = ws.r;
  A.set(ws.gram);
  b.fill(0);
  for (let k = start; k < end; k++) {
    const c = conf[k]!;
    const o = indices[k]! * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a]!;
      b[a]! += c * ya;
      const w = (c - 1) * ya;
      const row = a * f;
      for (let bb = 0; bb < f; bb++) A[row + bb]! += w * Y[o + bb]!;
    }
  }
  choleskySolveInPlace(A, b, f);
  x.set(b);
}

/** One half-step: every row of X (nX × f) solved against Y with the Gram matrix `gram`. */
export interface AlsRowsJob {
  readonly X: Float64Array;
  readonly Y: Float64Array;
  readonly f: number;
  readonly nX: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly conf: Float64Array;
  readonly gram: Float64Array;
  readonly cg: boolean;
  readonly steps: number;
}

/** Solves one part's rows of a half-step (double precision). */
export function alsRowsPart(j: AlsRowsJob, part: number, parts: number): void {
  const { X, Y, f, indptr, indices, conf, gram } = j;
  const [u0, u1] = partRange(j.nX, part, parts);
  const ws = { gram, r: new Float64Array(f), p: new Float64Array(f), ap: new Float64Array(f), a: new Float64Array(j.cg ? 0 : f * f) };
  for (let u = u0; u < u1; u++) {
    const x = X.subarray(u * f, (u + 1) * f);
    if (j.cg) cgRow(x, Y, f, indptr[u]!, indptr[u + 1]!, indices, conf, j.steps, ws);
    else exactRow(x, Y, f, indptr[u]!, indptr[u + 1]!, indices, conf, ws);
  }
}

/**
 * The single-precision ALS sweeps behind `fitAls(…, { precision: 'float32' })`: the factors live in
 * `Float32Array`s (half the memory traffic of the double path, as implicit and the C ceiling in
 * ../shared/baselines/als_cg.c keep them), every row is solved in double precision in a small
 * workspace and rounded once when written back, and the loops are fused and unrolled by four with
 * independent accumulators (the dot products and the YᵀY matrix–vector products carry no long
 * dependency chain). Same algorithm as the double path (conjugate gradient warm-started from the
 * previous factors, or an exact Cholesky solve), different rounding: results agree with it to about
 * float32 precision per sweep, not bit for bit.
 *
 * @module
 */
import { throwIfAborted, type LongRunOptions } from '../internal/model.js';
import { createRng } from '../internal/rng.js';
import type { InteractionMatrix } from './interaction-matrix.js';
import type { AlsResolvedOptions } from './model-schemas.js';
import { choleskySolveInPlace, confidenceOf } from './als-shared.js';

/** Per-fit scratch: the f × f Gram matrix (double, padded rows) and the row vectors of the solver. */
interface Workspace32 {
  /** YᵀY + λI, row-major f × f. */
  gram: Float64Array;
  /** The row being solved (double copy of its float32 factor). */
  x: Float64Array;
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
  /** Cholesky matrix (exact solver). */
  a: Float64Array;
}

/** The float32 ALS sweeps on a matrix (trusted input); factors returned widened to Float64Array (exactly). */
export function alsCoreF32(
  m: InteractionMatrix,
  o: AlsResolvedOptions,
  run: LongRunOptions,
  fn: string,
): { userFactors: Float64Array<ArrayBuffer>; itemFactors: Float64Array<ArrayBuffer> } {
  const f = o.factors;
  const rng = createRng(o.seed);
  // the same start as the double path, rounded to float32
  const X = new Float32Array(m.nSubscribers * f);
  const Y = new Float32Array(m.nOffers * f);
  for (let k = 0; k < X.length; k++) X[k] = rng.next() * 0.01;
  for (let k = 0; k < Y.length; k++) Y[k] = rng.next() * 0.01;
  const cu = new Float64Array(m.data.length);
  for (let k = 0; k < cu.length; k++) cu[k] = confidenceOf(m.data[k]!, o);
  const ci = new Float64Array(m.cscData.length);
  for (let k = 0; k < ci.length; k++) ci[k] = confidenceOf(m.cscData[k]!, o);
  const ws: Workspace32 = {
    gram: new Float64Array(f * f),
    x: new Float64Array(f),
    r: new Float64Array(f),
    p: new Float64Array(f),
    ap: new Float64Array(f),
    a: new Float64Array(f * f),
  };
  for (let it = 0; it < o.maxIter; it++) {
    throwIfAborted(run.signal, fn);
    solveSide32(X, Y, m.nSubscribers, m.nOffers, f, m.indptr, m.indices, cu, o, ws);
    throwIfAborted(run.signal, fn);
    solveSide32(Y, X, m.nOffers, m.nSubscribers, f, m.cscIndptr, m.cscIndices, ci, o, ws);
    run.onProgress?.({ stage: 'iteration', done: it + 1, total: o.maxIter });
  }
  return { userFactors: Float64Array.from(X), itemFactors: Float64Array.from(Y) };
}

/**
 * G = YᵀY + λI (f × f, row-major, double), four factor rows of Y at a time so each G row is
 * loaded and stored once per four updates.
 */
export function gramPlusReg32(Y: Float32Array, nY: number, f: number, reg: number, G: Float64Array): void {
  G.fill(0);
  let i = 0;
  for (; i + 3 < nY; i += 4) {
    const o0 = i * f;
    const o1 = o0 + f;
    const o2 = o1 + f;
    const o3 = o2 + f;
    for (let a = 0; a < f; a++) {
      const y0 = Y[o0 + a]!;
      const y1 = Y[o1 + a]!;
      const y2 = Y[o2 + a]!;
      const y3 = Y[o3 + a]!;
      const row = a * f;
      for (let b = a; b < f; b++) G[row + b]! += y0 * Y[o0 + b]! + y1 * Y[o1 + b]! + y2 * Y[o2 + b]! + y3 * Y[o3 + b]!;
    }
  }
  for (; i < nY; i++) {
    const o0 = i * f;
    for (let a = 0; a < f; a++) {
      const y0 = Y[o0 + a]!;
      const row = a * f;
      for (let b = a; b < f; b++) G[row + b]! += y0 * Y[o0 + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    G[a * f + a]! += reg;
    for (let b = 0; b < a; b++) G[a * f + b] = G[b * f + a]!;
  }
}

/** Updates every row of X given Y (one half-sweep). */
function solveSide32(
  X: Float32Array,
  Y: Float32Array,
  nX: number,
  nY: number,
  f: number,
  indptr: Int32Array,
  indices: Int32Array,
  conf: Float64Array,
  o: AlsResolvedOptions,
  ws: Workspace32,
): void {
  gramPlusReg32(Y, nY, f, o.l2, ws.gram);
  const x = ws.x;
  for (let u = 0; u < nX; u++) {
    const off = u * f;
    for (let a = 0; a < f; a++) x[a] = X[off + a]!;
    if (o.solver === 'cg') cgRow32(x, Y, f, indptr[u]!, indptr[u + 1]!, indices, conf, o.cgSteps, ws);
    else exactRow32(x, Y, f, indptr[u]!, indptr[u + 1]!, indices, conf, ws);
    for (let a = 0; a < f; a++) X[off + a] = x[a]!;
  }
}

/** out = G v for the symmetric f × f G, four rows at a time (v loaded once per four rows). */
function gramTimes(G: Float64Array, v: Float64Array, f: number, out: Float64Array): void {
  let a = 0;
  for (; a + 3 < f; a += 4) {
    const r0 = a * f;
    const r1 = r0 + f;
    const r2 = r1 + f;
    const r3 = r2 + f;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let b = 0; b < f; b++) {
      const vb = v[b]!;
      s0 += G[r0 + b]! * vb;
      s1 += G[r1 + b]! * vb;
      s2 += G[r2 + b]! * vb;
      s3 += G[r3 + b]! * vb;
    }
    out[a] = s0;
    out[a + 1] = s1;
    out[a + 2] = s2;
    out[a + 3] = s3;
  }
  for (; a < f; a++) {
    const r0 = a * f;
    let s = 0;
    for (let b = 0; b < f; b++) s += G[r0 + b]! * v[b]!;
    out[a] = s;
  }
}

/** y_q · v over a float32 factor row at offset `q`, four accumulators. */
function dotRow(Y: Float32Array, q: number, v: Float64Array, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let a = 0;
  for (; a + 3 < f; a += 4) {
    s0 += Y[q + a]! * v[a]!;
    s1 += Y[q + a + 1]! * v[a + 1]!;
    s2 += Y[q + a + 2]! * v[a + 2]!;
    s3 += Y[q + a + 3]! * v[a + 3]!;
  }
  for (; a < f; a++) s0 += Y[q + a]! * v[a]!;
  return s0 + s1 + s2 + s3;
}

/** out += w · y_q over a float32 factor row at offset `q`, unrolled by four. */
function axpyRow(out: Float64Array, w: number, Y: Float32Array, q: number, f: number): void {
  let a = 0;
  for (; a + 3 < f; a += 4) {
    out[a]! += w * Y[q + a]!;
    out[a + 1]! += w * Y[q + a + 1]!;
    out[a + 2]! += w * Y[q + a + 2]!;
    out[a + 3]! += w * Y[q + a + 3]!;
  }
  for (; a < f; a++) out[a]! += w * Y[q + a]!;
}

/** Conjugate-gradient steps on one row `x` (double copy), warm-started from its value. */
function cgRow32(
  x: Float64Array,
  Y: Float32Array,
  f: number,
  start: number,
  end: number,
  indices: Int32Array,
  conf: Float64Array,
  steps: number,
  ws: Workspace32,
): void {
  const { gram: G, r, p, ap } = ws;
  // r = b − A x, with b = Σ c_i y_i and A = G + Σ (c_i − 1) y_i y_iᵀ
  gramTimes(G, x, f, r);
  for (let a = 0; a < f; a++) r[a] = -r[a]!;
  for (let k = start; k < end; k++) {
    const c = conf[k]!;
    const q = indices[k]! * f;
    axpyRow(r, c - (c - 1) * dotRow(Y, q, x, f), Y, q, f);
  }
  let rsold = 0;
  for (let a = 0; a < f; a++) {
    p[a] = r[a]!;
    rsold += r[a]! * r[a]!;
  }
  if (rsold < 1e-20) return;
  for (let it = 0; it < steps; it++) {
    gramTimes(G, p, f, ap);
    for (let k = start; k < end; k++) {
      const q = indices[k]! * f;
      axpyRow(ap, (conf[k]! - 1) * dotRow(Y, q, p, f), Y, q, f);
    }
    let pap = 0;
    for (let a = 0; a < f; a++) pap += p[a]! * ap[a]!;
    if (!(pap > 0)) return;
    const alpha = rsold / pap;
    let rsnew = 0;
    for (let a = 0; a < f; a++) {
      x[a]! += alpha * p[a]!;
      const ra = r[a]! - alpha * ap[a]!;
      r[a] = ra;
      rsnew += ra * ra;
    }
    if (rsnew < 1e-20) return;
    const beta = rsnew / rsold;
    for (let a = 0; a < f; a++) p[a] = r[a]! + beta * p[a]!;
    rsold = rsnew;
  }
}

/** Exact solve of one row by Cholesky over float32 factors (writes `x`). */
function exactRow32(
  x: Float64Array,
  Y: Float32Array,
  f: number,
  start: number,
  end: number,
  indices: Int32Array,
  conf: Float64Array,
  ws: Workspace32,
): void {
  const A = ws.a;
  const b = ws.r;
  A.set(ws.gram);
  b.fill(0);
  for (let k = start; k < end; k++) {
    const c = conf[k]!;
    const q = indices[k]! * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[q + a]!;
      b[a]! += c * ya;
      axpyRowInto(A, a * f, (c - 1) * ya, Y, q, f);
    }
  }
  choleskySolveInPlace(A, b, f);
  x.set(b);
}

/** A[row..row+f) += w · y_q. */
function axpyRowInto(A: Float64Array, row: number, w: number, Y: Float32Array, q: number, f: number): void {
  for (let bb = 0; bb < f; bb++) A[row + bb]! += w * Y[q + bb]!;
}

/**
 * Dense symmetric positive-definite kernels on row-major `Float64Array` blocks: the Cholesky
 * factorisation A = L·Lᵀ and the inverse A⁻¹ computed from it, both in place (one n × n buffer,
 * O(n) scratch), with every inner loop running along a contiguous row.
 *
 * Method (Golub & Van Loan, Matrix Computations, §4.2 and §3.1):
 * 1. Cholesky–Banachiewicz, row by row: L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj, and
 *    L_ii = √(A_ii − Σ_{k<i} L_ik²). The sums are dot products of two rows of L.
 * 2. U = L⁻ᵀ (upper triangular), stored in the upper triangle beside L, one column at a time:
 *    U_ji = −(1/L_ii) Σ_{j ≤ k < i} L_ik U_jk, a dot product of row i of L and row j of U.
 * 3. A⁻¹ = UUᵀ: (A⁻¹)_ij = Σ_{k ≥ max(i,j)} U_ik U_jk, dot products of two rows of U, written
 *    into the lower triangle (free once U is complete), then mirrored.
 * Cost n³/6 multiply–adds per step, n³/2 in all. Sums run in a fixed order (four interleaved
 * partial sums), so results are the same bits on every run and engine.
 *
 * @module
 */

/** Σ_{k=from}^{to−1} a[ia + k]·b[ib + k], in four interleaved partial sums (a fixed order). */
function dot(a: Float64Array, ia: number, b: Float64Array, ib: number, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = from;
  for (; k + 3 < to; k += 4) {
    s0 += a[ia + k]! * b[ib + k]!;
    s1 += a[ia + k + 1]! * b[ib + k + 1]!;
    s2 += a[ia + k + 2]! * b[ib + k + 2]!;
    s3 += a[ia + k + 3]! * b[ib + k + 3]!;
  }
  for (; k < to; k++) s0 += a[ia + k]! * b[ib + k]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * Four dot products sharing row `rj`: out[r] = Σ_{k=from}^{to−1} a[rr + k]·a[rj + k] for the rows
 * rr = r0…r3 (row `rj` is read once for all four: the blocking that keeps the kernels off main memory).
 */
function dot4(a: Float64Array, r0: number, r1: number, r2: number, r3: number, rj: number, from: number, to: number, out: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = from; k < to; k++) {
    const v = a[rj + k]!;
    s0 += a[r0 + k]! * v;
    s1 += a[r1 + k]! * v;
    s2 += a[r2 + k]! * v;
    s3 += a[r3 + k]! * v;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/**
 * Overwrites the lower triangle (diagonal included) of the symmetric n × n matrix `a` (row-major;
 * only the lower triangle is read) with its Cholesky factor L. Returns the index of the first
 * pivot that is not positive (the matrix is not positive definite; `a` is then partly
 * overwritten), or −1 on success. Rows are processed four at a time: for a column j left of the
 * block, the four sums share row j.
 */
export function choleskyInPlace(a: Float64Array, n: number, signalCheck?: () => void): number {
  const acc = new Float64Array(4);
  let i0 = 0;
  for (; i0 + 4 <= n; i0 += 4) {
    if (signalCheck && (i0 & 63) === 0) signalCheck();
    const r0 = i0 * n;
    for (let j = 0; j < i0; j++) {
      const rj = j * n;
      dot4(a, r0, r0 + n, r0 + 2 * n, r0 + 3 * n, rj, 0, j, acc);
      const d = a[rj + j]!;
      for (let r = 0; r < 4; r++) a[r0 + r * n + j] = (a[r0 + r * n + j]! - acc[r]!) / d;
    }
    for (let i = i0; i < i0 + 4; i++) {
      const bad = finishRow(a, n, i, i0);
      if (bad >= 0) return bad;
    }
  }
  for (let i = i0; i < n; i++) {
    const bad = finishRow(a, n, i, 0);
    if (bad >= 0) return bad;
  }
  return -1;
}

/** Columns `from` … i of row i of L (columns before `from` already done). −1, or i when the pivot is not positive. */
function finishRow(a: Float64Array, n: number, i: number, from: number): number {
  const ri = i * n;
  for (let j = from; j < i; j++) {
    const rj = j * n;
    a[ri + j] = (a[ri + j]! - dot(a, ri, a, rj, 0, j)) / a[rj + j]!;
  }
  const d = a[ri + i]! - dot(a, ri, a, ri, 0, i);
  if (!(d > 0) || !Number.isFinite(d)) return i;
  a[ri + i] = Math.sqrt(d);
  return -1;
}

/**
 * Replaces the symmetric positive-definite n × n matrix `a` (row-major; only its lower triangle
 * is read) by its inverse, in place. Returns −1 on success, or the index of the first
 * non-positive pivot when `a` is not positive definite (`a` is then left partly overwritten).
 * `signalCheck` is called every 64 rows of each step (to honour an AbortSignal).
 */
export function spdInverseInPlace(a: Float64Array, n: number, signalCheck?: () => void): number {
  const bad = choleskyInPlace(a, n, signalCheck);
  if (bad >= 0) return bad;
  const ld = new Float64Array(n);
  for (let i = 0; i < n; i++) ld[i] = a[i * n + i]!;
  const acc = new Float64Array(4);
  // U = L⁻ᵀ (upper triangular) into the upper triangle, column by column:
  // U_ji = −(1/L_ii) Σ_{k=j}^{i−1} L_ik U_jk — a dot product of row i of L and row j of U.
  // Columns i0 … i0+3 at a time: for a row j above the block the four sums share row j up to
  // column i0, then each adds the terms of the block's earlier columns.
  let i0 = 0;
  for (; i0 + 4 <= n; i0 += 4) {
    if (signalCheck && (i0 & 63) === 0) signalCheck();
    const r0 = i0 * n;
    for (let j = 0; j < i0; j++) {
      const rj = j * n;
      dot4(a, r0, r0 + n, r0 + 2 * n, r0 + 3 * n, rj, j, i0, acc);
      for (let r = 0; r < 4; r++) {
        const ri = r0 + r * n;
        let s = acc[r]!;
        for (let k = i0; k < i0 + r; k++) s += a[ri + k]! * a[rj + k]!;
        a[rj + i0 + r] = -s / ld[i0 + r]!;
      }
    }
    for (let i = i0; i < i0 + 4; i++) upperColumn(a, n, i, i0, ld);
  }
  for (let i = i0; i < n; i++) upperColumn(a, n, i, 0, ld);
  // A⁻¹ = UUᵀ: entry (j, i), j > i, into the (now free) lower triangle; the diagonal aside.
  // Rows i0 … i0+3 at a time: for a row j below the block the four sums share row j.
  const diag = ld;
  i0 = 0;
  for (; i0 + 4 <= n; i0 += 4) {
    if (signalCheck && (i0 & 63) === 0) signalCheck();
    const r0 = i0 * n;
    for (let i = i0; i < i0 + 4; i++) {
      const ri = i * n;
      diag[i] = dot(a, ri, a, ri, i, n);
      for (let j = i + 1; j < i0 + 4; j++) a[j * n + i] = dot(a, ri, a, j * n, j, n);
    }
    for (let j = i0 + 4; j < n; j++) {
      const rj = j * n;
      dot4(a, r0, r0 + n, r0 + 2 * n, r0 + 3 * n, rj, j, n, acc);
      for (let r = 0; r < 4; r++) a[rj + i0 + r] = acc[r]!;
    }
  }
  for (let i = i0; i < n; i++) {
    const ri = i * n;
    diag[i] = dot(a, ri, a, ri, i, n);
    for (let j = i + 1; j < n; j++) a[j * n + i] = dot(a, ri, a, j * n, j, n);
  }
  for (let i = 0; i < n; i++) {
    a[i * n + i] = diag[i]!;
    for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j]!;
  }
  return -1;
}

/** Column i of U for the rows j = from … i (rows above `from` already done), then U_ii = 1/L_ii. */
function upperColumn(a: Float64Array, n: number, i: number, from: number, ld: Float64Array): void {
  const ri = i * n;
  const inv = 1 / ld[i]!;
  for (let j = from; j < i; j++) {
    const rj = j * n;
    a[rj + i] = -inv * dot(a, ri, a, rj, j, i);
  }
  a[ri + i] = inv;
}

/**
 * Solves A z = b for symmetric positive-definite A (row-major f × f, overwritten by its Cholesky
 * factor; pivots floored at 1e-300); z written to b. The small-system solve of the ALS sweeps and the
 * uplift ridge fits.
 */
export function choleskySolveInPlace(A: Float64Array, b: Float64Array, f: number): void {
  for (let j = 0; j < f; j++) {
    let s = A[j * f + j]!;
    for (let k = 0; k < j; k++) s -= A[j * f + k]! * A[j * f + k]!;
    const d = Math.sqrt(Math.max(s, 1e-300));
    A[j * f + j] = d;
    for (let i = j + 1; i < f; i++) {
      let t = A[i * f + j]!;
      for (let k = 0; k < j; k++) t -= A[i * f + k]! * A[j * f + k]!;
      A[i * f + j] = t / d;
    }
  }
  for (let i = 0; i < f; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= A[i * f + k]! * b[k]!;
    b[i] = t / A[i * f + i]!;
  }
  for (let i = f - 1; i >= 0; i--) {
    let t = b[i]!;
    for (let k = i + 1; k < f; k++) t -= A[k * f + i]! * b[k]!;
    b[i] = t / A[i * f + i]!;
  }
}

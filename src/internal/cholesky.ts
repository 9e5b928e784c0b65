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
 * Overwrites the lower triangle (diagonal included) of the symmetric n × n matrix `a` (row-major;
 * only the lower triangle is read) with its Cholesky factor L. Returns the index of the first
 * pivot that is not positive (the matrix is not positive definite; `a` is then partly
 * overwritten), or −1 on success.
 */
export function choleskyInPlace(a: Float64Array, n: number, signalCheck?: () => void): number {
  for (let i = 0; i < n; i++) {
    if (signalCheck && (i & 63) === 0) signalCheck();
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      a[ri + j] = (a[ri + j]! - dot(a, ri, a, rj, 0, j)) / a[rj + j]!;
    }
    const d = a[ri + i]! - dot(a, ri, a, ri, 0, i);
    if (!(d > 0) || !Number.isFinite(d)) return i;
    a[ri + i] = Math.sqrt(d);
  }
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
  // U = L⁻ᵀ (upper triangular) into the upper triangle, column by column:
  // U_ji = −(1/L_ii) Σ_{k=j}^{i−1} L_ik U_jk — a dot product of row i of L and row j of U
  for (let i = 0; i < n; i++) {
    if (signalCheck && (i & 63) === 0) signalCheck();
    const ri = i * n;
    const inv = 1 / ld[i]!;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      a[rj + i] = -inv * dot(a, ri, a, rj, j, i);
    }
    a[ri + i] = inv;
  }
  // A⁻¹ = UUᵀ: entry (j, i), j > i, into the (now free) lower triangle; the diagonal aside
  const diag = ld;
  for (let i = 0; i < n; i++) {
    if (signalCheck && (i & 63) === 0) signalCheck();
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

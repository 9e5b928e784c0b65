/**
 * Small dense linear algebra for the driver analysis (internal): the symmetric eigen
 * decomposition by cyclic Jacobi rotations and R² of a regression from a correlation matrix.
 * Matrices are row-major Float64Arrays of p × p, p ≤ 100.
 */

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric p × p matrix, by cyclic Jacobi. */
export function symmetricEigen(a: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < p; i++) {
      diag += m[i * p + i]! * m[i * p + i]!;
      for (let j = i + 1; j < p; j++) off += m[i * p + j]! * m[i * p + j]!;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let i = 0; i < p - 1; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = m[i * p + j]!;
        if (aij === 0) continue;
        const aii = m[i * p + i]!;
        const ajj = m[j * p + j]!;
        const theta = (ajj - aii) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const mki = m[k * p + i]!;
          const mkj = m[k * p + j]!;
          m[k * p + i] = c * mki - s * mkj;
          m[k * p + j] = s * mki + c * mkj;
        }
        for (let k = 0; k < p; k++) {
          const mik = m[i * p + k]!;
          const mjk = m[j * p + k]!;
          m[i * p + k] = c * mik - s * mjk;
          m[j * p + k] = s * mik + c * mjk;
        }
        for (let k = 0; k < p; k++) {
          const vki = v[k * p + i]!;
          const vkj = v[k * p + j]!;
          v[k * p + i] = c * vki - s * vkj;
          v[k * p + j] = s * vki + c * vkj;
        }
      }
    }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = m[i * p + i]!;
  return { values, vectors: v };
}

/**
 * R² of the regression on the attributes in `mask` from the correlation matrix `r` (p × p) and the
 * correlations `ry` with the target: `r_S' R_SS⁻¹ r_S`, by Cholesky. NaN when R_SS is singular.
 */
export function subsetR2(r: Float64Array, ry: Float64Array, p: number, mask: number, idx: Int32Array, l: Float64Array, w: Float64Array): number {
  let s = 0;
  for (let j = 0; j < p; j++) if (mask & (1 << j)) idx[s++] = j;
  if (s === 0) return 0;
  // Cholesky of R_SS into l (s × s, lower)
  for (let a = 0; a < s; a++) {
    for (let b = 0; b <= a; b++) {
      let sum = r[idx[a]! * p + idx[b]!]!;
      for (let k = 0; k < b; k++) sum -= l[a * s + k]! * l[b * s + k]!;
      if (a === b) {
        if (!(sum > 1e-12)) return NaN;
        l[a * s + a] = Math.sqrt(sum);
      } else l[a * s + b] = sum / l[b * s + b]!;
    }
  }
  // w = L⁻¹ r_S; R² = |w|²
  let r2 = 0;
  for (let a = 0; a < s; a++) {
    let sum = ry[idx[a]!]!;
    for (let k = 0; k < a; k++) sum -= l[a * s + k]! * w[k]!;
    w[a] = sum / l[a * s + a]!;
    r2 += w[a]! * w[a]!;
  }
  return r2;
}

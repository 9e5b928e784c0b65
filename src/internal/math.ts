/**
 * Elementary functions computed the same way in every JavaScript engine.
 *
 * `Math.exp`, `Math.log`, `Math.sin`… are implementation-defined: V8 versions, SpiderMonkey and
 * JavaScriptCore differ in the last bit on a share of inputs, so a model fitted in Node 20 and
 * the same model fitted in Deno or a browser differ after a few thousand operations. These
 * versions use only IEEE-754 basic operations (+, −, ×, ÷, which every engine rounds
 * identically), exact scaling by powers of two and `Math.round`/`Math.floor`, so the same input
 * gives the same bits everywhere. Accuracy is within a few units in the last place (tested
 * against `Math.*` and against high-precision values), which is all a fit needs; determinism is
 * the point.
 *
 * Method (the classical one, written from the textbook formulas):
 * - exp: x = k·ln2 + r with |r| ≤ ln2/2 (ln2 split into a 21-bit head and a tail so k·head is
 *   exact), eʳ by its Taylor series to r¹⁴/14! (truncation below 2⁻⁶⁰ relative), times 2ᵏ.
 * - log: x = 2ᵉ·m with m ∈ [√½, √2), s = (m − 1)/(m + 1), log m = 2·atanh s = 2(s + s³/3 + …)
 *   to s²³/23 (|s| ≤ 0.172), plus e·ln2 in two parts.
 * - log1p / expm1: Kahan's tricks on top of log and exp (accurate near 0).
 * - sin / cos: reduction by π/2 in three parts (exact for |x| < 2²⁰·π/2; beyond that the result
 *   stays deterministic but loses accuracy), Taylor kernels on [−π/4, π/4].
 *
 * @module
 */

const LN2_HI = 0.6931467056274414; // ln 2 with its low 32 mantissa bits cleared
const LN2_LO = 4.7493250390316726e-7; // ln 2 − LN2_HI, to double precision
const LOG2E = 1.4426950408889634;
const EXP_OVERFLOW = 709.782712893384; // largest x with a finite eˣ
const EXP_UNDERFLOW = -745.1332191019412; // below this eˣ rounds to 0
const SQRT1_2 = 0.7071067811865476;
const PIO2_1 = 1.5707950592041016; // π/2 in three parts (20 significant bits each, then the rest)
const PIO2_2 = 1.2675900507019833e-6;
const PIO2_3 = 7.443547480486623e-13;
const TWO_OVER_PI = 0.6366197723675814;

/** POW2[1074 + k] = 2ᵏ for integer k in [−1074, 1023], built by exact doubling and halving. */
const POW2: Float64Array = /* @__PURE__ */ (() => {
  const t = new Float64Array(2098);
  let v = 1;
  for (let i = 0; i <= 1023; i++, v *= 2) t[1074 + i] = v;
  v = 1;
  for (let i = 0; i <= 1074; i++, v /= 2) t[1074 - i] = v;
  return t;
})();

/** y·2ᵏ for any integer k, exactly when the result is a normal number. */
function scale(y: number, k: number): number {
  if (k > 1023) return y * POW2[2097]! * POW2[1074 + k - 1023]!;
  if (k < -1022) return y * POW2[52]! * POW2[1074 + k + 1022]!;
  return y * POW2[1074 + k]!;
}

/** eˣ, the same bits in every engine. @internal */
export function exp(x: number): number {
  if (x !== x) return NaN;
  if (x > EXP_OVERFLOW) return Infinity;
  if (x < EXP_UNDERFLOW) return 0;
  if (x === 0) return 1;
  const k = Math.round(x * LOG2E);
  const r = x - k * LN2_HI - k * LN2_LO;
  // Taylor series of eʳ − 1 by Horner, |r| ≤ 0.3466
  return scale(1 + expm1Reduced(r), k);
}

/** eʳ − 1 for |r| ≤ ln2/2 (exp's reduced argument): the Taylor series by Horner, to 1/14!. */
function expm1Reduced(r: number): number {
  let p = 1 / 87178291200; // 1/14!
  p = p * r + 1 / 6227020800;
  p = p * r + 1 / 479001600;
  p = p * r + 1 / 39916800;
  p = p * r + 1 / 3628800;
  p = p * r + 1 / 362880;
  p = p * r + 1 / 40320;
  p = p * r + 1 / 5040;
  p = p * r + 1 / 720;
  p = p * r + 1 / 120;
  p = p * r + 1 / 24;
  p = p * r + 1 / 6;
  p = p * r + 0.5;
  return r + r * r * p;
}

/**
 * `out[t] = exp(x[t])` for t < n: the same bits as {@link exp}, element by element. The common
 * range x ∈ [−708, 709] (where 2ᵏ is a normal number, so `scale` is one multiplication) runs
 * inline in a loop whose iterations do not depend on each other, so the CPU overlaps the
 * polynomial chains of neighbouring elements; everything else (NaN, ±∞, the extremes) goes
 * through {@link exp}. `x` and `out` may be the same array. @internal
 */
export function expInto(x: Float64Array, out: Float64Array, n: number): void {
  for (let t = 0; t < n; t++) {
    const v = x[t]!;
    if (v >= -708 && v <= 709) {
      // the steps of exp() for this range, operation for operation (x = 0 gives k = 0, r = 0: 1)
      const k = Math.round(v * LOG2E);
      const r = v - k * LN2_HI - k * LN2_LO;
      out[t] = (1 + expm1Reduced(r)) * POW2[1074 + k]!;
    } else out[t] = exp(v);
  }
}

/**
 * `out[t] = log(x[t])` for t < n: the same bits as {@link log}, element by element. Arguments in
 * [1, 2] — the range of log(1 + e^(−|z|)) in a logistic loss — skip the exponent extraction
 * (it is 0, or 1 when x > √2, where log() also halves) and run inline, iterations independent;
 * everything else goes through {@link log}. `x` and `out` may be the same array. @internal
 */
export function logInto(x: Float64Array, out: Float64Array, n: number): void {
  for (let t = 0; t < n; t++) {
    let m = x[t]!;
    if (m >= 1 && m <= 2) {
      let e = 0;
      if (m > 2 * SQRT1_2) {
        m *= 0.5;
        e = 1;
      }
      out[t] = e * LN2_HI + (logReduced(m - 1) + e * LN2_LO);
    } else out[t] = log(m);
  }
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word

/** Natural logarithm, the same bits in every engine. @internal */
export function log(x: number): number {
  if (!(x >= 2.2250738585072014e-308) || x === Infinity) {
    if (x !== x || x < 0) return NaN;
    if (x === 0) return -Infinity;
    if (x === Infinity) return Infinity;
    return log(x * 18014398509481984) - 54 * LN2_HI - 54 * LN2_LO; // subnormal: scale by 2⁵⁴ first
  }
  // the exponent from the high word (reading only: writing the word back stalls store forwarding)
  F64[0] = x;
  let e = ((U32[HI]! >>> 20) & 0x7ff) - 1023;
  let m = x * POW2[1074 - e]!; // exact: m ∈ [1, 2)
  if (m > 2 * SQRT1_2) {
    m *= 0.5;
    e += 1;
  }
  return e * LN2_HI + (logReduced(m - 1) + e * LN2_LO);
}

/** log(1 + f) for 1 + f ∈ (√2/2, √2] (log's reduced mantissa): the series in s = f / (2 + f). */
function logReduced(f: number): number {
  const s = f / (2 + f);
  const s2 = s * s;
  let p = 1 / 23;
  p = p * s2 + 1 / 21;
  p = p * s2 + 1 / 19;
  p = p * s2 + 1 / 17;
  p = p * s2 + 1 / 15;
  p = p * s2 + 1 / 13;
  p = p * s2 + 1 / 11;
  p = p * s2 + 1 / 9;
  p = p * s2 + 1 / 7;
  p = p * s2 + 1 / 5;
  p = p * s2 + 1 / 3;
  // log m = 2s + 2s³·p, written as f − (f − 2s) … keeps the leading term exact-ish: f − s·(f − 2s·s2·p)
  return f - s * (f - 2 * s2 * p);
}

/** log(1 + x), accurate near 0 (Kahan), the same bits in every engine. @internal */
export function log1p(x: number): number {
  if (x !== x || x < -1) return NaN;
  if (x === -1) return -Infinity;
  if (x === Infinity) return Infinity;
  const u = 1 + x;
  if (u === 1) return x;
  return (log(u) * x) / (u - 1);
}

/** eˣ − 1, accurate near 0 (Kahan), the same bits in every engine. @internal */
export function expm1(x: number): number {
  if (x !== x) return NaN;
  if (Math.abs(x) > 0.5) return exp(x) - 1;
  const u = exp(x);
  if (u === 1) return x;
  const um1 = u - 1;
  if (um1 === -1) return -1;
  return (um1 * x) / log(u);
}

/** xʸ for x > 0 as e^{y·log x} (deterministic; relative error grows with |y·log x|). @internal */
export function pow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 1) return 1;
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (x < 0 || x !== x || y !== y) return NaN;
  return exp(y * log(x));
}

/** The logistic function 1 / (1 + e⁻ᶻ), evaluated without overflow. @internal */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}

function sinKernel(r: number): number {
  const r2 = r * r;
  let p = -1 / 1307674368000; // −1/15!
  p = p * r2 + 1 / 6227020800;
  p = p * r2 - 1 / 39916800;
  p = p * r2 + 1 / 362880;
  p = p * r2 - 1 / 5040;
  p = p * r2 + 1 / 120;
  p = p * r2 - 1 / 6;
  return r + r * r2 * p;
}

function cosKernel(r: number): number {
  const r2 = r * r;
  let p = 1 / 20922789888000; // 1/16!
  p = p * r2 - 1 / 87178291200;
  p = p * r2 + 1 / 479001600;
  p = p * r2 - 1 / 3628800;
  p = p * r2 + 1 / 40320;
  p = p * r2 - 1 / 720;
  p = p * r2 + 1 / 24;
  return 1 - 0.5 * r2 + r2 * r2 * p;
}

/** x reduced by π/2: the quadrant (0..3) and the remainder in [−π/4, π/4]. */
function reduce(x: number): [number, number] {
  const k = Math.round(x * TWO_OVER_PI);
  const r = x - k * PIO2_1 - k * PIO2_2 - k * PIO2_3;
  return [((k % 4) + 4) % 4, r];
}

/** sin x, the same bits in every engine. @internal */
export function sin(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 0.7853981633974483) return sinKernel(x);
  const [q, r] = reduce(x);
  return q === 0 ? sinKernel(r) : q === 1 ? cosKernel(r) : q === 2 ? -sinKernel(r) : -cosKernel(r);
}

/** cos x, the same bits in every engine. @internal */
export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 0.7853981633974483) return cosKernel(x);
  const [q, r] = reduce(x);
  return q === 0 ? cosKernel(r) : q === 1 ? -sinKernel(r) : q === 2 ? -cosKernel(r) : sinKernel(r);
}

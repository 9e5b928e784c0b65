/**
 * `explainGbdt` / `gbdtExpectedValue`: exact per-feature contributions of a `churn/gbdt` model.
 *
 * @module
 */
import { DataError, DimensionError } from '../../errors.js';
import type { GbdtModel } from './schema.js';
import { checkGbdtModel } from './predict-gbdt.js';

/**
 * The margin a `churn/gbdt` model gives on average over its training rows, as TreeSHAP sees it:
 * `baseScore + Σ_t Σ_leaves value · cover(leaf) / cover(root)`. With the contributions of
 * {@link explainGbdt}, `expectedValue + Σ_j φ_j = margin(x)` for every row.
 *
 * @param model - a model from {@link fitGbdt}
 * @returns the expected margin (log-odds)
 * @example
 * const m = fitGbdt([[1], [2], [3], [4]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
 * gbdtExpectedValue(m) // => 0
 * @category Churn
 */
export function gbdtExpectedValue(model: GbdtModel): number {
  checkGbdtModel(model, 'gbdtExpectedValue');
  const { offsets, left, value, cover } = model.trees;
  let s = model.baseScore;
  for (let t = 0; t < model.nTrees; t++) {
    const a = offsets[t]!;
    const b = offsets[t + 1]!;
    const root = cover[a]!;
    let e = 0;
    for (let nd = a; nd < b; nd++) if (left[nd]! < 0) e += value[nd]! * cover[nd]!;
    s += root > 0 ? e / root : value[a]!;
  }
  return s;
}

/** The path of unique features in TreeSHAP, as parallel arrays (one slot per element). */
interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

/** Adds a feature with fractions (zero, one) at depth `d` of the path segment starting at `o`. */
function extendPath(P: Path, o: number, d: number, zero: number, one: number, feature: number): void {
  P.feature[o + d] = feature;
  P.zero[o + d] = zero;
  P.one[o + d] = one;
  P.weight[o + d] = d === 0 ? 1 : 0;
  for (let i = d - 1; i >= 0; i--) {
    P.weight[o + i + 1] = P.weight[o + i + 1]! + (one * P.weight[o + i]! * (i + 1)) / (d + 1);
    P.weight[o + i] = (zero * P.weight[o + i]! * (d - i)) / (d + 1);
  }
}

/** Removes element `k` from the path segment at `o` of depth `d` (undoes its extension). */
function unwindPath(P: Path, o: number, d: number, k: number): void {
  const one = P.one[o + k]!;
  const zero = P.zero[o + k]!;
  let next = P.weight[o + d]!;
  for (let i = d - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = P.weight[o + i]!;
      P.weight[o + i] = (next * (d + 1)) / ((i + 1) * one);
      next = tmp - (P.weight[o + i]! * zero * (d - i)) / (d + 1);
    } else {
      P.weight[o + i] = (P.weight[o + i]! * (d + 1)) / (zero * (d - i));
    }
  }
  for (let i = k; i < d; i++) {
    P.feature[o + i] = P.feature[o + i + 1]!;
    P.zero[o + i] = P.zero[o + i + 1]!;
    P.one[o + i] = P.one[o + i + 1]!;
  }
}

/** Total permutation weight of the path if element `k` were removed (without changing the path). */
function unwoundPathSum(P: Path, o: number, d: number, k: number): number {
  const one = P.one[o + k]!;
  const zero = P.zero[o + k]!;
  let next = P.weight[o + d]!;
  let total = 0;
  for (let i = d - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (d + 1)) / ((i + 1) * one);
      total += tmp;
      next = P.weight[o + i]! - (tmp * zero * (d - i)) / (d + 1);
    } else if (zero !== 0) {
      total += P.weight[o + i]! / zero / ((d - i) / (d + 1));
    }
  }
  return total;
}

/** Recursive TreeSHAP (Algorithm 2) over one tree whose nodes start at `a`. */
function recurse(
  model: GbdtModel,
  row: ArrayLike<number>,
  phi: Float64Array,
  P: Path,
  a: number,
  node: number,
  parentOff: number,
  depth: number,
  zero: number,
  one: number,
  feature: number,
): void {
  const { feature: feat, threshold, left, right, value, missingGoesLeft, cover } = model.trees;
  // copy the parent's path into a fresh segment, then extend it
  const o = parentOff + depth;
  for (let i = 0; i < depth; i++) {
    P.feature[o + i] = P.feature[parentOff + i]!;
    P.zero[o + i] = P.zero[parentOff + i]!;
    P.one[o + i] = P.one[parentOff + i]!;
    P.weight[o + i] = P.weight[parentOff + i]!;
  }
  extendPath(P, o, depth, zero, one, feature);
  const nd = a + node;
  if (left[nd]! < 0) {
    for (let i = 1; i <= depth; i++) {
      const w = unwoundPathSum(P, o, depth, i);
      const f = P.feature[o + i]!;
      phi[f] = phi[f]! + w * (P.one[o + i]! - P.zero[o + i]!) * value[nd]!;
    }
    return;
  }
  const f = feat[nd]!;
  const x = row[f]!;
  const thr = threshold[nd]!;
  const goLeft = x <= thr ? true : x > thr ? false : missingGoesLeft[nd] === 1;
  const hot = goLeft ? left[nd]! : right[nd]!;
  const cold = goLeft ? right[nd]! : left[nd]!;
  const w = cover[nd]!;
  const hotZero = w > 0 ? cover[a + hot]! / w : 0.5;
  const coldZero = w > 0 ? cover[a + cold]! / w : 0.5;
  let inZero = 1;
  let inOne = 1;
  let d = depth;
  // a feature split on earlier in the path is undone, then redone below
  let k = 1;
  for (; k <= d; k++) if (P.feature[o + k] === f) break;
  if (k <= d) {
    inZero = P.zero[o + k]!;
    inOne = P.one[o + k]!;
    unwindPath(P, o, d, k);
    d -= 1;
  }
  recurse(model, row, phi, P, a, hot, o, d + 1, hotZero * inZero, inOne, f);
  recurse(model, row, phi, P, a, cold, o, d + 1, coldZero * inZero, 0, f);
}

/** Depth of the deepest leaf over all trees. */
function maxTreeDepth(model: GbdtModel): number {
  const { offsets, left, right } = model.trees;
  let best = 0;
  const depth: number[] = [];
  for (let t = 0; t < model.nTrees; t++) {
    const a = offsets[t]!;
    const b = offsets[t + 1]!;
    depth.length = 0;
    depth[0] = 0;
    for (let i = 0; i < b - a; i++) {
      const di = depth[i] ?? 0;
      if (di > best) best = di;
      if (left[a + i]! >= 0) {
        depth[left[a + i]!] = di + 1;
        depth[right[a + i]!] = di + 1;
      }
    }
  }
  return best;
}

/**
 * Exact SHAP values of one row under a `churn/gbdt` model, by the path-dependent TreeSHAP
 * algorithm (Lundberg, Erion & Lee 2018, *Consistent individualized feature attribution for tree
 * ensembles*, Algorithm 2): the Shapley values of the game `v(S) = E[f(x) | x_S]`, where the
 * expectation follows the node covers (training rows) down every split on a feature outside S.
 * In log-odds, and additive: `gbdtExpectedValue(model) + Σ_j φ_j = predictGbdtMargin(model, [x])[0]`.
 * Cost O(trees · leaves · depth²).
 *
 * @param model - a model from {@link fitGbdt}
 * @param row - the p feature values of one row (NaN = missing)
 * @returns p contributions φ_j (log-odds), in the model's feature order
 * @throws DimensionError when the row does not have p values
 * @example
 * const m = fitGbdt([[1], [2], [3], [4]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
 * Array.from(explainGbdt(m, [4])) // => [0.2]
 * @category Churn
 */
export function explainGbdt(model: GbdtModel, row: ArrayLike<number>): Float64Array {
  checkGbdtModel(model, 'explainGbdt');
  const p = model.featureNames.length;
  if (!Array.isArray(row) && !(ArrayBuffer.isView(row) && !(row instanceof DataView))) {
    throw new DataError(`explainGbdt: expected one row of ${p} numbers, got ${row === null ? 'null' : typeof row}`);
  }
  if (row.length !== p) throw new DimensionError(`explainGbdt: row has ${row.length} values, model expects ${p}`);
  for (let j = 0; j < p; j++) {
    const v: unknown = row[j];
    if (typeof v !== 'number') throw new DataError(`explainGbdt: value ${JSON.stringify(v) ?? String(v)} (${typeof v}) at column ${j} is not a number (nothing is coerced)`);
  }
  const phi = new Float64Array(p);
  const D = maxTreeDepth(model) + 2;
  const size = (D * (D + 1)) / 2 + D;
  const P: Path = {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    weight: new Float64Array(size),
  };
  for (let t = 0; t < model.nTrees; t++) {
    const a = model.trees.offsets[t]!;
    if (model.trees.left[a]! < 0) continue;
    recurse(model, row, phi, P, a, 0, 0, 0, 1, 1, -1);
  }
  return phi;
}

/**
 * @deprecated since 0.2: renamed {@link explainGbdt} (the explain family: `explainChurn`,
 * `explainTags`); removed in 0.3.
 * @category Churn
 */
export const treeShapGbdt: typeof explainGbdt = explainGbdt;

/**
 * `predictGbdtMargin` / `predictGbdt`: scoring rows with a `churn/gbdt` model.
 *
 * @module
 */
import { DimensionError } from '../../errors.js';
import { toFeatureMatrix } from '../../features/matrix.js';
import type { FeatureMatrix, MatrixInput } from '../../features/matrix.js';
import type { GbdtModel } from './schema.js';

/** The matrix, checked against the model's width (internal). */
export function gbdtInput(model: GbdtModel, matrix: MatrixInput, fn: string): FeatureMatrix {
  const m = toFeatureMatrix(matrix);
  const p = model.featureNames.length;
  if (m.nCols !== p) throw new DimensionError(`${fn}: matrix has ${m.nCols} columns, model expects ${p}`);
  return m;
}

/**
 * The trees re-laid out for scoring (internal): per node, `meta[3i]` = feature (−1 at a leaf),
 * `meta[3i+1]` / `meta[3i+2]` = absolute indices of the child taken for a value `<= threshold`
 * and for a larger value; `nanChild[i]` the child taken for NaN; `thr[i]` the threshold, or the
 * leaf value at a leaf. One node then costs two nearby reads instead of six arrays.
 */
export interface PackedGbdt {
  readonly meta: Int32Array;
  readonly nanChild: Int32Array;
  readonly thr: Float64Array;
  readonly roots: Int32Array;
  readonly baseScore: number;
}

export function packGbdt(model: GbdtModel): PackedGbdt {
  const { offsets, feature, threshold, left, right, value, missingGoesLeft } = model.trees;
  const N = feature.length;
  const meta = new Int32Array(3 * N);
  const nanChild = new Int32Array(N);
  const thr = new Float64Array(N);
  for (let t = 0; t < model.nTrees; t++) {
    const a = offsets[t]!;
    for (let i = a; i < offsets[t + 1]!; i++) {
      if (left[i]! < 0) {
        meta[3 * i] = -1;
        thr[i] = value[i]!;
      } else {
        meta[3 * i] = feature[i]!;
        meta[3 * i + 1] = a + left[i]!;
        meta[3 * i + 2] = a + right[i]!;
        nanChild[i] = missingGoesLeft[i] === 1 ? a + left[i]! : a + right[i]!;
        thr[i] = threshold[i]!;
      }
    }
  }
  return { meta, nanChild, thr, roots: offsets.slice(0, model.nTrees), baseScore: model.baseScore };
}

/** Margin of the row at `values[base … base + p)` (internal, no checks). */
export function packedRowMargin(pk: PackedGbdt, values: ArrayLike<number>, base: number): number {
  const { meta, nanChild, thr, roots } = pk;
  let s = pk.baseScore;
  for (let t = 0; t < roots.length; t++) {
    let nd = roots[t]!;
    let f = meta[3 * nd]!;
    while (f >= 0) {
      const x = values[base + f]!;
      const th = thr[nd]!;
      nd = x <= th ? meta[3 * nd + 1]! : x > th ? meta[3 * nd + 2]! : nanChild[nd]!;
      f = meta[3 * nd]!;
    }
    s += thr[nd]!;
  }
  return s;
}

/**
 * Raw scores (log-odds) of a `churn/gbdt` model: `baseScore + Σ_t tree_t(x)`, where a row goes
 * left at a node when `x[feature] <= threshold`, and follows the node's learned direction when
 * the value is NaN.
 *
 * @param model - a model from {@link fitGbdt}
 * @param matrix - n × p features, same columns as at fit time (FeatureMatrix or `number[][]`)
 * @returns n margins (log-odds of churn)
 * @throws DimensionError when the column count differs from the model's
 * @example
 * const m = fitGbdt([[1], [2], [3], [4]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
 * Array.from(predictGbdtMargin(m, [[0], [9], [NaN]])) // => [-0.2, 0.2, -0.2]
 * @category Churn
 */
export function predictGbdtMargin(model: GbdtModel, matrix: MatrixInput): Float64Array {
  const m = gbdtInput(model, matrix, 'predictGbdtMargin');
  const out = new Float64Array(m.nRows);
  const p = m.nCols;
  const pk = packGbdt(model);
  for (let i = 0; i < m.nRows; i++) out[i] = packedRowMargin(pk, m.values, i * p);
  return out;
}

/**
 * Churn probabilities of a `churn/gbdt` model: `1 / (1 + e^−margin)` of {@link predictGbdtMargin}.
 *
 * @param model - a model from {@link fitGbdt}
 * @param matrix - n × p features, same columns as at fit time (FeatureMatrix or `number[][]`)
 * @returns n probabilities in [0, 1]
 * @throws DimensionError when the column count differs from the model's
 * @example
 * const m = fitGbdt([[1], [2], [3], [4]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
 * predictGbdt(m, [[4]])[0]!.toFixed(4) // => '0.5498'
 * @category Churn
 */
export function predictGbdt(model: GbdtModel, matrix: MatrixInput): Float64Array {
  const m = gbdtInput(model, matrix, 'predictGbdt');
  const out = new Float64Array(m.nRows);
  const p = m.nCols;
  const pk = packGbdt(model);
  for (let i = 0; i < m.nRows; i++) out[i] = 1 / (1 + Math.exp(-packedRowMargin(pk, m.values, i * p)));
  return out;
}

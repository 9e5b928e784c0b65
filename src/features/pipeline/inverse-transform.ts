/**
 * `inverseTransform`: map scaled features back to original units.
 *
 * @module
 */
import { DimensionError, ModelError } from '../../errors.js';
import { checkFeatureMatrix, createFeatureMatrix, isFeatureMatrix, toFeatureMatrix } from '../../matrix/feature-matrix.js';
import type { FeatureMatrix, MatrixInput } from '../../matrix/feature-matrix.js';
import { layoutOf } from './run.js';
import type { PipelineModel } from './model.js';
import { expm1 } from '../../internal/math.js';

/**
 * Maps a matrix in the pipeline's output space (rows of features, or centroids) back to the
 * original units: the scalers are undone in reverse order — `standardize` (`x = z · sd + mean`),
 * `minmax`, `robust` (`x = z · IQR + median`) and `log1p` (`x = expm1(z)`, and
 * `dataMB_log1p` is renamed back to `dataMB`). `impute`, `winsorize` and `select` pass values
 * through; one-hot, ordinal, bin, frequency and target encodings and derived or custom columns
 * are left as they are (from the step that made them). Exact for scalers up to rounding.
 *
 * @param model - the fitted pipeline
 * @param matrix - k × p, columns named as (a subset of) `featureNames(model)`; a `number[][]` must
 *   have exactly the pipeline's columns in order
 * @returns a new matrix, same rows and column order, values in original units
 * @throws DimensionError for a column the pipeline does not output or a wrong width; ModelError
 *   when `model` is not a pipeline
 * @example
 * const model = fitPipeline([{ type: 'standardize' }], [{ x: 1 }, { x: 3 }]);
 * Array.from(inverseTransform(model, [[-1], [0.5]]).values) // => [1, 2.5]
 * @category Features
 */
export function inverseTransform(model: PipelineModel, matrix: MatrixInput): FeatureMatrix {
  const fn = 'inverseTransform';
  if (model === null || typeof model !== 'object' || model.kind !== 'features/pipeline') throw new ModelError(`${fn}: expected a 'features/pipeline' model`);
  let m: FeatureMatrix;
  if (isFeatureMatrix(matrix)) {
    m = checkFeatureMatrix(matrix, fn);
    for (const c of m.columns) {
      if (!model.featureNames.includes(c)) throw new DimensionError(`${fn}: column '${c}' is not an output of the pipeline`);
    }
  } else {
    const rows = toFeatureMatrix(matrix, fn);
    if (rows.nRows > 0 && rows.nCols !== model.featureNames.length) {
      throw new DimensionError(`${fn}: rows have ${rows.nCols} values, the pipeline outputs ${model.featureNames.length}`);
    }
    m = createFeatureMatrix(rows.values, model.featureNames, rows.rowIds);
  }
  const n = m.nRows;
  const p = m.nCols;
  const values = Float64Array.from(m.values);
  const names = [...m.columns];
  const frozen = new Array<boolean>(p).fill(false);
  const live = (name: string): number => {
    for (let j = 0; j < p; j++) if (names[j] === name && !frozen[j]) return j;
    return -1;
  };
  const map = (j: number, f: (z: number) => number): void => {
    for (let i = 0, k = j; i < n; i++, k += p) values[k] = f(values[k]!);
  };
  for (let s = model.steps.length - 1; s >= 0; s--) {
    const step = model.steps[s]!;
    switch (step.type) {
      case 'standardize':
      case 'robust':
      case 'minmax':
        step.columns.forEach((c, t) => {
          const j = live(c);
          if (j < 0) return;
          if (step.type === 'standardize') map(j, (z) => z * step.scale[t]! + step.mean[t]!);
          else if (step.type === 'robust') map(j, (z) => z * step.scale[t]! + step.center[t]!);
          else map(j, (z) => (z - step.rangeMin) / step.scale[t]! + step.min[t]!);
        });
        break;
      case 'log1p':
        step.columns.forEach((c) => {
          const j = live(`${c}_log1p`);
          if (j < 0) return;
          map(j, expm1);
          names[j] = c;
        });
        break;
      case 'select':
      case 'winsorize':
        break;
      case 'impute':
        // values pass through; indicator columns are not the original column
        if (step.indicator) for (const c of step.columns) freeze(`${c}_missing`);
        break;
      default: {
        // encoders, derive, custom: their outputs are not in original units of anything earlier
        const layout = layoutOf(step);
        for (const [, outs] of layout.replace ?? []) outs.forEach(freeze);
        (layout.append ?? []).forEach(freeze);
      }
    }
  }
  return createFeatureMatrix(values, names, m.rowIds);

  function freeze(name: string): void {
    const j = live(name);
    if (j >= 0) frozen[j] = true;
  }
}

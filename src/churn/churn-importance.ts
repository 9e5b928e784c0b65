/**
 * `churnImportance`: global feature importance, by mean |SHAP| or by permutation.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { MatrixInput } from '../matrix/feature-matrix.js';
import { throwIfAborted } from '../internal/model.js';
import type { LongRunOptions } from '../internal/model.js';
import { createRng } from '../internal/rng.js';
import { sampleIndices, shuffleInPlace } from '../internal/sample.js';
import { rocAuc } from '../metrics/binary.js';
import type { BinaryLabels } from '../metrics/labels.js';
import { toBinaryLabels } from '../metrics/labels.js';
import { checkWidth, margins } from './fit-churn-model.js';
import type { ChurnModel } from './fit-churn-model.js';
import { rowContributions } from './explain-churn.js';

/** Options of {@link churnImportance}. @category Churn */
export interface ChurnImportanceOptions extends LongRunOptions {
  /** `'shap'` (mean |contribution|, default) or `'permutation'` (drop in ROC-AUC when a column is shuffled). */
  readonly method?: 'shap' | 'permutation';
  /** Shuffles per feature for `'permutation'` (default 5). */
  readonly repeats?: number;
  /** Seed of the shuffles and of the row sample (default 0). */
  readonly seed?: number;
  /** Use at most this many rows (a seeded sample) for `'shap'` (default all rows). */
  readonly maxRows?: number;
}

/** One feature's global importance. @category Churn */
export interface ChurnImportance {
  readonly feature: string;
  /** Mean |contribution| (log-odds) for `'shap'`; mean ROC-AUC drop for `'permutation'`. */
  readonly importance: number;
  /** Standard deviation over the repeats (`'permutation'`; 0 for `'shap'`). */
  readonly sd: number;
}

/**
 * Global importance of each feature, most important first.
 * - `'shap'`: mean over rows of |contributionᵢⱼ| from {@link explainChurn}'s decomposition (for
 *   logistic, mean |wⱼ (xᵢⱼ − μⱼ)|; for gbdt, mean |TreeSHAP|); labels are not used.
 * - `'permutation'` (Breiman 2001; Fisher, Rudin & Dominici 2019): ROC-AUC on `matrix` minus the
 *   ROC-AUC after shuffling column j (seeded), averaged over `repeats` shuffles. Use a validation
 *   set: on training rows it measures what the model memorised.
 *
 * @param model - a fitted churn model
 * @param matrix - n × p features, same columns as at fit time
 * @param labels - n labels (required for `'permutation'`; may be null for `'shap'`)
 * @param options - `method`, `repeats`, `seed`, `maxRows`, `onProgress`, `signal`
 * @returns one entry per feature, sorted by importance (descending)
 * @throws DimensionError on a column-count or label-count mismatch; DataError for bad labels
 * @throws AbortError when `options.signal` fires
 * @example
 * const model = fitChurnModel([[0, 5], [1, 5], [2, 5], [3, 5]], [0, 0, 1, 1], { kind: 'logistic' });
 * churnImportance(model, [[0, 5], [1, 5], [2, 5], [3, 5]], null)[0]!.feature // => 'x0'
 * @category Churn
 */
export function churnImportance(
  model: ChurnModel,
  matrix: MatrixInput,
  labels: BinaryLabels | null,
  options: ChurnImportanceOptions = {},
): ChurnImportance[] {
  const fn = 'churnImportance';
  const m = toFeatureMatrix(matrix, fn);
  checkWidth(model, m, fn);
  const p = m.nCols;
  const n = m.nRows;
  const method = options.method ?? 'shap';
  if (options.maxRows !== undefined && (!Number.isInteger(options.maxRows) || options.maxRows < 1)) {
    throw new DataError(`${fn}: maxRows must be an integer ≥ 1, got ${options.maxRows}`);
  }
  const rng = createRng(options.seed ?? 0);
  const imp = new Float64Array(p);
  const sd = new Float64Array(p);
  if (method === 'shap') {
    let rows: ArrayLike<number>;
    const maxRows = options.maxRows ?? n;
    if (maxRows < n) {
      rows = sampleIndices(n, maxRows, rng);
    } else {
      rows = { length: n } as ArrayLike<number>;
    }
    const count = rows.length;
    for (let k = 0; k < count; k++) {
      if (k % 256 === 0) {
        throwIfAborted(options.signal, fn);
        options.onProgress?.({ stage: 'row', done: k, total: count });
      }
      const i = maxRows < n ? rows[k]! : k;
      const { phi } = rowContributions(model, m, i, fn);
      for (let j = 0; j < p; j++) imp[j]! += Math.abs(phi[j]!);
    }
    for (let j = 0; j < p; j++) imp[j]! /= Math.max(1, count);
  } else if (method === 'permutation') {
    if (labels === null) throw new DataError(`${fn}: method 'permutation' needs labels`);
    const y = toBinaryLabels(labels, n, fn);
    const repeats = options.repeats ?? 5;
    if (!Number.isInteger(repeats) || repeats < 1) throw new DataError(`${fn}: repeats must be a positive integer, got ${repeats}`);
    const base = rocAuc(y, margins(model, m, fn));
    const work = new Float64Array(m.values);
    const shuffled = { ...m, values: work };
    const col = new Float64Array(n);
    for (let j = 0; j < p; j++) {
      throwIfAborted(options.signal, fn);
      const drops: number[] = [];
      for (let r = 0; r < repeats; r++) {
        for (let i = 0; i < n; i++) col[i] = m.values[i * p + j]!;
        shuffleInPlace(col, rng);
        for (let i = 0; i < n; i++) work[i * p + j] = col[i]!;
        drops.push(base - rocAuc(y, margins(model, shuffled, fn)));
      }
      for (let i = 0; i < n; i++) work[i * p + j] = m.values[i * p + j]!;
      const mu = drops.reduce((a, b) => a + b, 0) / repeats;
      imp[j] = mu;
      sd[j] = repeats > 1 ? Math.sqrt(drops.reduce((a, b) => a + (b - mu) ** 2, 0) / (repeats - 1)) : 0;
      options.onProgress?.({ stage: 'feature', done: j + 1, total: p });
    }
  } else {
    throw new DataError(`${fn}: unknown method '${String(method)}' (expected 'shap' or 'permutation')`);
  }
  const out: ChurnImportance[] = [];
  for (let j = 0; j < p; j++) out.push({ feature: model.featureNames[j]!, importance: imp[j]!, sd: sd[j]! });
  out.sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1));
  return out;
}

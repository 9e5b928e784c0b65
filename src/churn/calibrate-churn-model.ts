/**
 * `calibrateChurnModel`: a churn model fitted on every row and a probability calibrator fitted on
 * its out-of-fold scores, with the expected calibration error before and after.
 *
 * @module
 */
import { DimensionError } from '../errors.js';
import { selectRows, toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { MatrixInput } from '../matrix/feature-matrix.js';
import { defineOptions, described, int, longRun, oneOf, seed } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { throwIfAborted } from '../internal/model.js';
import type { LongRunOptions } from '../internal/model.js';
import { MAX_FOLDS } from '../limits.js';
import { applyCalibrator, fitCalibrator } from '../metrics/calibration.js';
import type { CalibratorModel } from '../metrics/calibration.js';
import { evaluateBinary } from '../metrics/binary.js';
import { stratifiedKFold } from '../metrics/cv.js';
import type { ChurnLabels } from './labels.js';
import { toBinaryLabels } from './labels.js';
import { fitChurnModelAs, predictChurn } from './fit-churn-model.js';
import type { ChurnModel, ChurnModelOptions } from './fit-churn-model.js';

const FN = 'calibrateChurnModel';

/** Options of {@link calibrateChurnModel}. @category Churn */
export interface CalibrateChurnModelOptions extends LongRunOptions {
  /** The learner and its options, as for `fitChurnModel` (its `seed` is used for every fit). */
  readonly model: ChurnModelOptions;
  /** `'isotonic'` (default) or `'platt'`. */
  readonly method?: 'platt' | 'isotonic';
  /** Stratified folds whose out-of-fold probabilities the calibrator is fitted on. Default 5. */
  readonly folds?: number;
  /** Seed of the fold split. Default 0. */
  readonly seed?: number;
}

/** What {@link calibrateChurnModel} returns. @category Churn */
export interface CalibratedChurnModel {
  /** The model fitted on every row. */
  readonly model: ChurnModel;
  /** Maps the model's probabilities (`predictChurn`) to calibrated ones; pass it to `churnWatchlist`. */
  readonly calibrator: CalibratorModel;
  /** Out-of-fold probabilities of the model, uncalibrated. */
  readonly oof: Float64Array;
  /** Expected calibration error (10 equal-width bins) of the out-of-fold probabilities. */
  readonly eceBefore: number;
  /**
   * ECE of the calibrator applied to the same out-of-fold probabilities it was fitted on: an
   * in-sample figure (optimistic, most of all for isotonic); measure on held-out rows for an honest one.
   */
  readonly eceAfter: number;
}

const parse = defineOptions(FN, {
  model: described(o.custom<ChurnModelOptions>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)), "the learner's options, { kind: 'logistic' | 'gbdt', … }"),
  method: oneOf(['platt', 'isotonic']).default('isotonic'),
  folds: int(2, MAX_FOLDS).default(5),
  seed: seed().default(0),
  ...longRun(),
});

/**
 * Fits a churn model on every row and a calibrator (Platt or isotonic, see `fitCalibrator`) on
 * the model's out-of-fold probabilities — each row scored by a model fitted without it, on
 * `folds` stratified folds — so the calibrator learns how the model's scores on unseen rows map
 * to observed churn rates. Tree ensembles and class-weighted or regularised models are often off
 * in absolute terms while ranking well; anything that multiplies a probability by money (the
 * watchlist's risk × value, expected saved value) should use calibrated probabilities.
 *
 * @param matrix - n × p features (FeatureMatrix or `number[][]`)
 * @param labels - n labels, 0/1 or booleans
 * @param options - `model` (required: the learner's options), `method` ('isotonic'), `folds` (5), `seed` (0), `onProgress`, `signal`
 * @returns the model, the calibrator, the out-of-fold probabilities and the ECE before and after
 * @throws OptionsError for an unknown or invalid option (the learner's options are checked by `fitChurnModel`'s rules, named `calibrateChurnModel`)
 * @throws DimensionError when labels and rows disagree
 * @throws DataError for bad labels, or a fold whose training rows hold one class only
 * @throws AbortError when `options.signal` fires
 * @example
 * const x = Array.from({ length: 60 }, (_, i) => [i % 12]);
 * const y = x.map(([v], i) => (v! + (i % 5) > 9 ? 1 : 0));
 * const c = calibrateChurnModel(x, y, { model: { kind: 'logistic' }, folds: 3 });
 * churnWatchlist(c.model, [[11], [0]], { calibrator: c.calibrator, top: 1 })[0]!.id // => '0'
 * @category Churn
 */
export function calibrateChurnModel(matrix: MatrixInput, labels: ChurnLabels, options: CalibrateChurnModelOptions): CalibratedChurnModel {
  const o = parse(options, FN);
  const m = toFeatureMatrix(matrix, FN);
  if (m.nRows === 0) throw new DimensionError(`${FN}: the matrix has no rows`);
  const y = toBinaryLabels(labels, m.nRows, FN);
  const folds = stratifiedKFold(y, { folds: o.folds, seed: o.seed });
  const oof = new Float64Array(m.nRows);
  const { onProgress, signal } = o;
  for (let f = 0; f < folds.length; f++) {
    throwIfAborted(signal, FN);
    const { train, test } = folds[f]!;
    const yt = Uint8Array.from(train, (i) => y[i]!);
    const fm = fitChurnModelAs(FN, selectRows(m, train), yt, o.model);
    const p = predictChurn(fm, selectRows(m, test));
    for (let t = 0; t < test.length; t++) oof[test[t]!] = p[t]!;
    onProgress?.({ stage: 'fold', done: f + 1, total: folds.length + 1 });
  }
  throwIfAborted(signal, FN);
  const model = fitChurnModelAs(FN, m, y, o.model);
  const calibrator = fitCalibrator(y, oof, { method: o.method });
  onProgress?.({ stage: 'fold', done: folds.length + 1, total: folds.length + 1 });
  return {
    model,
    calibrator,
    oof,
    eceBefore: evaluateBinary(y, oof).ece,
    eceAfter: evaluateBinary(y, applyCalibrator(calibrator, oof)).ece,
  };
}

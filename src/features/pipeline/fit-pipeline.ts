/**
 * `fitPipeline` and `fitApplyPipeline`: learn every step's state from training records.
 *
 * @module
 */
import { DataError, DimensionError, ValidationError } from '../../errors.js';
import type { ValidationIssue } from '../../errors.js';
import * as o from '../../internal/option-kinds.js';
import { throwIfAborted } from '../../internal/model.js';
import { defineOptions, described, longRun, seed as seedOption, str } from '../../internal/options.js';
import type { LongRunOptions } from '../../internal/model.js';
import { createRng } from '../../internal/rng.js';
import { isFeatureMatrix } from '../../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../../matrix/feature-matrix.js';
import { Frame } from './frame.js';
import type { PipelineInput } from './frame.js';
import { assemble, badInput, context, runStep } from './run.js';
import { PipelineStepSchema } from './schema.js';
import { readCustomSteps } from './custom-steps.js';
import type { CustomSteps } from './custom-steps.js';
import type { FittedStep, PipelineStep } from './schema.js';
import type { PipelineModel } from './model.js';
import type { StepImpl } from './steps/common.js';
import { STEPS } from './steps/index.js';
import { FEATURES_MODEL_VERSIONS } from '../model-kinds.js';

/** Options of {@link fitPipeline}. @category Features */
export interface PipelineOptions extends LongRunOptions {
  /** Record field holding the row id (default `'id'`); never used as a feature. */
  idField?: string;
  /**
   * Labels for `targetEncode` steps: a record field (numbers or booleans; then never used as a
   * feature) or one number per row.
   */
  target?: string | ArrayLike<number>;
  /** Seed of the target encoder's fold split (default 0). */
  seed?: number;
  /**
   * The functions of the pipeline's `custom` steps by registered name (the step's `fn`), as a
   * plain object or from {@link defineCustomSteps}. Needed again at apply: the model stores names only.
   */
  customSteps?: CustomSteps;
}

const parseFitOptions = defineOptions('fitPipeline', {
  idField: str().optional(),
  target: described(
    o.custom<string | ArrayLike<number>>((v) => (typeof v === 'string' && v.length > 0) || Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))),
    'a field name or an array with one label per row',
  ).optional(),
  seed: seedOption().optional(),
  // checked in detail by readCustomSteps (each entry named in the message)
  customSteps: o.custom<CustomSteps>().optional(),
  ...longRun(),
});

/** What {@link fitApplyPipeline} returns. @category Features */
export interface FitApplyResult {
  /** The fitted pipeline. */
  readonly model: PipelineModel;
  /** The fit rows transformed, with out-of-fold target encodings (train downstream models on this). */
  readonly matrix: FeatureMatrix;
}

/**
 * Fits a feature pipeline: runs the steps in order over the records, learning each step's state
 * (means, quantiles, categories, encodings) from the output of the steps before it, as
 * scikit-learn's Pipeline / ColumnTransformer do. The model is plain JSON-ready data:
 * `serializeModel` → `parsePipeline` gives the same output.
 *
 * Missing values: null, undefined and NaN are missing; ±Infinity is rejected. Statistics are
 * computed over the present values and missing stays missing unless an `impute` step fills it.
 * Every column left at the end must be numeric.
 *
 * @param steps - the steps, in order (see {@link PipelineStepSchema})
 * @param input - training records (plain objects) or a numeric FeatureMatrix, n ≥ 1 rows
 * @param options - `idField`, `target` (labels for targetEncode), `seed`, `customSteps`, `onProgress`, `signal`
 * @param options.customSteps - the functions of `custom` steps by registered name (see {@link defineCustomSteps})
 * @param options.idField - record field holding the row id (default `'id'`)
 * @param options.target - labels for targetEncode: a field name or one number per row
 * @param options.seed - seed of the target encoder's folds (default 0)
 * @param options.onProgress - called after each step
 * @param options.signal - aborts between steps
 * @returns the fitted `features/pipeline` model
 * @throws ValidationError for a malformed step (a function in a custom step's `fn` says how to
 *   register it by name instead); OptionsError for a bad option, or a custom step whose function
 *   is not in `customSteps` (naming the step and the name); DataError for a custom function's
 *   output of the wrong count, length or type (naming the step and the row); DataError for empty input, an all-missing column
 *   where a statistic is needed, mixed or non-finite values, or a categorical column left at
 *   the end; DimensionError when the label array has the wrong length
 * @example
 * const model = fitPipeline(
 *   [
 *     { type: 'select', columns: ['dataMB', 'region'] },
 *     { type: 'log1p', columns: ['dataMB'] },
 *     { type: 'oneHot', columns: ['region'], handleUnknown: 'error' },
 *   ],
 *   [{ id: 'a', dataMB: 0, region: 'GD' }, { id: 'b', dataMB: Math.E - 1, region: 'BJ' }],
 * );
 * featureNames(model) // => ['dataMB_log1p', 'region=BJ', 'region=GD']
 * @category Features
 */
export function fitPipeline(steps: readonly PipelineStep[], input: PipelineInput, options: PipelineOptions = {}): PipelineModel {
  return fitInternal('fitPipeline', steps, input, options, false).model; // no matrix built
}

/**
 * Fits a pipeline and returns the transformed fit rows with it, as scikit-learn's
 * `fit_transform`. The only difference from `applyPipeline(model, input)` is target encoding:
 * here each row is encoded out of fold, never with its own label, so a model trained on this
 * matrix is not fooled by the leak.
 *
 * @param steps - the steps, in order
 * @param input - training records or a numeric FeatureMatrix
 * @param options - as {@link fitPipeline}
 * @returns `{ model, matrix }`
 * @throws as {@link fitPipeline}
 * @example
 * const { matrix } = fitApplyPipeline([{ type: 'standardize' }], [{ x: 1 }, { x: 3 }]);
 * Array.from(matrix.values) // => [-1, 1]
 * @category Features
 */
export function fitApplyPipeline(steps: readonly PipelineStep[], input: PipelineInput, options: PipelineOptions = {}): FitApplyResult {
  return fitInternal('fitApplyPipeline', steps, input, options, true);
}

/** Fits the steps; `withMatrix` also assembles the transformed matrix (fitApplyPipeline). */
function fitInternal(fn: string, steps: readonly PipelineStep[], input: PipelineInput, options: PipelineOptions, withMatrix: boolean): FitApplyResult {
  if (!Array.isArray(steps)) throw new ValidationError(`${fn}: steps must be an array`, []);
  const specs = steps.map((s, k) => {
    const r = PipelineStepSchema.safeParse(s);
    if (!r.success) {
      const issues: ValidationIssue[] = r.error.issues.map((i) => ({ row: k, path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), reason: i.message, value: s }));
      const first = issues[0]!;
      const type = typeof (s as { type?: unknown } | null)?.type === 'string' ? (s as { type: string }).type : '?';
      throw new ValidationError(`${fn}: step ${k + 1} (${type}) is invalid at ${first.path.join('.') || '(root)'}: ${first.reason}`, issues);
    }
    return r.data as PipelineStep;
  });
  if (!isFeatureMatrix(input) && !Array.isArray(input)) throw badInput(fn, input);
  const n = isFeatureMatrix(input) ? input.nRows : input.length;
  if (n === 0) throw new DataError(`${fn}: no rows to fit on`);
  const opts = parseFitOptions(options, fn);
  const customSteps = readCustomSteps(fn, opts.customSteps);
  const idField = opts.idField ?? 'id';
  const seed = opts.seed ?? 0;
  const targetField = typeof opts.target === 'string' ? opts.target : null;
  const target = opts.target === undefined ? null : readTarget(fn, input, opts.target, n, idField);
  const frame = new Frame(fn, 'fit', input, idField, null, targetField ? [idField, targetField] : [idField]);
  const initial = [...frame.order];
  // read every field in one pass, unless the pipeline starts by picking a few columns
  if (specs[0]?.type !== 'select') frame.preload(initial);
  const rng = createRng(seed);
  const fitted: FittedStep[] = [];
  specs.forEach((spec, k) => {
    throwIfAborted(opts.signal, fn);
    const ctx = context(fn, k, spec.type, 'fit', target, rng.fork(), customSteps);
    const step = (STEPS[spec.type] as StepImpl<typeof spec.type>).fit(frame, spec as never, ctx) as FittedStep;
    runStep(frame, step, ctx);
    fitted.push(step);
    opts.onProgress?.({ stage: 'step', done: k + 1, total: specs.length });
  });
  const featureNames = [...frame.order];
  if (featureNames.length === 0) throw new DataError(`${fn}: the pipeline outputs no columns`);
  for (const name of featureNames) {
    // get (not type): a raw column passed through to the output is an input the model needs
    if (frame.get(name).type !== 'numeric') {
      throw new DataError(
        `${fn}: column '${name}' is still categorical after the last step; encode it (oneHot, ordinal, frequencyEncode, targetEncode) or leave it out with a select step`,
      );
    }
  }
  const matrix = withMatrix ? assemble(frame, featureNames, fn) : null;
  const inputs = initial.filter((c) => frame.accessed.includes(c)).map((name) => ({ name, type: frame.rawType(name) }));
  const model: PipelineModel = {
    kind: 'features/pipeline',
    version: FEATURES_MODEL_VERSIONS['features/pipeline'],
    options: { idField, seed, target: targetField },
    inputs,
    steps: fitted,
    featureNames,
  };
  return { model, matrix: matrix! };
}

function readTarget(fn: string, input: PipelineInput, target: string | ArrayLike<number>, n: number, idField: string): Float64Array {
  const y = new Float64Array(n);
  const rowId = (i: number): string => {
    if (isFeatureMatrix(input)) return input.rowIds[i]!;
    const v = input[i]![idField];
    return v === undefined || v === null ? String(i) : String(v);
  };
  if (typeof target === 'string') {
    if (isFeatureMatrix(input)) {
      const j = input.columns.indexOf(target);
      if (j < 0) throw new DimensionError(`${fn}: the matrix has no target column '${target}'`);
      for (let i = 0; i < n; i++) y[i] = input.values[i * input.nCols + j]!;
    } else {
      for (let i = 0; i < n; i++) {
        const v = input[i]![target];
        y[i] = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : NaN;
      }
    }
  } else {
    if (target.length !== n) throw new DimensionError(`${fn}: ${target.length} labels for ${n} rows`);
    for (let i = 0; i < n; i++) y[i] = target[i]!;
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]!)) {
      throw new DataError(`${fn}: row ${i} (id '${rowId(i)}'): the target label is missing or not a finite number`);
    }
  }
  return y;
}

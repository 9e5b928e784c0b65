/**
 * `fitUpliftModel` / `predictUplift`: meta-learners for the individual effect of a contact,
 * built on the churn module's classifiers.
 *
 * @module
 */
import { choleskySolveInPlace } from '../internal/cholesky.js';
import { defineOptions, described, longRun, oneOf, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import * as z from 'zod';
import { DataError, DimensionError, ModelError } from '../errors.js';
import { createFeatureMatrix, selectRows, toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix, MatrixInput } from '../matrix/feature-matrix.js';
import { fitChurnModel, predictChurn } from '../churn/fit-churn-model.js';
import type { ChurnModel, ChurnModelOptions } from '../churn/fit-churn-model.js';
import { LogisticChurnModelSchema } from '../churn/logistic.js';
import { GbdtModelSchema } from '../churn/gbdt/schema.js';
import { toBinaryLabels, type BinaryLabels } from '../metrics/labels.js';
import { throwIfAborted, zFloat64Array, type LongRunOptions } from '../internal/model.js';
import { requireArray } from '../internal/guards.js';

const parseUpliftModelOptions = defineOptions('fitUpliftModel', {
  learner: oneOf(['t', 's', 'x', 'class-transform']).default('t'),
  base: described(
    o.custom<ChurnModelOptions>((v) => typeof v === 'object' && v !== null && ((v as ChurnModelOptions).kind === 'logistic' || (v as ChurnModelOptions).kind === 'gbdt')),
    "fitChurnModel options with kind 'logistic' or 'gbdt'",
  ).default({ kind: 'logistic' }),
  l2: real({ min: 0, max: 1e6 }).default(1),
  ...longRun(),
});
const parseSleepingDogsOptions = defineOptions('sleepingDogs', { threshold: real({ min: -1, max: 0 }).default(0) });

/** The meta-learners of {@link fitUpliftModel}. @category Campaign */
export type UpliftLearner = 't' | 's' | 'x' | 'class-transform';

/** Options of {@link fitUpliftModel}. @category Campaign */
export interface UpliftModelOptions extends LongRunOptions {
  /** Meta-learner. Default `'t'`. */
  readonly learner?: UpliftLearner;
  /** The outcome classifier: `fitChurnModel` options (`{ kind: 'logistic' }` or `{ kind: 'gbdt', … }`). Default `{ kind: 'logistic' }`. */
  readonly base?: ChurnModelOptions;
  /** Ridge penalty of the X-learner's second stage (on standardised features). Default 1; finite, ≥ 0, ≤ 1e6. */
  readonly l2?: number;
}

const ChurnModelSchema = /* @__PURE__ */ (() => z.union([LogisticChurnModelSchema, GbdtModelSchema]))();

const RidgeSchema = /* @__PURE__ */ (() => z.object({
  intercept: z.number(),
  coefficients: zFloat64Array,
  means: zFloat64Array,
  scales: zFloat64Array,
}))();
type Ridge = z.infer<typeof RidgeSchema>;

/** Zod schema of a fitted `campaign/uplift` model. @category Campaign */
export const UpliftModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('campaign/uplift'),
  version: z.number().int().positive(),
  options: z.object({ learner: z.enum(['t', 's', 'x', 'class-transform']), baseKind: z.enum(['logistic', 'gbdt']), l2: z.number().min(0) }),
  featureNames: z.array(z.string()),
  /** Share of treated rows in the training data (the X-learner's propensity). */
  treatedShare: z.number().gt(0).lt(1),
  /** Outcome models: `treated`/`control` (T, X), `single` (S on features + treatment, class-transform on features). */
  models: z.object({ treated: ChurnModelSchema.optional(), control: ChurnModelSchema.optional(), single: ChurnModelSchema.optional() }),
  /** X-learner second stage: ridge fits of the imputed effects in the treated and control groups. */
  effects: z.object({ treated: RidgeSchema, control: RidgeSchema }).optional(),
}))();

/** A fitted uplift model: plain data (`serializeModel` round-trips it). @category Campaign */
export type UpliftModel = z.infer<typeof UpliftModelSchema>;

/**
 * Fits an uplift model: the change in a subscriber's probability of converting (or churning)
 * caused by the contact, τ(x) = P(Y = 1 | x, contacted) − P(Y = 1 | x, not contacted), from a
 * randomised campaign's features, treatment flags and outcomes. Meta-learners (Künzel et al.
 * 2019; Jaśkowski & Jaroszewicz 2012) on the churn module's classifiers (`fitChurnModel`):
 *
 * - `'t'`: two models, μ₁ on the treated and μ₀ on the control rows; τ = μ₁(x) − μ₀(x).
 * - `'s'`: one model μ on the features plus a `treatment` column; τ = μ(x, 1) − μ(x, 0).
 * - `'x'`: the T models, then imputed effects D₁ = Y − μ₀(x) on the treated and
 *   D₀ = μ₁(x) − Y on the controls, each regressed on x by ridge regression (the churn learners are
 *   classifiers; NaN features are replaced by the training mean there), combined as
 *   τ = g τ₀(x) + (1 − g) τ₁(x), g = the treated share.
 * - `'class-transform'`: one classifier of Z = YT + (1 − Y)(1 − T); τ = 2 P(Z = 1 | x) − 1.
 *   Exact only for a 50/50 split; with another split it still ranks, but its scale is off.
 *
 * @param matrix - n × p features (FeatureMatrix or `number[][]`)
 * @param treatment - n flags, 1/true = contacted (treatment), 0/false = control
 * @param outcome - n outcomes, 0/1 or booleans (converted, or churned)
 * @param options - `learner`, `base` (fitChurnModel options), `l2`, `onProgress`, `signal`
 * @returns a `campaign/uplift` model
 * @throws DimensionError when lengths disagree; DataError for flags that are not 0/1, a missing
 *   treatment or control group, or a group whose outcomes are all one class
 * @throws OptionsError for an unknown learner or option, a bad l2
 * @example
 * const X = [[0], [1], [0], [1], [0], [1], [0], [1]];
 * const t = [1, 1, 1, 1, 0, 0, 0, 0];
 * const y = [0, 1, 0, 1, 0, 0, 1, 0];
 * const m = fitUpliftModel(X, t, y, { learner: 't' });
 * predictUplift(m, [[1], [0]])[0]! > predictUplift(m, [[1], [0]])[1]! // => true
 * @category Campaign
 */
export function fitUpliftModel(matrix: MatrixInput, treatment: BinaryLabels, outcome: BinaryLabels, options: UpliftModelOptions = {}): UpliftModel {
  const fn = 'fitUpliftModel';
  const { learner, base, l2 } = parseUpliftModelOptions(options);
  const m = toFeatureMatrix(matrix, fn);
  requireArray(fn, 'treatment', treatment, 'of 0/1 treatment flags');
  requireArray(fn, 'outcome', outcome, 'of 0/1 outcomes');
  if (m.nRows === 0) throw new DimensionError(`${fn}: the matrix has no rows`);
  if (treatment.length !== m.nRows) throw new DimensionError(`${fn}: ${treatment.length} treatment flags for ${m.nRows} rows`);
  if (outcome.length !== m.nRows) throw new DimensionError(`${fn}: ${outcome.length} outcomes for ${m.nRows} rows`);
  const t = flags(fn, 'treatment', treatment);
  const y = flags(fn, 'outcome', outcome);
  const treatedRows: number[] = [];
  const controlRows: number[] = [];
  for (let i = 0; i < m.nRows; i++) (t[i] ? treatedRows : controlRows).push(i);
  if (treatedRows.length === 0 || controlRows.length === 0) throw new DataError(`${fn}: needs both treated and control rows (got ${treatedRows.length} treated, ${controlRows.length} control)`);
  for (const [name, rows] of [['treated', treatedRows], ['control', controlRows]] as const) {
    let pos = 0;
    for (const i of rows) pos += y[i]!;
    if (pos === 0 || pos === rows.length) throw new DataError(`${fn}: the ${name} group's outcomes are all ${pos === 0 ? 0 : 1}; each group needs both outcomes`);
  }
  const { signal, onProgress } = options;
  const baseOpts = { ...base, ...(signal ? { signal } : {}) } as ChurnModelOptions;
  const g = treatedRows.length / m.nRows;
  const fit = (mm: FeatureMatrix, labels: ArrayLike<number>, stage: string, done: number, total: number): ChurnModel => {
    throwIfAborted(signal, fn);
    const model = fitChurnModel(mm, labels, baseOpts);
    onProgress?.({ stage, done, total });
    return model;
  };
  const pick = (rows: number[]) => Uint8Array.from(rows, (i) => y[i]!);
  const resolved = { learner, baseKind: base.kind, l2 };
  const head = { kind: 'campaign/uplift' as const, version: 1, options: resolved, featureNames: [...m.columns], treatedShare: g };
  switch (learner) {
    case 't':
    case 'x': {
      const total = learner === 't' ? 2 : 4;
      const mt = selectRows(m, treatedRows);
      const mc = selectRows(m, controlRows);
      const treated = fit(mt, pick(treatedRows), 'treated model', 1, total);
      const control = fit(mc, pick(controlRows), 'control model', 2, total);
      if (learner === 't') return { ...head, models: { treated, control } };
      const mu0 = predictChurn(control, mt);
      const d1 = Float64Array.from(treatedRows, (i, k) => y[i]! - mu0[k]!);
      const mu1 = predictChurn(treated, mc);
      const d0 = Float64Array.from(controlRows, (i, k) => mu1[k]! - y[i]!);
      throwIfAborted(signal, fn);
      const e1 = fitRidge(mt, d1, l2);
      onProgress?.({ stage: 'treated effects', done: 3, total });
      const e0 = fitRidge(mc, d0, l2);
      onProgress?.({ stage: 'control effects', done: 4, total });
      return { ...head, models: { treated, control }, effects: { treated: e1, control: e0 } };
    }
    case 's': {
      const single = fit(withTreatment(m, t), y, 'model', 1, 1);
      return { ...head, models: { single } };
    }
    case 'class-transform': {
      const zt = Uint8Array.from(y, (v, i) => (v === t[i] ? 1 : 0));
      let pos = 0;
      for (const v of zt) pos += v;
      if (pos === 0 || pos === zt.length) throw new DataError(`${fn}: the transformed class Z = YT + (1−Y)(1−T) is constant; cannot fit`);
      const single = fit(m, zt, 'model', 1, 1);
      return { ...head, models: { single } };
    }
  }
}

function flags(fn: string, what: string, v: BinaryLabels): Uint8Array {
  try {
    return toBinaryLabels(v, v.length, fn, false);
  } catch {
    const arr = v as ArrayLike<unknown>;
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i];
      if (x !== 0 && x !== 1 && x !== true && x !== false) throw new DataError(`${fn}: ${what} at index ${i} is ${String(x)}; ${what} must be 0/1 or booleans`);
    }
    throw new DataError(`${fn}: ${what} must be 0/1 or booleans`);
  }
}

/** The matrix with a `treatment` column appended, set to `t` (an array) or a constant. */
function withTreatment(m: FeatureMatrix, t: ArrayLike<number> | number): FeatureMatrix {
  const p = m.nCols;
  const v = new Float64Array(m.nRows * (p + 1));
  for (let i = 0; i < m.nRows; i++) {
    v.set(m.values.subarray(i * p, (i + 1) * p), i * (p + 1));
    v[i * (p + 1) + p] = typeof t === 'number' ? t : t[i]!;
  }
  return createFeatureMatrix(v, [...m.columns, 'treatment'], m.rowIds);
}

/** Ridge regression on standardised columns (NaN → column mean), solved by Cholesky on (XᵀX + λI). */
function fitRidge(m: FeatureMatrix, target: Float64Array, l2: number): Ridge {
  const n = m.nRows;
  const p = m.nCols;
  const means = new Float64Array(p);
  const scales = new Float64Array(p);
  const counts = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = m.values[i * p + j]!;
      if (!Number.isNaN(v)) {
        means[j]! += v;
        counts[j]!++;
      }
    }
  }
  for (let j = 0; j < p; j++) means[j] = counts[j]! > 0 ? means[j]! / counts[j]! : 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = m.values[i * p + j]!;
      if (!Number.isNaN(v)) scales[j]! += (v - means[j]!) ** 2;
    }
  }
  for (let j = 0; j < p; j++) scales[j] = Math.sqrt(scales[j]! / Math.max(1, n)) || 1;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += target[i]!;
  ym /= n;
  const A = new Float64Array(p * p);
  const b = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = m.values[i * p + j]!;
      row[j] = Number.isNaN(v) ? 0 : (v - means[j]!) / scales[j]!;
    }
    const r = target[i]! - ym;
    for (let j = 0; j < p; j++) {
      b[j]! += row[j]! * r;
      for (let k = 0; k <= j; k++) A[j * p + k]! += row[j]! * row[k]!;
    }
  }
  for (let j = 0; j < p; j++) {
    A[j * p + j]! += l2 + 1e-9 * n;
    for (let k = 0; k < j; k++) A[k * p + j] = A[j * p + k]!;
  }
  choleskySolveInPlace(A, b, p); // the ridge coefficients, in b
  return { intercept: ym, coefficients: b, means, scales };
}

function predictRidge(r: Ridge, m: FeatureMatrix): Float64Array {
  const p = m.nCols;
  const out = new Float64Array(m.nRows);
  for (let i = 0; i < m.nRows; i++) {
    let s = r.intercept;
    for (let j = 0; j < p; j++) {
      const v = m.values[i * p + j]!;
      if (!Number.isNaN(v)) s += (r.coefficients[j]! * (v - r.means[j]!)) / r.scales[j]!;
    }
    out[i] = s;
  }
  return out;
}

/**
 * Predicted uplift τ(x) for every row of `matrix` (see {@link fitUpliftModel} for each learner's
 * formula): positive means the contact raises the outcome's probability; negative marks a
 * "sleeping dog" the campaign should leave alone (see {@link sleepingDogs}).
 *
 * @param model - a `campaign/uplift` model
 * @param matrix - n × p features, the columns the model was fitted on
 * @returns n uplifts, differences of probabilities in [−1, 1]
 * @throws DimensionError on a column-count mismatch; ModelError for another kind of model
 * @example
 * const m = fitUpliftModel([[0], [1], [0], [1], [0], [1], [0], [1]], [1, 1, 1, 1, 0, 0, 0, 0], [0, 1, 0, 1, 0, 0, 1, 0]);
 * predictUplift(m, [[1]]).length // => 1
 * @category Campaign
 */
export function predictUplift(model: UpliftModel, matrix: MatrixInput): Float64Array {
  const fn = 'predictUplift';
  if (model?.kind !== 'campaign/uplift') throw new ModelError(`${fn}: expected a 'campaign/uplift' model, got '${String((model as { kind?: unknown })?.kind)}'`);
  const m = toFeatureMatrix(matrix);
  if (m.nCols !== model.featureNames.length) throw new DimensionError(`${fn}: matrix has ${m.nCols} columns, model expects ${model.featureNames.length}`);
  const { treated, control, single } = model.models;
  switch (model.options.learner) {
    case 't': {
      const a = predictChurn(treated!, m);
      const b = predictChurn(control!, m);
      for (let i = 0; i < a.length; i++) a[i] = a[i]! - b[i]!;
      return a;
    }
    case 'x': {
      const e = model.effects!;
      const t1 = predictRidge(e.treated, m);
      const t0 = predictRidge(e.control, m);
      const g = model.treatedShare;
      for (let i = 0; i < t1.length; i++) t1[i] = Math.max(-1, Math.min(1, g * t0[i]! + (1 - g) * t1[i]!));
      return t1;
    }
    case 's': {
      const a = predictChurn(single!, withTreatment(m, 1));
      const b = predictChurn(single!, withTreatment(m, 0));
      for (let i = 0; i < a.length; i++) a[i] = a[i]! - b[i]!;
      return a;
    }
    case 'class-transform': {
      const a = predictChurn(single!, m);
      for (let i = 0; i < a.length; i++) a[i] = 2 * a[i]! - 1;
      return a;
    }
  }
}

/**
 * The "sleeping dogs": subscribers whose predicted uplift is below `threshold` (default 0) —
 * contacting them is expected to lower the outcome (a churn-recall call that reminds a
 * subscriber to leave, an offer that annoys). Returned worst first so a campaign can exclude them.
 *
 * @param uplift - n predicted uplifts (finite)
 * @param options - `threshold` (default 0; finite, ≤ 0)
 * @returns row indices with uplift < threshold, most negative first
 * @throws DataError for a non-finite uplift; OptionsError for a bad threshold
 * @example
 * sleepingDogs([0.1, -0.02, 0.03, -0.2]) // => [3, 1]
 * @category Campaign
 */
export function sleepingDogs(uplift: ArrayLike<number>, options: { readonly threshold?: number } = {}): number[] {
  const fn = 'sleepingDogs';
  const { threshold } = parseSleepingDogsOptions(options);
  requireArray(fn, 'uplift', uplift, 'of numbers');
  const out: number[] = [];
  for (let i = 0; i < uplift.length; i++) {
    const u = uplift[i]!;
    if (typeof u !== 'number' || !Number.isFinite(u)) throw new DataError(`${fn}: uplift at index ${i} is ${String(u)}; expected a finite number`);
    if (u < threshold) out.push(i);
  }
  return out.sort((a, b) => uplift[a]! - uplift[b]! || a - b);
}

/**
 * The zod schema of a `churn/logistic` model, apart from the fit so that `parseModel` loads no
 * learner. It states the model's invariants: one finite coefficient, mean and sd per feature.
 *
 * @module
 */
import * as z from 'zod';
import { Invariants, zFloat64Array } from '../internal/model.js';

const ConvergenceSchema = /* @__PURE__ */ (() => z.object({
  converged: z.boolean(),
  iterations: z.number().int().nonnegative(),
  gradientNorm: z.number(),
  loss: z.number(),
}))();

/** Resolved logistic options as stored in a model; the fit checks its options with it too. */
export const LogisticOptionsSchema = /* @__PURE__ */ (() => z.strictObject({
  C: z.number().positive().finite().nullable(),
  l2: z.number().nonnegative().finite().nullable(),
  classWeight: z.union([
    z.literal('balanced'),
    z.strictObject({ 0: z.number().positive().finite(), 1: z.number().positive().finite() }),
    z.null(),
  ]),
  maxIter: z.number().int().positive(),
  tol: z.number().nonnegative().finite(),
}))();

/** Zod schema of a fitted logistic churn model. @category Churn */
export const LogisticChurnModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('churn/logistic'),
  version: z.number().int().positive(),
  options: LogisticOptionsSchema,
  featureNames: z.array(z.string()),
  /** One coefficient per feature, in the features' original units (log-odds per unit). */
  coefficients: zFloat64Array,
  intercept: z.number(),
  /** Training means of the features (the reference point of explanations). */
  featureMeans: zFloat64Array,
  /** Training standard deviations of the features (population, 0 for constant columns). */
  featureSds: zFloat64Array,
  convergence: ConvergenceSchema,
  /** True when the fitted scores separate the classes perfectly on the training rows. */
  separable: z.boolean(),
  nTrain: z.number().int().positive(),
  positiveRate: z.number(),
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  const p = m.featureNames.length;
  for (const name of ['coefficients', 'featureMeans', 'featureSds'] as const) {
    if (!inv.length([name], m[name].length, p, 'values') || !inv.finite([name], m[name])) return;
  }
  if (!inv.finite(['intercept'], [m.intercept])) return;
  for (let j = 0; j < p; j++) if (!(m.featureSds[j]! >= 0)) return void inv.fail(['featureSds', j], 'must be ≥ 0');
}))();

/** A fitted `'churn/logistic'` model (plain data). @category Churn */
export type LogisticChurnModel = z.infer<typeof LogisticChurnModelSchema>;

/**
 * Loads a version-1 `'churn/logistic'` model: its options were spelled `lambda`, `maxIterations`
 * and `tolerance` (now `l2`, `maxIter`, `tol`).
 */
export function migrateLogistic(raw: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  if (fromVersion !== 1) return raw;
  const o = raw.options;
  if (o === null || typeof o !== 'object') return { ...raw, version: 2 };
  const { lambda, maxIterations, tolerance, ...rest } = o as Record<string, unknown>;
  return { ...raw, version: 2, options: { ...rest, l2: lambda, maxIter: maxIterations, tol: tolerance } };
}

/**
 * The model schemas of the segment module, apart from the fits, so that `parseModel` can load a
 * segment model without loading any learner. Each schema states its model's invariants
 * (lengths consistent with k and p, finite numbers, codes in range), checked on load.
 *
 * @module
 */
import * as z from 'zod';
import { Invariants, zFloat64Array, zInt32Array } from '../internal/model.js';

/** Resolved k-means options as stored in a model; `fitKMeans` checks its options with it too. */
export const KMeansOptionsSchema = /* @__PURE__ */ (() => z.strictObject({
  k: z.number().int().positive(),
  seed: z.number().finite(),
  init: z.enum(['kmeans++', 'random', 'given']),
  nInit: z.number().int().positive(),
  maxIter: z.number().int().positive(),
  tol: z.number().nonnegative().finite(),
  algorithm: z.enum(['lloyd', 'hamerly', 'minibatch']),
  batchSize: z.number().int().positive(),
}))();

/** Zod schema of {@link KMeansModel}. @category Segment */
export const KMeansModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('segment/kmeans'),
  version: z.number().int().positive(),
  options: KMeansOptionsSchema,
  featureNames: z.array(z.string()),
  /** k × p centroids, row-major. */
  centroids: zFloat64Array,
  /** Rows per segment in the training data. */
  sizes: z.array(z.number().int().nonnegative()),
  /** Sum of squared distances of the training rows to their centroids. */
  inertia: z.number(),
  iterations: z.number().int().nonnegative(),
  converged: z.boolean(),
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  const { k } = m.options;
  if (!inv.length(['centroids'], m.centroids.length, k * m.featureNames.length, 'values')) return;
  if (inv.finite(['centroids'], m.centroids) && inv.length(['sizes'], m.sizes.length, k)) inv.finite(['inertia'], [m.inertia]);
}))();

/** A fitted k-means model (plain data). @category Segment */
export type KMeansModel = z.infer<typeof KMeansModelSchema>;

/** Resolved k-prototypes options as stored in a model; `fitKPrototypes` checks its options with it too. */
export const KPrototypesOptionsSchema = /* @__PURE__ */ (() => z.strictObject({
  k: z.number().int().positive(),
  gamma: z.number().nonnegative().finite(),
  seed: z.number().finite(),
  maxIter: z.number().int().positive(),
  nInit: z.number().int().positive(),
}))();

/** Zod schema of {@link KPrototypesModel}. @category Segment */
export const KPrototypesModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('segment/kprototypes'),
  version: z.number().int().positive(),
  options: KPrototypesOptionsSchema,
  /** Numeric column names (p). */
  featureNames: z.array(z.string()),
  /** Categorical column names (q). */
  categoricalNames: z.array(z.string()),
  /** Levels of each categorical column, sorted. */
  categories: z.array(z.array(z.string())),
  /** k × p numeric centroids. */
  centroids: zFloat64Array,
  /** k × q modes, as indices into `categories`. */
  modes: zInt32Array,
  sizes: z.array(z.number().int().nonnegative()),
  /** Σ over rows of ‖x − c‖² + γ · (categorical mismatches). */
  cost: z.number(),
  iterations: z.number().int().nonnegative(),
  converged: z.boolean(),
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  const { k } = m.options;
  const p = m.featureNames.length;
  const q = m.categoricalNames.length;
  if (!inv.length(['centroids'], m.centroids.length, k * p, 'values') || !inv.finite(['centroids'], m.centroids)) return;
  if (!inv.length(['categories'], m.categories.length, q) || !inv.length(['modes'], m.modes.length, k * q, 'values')) return;
  for (let i = 0; i < m.modes.length; i++) {
    const j = i % q;
    if (!inv.indices(['modes', i], [m.modes[i]!], 0, m.categories[j]!.length)) return;
  }
  if (inv.length(['sizes'], m.sizes.length, k)) inv.finite(['cost'], [m.cost]);
}))();

/** A fitted k-prototypes model (plain data). @category Segment */
export type KPrototypesModel = z.infer<typeof KPrototypesModelSchema>;

/** Zod schema of {@link ShiftedBetaGeometricModel}. @category Segment */
export const ShiftedBetaGeometricModelSchema = /* @__PURE__ */ (() => z.object({
  kind: z.literal('segment/sbg'),
  version: z.number().int().positive(),
  options: z.object({}),
  /** Beta mixing distribution of the per-period churn probability θ ~ Beta(α, β). */
  alpha: z.number().positive(),
  beta: z.number().positive(),
  /** Maximised log-likelihood. */
  logLikelihood: z.number(),
  /** Periods of data used (survivor counts minus one). */
  periods: z.number().int().positive(),
  /** Customers at the start of the cohort. */
  cohortSize: z.number().positive(),
  converged: z.boolean(),
}).superRefine((m, ctx) => {
  const inv = new Invariants(ctx);
  for (const name of ['alpha', 'beta', 'cohortSize'] as const) if (!inv.finite([name], [m[name]])) return;
  inv.finite(['logLikelihood'], [m.logLikelihood]);
}))();

/** A fitted shifted-beta-geometric model (plain data). @category Segment */
export type ShiftedBetaGeometricModel = z.infer<typeof ShiftedBetaGeometricModelSchema>;

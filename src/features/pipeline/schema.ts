/**
 * Zod schemas and types of the feature pipeline: the step specifications users write, the fitted
 * steps a model stores (every learned number as explicit data, so a later SQL emitter can read
 * them), and the `features/pipeline` model itself.
 *
 * @module
 */
import * as z from 'zod';
import { ExprSchema } from '../expr.js';
import { MAX_BINS, MAX_CUSTOM_NAME_LENGTH } from '../../limits.js';

/** The type of a pipeline column: numbers (NaN missing) or category labels (null missing). @category Features */
export type ColumnType = 'numeric' | 'categorical';

/**
 * Which columns a step works on, as ColumnTransformer does: a list of names, or an object whose
 * criteria must all hold — `names` (exact names, in that order), `type` (`'numeric'` or
 * `'categorical'`), `pattern` (a regular expression tested against the name), and `exclude`.
 * @category Features
 */
export const ColumnSelectorSchema = /* @__PURE__ */ (() => z.union([
  z.array(z.string()),
  z.strictObject({
    names: z.array(z.string()).optional(),
    type: z.enum(['numeric', 'categorical']).optional(),
    pattern: z.string().optional(),
    exclude: z.array(z.string()).optional(),
  }),
]))();
/** See {@link ColumnSelectorSchema}. @category Features */
export type ColumnSelector = z.infer<typeof ColumnSelectorSchema>;

const columns = /* @__PURE__ */ (() => ColumnSelectorSchema.optional())();
const fraction = /* @__PURE__ */ (() => z.number().min(0).max(1))();

/** A custom step's name or the registered name of its function: 1 to 200 characters, any text. */
const customName = /* @__PURE__ */ (() => z.string().min(1).max(MAX_CUSTOM_NAME_LENGTH))();
/**
 * The registered name of a custom step's function. A function here (the closure form of 0.1) is
 * refused with the migration in the message: a model holds data only.
 */
const customFnName = /* @__PURE__ */ (() =>
  z
    .string({
      error: (iss) =>
        typeof iss.input === 'function'
          ? "a function is no longer accepted here (since 0.2): give the function a registered name, write fn: 'thatName' in the step and pass { customSteps: { thatName: fn } } to fitPipeline and applyPipeline"
          : 'expected the registered name of a function (a string)',
    })
    .min(1)
    .max(MAX_CUSTOM_NAME_LENGTH))();
/** A custom step's declared outputs: at least one, distinct. */
const customOutputs = /* @__PURE__ */ (() =>
  z
    .array(z.string().min(1))
    .min(1)
    .refine((o) => new Set(o).size === o.length, { message: 'output names must be distinct' }))();

/**
 * A pipeline step as the user writes it (a discriminated union on `type`). Steps run in order;
 * each replaces the columns it selects, in place. When `columns` is omitted a step takes every
 * column of the type it works on (numeric for scalers, categorical for encoders).
 * See docs/pipeline.md for each step's options, output names and missing-value behaviour.
 * @category Features
 */
export const PipelineStepSchema = /* @__PURE__ */ (() => z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('select'), columns: ColumnSelectorSchema }),
  z.strictObject({ type: z.literal('derive'), outputs: z.record(z.string().min(1), z.union([ExprSchema, z.string()])) }),
  z.strictObject({ type: z.literal('custom'), name: customName, columns, outputs: customOutputs, fn: customFnName }),
  z.strictObject({
    type: z.literal('impute'),
    columns,
    strategy: z.enum(['mean', 'median', 'most_frequent', 'constant']).optional(),
    value: z.union([z.number(), z.string()]).optional(),
    indicator: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('standardize'), columns, withMean: z.boolean().optional(), withStd: z.boolean().optional() }),
  z.strictObject({ type: z.literal('minmax'), columns, range: z.tuple([z.number(), z.number()]).optional() }),
  z.strictObject({ type: z.literal('robust'), columns, quantileRange: z.tuple([fraction, fraction]).optional() }),
  z.strictObject({ type: z.literal('log1p'), columns }),
  z.strictObject({ type: z.literal('winsorize'), columns, lower: fraction.optional(), upper: fraction.optional() }),
  z.strictObject({
    type: z.literal('oneHot'),
    columns,
    handleUnknown: z.enum(['bucket', 'error']).optional(),
    minFrequency: z.number().positive().optional(),
    dropFirst: z.boolean().optional(),
    maxCategories: z.number().int().positive().optional(),
  }),
  z.strictObject({
    type: z.literal('ordinal'),
    columns,
    order: z.record(z.string(), z.array(z.string())).optional(),
    handleUnknown: z.enum(['error', 'missing']).optional(),
  }),
  z.strictObject({ type: z.literal('quantileBin'), columns, bins: z.number().int().min(2).max(MAX_BINS).optional() }),
  z.strictObject({ type: z.literal('frequencyEncode'), columns }),
  z.strictObject({
    type: z.literal('targetEncode'),
    columns,
    folds: z.number().int().min(2).optional(),
    smoothing: z.number().min(0).optional(),
  }),
]))();
/** One pipeline step specification. See {@link PipelineStepSchema}. @category Features */
export type PipelineStep = z.input<typeof PipelineStepSchema>;

const names = /* @__PURE__ */ (() => z.array(z.string()))();
const nums = /* @__PURE__ */ (() => z.array(z.number()))();
/** Finite numbers (statistics a fit computes from present values). */
const finite = /* @__PURE__ */ (() => z.array(z.number().finite()))();
/** Divisors: a fit replaces a zero or tiny scale by 1, so a stored scale is finite and > 0. */
const scales = /* @__PURE__ */ (() => z.array(z.number().positive().finite()))();
const label = /* @__PURE__ */ (() => z.union([z.string(), z.number()]))();

/**
 * A fitted step: the step's resolved columns and everything it learned, as explicit numbers and
 * strings; a `custom` step holds the registered name of its function, never the function.
 * @category Features
 */
export const FittedStepSchema = /* @__PURE__ */ (() => z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('select'), columns: names }),
  z.strictObject({ type: z.literal('derive'), outputs: z.array(z.strictObject({ name: z.string().min(1), expr: ExprSchema })) }),
  /** `fn` is the registered name of the function, supplied at apply time as `customSteps[fn]`. */
  z.strictObject({
    type: z.literal('custom'),
    name: customName,
    columns: names,
    outputs: customOutputs,
    fn: customName,
  }),
  z.strictObject({
    type: z.literal('impute'),
    strategy: z.enum(['mean', 'median', 'most_frequent', 'constant']),
    columns: names,
    /** The value filled in, per column (a number for numeric columns, a label for categorical ones). */
    fill: z.array(label),
    indicator: z.boolean(),
  }),
  z.strictObject({ type: z.literal('standardize'), columns: names, mean: finite, scale: scales }),
  /** `x' = (x − min) · scale + rangeMin`. */
  z.strictObject({ type: z.literal('minmax'), columns: names, min: finite, max: finite, scale: finite, rangeMin: z.number().finite() }),
  z.strictObject({ type: z.literal('robust'), columns: names, center: finite, scale: scales }),
  z.strictObject({ type: z.literal('log1p'), columns: names }),
  z.strictObject({ type: z.literal('winsorize'), columns: names, lower: finite, upper: finite }),
  z.strictObject({
    type: z.literal('oneHot'),
    handleUnknown: z.enum(['bucket', 'error']),
    dropFirst: z.boolean(),
    columns: names,
    /** Per column: the categories with their own output column, sorted. */
    categories: z.array(names),
    /** Per column: the rare categories grouped into `name=__other__`. */
    rare: z.array(names),
  }),
  z.strictObject({ type: z.literal('ordinal'), handleUnknown: z.enum(['error', 'missing']), columns: names, categories: z.array(names) }),
  /** Bin = number of edges ≤ x. */
  z.strictObject({ type: z.literal('quantileBin'), columns: names, edges: z.array(nums) }),
  z.strictObject({ type: z.literal('frequencyEncode'), columns: names, categories: z.array(names), frequency: z.array(nums) }),
  z.strictObject({
    type: z.literal('targetEncode'),
    folds: z.number().int(),
    smoothing: z.number(),
    columns: names,
    /** Mean label over the fit rows (the value of unseen categories). */
    prior: z.number(),
    categories: z.array(names),
    /** Full-data encoding per category: `(sum + smoothing · prior) / (count + smoothing)`. */
    encoding: z.array(nums),
  }),
]))();
/** A fitted step. See {@link FittedStepSchema}. @category Features */
export type FittedStep = z.infer<typeof FittedStepSchema>;

/** Internal: the model's shape without the consistency checks (see `PipelineModelSchema`). */
export const PipelineModelShape = /* @__PURE__ */ (() => z.strictObject({
  kind: z.literal('features/pipeline'),
  version: z.number().int().positive(),
  options: z.strictObject({
    idField: z.string().min(1),
    seed: z.number().int(),
    /** The label field used by `targetEncode` (null when labels were given as an array or not at all). */
    target: z.string().nullable(),
  }),
  /** The raw input columns the pipeline reads, with the type found at fit time. */
  inputs: z.array(z.strictObject({ name: z.string(), type: z.enum(['numeric', 'categorical']) })),
  steps: z.array(FittedStepSchema),
  featureNames: names,
}))();


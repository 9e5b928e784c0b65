/**
 * The zod schema of a `metrics/calibrator` model, apart from the fit. It states the invariants a
 * fit guarantees: finite Platt parameters; isotonic knots finite and strictly increasing, with
 * non-decreasing probabilities in [0, 1].
 *
 * @module
 */
import * as z from 'zod';
import { Invariants, zFloat64Array } from '../internal/model.js';

/** Resolved calibrator options as stored in a model; `fitCalibrator` checks its options with it too. */
export const CalibratorOptionsSchema = /* @__PURE__ */ (() => z.strictObject({ method: z.enum(['platt', 'isotonic']) }))();

/** Zod schema of a fitted calibrator (version 2: resolved `options` at the top level). @category Metrics */
export const CalibratorModelSchema = /* @__PURE__ */ (() => z
  .discriminatedUnion('method', [
    z.object({
      kind: z.literal('metrics/calibrator'),
      version: z.number().int().positive(),
      options: CalibratorOptionsSchema,
      method: z.literal('platt'),
      a: z.number(),
      b: z.number(),
    }),
    z.object({
      kind: z.literal('metrics/calibrator'),
      version: z.number().int().positive(),
      options: CalibratorOptionsSchema,
      method: z.literal('isotonic'),
      /** Increasing knots of the piecewise-linear map (scores). */
      x: zFloat64Array,
      /** Calibrated probability at each knot (non-decreasing). */
      y: zFloat64Array,
    }),
  ])
  .superRefine((m, ctx) => {
    const inv = new Invariants(ctx);
    if (m.options.method !== m.method) return void inv.fail(['options', 'method'], `is '${m.options.method}' but the model is '${m.method}'`);
    if (m.method === 'platt') {
      if (inv.finite(['a'], [m.a])) inv.finite(['b'], [m.b]);
      return;
    }
    if (!inv.length(['y'], m.y.length, m.x.length, 'values') || !inv.finite(['x'], m.x) || !inv.finite(['y'], m.y)) return;
    if (m.x.length === 0) return void inv.fail(['x'], 'needs at least one knot');
    for (let i = 0; i < m.x.length; i++) {
      if (i > 0 && !(m.x[i]! > m.x[i - 1]!)) return void inv.fail(['x', i], 'knots must increase');
      if (i > 0 && m.y[i]! < m.y[i - 1]!) return void inv.fail(['y', i], 'must not decrease');
      if (m.y[i]! < 0 || m.y[i]! > 1) return void inv.fail(['y', i], `must be in [0, 1], got ${m.y[i]}`);
    }
  }))();

/** A fitted calibrator (plain data). @category Metrics */
export type CalibratorModel = z.infer<typeof CalibratorModelSchema>;

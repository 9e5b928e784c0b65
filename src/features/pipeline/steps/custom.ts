/**
 * `custom`: the escape hatch — a JavaScript function over the selected numeric columns that
 * returns the declared `outputs` (appended, or replacing a column of the same name). It runs in
 * process only: a model holding a custom step refuses to serialise (ModelError), because a
 * function is not data. Outputs that are not finite numbers become NaN (missing).
 */
import { DataError, ModelError } from '../../../errors.js';
import type { Col } from '../frame.js';
import { requireNumeric, resolveColumns } from './common.js';
import type { StepImpl } from './common.js';

export const customStep: StepImpl<'custom'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'numeric', ctx);
    requireNumeric(frame, columns, ctx);
    const fitted = { type: 'custom' as const, name: spec.name, columns, outputs: [...spec.outputs], fn: spec.fn };
    Object.defineProperty(fitted, 'toJSON', {
      enumerable: false,
      value: () => {
        throw new ModelError(
          `serializeModel: the pipeline's custom step '${spec.name}' holds a JavaScript function and cannot be serialised; custom steps are in-process only (use a derive expression to save the model)`,
        );
      },
    });
    return fitted;
  },
  layout: (f) => ({ append: f.outputs }),
  transform(frame, f, ctx) {
    const inputs: Record<string, Float64Array> = {};
    for (const c of f.columns) inputs[c] = frame.num(c, ctx.label);
    const got = f.fn(inputs, frame.n);
    const res = new Map<string, Col>();
    for (const name of f.outputs) {
      const v = got?.[name];
      if (!v || v.length !== frame.n) {
        throw new DataError(`${ctx.fn}: ${ctx.label}: custom step '${f.name}' must return output '${name}' with ${frame.n} values, got ${v ? v.length : 'none'}`);
      }
      const out = new Float64Array(frame.n);
      for (let i = 0; i < frame.n; i++) {
        const x = v[i]!;
        out[i] = typeof x === 'number' && Number.isFinite(x) ? x : NaN;
      }
      res.set(name, { type: 'numeric', values: out });
    }
    return res;
  },
};

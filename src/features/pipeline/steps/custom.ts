/**
 * `custom`: the escape hatch — a JavaScript function over the selected numeric columns that
 * returns the declared `outputs` (appended, or replacing a column of the same name). The step
 * stores the registered name of its function (`fn`), never the function: the caller passes the
 * functions as the `customSteps` option at fit and at apply, so the model stays plain data.
 * What the function returns is checked: exactly the declared outputs, `nRows` numbers each, NaN
 * for missing; anything else is a DataError naming the step and the row.
 */
import { DataError, OptionsError } from '../../../errors.js';
import { describeValue } from '../../../internal/options.js';
import type { Col, Frame } from '../frame.js';
import { lookupCustomStep } from '../custom-steps.js';
import type { CustomStepFn } from '../custom-steps.js';
import type { FittedStep } from '../schema.js';
import { requireNumeric, resolveColumns } from './common.js';
import type { StepContext, StepImpl } from './common.js';

type Fitted = Extract<FittedStep, { type: 'custom' }>;

export const customStep: StepImpl<'custom'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'numeric', ctx);
    requireNumeric(frame, columns, ctx);
    const fitted: Fitted = { type: 'custom', name: spec.name, columns, outputs: [...spec.outputs], fn: spec.fn };
    registered(fitted, ctx); // a missing function fails before any column is read
    return fitted;
  },
  layout: (f) => ({ append: f.outputs }),
  transform(frame, f, ctx) {
    const run = registered(f, ctx);
    const inputs: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
    // copies: the frame's arrays are reused in place by later steps, and a function that writes
    // into its inputs must not change what the pipeline computes
    for (const c of f.columns) inputs[c] = Float64Array.from(frame.num(c, ctx.label));
    return checkOutputs(frame, f, ctx, run(Object.freeze(inputs), frame.n));
  },
};

/** The step's function from `ctx.customSteps`, or an OptionsError naming the step and the name. */
function registered(f: Fitted, ctx: StepContext): CustomStepFn {
  const run = lookupCustomStep(ctx.customSteps, f.fn);
  if (run) return run;
  const have = Object.keys(ctx.customSteps);
  const list = have.length === 0 ? 'none were given' : `it has ${have.slice(0, 10).map((n) => `'${n}'`).join(', ')}${have.length > 10 ? ', …' : ''}`;
  throw new OptionsError(
    `${ctx.fn}: ${ctx.label} '${f.name}' needs the function registered as '${f.fn}', which option customSteps does not have (${list}); pass { customSteps: { '${f.fn}': fn } }`,
    'customSteps',
  );
}

/** Checks what a custom function returned and turns it into the step's new columns. */
function checkOutputs(frame: Frame, f: Fitted, ctx: StepContext, got: unknown): Map<string, Col> {
  const who = `${ctx.fn}: ${ctx.label} '${f.name}' (function '${f.fn}')`;
  if (got === null || typeof got !== 'object' || Array.isArray(got) || typeof (got as { then?: unknown }).then === 'function') {
    throw new DataError(`${who} must return an object with one array per output (${f.outputs.join(', ')}), got ${describeValue(got)}${isThenable(got) ? ' (a Promise: the function must be synchronous)' : ''}`);
  }
  const declared = new Set(f.outputs);
  const keys = Object.keys(got);
  const extra = keys.find((k) => !declared.has(k));
  const missing = f.outputs.find((k) => !Object.hasOwn(got, k));
  if (extra !== undefined || missing !== undefined || keys.length !== f.outputs.length) {
    const detail =
      missing !== undefined ? `output '${missing}' is missing` : extra !== undefined ? `output '${extra}' is not declared` : 'the declared output names repeat';
    throw new DataError(`${who} returned ${keys.length} output${keys.length === 1 ? '' : 's'}, declared ${f.outputs.length} (${f.outputs.join(', ')}): ${detail}`);
  }
  const n = frame.n;
  const res = new Map<string, Col>();
  for (const name of f.outputs) {
    const v = (got as Record<string, unknown>)[name];
    if (!isNumberArray(v)) throw new DataError(`${who}: output '${name}' must be an array or typed array of numbers, got ${describeValue(v)}`);
    if (v.length !== n) throw new DataError(`${who}: output '${name}' has ${v.length} values for ${n} rows`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = (v as ArrayLike<unknown>)[i];
      if (typeof x !== 'number') throw new DataError(`${who}: output '${name}' at ${frame.where(i)} is not a number: got ${describeValue(x)}`);
      if (x === Infinity || x === -Infinity) throw new DataError(`${who}: output '${name}' at ${frame.where(i)} is ${x}; use NaN for missing`);
      out[i] = x;
    }
    res.set(name, { type: 'numeric', values: out });
  }
  return res;
}

function isThenable(x: unknown): boolean {
  return x !== null && typeof x === 'object' && typeof (x as { then?: unknown }).then === 'function';
}

/** An array or a numeric typed array (not a DataView). */
function isNumberArray(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * `impute`: fills missing values with a statistic of the fit data — `mean`, `median` (numeric
 * columns), `most_frequent` (ties → the smaller value, as scikit-learn), or `constant` (`value`,
 * default 0 for numeric and `'__missing__'` for categorical columns). With `indicator: true`
 * each column is followed by `<name>_missing` (1 where the value was missing, else 0), for every
 * selected column whether or not it had gaps at fit time, so the output names do not depend on
 * the data. An all-missing column cannot give a mean, median or mode: DataError.
 */
import { mean, modeSorted } from 'simple-statistics';
import { quantileSorted } from '../../../internal/quantile.js';
import { DataError } from '../../../errors.js';
import { MISSING } from '../frame.js';
import type { Col } from '../frame.js';
import { mostFrequent, presentSorted, presentValues, resolveColumns } from './common.js';
import type { StepImpl } from './common.js';

export const missingName = (c: string): string => `${c}_missing`;

export const imputeStep: StepImpl<'impute'> = {
  fit(frame, spec, ctx) {
    const strategy = spec.strategy ?? 'mean';
    const columns = resolveColumns(frame, spec.columns, strategy === 'mean' || strategy === 'median' ? 'numeric' : 'any', ctx);
    const fill = columns.map((c): number | string => {
      const col = frame.get(c);
      if (col.type === 'numeric') {
        if (strategy === 'constant') {
          const v = spec.value ?? 0;
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new DataError(`${ctx.fn}: ${ctx.label}: column '${c}' is numeric; the constant must be a finite number, got ${JSON.stringify(v)}`);
          }
          return v;
        }
        if (strategy === 'mean') return mean(presentValues(col.values, c, ctx) as unknown as number[]);
        const x = presentSorted(col.values, c, ctx) as unknown as number[];
        if (strategy === 'median') return quantileSorted(x, 0.5);
        return modeSorted(x);
      }
      if (strategy === 'constant') {
        const v = spec.value ?? MISSING;
        if (typeof v !== 'string') throw new DataError(`${ctx.fn}: ${ctx.label}: column '${c}' is categorical; the constant must be a string, got ${v}`);
        return v;
      }
      if (strategy !== 'most_frequent') {
        throw new DataError(`${ctx.fn}: ${ctx.label}: column '${c}' is categorical; use strategy 'most_frequent' or 'constant', not '${strategy}'`);
      }
      const present = col.values.filter((v): v is string => v !== null);
      if (present.length === 0) {
        throw new DataError(`${ctx.fn}: ${ctx.label}: column '${c}' has no values (all ${col.values.length} missing); use strategy 'constant'`);
      }
      return mostFrequent(present);
    });
    return { type: 'impute', strategy, columns, fill, indicator: spec.indicator ?? false };
  },
  layout: (f) => ({ replace: f.columns.map((c) => [c, f.indicator ? [c, missingName(c)] : [c]] as const) }),
  transform(frame, f, _ctx) {
    const res = new Map<string, Col>();
    f.columns.forEach((c, j) => {
      const col = frame.get(c);
      const n = col.values.length;
      const ind = f.indicator ? new Float64Array(n) : null;
      if (col.type === 'numeric') {
        const fill = f.fill[j] as number;
        // in place: the frame owns the array and the column is being replaced
        const x = col.values;
        for (let i = 0; i < n; i++) {
          if (Number.isNaN(x[i]!)) {
            x[i] = fill;
            if (ind) ind[i] = 1;
          }
        }
        res.set(c, { type: 'numeric', values: x });
      } else {
        const fill = String(f.fill[j]);
        const out = new Array<string>(n);
        for (let i = 0; i < n; i++) {
          const v = col.values[i];
          if (v === null || v === undefined) {
            out[i] = fill;
            if (ind) ind[i] = 1;
          } else out[i] = v;
        }
        res.set(c, { type: 'categorical', values: out });
      }
      if (ind) res.set(missingName(c), { type: 'numeric', values: ind });
    });
    return res;
  },
};

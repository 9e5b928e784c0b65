/**
 * `standardize`: `z = (x − mean) / sd`, with the population sd (ddof 0, as scikit-learn's
 * StandardScaler). A constant column (sd < 10 ε) gets scale 1, so it maps to 0 rather than NaN.
 * Statistics use the present values; missing stays missing.
 */
import { mean, standardDeviation } from 'simple-statistics';
import { mapColumns, safeScale, presentValues, requireNumeric, resolveColumns, sameNames } from './common.js';
import type { StepImpl } from './common.js';

export const standardizeStep: StepImpl<'standardize'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'numeric', ctx);
    requireNumeric(frame, columns, ctx);
    const means: number[] = [];
    const scales: number[] = [];
    for (const c of columns) {
      const x = presentValues(frame.num(c, ctx.label), c, ctx) as unknown as number[];
      const mu = spec.withMean === false ? 0 : mean(x);
      const sd = spec.withStd === false ? 1 : standardDeviation(x);
      means.push(mu);
      scales.push(safeScale(sd));
    }
    return { type: 'standardize', columns, mean: means, scale: scales };
  },
  layout: (f) => sameNames(f.columns),
  transform: (frame, f, ctx) =>
    mapColumns(frame, f.columns, f.columns, ctx, (x, j, out) => {
      const mu = f.mean[j]!;
      const s = f.scale[j]!;
      for (let i = 0; i < x.length; i++) out[i] = (x[i]! - mu) / s;
    }),
};

/**
 * `minmax`: `x' = (x − min) · scale + lo` with `scale = (hi − lo) / (max − min)` learned on the
 * fit data (`range` = [lo, hi], default [0, 1]); a constant column (max − min < 10 ε) gets `scale = hi − lo` and
 * maps to `lo`, as scikit-learn's MinMaxScaler. New data outside the fit range is not clipped.
 */
import { DataError } from '../../../errors.js';
import { mapColumns, safeScale, presentSorted, requireNumeric, resolveColumns, sameNames } from './common.js';
import type { StepImpl } from './common.js';

export const minmaxStep: StepImpl<'minmax'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'numeric', ctx);
    requireNumeric(frame, columns, ctx);
    const [lo, hi] = spec.range ?? [0, 1];
    if (!(lo < hi)) throw new DataError(`${ctx.fn}: ${ctx.label}: range [${lo}, ${hi}] must have lo < hi`);
    const min: number[] = [];
    const max: number[] = [];
    const scale: number[] = [];
    for (const c of columns) {
      const x = presentSorted(frame.num(c, ctx.label), c, ctx);
      const a = x[0]!;
      const b = x[x.length - 1]!;
      min.push(a);
      max.push(b);
      scale.push((hi - lo) / safeScale(b - a));
    }
    return { type: 'minmax', columns, min, max, scale, rangeMin: lo };
  },
  layout: (f) => sameNames(f.columns),
  transform: (frame, f, ctx) =>
    mapColumns(frame, f.columns, f.columns, ctx, (x, j, out) => {
      const a = f.min[j]!;
      const s = f.scale[j]!;
      const lo = f.rangeMin;
      for (let i = 0; i < x.length; i++) out[i] = (x[i]! - a) * s + lo;
    }),
};

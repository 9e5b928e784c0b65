/**
 * `robust`: `x' = (x − median) / IQR`, the IQR between the `quantileRange` quantiles (default
 * 25 % and 75 %, linear interpolation as numpy's default, via simple-statistics), as
 * scikit-learn's RobustScaler. An IQR below 10 ε gets scale 1.
 */
import { quantileSorted } from '../../../internal/quantile.js';
import { DataError } from '../../../errors.js';
import { mapColumns, safeScale, presentSorted, requireNumeric, resolveColumns, sameNames } from './common.js';
import type { StepImpl } from './common.js';

export const robustStep: StepImpl<'robust'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'numeric', ctx);
    requireNumeric(frame, columns, ctx);
    const [qa, qb] = spec.quantileRange ?? [0.25, 0.75];
    if (!(qa < qb)) throw new DataError(`${ctx.fn}: ${ctx.label}: quantileRange [${qa}, ${qb}] must be increasing`);
    const center: number[] = [];
    const scale: number[] = [];
    for (const c of columns) {
      const x = presentSorted(frame.num(c, ctx.label), c, ctx) as unknown as number[];
      center.push(quantileSorted(x, 0.5));
      const iqr = quantileSorted(x, qb) - quantileSorted(x, qa);
      scale.push(safeScale(iqr));
    }
    return { type: 'robust', columns, center, scale };
  },
  layout: (f) => sameNames(f.columns),
  transform: (frame, f, ctx) =>
    mapColumns(frame, f.columns, f.columns, ctx, (x, j, out) => {
      const m = f.center[j]!;
      const s = f.scale[j]!;
      for (let i = 0; i < x.length; i++) out[i] = (x[i]! - m) / s;
    }),
};

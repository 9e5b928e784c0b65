/**
 * `winsorize`: clips each column to its `lower` and `upper` quantiles learned on the fit data
 * (defaults 1 % and 99 %, linear interpolation via simple-statistics). Missing stays missing.
 */
import { quantileSorted } from '../../../internal/quantile.js';
import { DataError } from '../../../errors.js';
import { mapColumns, presentSorted, requireNumeric, resolveColumns, sameNames } from './common.js';
import type { StepImpl } from './common.js';

export const winsorizeStep: StepImpl<'winsorize'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'numeric', ctx);
    requireNumeric(frame, columns, ctx);
    const qa = spec.lower ?? 0.01;
    const qb = spec.upper ?? 0.99;
    if (!(qa <= qb)) throw new DataError(`${ctx.fn}: ${ctx.label}: lower ${qa} must not exceed upper ${qb}`);
    const lower: number[] = [];
    const upper: number[] = [];
    for (const c of columns) {
      const x = presentSorted(frame.num(c, ctx.label), c, ctx) as unknown as number[];
      lower.push(quantileSorted(x, qa));
      upper.push(quantileSorted(x, qb));
    }
    return { type: 'winsorize', columns, lower, upper };
  },
  layout: (f) => sameNames(f.columns),
  transform: (frame, f, ctx) =>
    mapColumns(frame, f.columns, f.columns, ctx, (x, j, out) => {
      const a = f.lower[j]!;
      const b = f.upper[j]!;
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        out[i] = v < a ? a : v > b ? b : v;
      }
    }),
};

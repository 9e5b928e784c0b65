/**
 * `log1p`: `x' = ln(1 + x)`, output column `<name>_log1p`. Values ≤ −1 have no logarithm and are
 * rejected (DataError naming row and column) at fit and at apply; missing stays missing.
 */
import { DataError } from '../../../errors.js';
import { mapColumns, requireNumeric, resolveColumns } from './common.js';
import type { StepImpl } from './common.js';
import { log1p } from '../../../internal/math.js';

export const log1pName = (c: string): string => `${c}_log1p`;

export const log1pStep: StepImpl<'log1p'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'numeric', ctx);
    requireNumeric(frame, columns, ctx);
    return { type: 'log1p', columns };
  },
  layout: (f) => ({ replace: f.columns.map((c) => [c, [log1pName(c)]] as const) }),
  transform: (frame, f, ctx) =>
    mapColumns(frame, f.columns, f.columns.map(log1pName), ctx, (x, j, out) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        if (v <= -1) {
          throw new DataError(`${ctx.fn}: ${ctx.label}: ${frame.where(i)}, column '${f.columns[j]}': value ${v} ≤ −1 has no log1p`);
        }
        out[i] = log1p(v);
      }
    }),
};

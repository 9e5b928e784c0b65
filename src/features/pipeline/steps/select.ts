/** `select`: keep only the selected columns, in the order selected. */
import { DataError } from '../../../errors.js';
import { resolveColumns } from './common.js';
import type { StepImpl } from './common.js';

export const selectStep: StepImpl<'select'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'any', ctx);
    if (columns.length === 0) throw new DataError(`${ctx.fn}: ${ctx.label}: the selector matches no column`);
    return { type: 'select', columns };
  },
  layout: (f) => ({ keep: f.columns }),
  transform: () => new Map(),
};

/**
 * `quantileBin`: cuts each column at its quantiles `k / bins` (k = 1 … bins − 1, duplicates
 * removed) learned on the fit data; output `<name>_bin` = the number of cut points ≤ x
 * (0 … bins − 1, as numpy's `digitize`). Missing stays missing.
 */
import { quantileSorted } from '../../../internal/quantile.js';
import { mapColumns, presentSorted, requireNumeric, resolveColumns } from './common.js';
import type { StepImpl } from './common.js';

export const binName = (c: string): string => `${c}_bin`;

export const quantileBinStep: StepImpl<'quantileBin'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'numeric', ctx);
    requireNumeric(frame, columns, ctx);
    const bins = spec.bins ?? 4;
    const edges = columns.map((c) => {
      const x = presentSorted(frame.num(c, ctx.label), c, ctx) as unknown as number[];
      const e: number[] = [];
      for (let k = 1; k < bins; k++) {
        const q = quantileSorted(x, k / bins);
        if (e.length === 0 || q > e[e.length - 1]!) e.push(q);
      }
      return e;
    });
    return { type: 'quantileBin', columns, edges };
  },
  layout: (f) => ({ replace: f.columns.map((c) => [c, [binName(c)]] as const) }),
  transform: (frame, f, ctx) =>
    mapColumns(frame, f.columns, f.columns.map(binName), ctx, (x, j, out) => {
      const e = f.edges[j]!;
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        if (Number.isNaN(v)) {
          out[i] = NaN;
          continue;
        }
        let lo = 0;
        let hi = e.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (e[mid]! <= v) lo = mid + 1;
          else hi = mid;
        }
        out[i] = lo;
      }
    }),
};

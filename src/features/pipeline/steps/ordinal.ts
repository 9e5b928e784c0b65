/**
 * `ordinal`: replaces each category by its position (0, 1, …) in `order[name]` when given, else
 * in the sorted categories seen at fit; the column keeps its name. Missing stays missing (NaN).
 * A category not seen at fit throws a DataError (`handleUnknown: 'error'`, default) or becomes
 * missing (`'missing'`).
 */
import { DataError } from '../../../errors.js';
import { MISSING } from '../frame.js';
import type { Col } from '../frame.js';
import { countLabels, resolveColumns, sameNames } from './common.js';
import type { StepImpl } from './common.js';

export const ordinalStep: StepImpl<'ordinal'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'categorical', ctx);
    const categories = columns.map((c) => {
      const seen = countLabels(frame.categories(c)).labels.filter((l) => l !== MISSING);
      const given = spec.order?.[c];
      if (!given) return seen;
      if (new Set(given).size !== given.length) throw new DataError(`${ctx.fn}: ${ctx.label}: order for '${c}' lists a category twice`);
      const unlisted = seen.filter((l) => !given.includes(l));
      if (unlisted.length > 0) {
        throw new DataError(`${ctx.fn}: ${ctx.label}: column '${c}' has categories missing from its order: ${unlisted.slice(0, 10).map((l) => JSON.stringify(l)).join(', ')}`);
      }
      return [...given];
    });
    for (const k of Object.keys(spec.order ?? {})) {
      if (!columns.includes(k)) throw new DataError(`${ctx.fn}: ${ctx.label}: order given for '${k}', which is not a selected column`);
    }
    return { type: 'ordinal', handleUnknown: spec.handleUnknown ?? 'error', columns, categories };
  },
  layout: (f) => sameNames(f.columns),
  transform(frame, f, ctx) {
    const res = new Map<string, Col>();
    f.columns.forEach((c, j) => {
      const index = new Map(f.categories[j]!.map((v, k) => [v, k]));
      const labels = frame.categories(c);
      const out = new Float64Array(frame.n);
      for (let i = 0; i < frame.n; i++) {
        const l = labels[i]!;
        const k = index.get(l);
        if (k !== undefined) out[i] = k;
        else if (l === MISSING || f.handleUnknown === 'missing') out[i] = NaN;
        else {
          throw new DataError(
            `${ctx.fn}: ${ctx.label}: ${frame.where(i)}, column '${c}': category ${JSON.stringify(l)} was not seen at fit (use handleUnknown: 'missing')`,
          );
        }
      }
      res.set(c, { type: 'numeric', values: out });
    });
    return res;
  },
};

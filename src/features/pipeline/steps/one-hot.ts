/**
 * `oneHot`: one 0/1 column `<name>=<category>` per category seen at fit (sorted; a missing value
 * is the category `__missing__`). Options: `minFrequency` (a count ≥ 1, or a share of the fit
 * rows < 1) groups rarer categories into `<name>=__other__`; `dropFirst` drops the first kept
 * category's column; `handleUnknown: 'bucket'` (default) adds `<name>=__unknown__`, set to 1 for
 * categories not seen at fit, while `'error'` throws a DataError naming row, column and value;
 * `maxCategories` (default 200) guards against one-hot encoding an id-like column.
 */
import { DataError } from '../../../errors.js';
import { indicatorColumn } from '../frame.js';
import type { Col } from '../frame.js';
import { countLabels, resolveColumns } from './common.js';
import type { StepImpl } from './common.js';

export const OTHER = '__other__';
export const UNKNOWN = '__unknown__';

export function oneHotNames(column: string, categories: readonly string[], rare: readonly string[], dropFirst: boolean, bucket: boolean): string[] {
  const out = (dropFirst ? categories.slice(1) : categories).map((v) => `${column}=${v}`);
  if (rare.length > 0) out.push(`${column}=${OTHER}`);
  if (bucket) out.push(`${column}=${UNKNOWN}`);
  return out;
}

export const oneHotStep: StepImpl<'oneHot'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'categorical', ctx);
    const n = frame.n;
    const minFreq = spec.minFrequency ?? 0;
    const threshold = minFreq < 1 ? minFreq * n : minFreq;
    const maxCategories = spec.maxCategories ?? 200;
    const categories: string[][] = [];
    const rare: string[][] = [];
    for (const c of columns) {
      const { labels, counts } = countLabels(frame.categories(c));
      const keep: string[] = [];
      const other: string[] = [];
      labels.forEach((l, k) => (counts[k]! < threshold ? other : keep).push(l));
      const width = keep.length + (other.length > 0 ? 1 : 0);
      if (width > maxCategories) {
        throw new DataError(
          `${ctx.fn}: ${ctx.label}: column '${c}' has ${width} categories (maxCategories ${maxCategories}); group rare ones with minFrequency, or use targetEncode / frequencyEncode`,
        );
      }
      categories.push(keep);
      rare.push(other);
    }
    return { type: 'oneHot', handleUnknown: spec.handleUnknown ?? 'bucket', dropFirst: spec.dropFirst ?? false, columns, categories, rare };
  },
  layout: (f) => ({
    replace: f.columns.map((c, j) => [c, oneHotNames(c, f.categories[j]!, f.rare[j]!, f.dropFirst, f.handleUnknown === 'bucket')] as const),
  }),
  transform(frame, f, ctx) {
    const res = new Map<string, Col>();
    const n = frame.n;
    f.columns.forEach((c, j) => {
      const cats = f.categories[j]!;
      const rare = f.rare[j]!;
      const bucket = f.handleUnknown === 'bucket';
      const names = oneHotNames(c, cats, rare, f.dropFirst, bucket);
      // label → output column index (−1: the dropped first category, all zeros)
      const index = new Map<string, number>();
      const shift = f.dropFirst ? 1 : 0;
      cats.forEach((v, k) => index.set(v, k - shift));
      // the `__other__` column follows the kept categories (slice(1) of an empty list keeps none)
      const otherIdx = Math.max(cats.length - shift, 0);
      for (const v of rare) index.set(v, otherIdx);
      const unknownIdx = names.length - 1;
      const labels = frame.categories(c);
      // one code per row (the output column holding its 1); the 0/1 columns are views of it
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const k = index.get(labels[i]!);
        if (k === undefined) {
          if (!bucket) {
            throw new DataError(
              `${ctx.fn}: ${ctx.label}: ${frame.where(i)}, column '${c}': category ${JSON.stringify(labels[i])} was not seen at fit (use handleUnknown: 'bucket')`,
            );
          }
          codes[i] = unknownIdx;
        } else codes[i] = k;
      }
      names.forEach((name, k) => res.set(name, indicatorColumn(codes, k)));
    });
    return res;
  },
};

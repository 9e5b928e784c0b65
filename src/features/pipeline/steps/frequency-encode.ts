/**
 * `frequencyEncode`: output `<name>_freq` = the share of fit rows holding the row's category
 * (missing counts as the category `__missing__`); a category not seen at fit gets 0.
 */
import type { Col } from '../frame.js';
import { countLabels, resolveColumns } from './common.js';
import type { StepImpl } from './common.js';

export const freqName = (c: string): string => `${c}_freq`;

export const frequencyEncodeStep: StepImpl<'frequencyEncode'> = {
  fit(frame, spec, ctx) {
    const columns = resolveColumns(frame, spec.columns, 'categorical', ctx);
    const categories: string[][] = [];
    const frequency: number[][] = [];
    for (const c of columns) {
      const { labels, counts } = countLabels(frame.categories(c));
      categories.push(labels);
      frequency.push(counts.map((k) => k / frame.n));
    }
    return { type: 'frequencyEncode', columns, categories, frequency };
  },
  layout: (f) => ({ replace: f.columns.map((c) => [c, [freqName(c)]] as const) }),
  transform(frame, f) {
    const res = new Map<string, Col>();
    f.columns.forEach((c, j) => {
      const index = new Map(f.categories[j]!.map((v, k) => [v, f.frequency[j]![k]!]));
      const labels = frame.categories(c);
      const out = new Float64Array(frame.n);
      for (let i = 0; i < frame.n; i++) out[i] = index.get(labels[i]!) ?? 0;
      res.set(freqName(c), { type: 'numeric', values: out });
    });
    return res;
  },
};

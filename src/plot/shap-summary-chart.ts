/**
 * `shapSummaryChart`: mean absolute SHAP contribution per feature as a Vega-Lite bar chart.
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { CATEGORY_Y_AXIS, chartOptions, finiteField, makeSpec, requireRows, stringField } from './chart-spec.js';

/** One explained row, as `explainChurn` returns it (only `contributions` is read). @category Plot */
export interface ShapChartExplanation {
  readonly contributions: readonly { readonly feature: string; readonly contribution: number }[];
}

/** Options of {@link shapSummaryChart}. @category Plot */
export interface ShapSummaryChartOptions extends ChartOptions {
  /** Features shown, largest mean |contribution| first: an integer in [1, 50] (default 12). */
  readonly top?: number;
}

/**
 * Global importance from local explanations: for each feature, the mean over the explained rows
 * of |φⱼ|, its SHAP contribution to the log-odds (Lundberg & Lee 2017), and the mean signed φⱼ
 * (does it push towards churn on average). Bars show the mean |φ|, coloured by the sign of the mean.
 *
 * @param explanations - explained rows, e.g. `explainChurn(model, m, i)` for a sample of rows
 * @param options - `top` (features, 12), `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ feature, meanAbs, mean, direction }`, largest first
 * @throws DataError for no explanations or a NaN/±Infinity contribution; OptionsError for a bad `top`
 * @example
 * shapSummaryChart([
 *   { contributions: [{ feature: 'tenure', contribution: -0.4 }, { feature: 'complaints', contribution: 0.2 }] },
 *   { contributions: [{ feature: 'tenure', contribution: 0.2 }, { feature: 'complaints', contribution: 0.6 }] },
 * ]).data.values[0] // => { feature: 'complaints', meanAbs: 0.4, mean: 0.4, direction: 'towards churn' }
 * @category Plot
 */
export function shapSummaryChart(explanations: readonly ShapChartExplanation[], options: ShapSummaryChartOptions = {}): ChartSpec {
  const fn = 'shapSummaryChart';
  const o = chartOptions(fn, options, { title: 'What drives the churn scores', width: 360, height: 300 }, ['top']);
  const top = options.top ?? 12;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > 50) {
    throw new OptionsError(`${fn}: top must be an integer in [1, 50], got ${String(top)}`, 'top');
  }
  if (!Array.isArray(explanations)) throw new DataError(`${fn}: expected an array of explanations`);
  requireRows(fn, explanations.length, 'explanations');
  const sumAbs = new Map<string, number>();
  const sum = new Map<string, number>();
  explanations.forEach((e, i) => {
    if (e === null || typeof e !== 'object' || !Array.isArray(e.contributions)) {
      throw new DataError(`${fn}: explanations[${i}] has no contributions array`);
    }
    (e.contributions as ShapChartExplanation['contributions']).forEach((c, j) => {
      const what = `explanations[${i}].contributions`;
      const f = stringField(fn, what, c, j, 'feature');
      const v = finiteField(fn, what, c, j, 'contribution');
      sumAbs.set(f, (sumAbs.get(f) ?? 0) + Math.abs(v));
      sum.set(f, (sum.get(f) ?? 0) + v);
    });
  });
  requireRows(fn, sumAbs.size, 'features');
  const n = explanations.length;
  const rows: ChartRow[] = [...sumAbs]
    .map(([feature, a]) => {
      const mean = sum.get(feature)! / n;
      return { feature, meanAbs: a / n, mean, direction: mean >= 0 ? 'towards churn' : 'away from churn' };
    })
    .sort((a, b) => b.meanAbs - a.meanAbs || (a.feature < b.feature ? -1 : 1))
    .slice(0, top);
  const notes = sumAbs.size > top ? [`${sumAbs.size - top} features with smaller contributions not shown`] : [];
  return makeSpec(
    'shapSummaryChart',
    { ...o, subtitle: o.subtitle ?? `Mean |SHAP| over ${n} explained subscribers` },
    'Mean absolute SHAP contribution of each feature to the churn log-odds, coloured by the sign of the mean contribution.',
    rows,
    [
      { field: 'feature', title: 'Feature' },
      { field: 'meanAbs', title: 'Mean |contribution| (log-odds)' },
      { field: 'mean', title: 'Mean contribution (log-odds)' },
    ],
    {
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'feature', type: 'nominal', title: 'Feature', sort: '-x', axis: CATEGORY_Y_AXIS },
        x: { field: 'meanAbs', type: 'quantitative', title: 'Mean |SHAP contribution| (log-odds)' },
        color: { field: 'direction', type: 'nominal', title: 'On average pushes', scale: { domain: ['towards churn', 'away from churn'], range: ['#D55E00', '#0072B2'] } },
      },
    },
    notes,
  );
}

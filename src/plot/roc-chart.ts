/**
 * `rocChart`: the ROC curve of one or several scorers as a Vega-Lite spec.
 * @module
 */
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteAt, makeSpec, namedSeries, referenceLine, requireRows, sameLength, trapezoid } from './chart-spec.js';

/** A ROC curve's points, as `rocCurve` returns them. @category Plot */
export interface RocChartCurve {
  /** False-positive rates in [0, 1], non-decreasing. */
  readonly fpr: ArrayLike<number>;
  /** True-positive rates in [0, 1], same length. */
  readonly tpr: ArrayLike<number>;
}

/**
 * The ROC curve: true-positive rate against false-positive rate, one line per scorer, with the
 * chance diagonal dashed. The subtitle gives each line's area under the curve by the trapezoid
 * rule over the drawn points (equal to `rocAuc` when the points come from `rocCurve`).
 *
 * @param curves - one curve `{ fpr, tpr }` (e.g. from `rocCurve`), or several by name (`{ model: …, 'true hazard': … }`, at most 8)
 * @param options - `title`, `subtitle`, `width`, `height` (pixels)
 * @returns a Vega-Lite v6 spec; rows `{ series, step, fpr, tpr }` in `data.values`
 * @throws DataError for an empty curve, arrays of different lengths, or a NaN/±Infinity point (named by index); OptionsError for bad options
 * @example
 * rocChart({ fpr: [0, 0.5, 1], tpr: [0, 1, 1] }).title // => { text: 'ROC curve', subtitle: 'AUC model 0.750' }
 * @category Plot
 */
export function rocChart(curves: RocChartCurve | Readonly<Record<string, RocChartCurve>>, options: ChartOptions = {}): ChartSpec {
  const fn = 'rocChart';
  const series = namedSeries(fn, curves, 'fpr', 'model');
  const rows: ChartRow[] = [];
  const aucs: string[] = [];
  for (const [name, c] of series) {
    sameLength(fn, c.fpr, `${name}.fpr`, c.tpr, `${name}.tpr`);
    requireRows(fn, c.fpr.length, `points in '${name}'`, 2);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < c.fpr.length; i++) {
      const x = finiteAt(fn, `${name}.fpr`, c.fpr, i);
      const y = finiteAt(fn, `${name}.tpr`, c.tpr, i);
      xs.push(x);
      ys.push(y);
      rows.push({ series: name, step: i, fpr: x, tpr: y });
    }
    aucs.push(`${name} ${trapezoid(xs, ys).toFixed(3)}`);
  }
  const o = chartOptions(fn, options, { title: 'ROC curve', width: 360, height: 360 });
  return makeSpec(
    'rocChart',
    { ...o, subtitle: o.subtitle ?? `AUC ${aucs.join(', ')}` },
    'True-positive rate against false-positive rate at every score threshold; the dashed diagonal is a random ranking.',
    rows,
    [
      { field: 'series', title: 'Scorer' },
      { field: 'fpr', title: 'False-positive rate (share of negatives)' },
      { field: 'tpr', title: 'True-positive rate (share of positives)' },
    ],
    {
      layer: [
        {
          mark: { type: 'line', interpolate: 'linear' },
          encoding: {
            x: { field: 'fpr', type: 'quantitative', title: 'False-positive rate (share of negatives flagged)', scale: { domain: [0, 1] }, axis: { format: '%' } },
            y: { field: 'tpr', type: 'quantitative', title: 'True-positive rate (share of positives caught)', scale: { domain: [0, 1] }, axis: { format: '%' } },
            color: { field: 'series', type: 'nominal', title: 'Scorer' },
            order: { field: 'step', type: 'quantitative' },
          },
        },
        referenceLine(0, 0, 1, 1),
      ],
    },
  );
}

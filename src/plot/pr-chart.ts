/**
 * `prChart`: the precision–recall curve of one or several scorers as a Vega-Lite spec.
 * @module
 */
import { OptionsError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteAt, makeSpec, namedSeries, referenceRule, requireRows, sameLength } from './chart-spec.js';

/** A precision–recall curve's points, as `precisionRecallCurve` returns them. @category Plot */
export interface PrChartCurve {
  /** Recall at each threshold, in [0, 1]. */
  readonly recall: ArrayLike<number>;
  /** Precision at each threshold, in [0, 1], same length. */
  readonly precision: ArrayLike<number>;
}

/** Options of {@link prChart}. @category Plot */
export interface PrChartOptions extends ChartOptions {
  /** Positive rate of the population, in [0, 1]: drawn as the dashed precision of a random ranking. */
  readonly baseRate?: number;
}

/**
 * The precision–recall curve: precision against recall at every threshold, one line per scorer;
 * with `baseRate`, the dashed line is the precision of a random ranking.
 *
 * @param curves - one curve `{ recall, precision }` (e.g. from `precisionRecallCurve`), or several by name (at most 8)
 * @param options - `baseRate` (share), `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ series, step, recall, precision }`
 * @throws DataError for an empty curve, arrays of different lengths or a NaN/±Infinity point; OptionsError for a `baseRate` outside [0, 1]
 * @example
 * prChart({ recall: [0.5, 1], precision: [1, 0.5] }, { baseRate: 0.5 }).data.values.length // => 2
 * @category Plot
 */
export function prChart(curves: PrChartCurve | Readonly<Record<string, PrChartCurve>>, options: PrChartOptions = {}): ChartSpec {
  const fn = 'prChart';
  const o = chartOptions(fn, options, { title: 'Precision–recall curve', width: 360, height: 360 }, ['baseRate']);
  const base = options.baseRate;
  if (base !== undefined && (typeof base !== 'number' || !(base >= 0 && base <= 1))) {
    throw new OptionsError(`${fn}: baseRate must be a share in [0, 1], got ${String(base)}`, 'baseRate');
  }
  const rows: ChartRow[] = [];
  for (const [name, c] of namedSeries(fn, curves, 'recall', 'model')) {
    sameLength(fn, c.recall, `${name}.recall`, c.precision, `${name}.precision`);
    requireRows(fn, c.recall.length, `points in '${name}'`);
    for (let i = 0; i < c.recall.length; i++) {
      rows.push({ series: name, step: i, recall: finiteAt(fn, `${name}.recall`, c.recall, i), precision: finiteAt(fn, `${name}.precision`, c.precision, i) });
    }
  }
  return makeSpec(
    'prChart',
    { ...o, subtitle: o.subtitle ?? (base === undefined ? undefined : `Dashed: base rate ${(100 * base).toFixed(1)}%`) },
    'Precision against recall at every score threshold.',
    rows,
    [
      { field: 'series', title: 'Scorer' },
      { field: 'recall', title: 'Recall (share of positives caught)' },
      { field: 'precision', title: 'Precision (share of flagged that are positive)' },
    ],
    {
      layer: [
        {
          mark: { type: 'line', interpolate: 'step-after' },
          encoding: {
            x: { field: 'recall', type: 'quantitative', title: 'Recall (share of positives caught)', scale: { domain: [0, 1] }, axis: { format: '%' } },
            y: { field: 'precision', type: 'quantitative', title: 'Precision (share of flagged that are positive)', scale: { domain: [0, 1] }, axis: { format: '%' } },
            color: { field: 'series', type: 'nominal', title: 'Scorer' },
            order: { field: 'step', type: 'quantitative' },
          },
        },
        ...(base === undefined ? [] : [referenceRule('y', base)]),
      ],
    },
  );
}

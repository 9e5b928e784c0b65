/**
 * `npsTrendChart`: NPS over time with its confidence band, as a Vega-Lite line chart.
 * @module
 */
import { DataError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteField, makeSpec, requireRows, stringField } from './chart-spec.js';

/** One period's NPS, as in `npsScore(…, { period }).periods` (only these fields are read). @category Plot */
export interface NpsTrendChartPoint {
  /** Period label, e.g. `2024-03` or `2024-Q1`; points are drawn in the order given. */
  readonly period: string;
  /** NPS in points (−100 … 100). */
  readonly nps: number;
  /** Lower bound of its interval. */
  readonly lower: number;
  /** Upper bound of its interval. */
  readonly upper: number;
  /** Responses behind the point (shown in the tooltip and the table). */
  readonly n?: number;
}

/**
 * NPS over time: one point per period joined by a line, with the confidence interval as a shaded
 * band and a dashed rule at 0 (as many promoters as detractors).
 *
 * @param points - e.g. `npsScore(responses, { period: 'month' }).periods`
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ period, nps, lower, upper, n }`
 * @throws DataError for no points, a NaN/±Infinity, a value outside [−100, 100], lower > nps or
 *   upper < nps, a missing period label or a repeated one
 * @example
 * npsTrendChart([{ period: '2024-01', nps: 12, lower: 4, upper: 20 }, { period: '2024-02', nps: 18, lower: 10, upper: 26 }]).data.values.length // => 2
 * @category Plot
 */
export function npsTrendChart(points: readonly NpsTrendChartPoint[], options: ChartOptions = {}): ChartSpec {
  const fn = 'npsTrendChart';
  const o = chartOptions(fn, options, { title: 'NPS over time', width: 420, height: 260 });
  if (!Array.isArray(points)) throw new DataError(`${fn}: expected an array of points`);
  requireRows(fn, points.length, 'points');
  const seen = new Set<string>();
  const rows: ChartRow[] = points.map((p, i) => {
    const period = stringField(fn, 'points', p, i, 'period');
    if (seen.has(period)) throw new DataError(`${fn}: points[${i}].period '${period}' repeats`);
    seen.add(period);
    const nps = finiteField(fn, 'points', p, i, 'nps');
    const lower = finiteField(fn, 'points', p, i, 'lower');
    const upper = finiteField(fn, 'points', p, i, 'upper');
    for (const [k, v] of [['nps', nps], ['lower', lower], ['upper', upper]] as const) {
      if (v < -100 || v > 100) throw new DataError(`${fn}: points[${i}].${k} is ${v}; NPS is in [−100, 100]`);
    }
    if (lower > nps || upper < nps) throw new DataError(`${fn}: points[${i}] has lower ${lower}, nps ${nps}, upper ${upper}; expected lower ≤ nps ≤ upper`);
    const n = (p as { n?: unknown }).n === undefined ? null : finiteField(fn, 'points', p, i, 'n');
    return { period, nps, lower, upper, n };
  });
  const x = { field: 'period', type: 'ordinal', title: 'Period (survey date)', sort: null, axis: { labelAngle: 0 } };
  return makeSpec(
    fn,
    o,
    'Net Promoter Score per period (points, −100 to 100) with its confidence interval as a band; the dashed line is 0.',
    rows,
    [
      { field: 'period', title: 'Period' },
      { field: 'nps', title: 'NPS (points)' },
      { field: 'lower', title: 'Lower bound (points)' },
      { field: 'upper', title: 'Upper bound (points)' },
      { field: 'n', title: 'Responses (count)' },
    ],
    {
      layer: [
        {
          mark: { type: 'area', opacity: 0.25, color: '#0072B2' },
          encoding: { x, y: { field: 'lower', type: 'quantitative', title: 'NPS (points)' }, y2: { field: 'upper' } },
        },
        {
          mark: { type: 'line', point: true, color: '#0072B2' },
          encoding: {
            x,
            y: { field: 'nps', type: 'quantitative', title: 'NPS (points)' },
            tooltip: [
              { field: 'period', type: 'ordinal', title: 'Period' },
              { field: 'nps', type: 'quantitative', title: 'NPS (points)', format: '.1f' },
              { field: 'lower', type: 'quantitative', title: 'Lower (points)', format: '.1f' },
              { field: 'upper', type: 'quantitative', title: 'Upper (points)', format: '.1f' },
              { field: 'n', type: 'quantitative', title: 'Responses (count)' },
            ],
          },
        },
        { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999999' }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
      ],
    },
  );
}

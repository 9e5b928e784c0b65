/**
 * `qiniChart`: the Qini curve of an uplift model as a Vega-Lite spec.
 * @module
 */
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteAt, makeSpec, namedSeries, requireRows, sameLength } from './chart-spec.js';
import { DataError } from '../errors.js';

/** A Qini curve's points, in targeting order. @category Plot */
export interface QiniChartCurve {
  /** Share of the base targeted, highest uplift scores first, in [0, 1] and non-decreasing. */
  readonly targeted: ArrayLike<number>;
  /** Incremental responders at that depth: Y_T(φ) − Y_C(φ) · N_T(φ)/N_C(φ) (count). */
  readonly incremental: ArrayLike<number>;
}

/**
 * The Qini curve (Radcliffe 2007): incremental responders gained by targeting the top share φ of
 * uplift scores, Q(φ) = Y_T(φ) − Y_C(φ)·N_T(φ)/N_C(φ), one line per model, against the dashed
 * straight line from (0, 0) to the last point of the first model (random targeting). A curve
 * that does not start at share 0 gets a (0, 0) point.
 *
 * @param curves - one curve `{ targeted, incremental }`, or several by name (at most 8)
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ series, step, targeted, incremental }`
 * @throws DataError for an empty curve, different lengths, a NaN/±Infinity point, a share outside [0, 1] or decreasing
 * @example
 * qiniChart({ targeted: [0.5, 1], incremental: [30, 40] }).data.values.length // => 3
 * @category Plot
 */
export function qiniChart(curves: QiniChartCurve | Readonly<Record<string, QiniChartCurve>>, options: ChartOptions = {}): ChartSpec {
  const fn = 'qiniChart';
  const o = chartOptions(fn, options, { title: 'Qini curve', width: 380, height: 300 });
  const rows: ChartRow[] = [];
  let end: { x: number; y: number } | undefined;
  for (const [name, c] of namedSeries(fn, curves, 'targeted', 'model')) {
    sameLength(fn, c.targeted, `${name}.targeted`, c.incremental, `${name}.incremental`);
    requireRows(fn, c.targeted.length, `points in '${name}'`);
    let prev = 0;
    let step = 0;
    if (finiteAt(fn, `${name}.targeted`, c.targeted, 0) !== 0) rows.push({ series: name, step: step++, targeted: 0, incremental: 0 });
    for (let i = 0; i < c.targeted.length; i++) {
      const x = finiteAt(fn, `${name}.targeted`, c.targeted, i);
      if (x < prev || x > 1) throw new DataError(`${fn}: ${name}.targeted[${i}] is ${x}; expected shares in [0, 1], non-decreasing`);
      prev = x;
      const y = finiteAt(fn, `${name}.incremental`, c.incremental, i);
      rows.push({ series: name, step: step++, targeted: x, incremental: y });
    }
    end ??= { x: rows.at(-1)!.targeted as number, y: rows.at(-1)!.incremental as number };
  }
  return makeSpec(
    'qiniChart',
    o,
    'Incremental responders gained by targeting the highest uplift scores first; the dashed line is random targeting.',
    rows,
    [
      { field: 'series', title: 'Model' },
      { field: 'targeted', title: 'Base targeted (share)' },
      { field: 'incremental', title: 'Incremental responders (count)' },
    ],
    {
      layer: [
        {
          data: { values: [{ targeted: 0, incremental: 0 }, { targeted: end!.x, incremental: end!.y }] },
          mark: { type: 'line', strokeDash: [4, 4], color: '#777777' },
          encoding: { x: { field: 'targeted', type: 'quantitative' }, y: { field: 'incremental', type: 'quantitative' } },
        },
        {
          mark: { type: 'line' },
          encoding: {
            x: { field: 'targeted', type: 'quantitative', title: 'Base targeted, highest uplift first (share of subscribers)', scale: { domain: [0, 1] }, axis: { format: '%' } },
            y: { field: 'incremental', type: 'quantitative', title: 'Incremental responders (count)' },
            color: { field: 'series', type: 'nominal', title: 'Model' },
            order: { field: 'step', type: 'quantitative' },
          },
        },
      ],
    },
  );
}

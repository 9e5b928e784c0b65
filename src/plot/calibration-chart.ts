/**
 * `calibrationChart`: observed rate against mean predicted probability per bin.
 * @module
 */
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteField, makeSpec, referenceLine, requireRows } from './chart-spec.js';
import { DataError } from '../errors.js';

/** One bin of a calibration table, as in `evaluateBinary(…).calibration`. @category Plot */
export interface CalibrationChartRow {
  readonly lower: number;
  readonly upper: number;
  /** Rows in the bin; 0 for an empty bin. */
  readonly count: number;
  /** Mean predicted probability (NaN when the bin is empty). */
  readonly meanPredicted: number;
  /** Observed positive rate (NaN when the bin is empty). */
  readonly observedRate: number;
}

/**
 * The reliability diagram: per probability bin, the observed positive rate against the mean
 * predicted probability, points sized by the bin's row count; a calibrated model lies on the
 * dashed diagonal. Empty bins (count 0, whose means are NaN by definition) are left out and
 * counted in `usermeta.telcokit.notes`; a NaN in a non-empty bin is an error.
 *
 * @param calibration - the calibration table, e.g. `evaluateBinary(labels, scores).calibration`
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ lower, upper, count, meanPredicted, observedRate }`
 * @throws DataError when every bin is empty, or a non-empty bin has a NaN/±Infinity field
 * @example
 * calibrationChart([
 *   { lower: 0, upper: 0.5, count: 4, meanPredicted: 0.2, observedRate: 0.25 },
 *   { lower: 0.5, upper: 1, count: 0, meanPredicted: NaN, observedRate: NaN },
 * ]).usermeta.telcokit.notes // => ['1 empty bin left out']
 * @category Plot
 */
export function calibrationChart(calibration: readonly CalibrationChartRow[], options: ChartOptions = {}): ChartSpec {
  const fn = 'calibrationChart';
  const o = chartOptions(fn, options, { title: 'Calibration', width: 360, height: 360 });
  if (!Array.isArray(calibration)) throw new DataError(`${fn}: expected an array of calibration bins`);
  const rows: ChartRow[] = [];
  let empty = 0;
  calibration.forEach((r, i) => {
    const count = finiteField(fn, 'calibration', r, i, 'count');
    if (count < 0) throw new DataError(`${fn}: calibration[${i}].count is ${count}; expected ≥ 0`);
    if (count === 0) {
      empty++;
      return;
    }
    rows.push({
      lower: finiteField(fn, 'calibration', r, i, 'lower'),
      upper: finiteField(fn, 'calibration', r, i, 'upper'),
      count,
      meanPredicted: finiteField(fn, 'calibration', r, i, 'meanPredicted'),
      observedRate: finiteField(fn, 'calibration', r, i, 'observedRate'),
    });
  });
  requireRows(fn, rows.length, 'non-empty bins');
  const notes = empty === 0 ? [] : [`${empty} empty bin${empty === 1 ? '' : 's'} left out`];
  return makeSpec(
    'calibrationChart',
    o,
    'Observed positive rate against mean predicted probability per bin; a calibrated model lies on the dashed diagonal.',
    rows,
    [
      { field: 'lower', title: 'Bin from (probability)' },
      { field: 'upper', title: 'Bin to (probability)' },
      { field: 'count', title: 'Rows' },
      { field: 'meanPredicted', title: 'Mean predicted probability' },
      { field: 'observedRate', title: 'Observed rate (share)' },
    ],
    {
      layer: [
        referenceLine(0, 0, 1, 1),
        {
          mark: { type: 'line', point: false, color: '#0072B2' },
          encoding: {
            x: { field: 'meanPredicted', type: 'quantitative', title: 'Mean predicted probability (share)', scale: { domain: [0, 1] }, axis: { format: '%' } },
            y: { field: 'observedRate', type: 'quantitative', title: 'Observed positive rate (share)', scale: { domain: [0, 1] }, axis: { format: '%' } },
          },
        },
        {
          mark: { type: 'point', filled: true, color: '#0072B2' },
          encoding: {
            x: { field: 'meanPredicted', type: 'quantitative' },
            y: { field: 'observedRate', type: 'quantitative' },
            size: { field: 'count', type: 'quantitative', title: 'Rows in bin' },
          },
        },
      ],
    },
    notes,
  );
}

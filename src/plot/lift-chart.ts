/**
 * `liftChart`: lift by score decile as a Vega-Lite bar chart.
 * @module
 */
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteField, makeSpec, referenceRule, requireRows } from './chart-spec.js';
import { DataError } from '../errors.js';

/** One quantile group, as in `evaluateBinary(…).lift`. @category Plot */
export interface LiftChartRow {
  /** Group number, 1 = the highest scores. */
  readonly group: number;
  /** Positive rate of the group over the overall positive rate. */
  readonly lift: number;
}

/**
 * Lift by decile (or any quantile group): each group's positive rate as a multiple of the base
 * rate, lift_g = rate_g / rate; the dashed rule at 1 is random targeting.
 *
 * @param lift - the lift table, e.g. `evaluateBinary(labels, scores).lift`
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ group, lift }`
 * @throws DataError for an empty table, a NaN/±Infinity lift or a negative lift
 * @example
 * liftChart([{ group: 1, lift: 2.5 }, { group: 2, lift: 0.4 }]).data.values // => [{ group: 1, lift: 2.5 }, { group: 2, lift: 0.4 }]
 * @category Plot
 */
export function liftChart(lift: readonly LiftChartRow[], options: ChartOptions = {}): ChartSpec {
  const fn = 'liftChart';
  const o = chartOptions(fn, options, { title: 'Lift by score decile', width: 360, height: 260 });
  if (!Array.isArray(lift)) throw new DataError(`${fn}: expected an array of lift rows`);
  requireRows(fn, lift.length, 'groups');
  const rows: ChartRow[] = lift.map((r, i) => {
    const l = finiteField(fn, 'lift', r, i, 'lift');
    if (l < 0) throw new DataError(`${fn}: lift[${i}].lift is ${l}; expected ≥ 0`);
    return { group: finiteField(fn, 'lift', r, i, 'group'), lift: l };
  });
  return makeSpec(
    'liftChart',
    o,
    'Positive rate of each score group as a multiple of the overall rate; the dashed rule at 1 is random targeting.',
    rows,
    [
      { field: 'group', title: 'Score group (1 = highest)' },
      { field: 'lift', title: 'Lift (× base rate)' },
    ],
    {
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'group', type: 'ordinal', title: 'Score decile (1 = highest scores)', axis: { labelAngle: 0 } },
            y: { field: 'lift', type: 'quantitative', title: 'Lift (× base positive rate)' },
            color: { value: '#0072B2' },
          },
        },
        referenceRule('y', 1),
      ],
    },
  );
}

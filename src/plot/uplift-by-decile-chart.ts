/**
 * `upliftByDecileChart`: observed uplift per decile of predicted uplift, with intervals.
 * @module
 */
import { DataError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteField, makeSpec, referenceRule, requireRows } from './chart-spec.js';

/** One decile of an uplift model's scores. @category Plot */
export interface UpliftDecileBar {
  /** Decile, 1 = highest predicted uplift. */
  readonly decile: number;
  /** Observed uplift: treated response rate − control response rate in the decile (share). */
  readonly uplift: number;
  /** Optional interval (both or neither). */
  readonly lower?: number;
  readonly upper?: number;
}

/**
 * Uplift by decile: for each decile of predicted uplift (1 = highest), the observed difference
 * between the treated and control response rates, with its interval when given; a good uplift
 * model has falling bars, positive on the left.
 *
 * @param deciles - `{ decile, uplift, lower?, upper? }` per decile
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ decile, uplift, lower, upper }` (interval fields null when absent)
 * @throws DataError for no deciles, a NaN/±Infinity value, only one end of an interval, or an interval not containing the uplift
 * @example
 * upliftByDecileChart([{ decile: 1, uplift: 0.04 }, { decile: 2, uplift: -0.01 }]).data.values[0] // => { decile: 1, uplift: 0.04, lower: null, upper: null }
 * @category Plot
 */
export function upliftByDecileChart(deciles: readonly UpliftDecileBar[], options: ChartOptions = {}): ChartSpec {
  const fn = 'upliftByDecileChart';
  const o = chartOptions(fn, options, { title: 'Uplift by decile', width: 380, height: 260 });
  if (!Array.isArray(deciles)) throw new DataError(`${fn}: expected an array of deciles`);
  requireRows(fn, deciles.length, 'deciles');
  let intervals = false;
  const rows: ChartRow[] = deciles.map((d, i) => {
    const uplift = finiteField(fn, 'deciles', d, i, 'uplift');
    const decile = finiteField(fn, 'deciles', d, i, 'decile');
    const hasL = d.lower !== undefined;
    const hasU = d.upper !== undefined;
    if (hasL !== hasU) throw new DataError(`${fn}: deciles[${i}] has only one end of its interval`);
    if (!hasL) return { decile, uplift, lower: null, upper: null };
    intervals = true;
    const lower = finiteField(fn, 'deciles', d, i, 'lower');
    const upper = finiteField(fn, 'deciles', d, i, 'upper');
    if (!(lower <= uplift && uplift <= upper)) throw new DataError(`${fn}: deciles[${i}] needs lower ≤ uplift ≤ upper, got ${lower}, ${uplift}, ${upper}`);
    return { decile, uplift, lower, upper };
  });
  return makeSpec(
    'upliftByDecileChart',
    o,
    'Observed treated − control response rate per decile of predicted uplift; the dashed rule is no effect.',
    rows,
    [
      { field: 'decile', title: 'Decile (1 = highest predicted uplift)' },
      { field: 'uplift', title: 'Observed uplift (share)' },
      { field: 'lower', title: 'Interval from' },
      { field: 'upper', title: 'Interval to' },
    ],
    {
      encoding: { x: { field: 'decile', type: 'ordinal', title: 'Decile of predicted uplift (1 = highest)', axis: { labelAngle: 0 } } },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'uplift', type: 'quantitative', title: 'Observed uplift: treated − control response rate (share)', axis: { format: '%' } },
            color: { condition: { test: 'datum.uplift >= 0', value: '#0072B2' }, value: '#D55E00' },
          },
        },
        ...(intervals
          ? [{ transform: [{ filter: 'isValid(datum.lower)' }], mark: { type: 'rule', color: '#000000' }, encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } } }]
          : []),
        referenceRule('y', 0),
      ],
    },
  );
}

/**
 * `gainsChart`: the cumulative gains curve of a scorer as a Vega-Lite spec.
 * @module
 */
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteField, makeSpec, referenceLine, requireRows } from './chart-spec.js';
import { DataError } from '../errors.js';

/** One quantile group, as in `evaluateBinary(…).lift` (group 1 = highest scores). @category Plot */
export interface GainsChartRow {
  readonly group: number;
  /** Rows in the group. */
  readonly count: number;
  /** Share of all positives captured by groups 1..group, in [0, 1]. */
  readonly cumulativeGain: number;
}

/**
 * Cumulative gains: the share of all positives (churners) reached when targeting the top x% of
 * scores. Point g is (Σ_{h≤g} countₕ / n, cumulativeGain_g), starting at (0, 0); the dashed
 * diagonal is random targeting.
 *
 * @param lift - the lift table, e.g. `evaluateBinary(labels, scores).lift` (groups in order 1, 2, …)
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ group, targeted, gain }` (targeted and gain as shares)
 * @throws DataError for an empty table, a NaN/±Infinity field, a negative count, or groups out of order
 * @example
 * gainsChart([{ group: 1, count: 1, cumulativeGain: 0.5 }, { group: 2, count: 1, cumulativeGain: 1 }]).data.values[1] // => { group: 1, targeted: 0.5, gain: 0.5 }
 * @category Plot
 */
export function gainsChart(lift: readonly GainsChartRow[], options: ChartOptions = {}): ChartSpec {
  const fn = 'gainsChart';
  const o = chartOptions(fn, options, { title: 'Cumulative gains', width: 360, height: 360 });
  if (!Array.isArray(lift)) throw new DataError(`${fn}: expected an array of lift rows`);
  requireRows(fn, lift.length, 'groups');
  let total = 0;
  const counts: number[] = [];
  for (let i = 0; i < lift.length; i++) {
    const c = finiteField(fn, 'lift', lift[i], i, 'count');
    if (c < 0) throw new DataError(`${fn}: lift[${i}].count is ${c}; expected a count ≥ 0`);
    const g = finiteField(fn, 'lift', lift[i], i, 'group');
    if (g !== i + 1) throw new DataError(`${fn}: lift[${i}].group is ${g}; expected groups 1, 2, … in order`);
    counts.push(c);
    total += c;
  }
  if (total === 0) throw new DataError(`${fn}: every group is empty`);
  const rows: ChartRow[] = [{ group: 0, targeted: 0, gain: 0 }];
  let cum = 0;
  for (let i = 0; i < lift.length; i++) {
    cum += counts[i]!;
    rows.push({ group: i + 1, targeted: cum / total, gain: finiteField(fn, 'lift', lift[i], i, 'cumulativeGain') });
  }
  return makeSpec(
    'gainsChart',
    o,
    'Share of all positives reached when targeting the highest-scored share of the base; the dashed diagonal is random targeting.',
    rows,
    [
      { field: 'group', title: 'Score group (1 = highest)' },
      { field: 'targeted', title: 'Base targeted (share)' },
      { field: 'gain', title: 'Positives reached (share)' },
    ],
    {
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'targeted', type: 'quantitative', title: 'Base targeted, highest scores first (share of subscribers)', scale: { domain: [0, 1] }, axis: { format: '%' } },
            y: { field: 'gain', type: 'quantitative', title: 'Positives reached (share of all positives)', scale: { domain: [0, 1] }, axis: { format: '%' } },
            order: { field: 'group', type: 'quantitative' },
          },
        },
        referenceLine(0, 0, 1, 1),
      ],
    },
  );
}

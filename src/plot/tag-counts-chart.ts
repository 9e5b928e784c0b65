/**
 * `tagCountsChart`: subscribers per tag as a Vega-Lite bar chart.
 * @module
 */
import { DataError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { CATEGORY_Y_AXIS, chartOptions, makeSpec, requireRows } from './chart-spec.js';

/**
 * How many subscribers carry each tag, one bar per tag, largest first.
 *
 * @param counts - subscribers per tag, `{ tag: count }` (e.g. from `countAudience(index, tag)` per tag); counts are integers ≥ 0
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ tag, count }` in the given order
 * @throws DataError for no tags or a count that is not an integer ≥ 0
 * @example
 * tagCountsChart({ heavy_data: 120, churn_risk: 35 }).data.values // => [{ tag: 'heavy_data', count: 120 }, { tag: 'churn_risk', count: 35 }]
 * @category Plot
 */
export function tagCountsChart(counts: Readonly<Record<string, number>>, options: ChartOptions = {}): ChartSpec {
  const fn = 'tagCountsChart';
  const o = chartOptions(fn, options, { title: 'Subscribers per tag', width: 360 });
  if (counts === null || typeof counts !== 'object' || Array.isArray(counts)) throw new DataError(`${fn}: expected an object { tag: count }`);
  const entries = Object.entries(counts);
  requireRows(fn, entries.length, 'tags');
  const rows: ChartRow[] = entries.map(([tag, count]) => {
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw new DataError(`${fn}: the count of '${tag}' is ${String(count)}; expected an integer ≥ 0`);
    }
    return { tag, count };
  });
  return makeSpec(
    'tagCountsChart',
    { ...o, height: options.height ?? Math.max(80, 20 * rows.length) },
    'Number of subscribers carrying each tag.',
    rows,
    [
      { field: 'tag', title: 'Tag' },
      { field: 'count', title: 'Subscribers (count)' },
    ],
    {
      mark: { type: 'bar', color: '#0072B2' },
      encoding: {
        y: { field: 'tag', type: 'nominal', title: 'Tag', sort: '-x', axis: CATEGORY_Y_AXIS },
        x: { field: 'count', type: 'quantitative', title: 'Subscribers (count)' },
      },
    },
  );
}

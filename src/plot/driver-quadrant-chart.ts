/**
 * `driverQuadrantChart`: the importance × performance map of satisfaction drivers, as a
 * Vega-Lite scatter with the quadrant cut lines.
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteField, makeSpec, requireRows, stringField } from './chart-spec.js';

/** One attribute, as in `satisfactionDrivers(…).attributes` (only these fields are read). @category Plot */
export interface DriverQuadrantChartRow {
  readonly attribute: string;
  /** Share of explained variance, in [0, 1]. */
  readonly importance: number;
  /** Mean rating. */
  readonly performance: number;
}

/** Options of {@link driverQuadrantChart}. @category Plot */
export interface DriverQuadrantChartOptions extends ChartOptions {
  /** Importance cut line. Default: the mean importance of the rows. */
  readonly importanceCut?: number;
  /** Performance cut line. Default: the mean performance of the rows. */
  readonly performanceCut?: number;
}

/**
 * Importance × performance: one labelled point per attribute (importance across, mean rating up),
 * with dashed cut lines; the lower-right quadrant (important, rated low) is where to act first.
 *
 * @param rows - e.g. `satisfactionDrivers(responses, { attributes }).attributes`
 * @param options - `importanceCut`, `performanceCut` (e.g. the result's `thresholds`), `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ attribute, importance, performance, quadrant }`
 * @throws DataError for no rows, a NaN/±Infinity, importance outside [0, 1], a missing or repeated attribute name
 * @throws OptionsError for a cut that is not a finite number
 * @example
 * driverQuadrantChart([{ attribute: 'price', importance: 0.6, performance: 5 }, { attribute: 'coverage', importance: 0.4, performance: 8 }]).data.values[0].quadrant // => 'fix first'
 * @category Plot
 */
export function driverQuadrantChart(rows: readonly DriverQuadrantChartRow[], options: DriverQuadrantChartOptions = {}): ChartSpec {
  const fn = 'driverQuadrantChart';
  const o = chartOptions(fn, options, { title: 'Satisfaction drivers: importance × performance', width: 420, height: 320 }, ['importanceCut', 'performanceCut']);
  if (!Array.isArray(rows)) throw new DataError(`${fn}: expected an array of attribute rows`);
  requireRows(fn, rows.length, 'attributes');
  const seen = new Set<string>();
  const base = rows.map((r, i) => {
    const attribute = stringField(fn, 'rows', r, i, 'attribute');
    if (seen.has(attribute)) throw new DataError(`${fn}: rows[${i}].attribute '${attribute}' repeats`);
    seen.add(attribute);
    const importance = finiteField(fn, 'rows', r, i, 'importance');
    if (importance < 0 || importance > 1) throw new DataError(`${fn}: rows[${i}].importance is ${importance}; expected a share in [0, 1]`);
    return { attribute, importance, performance: finiteField(fn, 'rows', r, i, 'performance') };
  });
  const cut = (name: 'importanceCut' | 'performanceCut', dflt: number): number => {
    const v = options[name];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new OptionsError(`${fn}: option ${name} must be a finite number, got ${String(v)}`, name);
    return v;
  };
  const ic = cut('importanceCut', base.reduce((s, r) => s + r.importance, 0) / base.length);
  const pc = cut('performanceCut', base.reduce((s, r) => s + r.performance, 0) / base.length);
  const values: ChartRow[] = base.map((r) => ({
    ...r,
    quadrant: r.importance > ic ? (r.performance > pc ? 'keep up' : 'fix first') : r.performance > pc ? 'possible overkill' : 'low priority',
  }));
  const x = { field: 'importance', type: 'quantitative', title: 'Importance (share of explained variance)', axis: { format: '.0%' } };
  const y = { field: 'performance', type: 'quantitative', title: 'Performance (mean rating)', scale: { zero: false } };
  return makeSpec(
    fn,
    o,
    'Each service attribute by its importance for the overall score and its mean rating; important attributes rated below average (lower right) come first.',
    values,
    [
      { field: 'attribute', title: 'Attribute' },
      { field: 'importance', title: 'Importance (share)' },
      { field: 'performance', title: 'Performance (mean rating)' },
      { field: 'quadrant', title: 'Quadrant' },
    ],
    {
      layer: [
        {
          mark: { type: 'point', filled: true, size: 90 },
          encoding: {
            x,
            y,
            color: { field: 'quadrant', type: 'nominal', title: 'Quadrant', scale: { domain: ['fix first', 'keep up', 'possible overkill', 'low priority'] } },
            tooltip: [
              { field: 'attribute', type: 'nominal', title: 'Attribute' },
              { field: 'importance', type: 'quantitative', title: 'Importance (share)', format: '.1%' },
              { field: 'performance', type: 'quantitative', title: 'Performance (mean rating)', format: '.2f' },
            ],
          },
        },
        { mark: { type: 'text', align: 'left', dx: 7, fontSize: 10 }, encoding: { x, y, text: { field: 'attribute', type: 'nominal' } } },
        { data: { values: [{ cut: ic }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999999' }, encoding: { x: { field: 'cut', type: 'quantitative' } } },
        { data: { values: [{ cut: pc }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#999999' }, encoding: { y: { field: 'cut', type: 'quantitative' } } },
      ],
    },
    [`cut lines at importance ${ic.toFixed(4)} and performance ${pc.toFixed(4)}`],
  );
}

/**
 * `abTestChart`: A/B (or multi-arm) results with their confidence intervals.
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { CATEGORY_Y_AXIS, chartOptions, finiteField, makeSpec, referenceRule, requireRows, stringField } from './chart-spec.js';

/** One arm or comparison with its interval. @category Plot */
export interface AbTestChartArm {
  /** Arm or comparison name, e.g. `'offer B vs control'`. */
  readonly arm: string;
  /** Point estimate (a rate, a difference of rates, a lift…). */
  readonly estimate: number;
  /** Lower end of the interval (≤ estimate). */
  readonly lower: number;
  /** Upper end of the interval (≥ estimate). */
  readonly upper: number;
}

/** Options of {@link abTestChart}. @category Plot */
export interface AbTestChartOptions extends ChartOptions {
  /** Axis title with unit (default `'Difference in response rate vs control (share)'`). */
  readonly valueTitle?: string;
  /** Draw a dashed "no effect" rule here (default 0; `null` for none). */
  readonly reference?: number | null;
  /** Format the values as percentages (default true: estimates are shares). */
  readonly percent?: boolean;
  /** The intervals' confidence level, in (0, 1), for the subtitle (default 0.95). */
  readonly level?: number;
}

/**
 * Campaign test results: each arm's estimate as a point with its confidence interval as a bar,
 * and a dashed rule at "no effect"; an interval that does not cross the rule is a significant
 * result at the interval's level.
 *
 * @param arms - `{ arm, estimate, lower, upper }` per arm or comparison (intervals from the campaign measurement)
 * @param options - `valueTitle`, `reference` (0), `percent` (true), `level` (0.95), `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ arm, estimate, lower, upper, significant }`
 * @throws DataError for no arms, a NaN/±Infinity value, or lower > estimate > upper out of order
 * @example
 * abTestChart([{ arm: 'B vs A', estimate: 0.02, lower: 0.005, upper: 0.035 }]).data.values[0].significant // => true
 * @category Plot
 */
export function abTestChart(arms: readonly AbTestChartArm[], options: AbTestChartOptions = {}): ChartSpec {
  const fn = 'abTestChart';
  const o = chartOptions(fn, options, { title: 'Campaign test results', width: 380 }, ['valueTitle', 'reference', 'percent', 'level']);
  const valueTitle = options.valueTitle ?? 'Difference in response rate vs control (share)';
  if (typeof valueTitle !== 'string' || valueTitle.trim() === '') throw new OptionsError(`${fn}: valueTitle must be a non-empty string`, 'valueTitle');
  const reference = options.reference === undefined ? 0 : options.reference;
  if (reference !== null && (typeof reference !== 'number' || !Number.isFinite(reference))) throw new OptionsError(`${fn}: reference must be a finite number or null`, 'reference');
  const percent = options.percent ?? true;
  if (typeof percent !== 'boolean') throw new OptionsError(`${fn}: percent must be a boolean`, 'percent');
  const level = options.level ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new OptionsError(`${fn}: level must be in (0, 1), got ${String(level)}`, 'level');
  if (!Array.isArray(arms)) throw new DataError(`${fn}: expected an array of arms`);
  requireRows(fn, arms.length, 'arms');
  const rows: ChartRow[] = arms.map((a, i) => {
    const estimate = finiteField(fn, 'arms', a, i, 'estimate');
    const lower = finiteField(fn, 'arms', a, i, 'lower');
    const upper = finiteField(fn, 'arms', a, i, 'upper');
    if (!(lower <= estimate && estimate <= upper)) throw new DataError(`${fn}: arms[${i}] needs lower ≤ estimate ≤ upper, got ${lower}, ${estimate}, ${upper}`);
    const significant = reference !== null && (lower > reference || upper < reference);
    return { arm: stringField(fn, 'arms', a, i, 'arm'), estimate, lower, upper, significant };
  });
  const axis = percent ? { format: '%' } : {};
  return makeSpec(
    'abTestChart',
    { ...o, height: options.height ?? Math.max(80, 36 * rows.length), subtitle: o.subtitle ?? `Points: estimates; bars: ${Math.round(level * 1000) / 10}% confidence intervals` },
    'Estimated effect of each arm with its confidence interval; an interval clear of the dashed rule is significant.',
    rows,
    [
      { field: 'arm', title: 'Arm' },
      { field: 'estimate', title: valueTitle },
      { field: 'lower', title: 'Interval from' },
      { field: 'upper', title: 'Interval to' },
    ],
    {
      encoding: { y: { field: 'arm', type: 'nominal', title: 'Arm', sort: null, axis: CATEGORY_Y_AXIS } },
      layer: [
        ...(reference === null ? [] : [referenceRule('x', reference)]),
        {
          mark: { type: 'rule', strokeWidth: 3 },
          encoding: {
            x: { field: 'lower', type: 'quantitative', title: valueTitle, axis },
            x2: { field: 'upper' },
            color: { field: 'significant', type: 'nominal', title: 'Significant', scale: { domain: [true, false], range: ['#0072B2', '#999999'] } },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 90, color: '#000000' },
          encoding: { x: { field: 'estimate', type: 'quantitative' } },
        },
      ],
    },
  );
}

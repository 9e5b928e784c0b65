/**
 * `watchlistChart`: a churn watchlist as bars of value at risk, labelled with each row's reasons.
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { CATEGORY_Y_AXIS, chartOptions, finiteField, makeSpec, requireRows, stringField } from './chart-spec.js';

/** One watchlist entry, as `churnWatchlist` returns it. @category Plot */
export interface WatchlistChartEntry {
  readonly id: string;
  /** Churn probability in [0, 1]. */
  readonly probability: number;
  /** probability × value (e.g. ARPU), in currency units. */
  readonly priority: number;
  /** Reasons, strongest first. */
  readonly reasons: readonly string[];
}

/** Options of {@link watchlistChart}. @category Plot */
export interface WatchlistChartOptions extends ChartOptions {
  /** Entries shown (the first ones, in the given order): an integer in [1, 50] (default 15). */
  readonly top?: number;
  /** The currency's name in the axis title (default `'currency units'`). */
  readonly currency?: string;
}

/**
 * The watchlist at a glance: one bar per subscriber, length = priority (churn probability × value),
 * with the subscriber's churn probability and strongest reason written beside it (all reasons are
 * in the data, so a report's table lists them).
 *
 * @param entries - e.g. `churnWatchlist(model, m, { top: 15, value: 'arpu' })`, highest priority first
 * @param options - `top` (15), `currency`, `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ rank, id, probability, priority, reasons }` (reasons joined by '; ')
 * @throws DataError for an empty list, a NaN/±Infinity figure or a missing id; OptionsError for a bad `top`
 * @example
 * watchlistChart([{ id: 'S1', probability: 0.8, priority: 96, reasons: ['data use fell'] }]).data.values // => [{ rank: 1, id: 'S1', probability: 0.8, priority: 96, reasons: 'data use fell' }]
 * @category Plot
 */
export function watchlistChart(entries: readonly WatchlistChartEntry[], options: WatchlistChartOptions = {}): ChartSpec {
  const fn = 'watchlistChart';
  const o = chartOptions(fn, options, { title: 'Churn watchlist', width: 300 }, ['top', 'currency']);
  const top = options.top ?? 15;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > 50) {
    throw new OptionsError(`${fn}: top must be an integer in [1, 50], got ${String(top)}`, 'top');
  }
  const currency = options.currency ?? 'currency units';
  if (typeof currency !== 'string' || currency.trim() === '') throw new OptionsError(`${fn}: currency must be a non-empty string`, 'currency');
  if (!Array.isArray(entries)) throw new DataError(`${fn}: expected an array of watchlist entries`);
  requireRows(fn, entries.length, 'entries');
  const shown = entries.slice(0, top);
  const rows: ChartRow[] = shown.map((e, i) => {
    const reasons = (e as { reasons?: unknown }).reasons;
    if (!Array.isArray(reasons) || reasons.some((r) => typeof r !== 'string')) throw new DataError(`${fn}: entries[${i}].reasons must be an array of strings`);
    return {
      rank: i + 1,
      id: stringField(fn, 'entries', e, i, 'id'),
      probability: finiteField(fn, 'entries', e, i, 'probability'),
      priority: finiteField(fn, 'entries', e, i, 'priority'),
      reasons: reasons.join('; '),
    };
  });
  const notes = entries.length > top ? [`${entries.length - top} further entries not shown`] : [];
  return makeSpec(
    'watchlistChart',
    { ...o, height: options.height ?? Math.max(60, 22 * rows.length) },
    'Subscribers most worth a retention call: bar length is churn probability times value; the text gives the probability and the reasons.',
    rows,
    [
      { field: 'rank', title: 'Rank' },
      { field: 'id', title: 'Subscriber' },
      { field: 'probability', title: 'Churn probability' },
      { field: 'priority', title: `Value at risk (${currency})` },
      { field: 'reasons', title: 'Reasons' },
    ],
    {
      encoding: {
        y: { field: 'id', type: 'nominal', title: 'Subscriber', sort: null, axis: CATEGORY_Y_AXIS },
      },
      layer: [
        {
          mark: { type: 'bar', color: '#0072B2' },
          encoding: { x: { field: 'priority', type: 'quantitative', title: `Value at risk: churn probability × value (${currency})` } },
        },
        {
          transform: [{ calculate: "format(datum.probability, '.0%') + ' · ' + split(datum.reasons, '; ')[0]", as: 'label' }],
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333333', limit: 420 },
          encoding: {
            x: { field: 'priority', type: 'quantitative' },
            text: { field: 'label', type: 'nominal' },
          },
        },
      ],
    },
    notes,
  );
}

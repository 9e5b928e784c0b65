/**
 * `profitChart`: expected campaign profit against the number of subscribers targeted.
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteAt, makeSpec, referenceRule, requireRows, sameLength } from './chart-spec.js';

/** A profit curve, as `profitCurve` returns it. @category Plot */
export interface ProfitChartCurve {
  /** Subscribers targeted at each cut-off (non-decreasing). */
  readonly targeted: ArrayLike<number>;
  /** Expected profit at each cut-off, in currency units. */
  readonly profit: ArrayLike<number>;
  /** The most profitable cut-off, marked on the chart. */
  readonly best?: { readonly targeted: number; readonly profit: number };
}

/** Options of {@link profitChart}. @category Plot */
export interface ProfitChartOptions extends ChartOptions {
  /** The currency's name in axis titles (default `'currency units'`), e.g. `'CNY'`. */
  readonly currency?: string;
}

/**
 * Expected profit of a retention campaign against how many subscribers it targets, highest
 * scores first (see `profitCurve` for the formula); the best cut-off is marked and the dashed rule
 * is break-even.
 *
 * @param curve - `{ targeted, profit, best? }`, e.g. from `profitCurve`
 * @param options - `currency` (label), `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ targeted, profit, best }`
 * @throws DataError for an empty curve, arrays of different lengths, or a NaN/±Infinity point
 * @example
 * profitChart({ targeted: [0, 1, 2], profit: [0, 40, 30], best: { targeted: 1, profit: 40 } }).title // => { text: 'Expected campaign profit', subtitle: 'Best: target 1 subscribers for 40 currency units' }
 * @category Plot
 */
export function profitChart(curve: ProfitChartCurve, options: ProfitChartOptions = {}): ChartSpec {
  const fn = 'profitChart';
  const o = chartOptions(fn, options, { title: 'Expected campaign profit', width: 420, height: 280 }, ['currency']);
  const currency = options.currency ?? 'currency units';
  if (typeof currency !== 'string' || currency.trim() === '') throw new OptionsError(`${fn}: currency must be a non-empty string`, 'currency');
  if (curve === null || typeof curve !== 'object') throw new DataError(`${fn}: expected { targeted, profit }`);
  sameLength(fn, curve.targeted, 'targeted', curve.profit, 'profit');
  requireRows(fn, curve.targeted.length, 'points');
  const best = curve.best;
  if (best !== undefined && (!Number.isFinite(best.targeted) || !Number.isFinite(best.profit))) {
    throw new DataError(`${fn}: best.targeted and best.profit must be finite numbers`);
  }
  const rows: ChartRow[] = [];
  for (let i = 0; i < curve.targeted.length; i++) {
    const t = finiteAt(fn, 'targeted', curve.targeted, i);
    rows.push({ targeted: t, profit: finiteAt(fn, 'profit', curve.profit, i), best: best !== undefined && t === best.targeted });
  }
  const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return makeSpec(
    'profitChart',
    { ...o, subtitle: o.subtitle ?? (best === undefined ? undefined : `Best: target ${fmt(best.targeted)} subscribers for ${fmt(best.profit)} ${currency}`) },
    'Expected profit of the campaign against the number of subscribers targeted, highest scores first; the dashed rule is break-even.',
    rows,
    [
      { field: 'targeted', title: 'Subscribers targeted' },
      { field: 'profit', title: `Expected profit (${currency})` },
    ],
    {
      layer: [
        referenceRule('y', 0),
        {
          mark: { type: 'line', color: '#0072B2' },
          encoding: {
            x: { field: 'targeted', type: 'quantitative', title: 'Subscribers targeted, highest scores first (count)' },
            y: { field: 'profit', type: 'quantitative', title: `Expected profit (${currency})` },
          },
        },
        {
          transform: [{ filter: 'datum.best' }],
          mark: { type: 'point', filled: true, size: 80, color: '#D55E00' },
          encoding: { x: { field: 'targeted', type: 'quantitative' }, y: { field: 'profit', type: 'quantitative' } },
        },
      ],
    },
  );
}

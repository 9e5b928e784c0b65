/**
 * `driftChart`: population stability index per feature as a Vega-Lite bar chart.
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { CATEGORY_Y_AXIS, chartOptions, finiteField, makeSpec, referenceRule, requireRows, stringField } from './chart-spec.js';

/** What `detectDrift` returns (only these fields are read). @category Plot */
export interface DriftChartInput {
  readonly features: readonly { readonly feature: string; readonly psi: number; readonly level?: string }[];
}

/** Options of {@link driftChart}. @category Plot */
export interface DriftChartOptions extends ChartOptions {
  /** PSI drawn as the "watch" line (default 0.1). */
  readonly psiWarn?: number;
  /** PSI drawn as the "act" line (default 0.25). */
  readonly psiAlert?: number;
}

/**
 * Drift between two windows: one bar per feature with its population stability index,
 * PSI = Σ_b (c_b − r_b) ln(c_b / r_b) over quantile bins (Yurdakul 2018), coloured by the level
 * `detectDrift` gave it, with dashed rules at the conventional 0.1 (watch) and 0.25 (act).
 *
 * @param report - e.g. `detectDrift(reference, current)`
 * @param options - `psiWarn` (0.1), `psiAlert` (0.25), `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ feature, psi, level }`
 * @throws DataError for no features or a NaN/±Infinity or negative PSI; OptionsError for bad thresholds
 * @example
 * driftChart({ features: [{ feature: 'arpu', psi: 0.3, level: 'alert' }] }).data.values // => [{ feature: 'arpu', psi: 0.3, level: 'alert' }]
 * @category Plot
 */
export function driftChart(report: DriftChartInput, options: DriftChartOptions = {}): ChartSpec {
  const fn = 'driftChart';
  const o = chartOptions(fn, options, { title: 'Feature drift (PSI)', width: 360 }, ['psiWarn', 'psiAlert']);
  const warn = options.psiWarn ?? 0.1;
  const alert = options.psiAlert ?? 0.25;
  for (const [name, v] of [['psiWarn', warn], ['psiAlert', alert]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new OptionsError(`${fn}: ${name} must be a finite number > 0, got ${String(v)}`, name);
  }
  if (alert < warn) throw new OptionsError(`${fn}: psiAlert (${alert}) is below psiWarn (${warn})`, 'psiAlert');
  if (report === null || typeof report !== 'object' || !Array.isArray(report.features)) throw new DataError(`${fn}: expected detectDrift's report { features }`);
  requireRows(fn, report.features.length, 'features');
  const rows: ChartRow[] = report.features.map((f, i) => {
    const psi = finiteField(fn, 'features', f, i, 'psi');
    if (psi < 0) throw new DataError(`${fn}: features[${i}].psi is ${psi}; expected ≥ 0`);
    const level = f.level ?? (psi >= alert ? 'alert' : psi >= warn ? 'warn' : 'stable');
    return { feature: stringField(fn, 'features', f, i, 'feature'), psi, level };
  });
  return makeSpec(
    'driftChart',
    { ...o, height: options.height ?? Math.max(80, 20 * rows.length) },
    `Population stability index per feature between the reference and the current window; dashed rules at ${warn} (watch) and ${alert} (act).`,
    rows,
    [
      { field: 'feature', title: 'Feature' },
      { field: 'psi', title: 'PSI (unitless)' },
      { field: 'level', title: 'Level' },
    ],
    {
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'feature', type: 'nominal', title: 'Feature', sort: '-x', axis: CATEGORY_Y_AXIS },
            x: { field: 'psi', type: 'quantitative', title: 'Population stability index (unitless)' },
            color: { field: 'level', type: 'nominal', title: 'Level', scale: { domain: ['stable', 'warn', 'alert'], range: ['#009E73', '#E69F00', '#D55E00'] } },
          },
        },
        referenceRule('x', warn),
        referenceRule('x', alert),
      ],
    },
  );
}

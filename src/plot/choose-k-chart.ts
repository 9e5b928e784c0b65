/**
 * `chooseKChart`: the elbow (inertia) and silhouette criteria against k, side by side.
 * @module
 */
import { DataError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteField, makeSpec, requireRows } from './chart-spec.js';

/** What `chooseK` returns (only these fields are read). @category Plot */
export interface ChooseKChartInput {
  readonly rows: readonly { readonly k: number; readonly inertia: number; readonly silhouette: number }[];
  readonly recommended?: { readonly elbow: number; readonly silhouette: number };
}

/**
 * Two panels against the number of segments k: the within-segment sum of squares (look for the
 * elbow) and the mean silhouette (higher is better), with the k each criterion recommends marked
 * in orange.
 *
 * @param result - e.g. `chooseK(matrix, { kMin: 2, kMax: 10 })`
 * @param options - `title`, `subtitle`, `width`, `height` (of each panel)
 * @returns a Vega-Lite v6 spec (horizontal concatenation); rows `{ k, inertia, silhouette, elbow, best }`
 * @throws DataError for no rows or a NaN/±Infinity criterion
 * @example
 * chooseKChart({ rows: [{ k: 2, inertia: 10, silhouette: 0.4 }, { k: 3, inertia: 4, silhouette: 0.6 }], recommended: { elbow: 3, silhouette: 3 } }).data.values[1] // => { k: 3, inertia: 4, silhouette: 0.6, elbow: true, best: true }
 * @category Plot
 */
export function chooseKChart(result: ChooseKChartInput, options: ChartOptions = {}): ChartSpec {
  const fn = 'chooseKChart';
  const o = chartOptions(fn, options, { title: 'How many segments?', width: 260, height: 260 });
  if (result === null || typeof result !== 'object' || !Array.isArray(result.rows)) throw new DataError(`${fn}: expected chooseK's result { rows, recommended }`);
  requireRows(fn, result.rows.length, 'values of k');
  const rec = result.recommended;
  const rows: ChartRow[] = result.rows.map((r, i) => {
    const k = finiteField(fn, 'rows', r, i, 'k');
    return {
      k,
      inertia: finiteField(fn, 'rows', r, i, 'inertia'),
      silhouette: finiteField(fn, 'rows', r, i, 'silhouette'),
      elbow: rec?.elbow === k,
      best: rec?.silhouette === k,
    };
  });
  const panel = (field: 'inertia' | 'silhouette', flag: 'elbow' | 'best', yTitle: string) => ({
    width: o.width,
    height: o.height,
    layer: [
      {
        mark: { type: 'line', point: true, color: '#0072B2' },
        encoding: {
          x: { field: 'k', type: 'quantitative', title: 'Number of segments k (count)', axis: { tickMinStep: 1, format: 'd' } },
          y: { field, type: 'quantitative', title: yTitle, scale: { zero: false } },
        },
      },
      {
        transform: [{ filter: `datum.${flag}` }],
        mark: { type: 'point', filled: true, size: 120, color: '#E69F00' },
        encoding: { x: { field: 'k', type: 'quantitative' }, y: { field, type: 'quantitative' } },
      },
    ],
  });
  return makeSpec(
    'chooseKChart',
    { title: o.title, subtitle: o.subtitle ?? (rec ? `Elbow at k = ${rec.elbow}; best silhouette at k = ${rec.silhouette}` : undefined) },
    'Within-segment sum of squares and mean silhouette against the number of segments; orange marks the recommended k.',
    rows,
    [
      { field: 'k', title: 'k (segments)' },
      { field: 'inertia', title: 'Inertia (sum of squared distances)' },
      { field: 'silhouette', title: 'Mean silhouette (−1 to 1)' },
    ],
    {
      hconcat: [
        panel('inertia', 'elbow', 'Inertia (sum of squared distances)'),
        panel('silhouette', 'best', 'Mean silhouette (−1 to 1)'),
      ],
    },
  );
}

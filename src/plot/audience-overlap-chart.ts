/**
 * `audienceOverlapChart`: how much tagged audiences overlap, as a Vega-Lite heat map.
 * @module
 */
import { DataError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { CATEGORY_Y_AXIS, chartOptions, makeSpec, requireRows } from './chart-spec.js';

/** Pairwise audience sizes. @category Plot */
export interface AudienceOverlapInput {
  /** Audience (tag or expression) names, at most 40. */
  readonly names: readonly string[];
  /**
   * `counts[i][j]` = subscribers in both audience i and audience j (e.g.
   * `countAudience(index, \`${a} AND ${b}\`)`), so `counts[i][i]` is audience i's size; symmetric.
   */
  readonly counts: readonly (readonly number[])[];
}

/**
 * Audience overlaps: a cell per pair of audiences holding the number of subscribers in both,
 * coloured by the Jaccard index J = |A ∩ B| / |A ∪ B| = cᵢⱼ / (cᵢᵢ + cⱼⱼ − cᵢⱼ) on a viridis scale
 * (the diagonal is 1). Two audiences with a high J reach the same people.
 *
 * @param overlap - `{ names, counts }`: an m × m symmetric matrix of intersection sizes
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ a, b, both, jaccard }`
 * @throws DataError for no audiences, more than 40, a non-square or non-symmetric matrix, counts not integers ≥ 0, or an intersection larger than either audience
 * @example
 * audienceOverlapChart({ names: ['travel', 'business'], counts: [[10, 5], [5, 15]] }).data.values[1] // => { a: 'travel', b: 'business', both: 5, jaccard: 0.25 }
 * @category Plot
 */
export function audienceOverlapChart(overlap: AudienceOverlapInput, options: ChartOptions = {}): ChartSpec {
  const fn = 'audienceOverlapChart';
  const o = chartOptions(fn, options, { title: 'Audience overlaps' });
  if (overlap === null || typeof overlap !== 'object' || !Array.isArray(overlap.names) || !Array.isArray(overlap.counts)) {
    throw new DataError(`${fn}: expected { names, counts }`);
  }
  const { names, counts } = overlap;
  const m = names.length;
  requireRows(fn, m, 'audiences');
  if (m > 40) throw new DataError(`${fn}: ${m} audiences; at most 40 fit a readable heat map`);
  if (new Set(names).size !== m) throw new DataError(`${fn}: audience names must be distinct`);
  if (counts.length !== m || counts.some((r) => !Array.isArray(r) || r.length !== m)) {
    throw new DataError(`${fn}: counts must be a ${m} × ${m} matrix (one row and column per name)`);
  }
  const c = (i: number, j: number): number => {
    const v = counts[i]![j];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new DataError(`${fn}: counts[${i}][${j}] is ${String(v)}; expected an integer ≥ 0`);
    return v;
  };
  const rows: ChartRow[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const both = c(i, j);
      if (both !== c(j, i)) throw new DataError(`${fn}: counts is not symmetric at [${i}][${j}] (${both} vs ${c(j, i)})`);
      if (both > c(i, i) || both > c(j, j)) throw new DataError(`${fn}: counts[${i}][${j}] = ${both} exceeds an audience's own size`);
      const union = c(i, i) + c(j, j) - both;
      rows.push({ a: names[i]!, b: names[j]!, both, jaccard: union === 0 ? 0 : both / union });
    }
  }
  const side = Math.min(1000, Math.max(160, 44 * m));
  return makeSpec(
    'audienceOverlapChart',
    { ...o, width: options.width ?? side, height: options.height ?? side },
    'Subscribers in both audiences for each pair, coloured by the Jaccard index (share of the union they have in common).',
    rows,
    [
      { field: 'a', title: 'Audience' },
      { field: 'b', title: 'Other audience' },
      { field: 'both', title: 'Subscribers in both (count)' },
      { field: 'jaccard', title: 'Jaccard index (0 to 1)' },
    ],
    {
      encoding: {
        x: { field: 'b', type: 'nominal', title: 'Audience', sort: [...names], axis: { labelAngle: -40 } },
        y: { field: 'a', type: 'nominal', title: 'Audience', sort: [...names], axis: CATEGORY_Y_AXIS },
      },
      layer: [
        { mark: { type: 'rect' }, encoding: { color: { field: 'jaccard', type: 'quantitative', title: 'Jaccard index', scale: { scheme: 'viridis', domain: [0, 1] } } } },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            text: { field: 'both', type: 'quantitative', format: ',d' },
            color: { condition: { test: 'datum.jaccard < 0.5', value: 'white' }, value: 'black' },
          },
        },
      ],
    },
  );
}

/**
 * `segmentSizesChart`: how many subscribers each segment holds, as a Vega-Lite bar chart.
 * @module
 */
import { DataError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { CATEGORY_Y_AXIS, chartOptions, finiteField, makeSpec, requireRows } from './chart-spec.js';

/** One segment, as in `describeSegments(…).segments` (only these fields are read). @category Plot */
export interface SegmentSizesChartSegment {
  readonly segment: number;
  /** Subscribers in the segment. */
  readonly size: number;
  /** Readable label, e.g. "high data · night-heavy". */
  readonly label?: string;
}

/**
 * Segment sizes: one bar per segment, largest first, labelled "segment: label" and annotated
 * with its share of all subscribers, share = size / Σ sizes.
 *
 * @param segments - e.g. `describeSegments(model, m).segments`
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ segment, name, size, share }`, largest first
 * @throws DataError for no segments, a NaN/±Infinity or negative size, or sizes summing to 0
 * @example
 * segmentSizesChart([{ segment: 0, size: 30, label: 'heavy data' }, { segment: 1, size: 10 }]).data.values[1] // => { segment: 1, name: '1', size: 10, share: 0.25 }
 * @category Plot
 */
export function segmentSizesChart(segments: readonly SegmentSizesChartSegment[], options: ChartOptions = {}): ChartSpec {
  const fn = 'segmentSizesChart';
  const o = chartOptions(fn, options, { title: 'Segment sizes', width: 360 });
  if (!Array.isArray(segments)) throw new DataError(`${fn}: expected an array of segments`);
  requireRows(fn, segments.length, 'segments');
  const sizes = segments.map((s, i) => {
    const v = finiteField(fn, 'segments', s, i, 'size');
    if (v < 0) throw new DataError(`${fn}: segments[${i}].size is ${v}; expected ≥ 0`);
    return v;
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total === 0) throw new DataError(`${fn}: every segment is empty`);
  const rows: ChartRow[] = segments
    .map((s, i) => {
    const id = finiteField(fn, 'segments', s, i, 'segment');
    const label = s.label;
    if (label !== undefined && typeof label !== 'string') throw new DataError(`${fn}: segments[${i}].label must be a string`);
    return { segment: id, name: label ? `${id}: ${label}` : String(id), size: sizes[i]!, share: sizes[i]! / total };
    })
    .sort((a, b) => b.size - a.size || a.segment - b.segment);
  return makeSpec(
    'segmentSizesChart',
    { ...o, height: options.height ?? Math.max(80, 26 * rows.length) },
    'Subscribers per segment, largest first, with each segment’s share of the base.',
    rows,
    [
      { field: 'name', title: 'Segment' },
      { field: 'size', title: 'Subscribers (count)' },
      { field: 'share', title: 'Share of subscribers' },
    ],
    {
      encoding: { y: { field: 'name', type: 'nominal', title: 'Segment', sort: null, axis: { ...CATEGORY_Y_AXIS, labelLimit: 420 } } },
      layer: [
        { mark: { type: 'bar', color: '#009E73' }, encoding: { x: { field: 'size', type: 'quantitative', title: 'Subscribers (count)' } } },
        {
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
          encoding: { x: { field: 'size', type: 'quantitative' }, text: { field: 'share', type: 'quantitative', format: '.1%' } },
        },
      ],
    },
  );
}

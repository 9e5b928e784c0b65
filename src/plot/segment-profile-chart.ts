/**
 * `segmentProfileChart`: the standardised profile of every segment as a Vega-Lite heat map.
 * @module
 */
import { DataError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { CATEGORY_Y_AXIS, chartOptions, finiteField, makeSpec, requireRows, stringField } from './chart-spec.js';

/** One segment, as in `describeSegments(…).segments` (only these fields are read). @category Plot */
export interface SegmentProfileChartSegment {
  readonly segment: number;
  readonly label?: string;
  /** Standardised differences per feature: z = (segment mean − population mean) / population sd. */
  readonly distinguishing: readonly { readonly feature: string; readonly z: number }[];
}

/**
 * Segment profiles as a heat map: a row per segment, a column per feature, the cell coloured by
 * the standardised difference z = (segment mean − population mean) / population standard
 * deviation on a diverging, colour-blind-safe scale centred at 0 (blue below, orange above
 * average), with z written in the cell. Features are those listed by any segment; a segment that
 * does not list a feature leaves its cell blank (call `describeSegments` with `top` set to the
 * number of columns to fill every cell), and the notes say how many cells are blank.
 *
 * @param segments - e.g. `describeSegments(model, m, { top: 20 }).segments`
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ segment, name, feature, z }`
 * @throws DataError for no segments or features, or a NaN/±Infinity z
 * @example
 * segmentProfileChart([
 *   { segment: 0, distinguishing: [{ feature: 'dataMB', z: 1.5 }] },
 *   { segment: 1, distinguishing: [{ feature: 'dataMB', z: -0.5 }] },
 * ]).data.values.length // => 2
 * @category Plot
 */
export function segmentProfileChart(segments: readonly SegmentProfileChartSegment[], options: ChartOptions = {}): ChartSpec {
  const fn = 'segmentProfileChart';
  const o = chartOptions(fn, options, { title: 'Segment profiles (standardised)' });
  if (!Array.isArray(segments)) throw new DataError(`${fn}: expected an array of segments`);
  requireRows(fn, segments.length, 'segments');
  const rows: ChartRow[] = [];
  const features = new Set<string>();
  segments.forEach((s, i) => {
    const id = finiteField(fn, 'segments', s, i, 'segment');
    if (!Array.isArray(s.distinguishing)) throw new DataError(`${fn}: segments[${i}].distinguishing must be an array`);
    const name = typeof s.label === 'string' && s.label !== '' ? `${id}: ${s.label}` : String(id);
    (s.distinguishing as SegmentProfileChartSegment['distinguishing']).forEach((d, j) => {
      const feature = stringField(fn, `segments[${i}].distinguishing`, d, j, 'feature');
      features.add(feature);
      rows.push({ segment: id, name, feature, z: finiteField(fn, `segments[${i}].distinguishing`, d, j, 'z') });
    });
  });
  requireRows(fn, features.size, 'features');
  const blank = segments.length * features.size - rows.length;
  const notes = blank > 0 ? [`${blank} blank cell${blank === 1 ? '' : 's'}: feature not listed for that segment`] : [];
  const maxAbs = Math.max(1, ...rows.map((r) => Math.abs(r.z as number)));
  return makeSpec(
    'segmentProfileChart',
    {
      ...o,
      width: options.width ?? Math.min(1200, Math.max(200, 48 * features.size)),
      height: options.height ?? Math.max(80, 28 * segments.length),
    },
    'Standardised difference of each segment from the population mean, per feature: orange above average, blue below.',
    rows,
    [
      { field: 'name', title: 'Segment' },
      { field: 'feature', title: 'Feature' },
      { field: 'z', title: 'Standardised difference (sd units)' },
    ],
    {
      encoding: {
        x: { field: 'feature', type: 'nominal', title: 'Feature', axis: { labelAngle: -40 } },
        y: { field: 'name', type: 'nominal', title: 'Segment', axis: { ...CATEGORY_Y_AXIS, labelLimit: 420 } },
      },
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            color: {
              field: 'z',
              type: 'quantitative',
              title: 'z (sd from mean)',
              scale: { scheme: 'blueorange', domainMid: 0, domain: [-maxAbs, maxAbs] },
            },
          },
        },
        {
          mark: { type: 'text', fontSize: 10 },
          encoding: {
            text: { field: 'z', type: 'quantitative', format: '.1f' },
            color: { condition: { test: `abs(datum.z) > ${(0.6 * maxAbs).toFixed(3)}`, value: 'white' }, value: 'black' },
          },
        },
      ],
    },
    notes,
  );
}

/**
 * What every telcokit chart function returns: a Vega-Lite v6 specification as plain JSON, plus
 * the shared options, palette and input checks the chart functions use.
 *
 * Data policy (one rule for every chart): empty input is a `DataError` (a chart of nothing says
 * nothing); a NaN or ±Infinity in a point is a `DataError` naming the field and the index, never
 * dropped silently. The one documented exception is the calibration chart, whose empty bins carry
 * NaN by definition: they are left out and the chart's `usermeta.telcokit.notes` says how many.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';

/** The Vega-Lite schema every spec declares. @category Plot */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * The one categorical palette of every chart: Okabe & Ito's eight colours (2008), distinguishable
 * under the common colour-vision deficiencies. Heat maps use Vega's `viridis` (sequential) and
 * `blueorange` (diverging) schemes, which are colour-blind safe as well.
 * @category Plot
 */
export const CHART_PALETTE: readonly string[] = Object.freeze([
  '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000',
]);

/** A JSON value. @category Plot */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A row of a chart's data table. @category Plot */
export type ChartRow = Readonly<Record<string, string | number | boolean | null>>;

/** A column of a chart's data table, as a report shows it. @category Plot */
export interface ChartColumn {
  readonly field: string;
  /** Header with unit, e.g. `'Profit (currency units)'`. */
  readonly title: string;
}

/**
 * A Vega-Lite v6 specification: plain JSON, valid against the Vega-Lite schema. The chart's rows
 * are in `data.values`; `usermeta.telcokit` names the chart function, the columns a report
 * shows as a table, and notes on anything left out.
 * @category Plot
 */
export interface ChartSpec {
  readonly $schema: string;
  readonly title: { readonly text: string; readonly subtitle?: string };
  readonly description: string;
  readonly data: { readonly values: readonly ChartRow[] };
  readonly usermeta: {
    readonly telcokit: { readonly chart: string; readonly columns: readonly ChartColumn[]; readonly notes: readonly string[] };
  };
  readonly [key: string]: unknown;
}

/** Options every chart function accepts; all optional. @category Plot */
export interface ChartOptions {
  /** Chart title (each function has a default). */
  readonly title?: string;
  /** A line under the title. */
  readonly subtitle?: string;
  /** Plot width in CSS pixels, an integer in [50, 2000] (default per chart). */
  readonly width?: number;
  /** Plot height in CSS pixels, an integer in [50, 2000] (default per chart). */
  readonly height?: number;
}

/**
 * A vertical axis of names (segments, features, tags): its title sits horizontally above the
 * labels, so it never collides with long labels whatever the renderer's text measurement.
 */
export const CATEGORY_Y_AXIS = { titleAngle: 0, titleAlign: 'right', titleAnchor: 'end', titleX: 0, titleY: -6, titleBaseline: 'bottom' } as const;

/** The largest width or height accepted, in CSS pixels. */
export const MAX_CHART_SIZE = 2000;

const KNOWN_OPTIONS = new Set(['title', 'subtitle', 'width', 'height']);

/** Checks the shared options and fills defaults. */
export function chartOptions(
  fn: string,
  options: ChartOptions,
  defaults: { title: string; width?: number; height?: number },
  extra: readonly string[] = [],
): { title: string; subtitle: string | undefined; width: number; height: number } {
  if (options === null || typeof options !== 'object') throw new OptionsError(`${fn}: options must be an object`, 'options');
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key) && !extra.includes(key)) throw new OptionsError(`${fn}: unknown option '${key}'`, key);
  }
  for (const key of ['title', 'subtitle'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) {
      throw new OptionsError(`${fn}: ${key} must be a non-empty string`, key);
    }
  }
  for (const key of ['width', 'height'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 50 || v > MAX_CHART_SIZE)) {
      throw new OptionsError(`${fn}: ${key} must be an integer in [50, ${MAX_CHART_SIZE}] pixels, got ${String(v)}`, key);
    }
  }
  return {
    title: options.title ?? defaults.title,
    subtitle: options.subtitle,
    width: options.width ?? defaults.width ?? 400,
    height: options.height ?? defaults.height ?? 300,
  };
}

/** Throws a DataError unless `n` ≥ `min`. */
export function requireRows(fn: string, n: number, what: string, min = 1): void {
  if (n < min) {
    throw new DataError(`${fn}: ${n === 0 ? 'no' : `only ${n}`} ${what}; expected at least ${min} (nothing to draw)`);
  }
}

/** Reads `x[i]` as a finite number or throws a DataError naming `what[i]`. */
export function finiteAt(fn: string, what: string, x: ArrayLike<unknown>, i: number): number {
  const v = x[i];
  if (typeof v !== 'number') throw new DataError(`${fn}: ${what}[${i}] is ${v === null ? 'null' : typeof v}; expected a finite number`);
  if (!Number.isFinite(v)) throw new DataError(`${fn}: ${what}[${i}] is ${v}; expected a finite number`);
  return v;
}

/** A finite number field of a record, or a DataError naming `what[i].field`. */
export function finiteField(fn: string, what: string, row: unknown, i: number, field: string): number {
  if (row === null || typeof row !== 'object') throw new DataError(`${fn}: ${what}[${i}] is not an object`);
  const v = (row as Record<string, unknown>)[field];
  if (typeof v !== 'number') {
    throw new DataError(`${fn}: ${what}[${i}].${field} is ${v === null ? 'null' : typeof v}; expected a finite number`);
  }
  if (!Number.isFinite(v)) throw new DataError(`${fn}: ${what}[${i}].${field} is ${v}; expected a finite number`);
  return v;
}

/** A non-empty string field of a record, or a DataError. */
export function stringField(fn: string, what: string, row: unknown, i: number, field: string): string {
  if (row === null || typeof row !== 'object') throw new DataError(`${fn}: ${what}[${i}] is not an object`);
  const v = (row as Record<string, unknown>)[field];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v === '') throw new DataError(`${fn}: ${what}[${i}].${field} must be a non-empty string, got ${JSON.stringify(v) ?? String(v)}`);
  return v;
}

/** Two arrays of the same length, else a DataError. */
export function sameLength(fn: string, a: ArrayLike<unknown>, aName: string, b: ArrayLike<unknown>, bName: string): void {
  if (a === null || typeof a !== 'object' || typeof a.length !== 'number') throw new DataError(`${fn}: ${aName} must be an array`);
  if (b === null || typeof b !== 'object' || typeof b.length !== 'number') throw new DataError(`${fn}: ${bName} must be an array`);
  if (a.length !== b.length) throw new DataError(`${fn}: ${aName} has ${a.length} values, ${bName} has ${b.length}`);
}

/** Assembles a spec: schema, title, description, data, palette config and the telcokit metadata. */
export function makeSpec(
  chart: string,
  o: { title: string; subtitle: string | undefined; width?: number; height?: number },
  description: string,
  values: readonly ChartRow[],
  columns: readonly ChartColumn[],
  body: Record<string, unknown>,
  notes: readonly string[] = [],
): ChartSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: o.subtitle === undefined ? { text: o.title } : { text: o.title, subtitle: o.subtitle },
    description,
    data: { values },
    ...(o.width === undefined ? {} : { width: o.width }),
    ...(o.height === undefined ? {} : { height: o.height }),
    ...body,
    config: {
      range: { category: [...CHART_PALETTE], ordinal: { scheme: 'viridis' }, heatmap: { scheme: 'viridis' }, diverging: { scheme: 'blueorange' } },
      axis: { labelFontSize: 11, titleFontSize: 12 },
      title: { fontSize: 14, anchor: 'start' },
      font: 'sans-serif',
    },
    usermeta: { telcokit: { chart, columns, notes } },
  };
}


/** A series input: one object, or several by name (`{ model: …, hazard: … }`). */
export function namedSeries<T extends object>(fn: string, input: T | Readonly<Record<string, T>>, key: string, defaultName: string): [string, T][] {
  if (input === null || typeof input !== 'object') throw new DataError(`${fn}: expected an object with \`${key}\`, or several by name`);
  if (key in input) return [[defaultName, input as T]];
  const entries = Object.entries(input as Record<string, T>);
  requireRows(fn, entries.length, 'series');
  if (entries.length > CHART_PALETTE.length) {
    throw new DataError(`${fn}: ${entries.length} series; at most ${CHART_PALETTE.length} can be told apart by colour`);
  }
  for (const [name, s] of entries) {
    if (s === null || typeof s !== 'object' || !(key in s)) throw new DataError(`${fn}: series '${name}' has no \`${key}\``);
  }
  return entries;
}

/** A dashed grey reference line from (x1, y1) to (x2, y2), as a layer with its own one-row data. */
export function referenceLine(x1: number, y1: number, x2: number, y2: number): Record<string, unknown> {
  return {
    data: { values: [{}] },
    mark: { type: 'rule', strokeDash: [4, 4], color: '#777777' },
    encoding: { x: { datum: x1 }, y: { datum: y1 }, x2: { datum: x2 }, y2: { datum: y2 } },
  };
}

/** A dashed grey horizontal (`'y'`) or vertical (`'x'`) rule at `value`. */
export function referenceRule(channel: 'x' | 'y', value: number): Record<string, unknown> {
  return {
    data: { values: [{}] },
    mark: { type: 'rule', strokeDash: [4, 4], color: '#777777' },
    encoding: { [channel]: { datum: value } },
  };
}

/** Area under a polyline by the trapezoid rule (points in drawing order). */
export function trapezoid(x: readonly number[], y: readonly number[]): number {
  let a = 0;
  for (let i = 1; i < x.length; i++) a += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return a;
}

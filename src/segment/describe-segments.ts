/**
 * `describeSegments`: sizes, centroids in original units, distinguishing features and readable
 * labels for a k-means segmentation.
 *
 * @module
 */
import { DimensionError } from '../errors.js';
import { defineOptions, described, int, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { createFeatureMatrix, toFeatureMatrix, type FeatureMatrix, type MatrixInput } from '../matrix/feature-matrix.js';
import { inverseTransform } from '../features/pipeline/inverse-transform.js';
import type { PipelineModel } from '../features/pipeline/model.js';
import { assignSegments, type KMeansModel } from './kmeans.js';
import { requireModel } from '../internal/guards.js';

/** Options of {@link describeSegments}. @category Segment */
export interface DescribeSegmentsOptions {
  /** The same rows as `matrix` in original (unscaled) units: centroids become segment means of these columns. */
  original?: MatrixInput;
  /** The feature pipeline that produced `matrix`: centroids are mapped back with `inverseTransform` (used when `original` is absent). */
  pipeline?: PipelineModel;
  /** Distinguishing features listed per segment (default 5). */
  top?: number;
  /** Smallest |standardised difference| that enters a label (default 0.5). */
  labelThreshold?: number;
  /** Features in a label at most (default 3). */
  labelSize?: number;
}

/** One feature that sets a segment apart. @category Segment */
export interface SegmentFeatureDifference {
  /** Column name in the clustered matrix. */
  readonly feature: string;
  /** Standardised difference (segment mean − population mean) / population standard deviation. */
  readonly z: number;
  readonly segmentMean: number;
  readonly populationMean: number;
}

/** The profile of one segment. @category Segment */
export interface SegmentProfile {
  /** Segment index (as returned by `assignSegments`). */
  readonly segment: number;
  /** Rows in the segment. */
  readonly size: number;
  /** size / n. */
  readonly share: number;
  /** Centroid by column name (original units when `original` or `pipeline` is given). */
  readonly centroid: Readonly<Record<string, number>>;
  /** Features ordered by |z|, largest first. */
  readonly distinguishing: readonly SegmentFeatureDifference[];
  /** Readable label such as "high data · night-heavy · young tenure" ("typical" when nothing stands out). */
  readonly label: string;
}

/** What {@link describeSegments} returns. @category Segment */
export interface SegmentDescription {
  /** One profile per segment, in segment order. */
  readonly segments: readonly SegmentProfile[];
  /** Where the centroids come from: `'original'` rows, the `'pipeline'` inverse, or the `'model'` space. */
  readonly centroidUnits: 'original' | 'pipeline' | 'model';
}

const SUFFIXES = /(_log1p|_log|_z|_std|_standardized|_scaled|_minmax|_robust|_norm|_winsor)+$/i;
const DROP = new Set(['mb', 'gb', 'kb', 'cnt', 'count', 'num', 'avg', 'mean', 'total', 'per', 'month', 'months', 'monthly']);
const SHARE = new Set(['share', 'ratio', 'pct', 'percent', 'fraction', 'rate']);

/** Words of a column name: `nightDataShare_log1p` → ['night', 'data', 'share']. */
function words(column: string): string[] {
  return column
    .replace(SUFFIXES, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.\-/]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** A short phrase for a feature and the sign of its difference: "high data", "night-heavy", "young tenure". */
export function featurePhrase(column: string, z: number): string {
  const up = z > 0;
  const eq = column.indexOf('=');
  if (eq > 0) {
    const level = column.slice(eq + 1);
    return up ? level : `not ${level}`;
  }
  const w = words(column);
  const kept = w.filter((x) => !DROP.has(x));
  const base = kept.length > 0 ? kept : w;
  if (base.includes('tenure')) return up ? 'long tenure' : 'young tenure';
  const last = base[base.length - 1]!;
  if (SHARE.has(last) && base.length > 1) return `${base.slice(0, -1).join(' ')}-${up ? 'heavy' : 'light'}`;
  // appShare_games → "games app-heavy"
  const sh = base.findIndex((x) => SHARE.has(x));
  if (sh > 0 && sh < base.length - 1) return `${base.slice(sh + 1).join(' ')} ${base.slice(0, sh).join(' ')}-${up ? 'heavy' : 'light'}`;
  return `${up ? 'high' : 'low'} ${base.join(' ')}`;
}

const parseDescribeOptions = defineOptions('describeSegments', {
  original: described(o.custom<MatrixInput>((v) => typeof v === 'object' && v !== null), 'a matrix (FeatureMatrix or number[][])').optional(),
  pipeline: described(o.custom<PipelineModel>(isPipelineModel), "a fitted pipeline model (kind 'features/pipeline')").optional(),
  top: int(0, 100_000).default(5),
  labelThreshold: real({ min: 0 }).default(0.5),
  labelSize: int(0, 100_000).default(3),
});

/**
 * Profiles each segment of a k-means model: size and share, centroid (in original units when the
 * unscaled rows or the feature pipeline are given), the features that most distinguish it by the
 * standardised difference zⱼ = (segment mean − population mean) / population SD computed on the
 * clustered matrix, and a readable label made from the largest |z| (≥ `labelThreshold`) and the
 * column names ("high data · night-heavy · young tenure").
 *
 * @param model - a k-means model
 * @param matrix - the n × p rows that were clustered (same columns as the model)
 * @param options - see {@link DescribeSegmentsOptions} (a bare {@link PipelineModel} here is the deprecated spelling of `{ pipeline }`)
 * @param options.original - the same n rows in original units (any columns; segment means skip missing values)
 * @param options.pipeline - the fitted feature pipeline, to map centroids back with `inverseTransform`
 * @param options.top - distinguishing features per segment (default 5)
 * @param options.labelThreshold - smallest |z| used in a label (default 0.5)
 * @param options.labelSize - features per label (default 3)
 * @returns per-segment profiles and the units of the centroids
 * @throws OptionsError on an unknown or invalid option
 * @throws DimensionError when the matrix does not match the model or `original` has a different row count
 * @example
 * const rows = [[10, 0.1], [12, 0.2], [1, 0.8], [2, 0.9]];
 * const m = fitKMeans(matrixFromRows(rows, { columns: ['dataGB', 'nightShare'] }), { k: 2 });
 * const d = describeSegments(m, matrixFromRows(rows, { columns: ['dataGB', 'nightShare'] }));
 * d.segments.map((s) => s.label).sort() // => ['night-heavy · low data', 'night-light · high data']
 * // with a feature pipeline: describeSegments(model, matrix, { pipeline }), centroids in original units
 * @category Segment
 */
export function describeSegments(model: KMeansModel, matrix: MatrixInput, options?: DescribeSegmentsOptions): SegmentDescription;
/**
 * @deprecated since 0.2: pass the pipeline as an option, `describeSegments(model, matrix, { pipeline })`;
 * the model in the options slot is removed in 0.3.
 */
export function describeSegments(model: KMeansModel, matrix: MatrixInput, pipeline: PipelineModel): SegmentDescription;
export function describeSegments(model: KMeansModel, matrix: MatrixInput, options?: DescribeSegmentsOptions | PipelineModel): SegmentDescription {
  const FN = 'describeSegments';
  const opts = parseDescribeOptions(isPipelineModel(options) ? { pipeline: options } : options);
  requireModel(FN, 'model', model, ['segment/kmeans'], 'fitKMeans');
  const m = toFeatureMatrix(matrix, 'describeSegments');
  const p = model.featureNames.length;
  if (m.nCols !== p) throw new DimensionError(`${FN}: matrix has ${m.nCols} columns, model expects ${p}`);
  const labels = assignSegments(model, m);
  const k = model.options.k;
  const n = m.nRows;
  const names = model.featureNames;
  const top = opts.top;
  const threshold = opts.labelThreshold;
  const labelSize = opts.labelSize;

  const { means: segMeans, sizes } = groupMeans(m, labels, k);
  const popMean = new Float64Array(p);
  const popSd = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += m.values[i * p + j]!;
    const mu = s / n;
    let q = 0;
    for (let i = 0; i < n; i++) q += (m.values[i * p + j]! - mu) ** 2;
    popMean[j] = mu;
    popSd[j] = Math.sqrt(q / n);
  }

  let centroidUnits: SegmentDescription['centroidUnits'] = 'model';
  let centCols: readonly string[] = names;
  let centVals: Float64Array = model.centroids;
  if (opts.original !== undefined) {
    const o = toFeatureMatrix(opts.original, 'describeSegments');
    if (o.nRows !== n) throw new DimensionError(`${FN}: original has ${o.nRows} rows, matrix has ${n}`);
    centCols = o.columns;
    centVals = groupMeans(o, labels, k).means;
    centroidUnits = 'original';
  } else if (opts.pipeline !== undefined) {
    const back = inverseTransform(opts.pipeline, createFeatureMatrix(Float64Array.from(model.centroids), names));
    centCols = back.columns;
    centVals = back.values;
    centroidUnits = 'pipeline';
  }

  const segments: SegmentProfile[] = [];
  const used = new Map<string, number>();
  for (let c = 0; c < k; c++) {
    const feats: SegmentFeatureDifference[] = [];
    for (let j = 0; j < p; j++) {
      const sm = segMeans[c * p + j]!;
      const z = popSd[j]! > 0 && sizes[c]! > 0 ? (sm - popMean[j]!) / popSd[j]! : 0;
      feats.push({ feature: names[j]!, z, segmentMean: sm, populationMean: popMean[j]! });
    }
    feats.sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.feature.localeCompare(b.feature));
    const phrases: string[] = [];
    for (const f of feats) {
      if (phrases.length >= labelSize || Math.abs(f.z) < threshold) break;
      const ph = featurePhrase(f.feature, f.z);
      if (!phrases.includes(ph)) phrases.push(ph);
    }
    let label = phrases.length > 0 ? phrases.join(' · ') : 'typical';
    const seen = used.get(label) ?? 0;
    used.set(label, seen + 1);
    if (seen > 0) label = `${label} (${seen + 1})`;
    const q = centCols.length;
    const centroid: Record<string, number> = {};
    for (let j = 0; j < q; j++) centroid[centCols[j]!] = centVals[c * q + j]!;
    segments.push({ segment: c, size: sizes[c]!, share: n > 0 ? sizes[c]! / n : 0, centroid, distinguishing: feats.slice(0, top), label });
  }
  return { segments, centroidUnits };
}

/** A feature pipeline model passed where the options object is expected. */
function isPipelineModel(x: unknown): x is PipelineModel {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'features/pipeline';
}

/** Per-segment column means over the present (non-NaN) values; NaN when a segment has none. */
function groupMeans(m: FeatureMatrix, labels: Int32Array, k: number): { means: Float64Array; sizes: number[] } {
  const p = m.nCols;
  const means = new Float64Array(k * p);
  const present = new Float64Array(k * p);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < m.nRows; i++) {
    const c = labels[i]!;
    sizes[c]!++;
    for (let j = 0; j < p; j++) {
      const v = m.values[i * p + j]!;
      if (Number.isNaN(v)) continue;
      means[c * p + j]! += v;
      present[c * p + j]!++;
    }
  }
  for (let t = 0; t < k * p; t++) means[t] = present[t]! > 0 ? means[t]! / present[t]! : NaN;
  return { means, sizes };
}

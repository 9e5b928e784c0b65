/**
 * `fitKPrototypes` and `assignKPrototypes`: clustering of mixed numeric and categorical
 * subscriber data without one-hot encoding (Huang 1998).
 *
 * @module
 */
import { DataError, DimensionError } from '../errors.js';
import { assertFinite, createFeatureMatrix, toFeatureMatrix, type FeatureMatrix, type MatrixInput } from '../matrix/feature-matrix.js';
import { type LongRunOptions, throwIfAborted } from '../internal/model.js';
import { assertDistanceRange } from '../internal/distance-range.js';
import { createRng, type Rng } from '../internal/rng.js';
import { defineOptions, described, int, longRun, real, seed, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { MAX_CLUSTERS, MAX_ITER, MAX_STARTS } from '../limits.js';

/** Mixed input: numeric columns as a matrix and categorical columns as strings, same rows. @category Segment */
export interface MixedData {
  /** n × p numeric features (scaled; no NaN). May have 0 columns. */
  numeric: MatrixInput;
  /** n rows of q category labels. */
  categorical: readonly (readonly (string | number | boolean)[])[];
  /** Names of the q categorical columns (default `c0`, `c1`, …). */
  categoricalNames?: readonly string[];
}

/** Options of {@link fitKPrototypes}; all optional. @category Segment */
export interface KPrototypesOptions extends LongRunOptions {
  /** Number of segments (default 8). */
  k?: number;
  /**
   * Weight of one categorical mismatch against squared numeric distance (default 0.5 × the mean
   * standard deviation of the numeric columns, as the `kmodes` Python package; 1 without numeric
   * columns or when every numeric column is constant).
   */
  gamma?: number;
  /** Seed (default 0). */
  seed?: number;
  /** Maximum iterations (default 100). */
  maxIter?: number;
  /** Starts; the lowest cost wins (default 1). */
  nInit?: number;
  /** For records: the numeric fields (default: fields holding numbers in the first record, except `idField`). */
  numericFields?: readonly string[];
  /** For records: the categorical fields (default: fields holding strings or booleans in the first record, except `idField`). */
  categoricalFields?: readonly string[];
  /** For records: the field naming each row, never a feature (default `'id'`). */
  idField?: string;
}

export { KPrototypesOptionsSchema, KPrototypesModelSchema } from './model-schemas.js';
export type { KPrototypesModel } from './model-schemas.js';
import type { KPrototypesModel } from './model-schemas.js';
import { SEGMENT_MODEL_VERSIONS } from './model-kinds.js';
import { requireArray, requireModel, requireObject, requireRecords } from '../internal/guards.js';


/** Subscriber records (plain objects) accepted by {@link fitKPrototypes}. @category Segment */
export type MixedRecords = readonly Readonly<Record<string, unknown>>[];

interface Prepared {
  num: FeatureMatrix;
  /** n × q category codes (−1: unseen level). */
  codes: Int32Array;
  q: number;
  catNames: string[];
  rawCats: string[][];
}

function isMixedRecords(x: unknown): x is MixedRecords {
  return Array.isArray(x);
}

function prepare(fn: string, data: MixedData | MixedRecords, options: KPrototypesOptions, fixed?: { featureNames: string[]; categoricalNames: string[] }): Prepared {
  let num: FeatureMatrix;
  let cats: (readonly unknown[])[];
  let catNames: string[];
  if (isMixedRecords(data)) {
    requireRecords(fn, 'data', data);
    const first = data[0] ?? {};
    const idField = options.idField ?? 'id';
    const numF = fixed?.featureNames ?? options.numericFields ?? Object.keys(first).filter((f) => f !== idField && typeof first[f] === 'number');
    const catF =
      fixed?.categoricalNames ??
      options.categoricalFields ??
      Object.keys(first).filter((f) => f !== idField && (typeof first[f] === 'string' || typeof first[f] === 'boolean'));
    const values = new Float64Array(data.length * numF.length);
    data.forEach((r, i) =>
      numF.forEach((f, j) => {
        const v = r[f];
        values[i * numF.length + j] = typeof v === 'number' ? v : NaN;
      }),
    );
    num = createFeatureMatrix(values, numF, data.map((r, i) => (r[idField] === undefined ? String(i) : String(r[idField]))));
    cats = data.map((r) => catF.map((f) => r[f]));
    catNames = [...catF];
  } else {
    requireObject(fn, 'data', data, 'an object { numeric, categorical } or an array of records');
    num = toFeatureMatrix(data.numeric, fn);
    requireArray(fn, 'data.categorical', data.categorical, 'of rows');
    cats = data.categorical as (readonly unknown[])[];
    cats.forEach((row, i) => requireArray(fn, `data.categorical[${i}]`, row, 'of categories'));
    const q0 = cats[0]?.length ?? data.categoricalNames?.length ?? 0;
    catNames = data.categoricalNames ? [...data.categoricalNames] : Array.from({ length: q0 }, (_, j) => `c${j}`);
    if (num.nRows === 0 && num.nCols === 0 && cats.length > 0) num = createFeatureMatrix(new Float64Array(0), [], cats.map((_, i) => String(i)));
    if (cats.length !== num.nRows) throw new DimensionError(`${fn}: ${num.nRows} numeric rows but ${cats.length} categorical rows`);
  }
  if (num.nCols > 0) {
    assertFinite(num, fn);
    assertDistanceRange(num, fn);
  }
  const q = catNames.length;
  const rawCats: string[][] = new Array(cats.length);
  for (let i = 0; i < cats.length; i++) {
    const r = cats[i]!;
    if (r.length !== q) throw new DimensionError(`${fn}: categorical row ${i} has ${r.length} values, expected ${q}`);
    const out = new Array<string>(q);
    for (let j = 0; j < q; j++) {
      const v = r[j];
      if (v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v))) {
        throw new DataError(`${fn}: missing category at row ${i}, column '${catNames[j]}'; fill it (e.g. 'unknown') first`);
      }
      out[j] = String(v);
    }
    rawCats[i] = out;
  }
  return { num, codes: new Int32Array(0), q, catNames, rawCats };
}

function encode(rawCats: string[][], q: number, categories: string[][]): Int32Array {
  const maps = categories.map((levels) => new Map(levels.map((l, i) => [l, i])));
  const codes = new Int32Array(rawCats.length * q);
  for (let i = 0; i < rawCats.length; i++) for (let j = 0; j < q; j++) codes[i * q + j] = maps[j]!.get(rawCats[i]![j]!) ?? -1;
  return codes;
}

interface MixedState {
  X: Float64Array;
  codes: Int32Array;
  n: number;
  p: number;
  q: number;
  k: number;
  gamma: number;
}

function dissim(s: MixedState, i: number, C: Float64Array, M: Int32Array, c: number): number {
  const { X, codes, p, q, gamma } = s;
  let d = 0;
  for (let j = 0; j < p; j++) {
    const v = X[i * p + j]! - C[c * p + j]!;
    d += v * v;
  }
  let mis = 0;
  for (let j = 0; j < q; j++) if (codes[i * q + j] !== M[c * q + j]) mis++;
  return d + gamma * mis;
}

function rowDissim(s: MixedState, i: number, r: number): number {
  const { X, codes, p, q, gamma } = s;
  let d = 0;
  for (let j = 0; j < p; j++) {
    const v = X[i * p + j]! - X[r * p + j]!;
    d += v * v;
  }
  let mis = 0;
  for (let j = 0; j < q; j++) if (codes[i * q + j] !== codes[r * q + j]) mis++;
  return d + gamma * mis;
}

/** k-means++ seeding under the mixed dissimilarity (Arthur & Vassilvitskii 2007). */
function seedPrototypes(s: MixedState, rng: Rng): { C: Float64Array; M: Int32Array } {
  const { n, p, q, k } = s;
  const C = new Float64Array(k * p);
  const M = new Int32Array(k * q);
  const take = (c: number, r: number) => {
    C.set(s.X.subarray(r * p, r * p + p), c * p);
    M.set(s.codes.subarray(r * q, r * q + q), c * q);
  };
  let r = rng.int(n);
  take(0, r);
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = rowDissim(s, i, r);
  for (let c = 1; c < k; c++) {
    let tot = 0;
    for (let i = 0; i < n; i++) tot += closest[i]!;
    let target = rng.next() * tot;
    r = -1;
    for (let i = 0; i < n; i++) {
      if (closest[i]! <= 0) continue;
      target -= closest[i]!;
      r = i;
      if (target < 0) break;
    }
    // every row coincides with a chosen prototype under d: fewer than k distinguishable rows
    // (fitKPrototypes checks this first; kept so a prototype is never read from row −1)
    if (r < 0) throw new DataError(`fitKPrototypes: only ${c} rows are distinguishable under the dissimilarity (gamma = ${s.gamma}); lower k`);
    take(c, r);
    for (let i = 0; i < n; i++) {
      const d = rowDissim(s, i, r);
      if (d < closest[i]!) closest[i] = d;
    }
  }
  return { C, M };
}

function assignAll(s: MixedState, C: Float64Array, M: Int32Array, labels: Int32Array, dist: Float64Array): number {
  let changed = 0;
  for (let i = 0; i < s.n; i++) {
    let best = 0;
    let bd = dissim(s, i, C, M, 0);
    for (let c = 1; c < s.k; c++) {
      const d = dissim(s, i, C, M, c);
      if (d < bd) {
        bd = d;
        best = c;
      }
    }
    if (labels[i] !== best) changed++;
    labels[i] = best;
    dist[i] = bd;
  }
  return changed;
}

function updatePrototypes(s: MixedState, labels: Int32Array, dist: Float64Array, levels: number[], C: Float64Array, M: Int32Array): void {
  const { X, codes, n, p, q, k } = s;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
  // empty clusters take the rows farthest from their prototypes
  for (let c = 0; c < k; c++) {
    if (sizes[c]! > 0) continue;
    let far = -1;
    for (let i = 0; i < n; i++) if (sizes[labels[i]!]! > 1 && (far < 0 || dist[i]! > dist[far]!)) far = i;
    sizes[labels[far]!]!--;
    labels[far] = c;
    dist[far] = -1;
    sizes[c] = 1;
  }
  C.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    for (let j = 0; j < p; j++) C[c * p + j]! += X[i * p + j]!;
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < p; j++) C[c * p + j]! /= sizes[c]!;
  for (let j = 0; j < q; j++) {
    const L = levels[j]!;
    const freq = new Int32Array(k * L);
    for (let i = 0; i < n; i++) {
      const v = codes[i * q + j]!;
      if (v >= 0) freq[labels[i]! * L + v]!++;
    }
    for (let c = 0; c < k; c++) {
      let best = 0;
      for (let l = 1; l < L; l++) if (freq[c * L + l]! > freq[c * L + best]!) best = l;
      M[c * q + j] = best;
    }
  }
}

/**
 * Clusters mixed numeric and categorical rows with k-prototypes (Huang 1998, "Extensions to the
 * k-means algorithm for clustering large data sets with categorical values"): each prototype
 * holds numeric means and categorical modes; the dissimilarity is
 * d(x, c) = Σⱼ (xⱼ − cⱼ)² + γ · #{l : xₗ ≠ cₗ}. Seeded with k-means++ under d; then
 * batch iterations (assign every row, recompute means and modes, ties to the first level in
 * sorted order) until no row moves. With no numeric columns this is k-modes. A segment left
 * empty when `maxIter` stops the fit takes the row farthest from its prototype, so `sizes` has
 * no zero.
 *
 * @param data - `{ numeric, categorical }` (same rows) or records (plain objects)
 * @param options - see {@link KPrototypesOptions}
 * @param options.k - number of segments (default 8)
 * @param options.gamma - weight of a categorical mismatch
 * @param options.seed - seed (default 0)
 * @param options.maxIter - iteration cap (default 100)
 * @param options.nInit - starts, lowest cost wins (default 1)
 * @param options.numericFields - record fields used as numbers
 * @param options.categoricalFields - record fields used as categories
 * @param options.idField - record field naming the rows, never a feature (default `'id'`)
 * @param options.onProgress - called after each iteration
 * @param options.signal - aborts between iterations
 * @returns the model: numeric `centroids`, categorical `modes`, `categories`, `cost`
 * @throws OptionsError on an unknown or invalid option
 * @throws DataError on no rows, NaN, a missing category or k above the number of distinct rows
 * @throws DimensionError when numeric and categorical rows disagree
 * @example
 * const m = fitKPrototypes(
 *   { numeric: [[1], [1.2], [9], [9.5]], categorical: [['prepaid'], ['prepaid'], ['postpaid'], ['postpaid']] },
 *   { k: 2, seed: 1 },
 * );
 * m.sizes // => [2, 2]
 * @category Segment
 */
const parseKPrototypesOptions = defineOptions('fitKPrototypes', {
  k: int(1, MAX_CLUSTERS).default(8),
  gamma: real({ min: 0 }).optional(),
  seed: seed().default(0),
  maxIter: int(1, MAX_ITER).default(100),
  nInit: int(1, MAX_STARTS).default(1),
  numericFields: described(o.array(o.string()), 'an array of field names').optional(),
  categoricalFields: described(o.array(o.string()), 'an array of field names').optional(),
  idField: str().optional(),
  ...longRun(),
});

export function fitKPrototypes(data: MixedData | MixedRecords, options?: KPrototypesOptions): KPrototypesModel {
  const FN = 'fitKPrototypes';
  const o = parseKPrototypesOptions(options);
  const prep = prepare(FN, data, o);
  const { num, q, catNames, rawCats } = prep;
  const n = num.nRows;
  const p = num.nCols;
  if (n === 0) throw new DataError(`${FN}: no rows`);
  if (p + q === 0) throw new DataError(`${FN}: no numeric and no categorical columns`);
  const { k, maxIter, nInit, seed } = o;
  let gamma = o.gamma;
  if (gamma === undefined) {
    if (p === 0) gamma = 1;
    else {
      let sd = 0;
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += num.values[i * p + j]!;
        const mu = s / n;
        let v = 0;
        for (let i = 0; i < n; i++) v += (num.values[i * p + j]! - mu) ** 2;
        sd += Math.sqrt(v / n);
      }
      // every numeric column constant: γ = 0 would make the categories count for nothing
      gamma = sd > 0 ? (0.5 * sd) / p : 1;
    }
  }
  // the declared options are checked by parseKPrototypesOptions; the derived γ is finite for finite data, and checked here
  if (!Number.isFinite(gamma)) throw new DataError(`${FN}: the numeric columns' spread gives gamma = ${gamma}; rescale them or give gamma`);
  const categories = catNames.map((_, j) => [...new Set(rawCats.map((r) => r[j]!))].sort());
  const codes = encode(rawCats, q, categories);
  const s: MixedState = { X: num.values, codes, n, p, q, k, gamma };
  // distinct rows (numeric values, and category codes unless γ = 0 makes them count for nothing)
  const keys = new Set<string>();
  for (let i = 0; i < n && keys.size < k; i++) {
    const cat = gamma > 0 ? Array.from(codes.subarray(i * q, i * q + q)).join(',') : '';
    keys.add(`${Array.from(num.values.subarray(i * p, i * p + p)).join(',')}|${cat}`);
  }
  if (keys.size < k) {
    throw new DataError(`${FN}: k = ${k} but the data has only ${keys.size} distinct rows${gamma > 0 ? '' : ' (categories ignored: gamma = 0)'}; lower k`);
  }
  const levels = categories.map((c) => c.length);
  const rng = createRng(seed);
  let best: { C: Float64Array; M: Int32Array; labels: Int32Array; cost: number; iterations: number; converged: boolean; sizes: number[] } | undefined;
  for (let run = 0; run < nInit; run++) {
    throwIfAborted(o.signal, FN);
    const { C, M } = seedPrototypes(s, rng);
    const labels = new Int32Array(n).fill(-1);
    const dist = new Float64Array(n);
    assignAll(s, C, M, labels, dist);
    let iterations = 0;
    let converged = false;
    for (let it = 1; it <= maxIter; it++) {
      iterations = it;
      updatePrototypes(s, labels, dist, levels, C, M);
      const changed = assignAll(s, C, M, labels, dist);
      throwIfAborted(o.signal, FN);
      o.onProgress?.({ stage: 'iteration', done: it, total: maxIter, metrics: { moved: changed, run } });
      if (changed === 0) {
        converged = true;
        break;
      }
    }
    let sizes = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
    if (sizes.includes(0)) {
      // stopped at maxIter with a segment no row is nearest to: repair it (it takes the row
      // farthest from its prototype) so that no segment of the model is empty
      updatePrototypes(s, labels, dist, levels, C, M);
      sizes = new Array<number>(k).fill(0);
      for (let i = 0; i < n; i++) {
        sizes[labels[i]!]!++;
        dist[i] = dissim(s, i, C, M, labels[i]!);
      }
    }
    let cost = 0;
    for (let i = 0; i < n; i++) cost += dist[i]!;
    if (!best || cost < best.cost) best = { C, M, labels, cost, iterations, converged, sizes };
  }
  const b = best!;
  return {
    kind: 'segment/kprototypes',
    version: SEGMENT_MODEL_VERSIONS['segment/kprototypes'],
    options: { k, gamma, seed, maxIter, nInit },
    featureNames: [...num.columns],
    categoricalNames: catNames,
    categories,
    centroids: b.C as Float64Array<ArrayBuffer>,
    modes: b.M as Int32Array<ArrayBuffer>,
    sizes: b.sizes,
    cost: b.cost,
    iterations: b.iterations,
    converged: b.converged,
  };
}

/**
 * Labels each row with its nearest prototype under the model's mixed dissimilarity. A category
 * level not seen in training counts as a mismatch with every prototype.
 *
 * @param model - a model from {@link fitKPrototypes}
 * @param data - `{ numeric, categorical }` or records with the model's fields
 * @returns Int32Array of n segment indices
 * @throws DimensionError when the columns differ from the model's
 * @throws DataError on NaN or a missing category
 * @example
 * const m = fitKPrototypes({ numeric: [[1], [9]], categorical: [['a'], ['b']] }, { k: 2 });
 * const s = assignKPrototypes(m, { numeric: [[8.5]], categorical: [['b']] });
 * s[0] === assignKPrototypes(m, { numeric: [[9]], categorical: [['b']] })[0] // => true
 * @deprecated since 0.2: use `assignSegments(model, data)`, which takes k-means and k-prototypes
 * models alike (the pair is `fitKMeans`/`fitKPrototypes` → `assignSegments`); removed in 0.3.
 * @category Segment
 */
export function assignKPrototypes(model: KPrototypesModel, data: MixedData | MixedRecords): Int32Array {
  return assignKPrototypesAs('assignKPrototypes', model, data);
}

/** {@link assignKPrototypes} with the public function name used in messages (internal). */
export function assignKPrototypesAs(FN: string, model: KPrototypesModel, data: MixedData | MixedRecords): Int32Array {
  requireModel(FN, 'model', model, ['segment/kprototypes'], 'fitKPrototypes', ['featureNames', 'categoricalNames', 'categories']);
  const prep = prepare(FN, data, {}, isMixedRecords(data) ? { featureNames: model.featureNames, categoricalNames: model.categoricalNames } : undefined);
  const p = model.featureNames.length;
  const q = model.categoricalNames.length;
  if (prep.num.nCols !== p && !(prep.num.nRows === 0)) {
    throw new DimensionError(`${FN}: ${prep.num.nCols} numeric columns, model expects ${p}`);
  }
  if (prep.q !== q) throw new DimensionError(`${FN}: ${prep.q} categorical columns, model expects ${q}`);
  const codes = encode(prep.rawCats, q, model.categories);
  const s: MixedState = { X: prep.num.values, codes, n: prep.num.nRows, p, q, k: model.options.k, gamma: model.options.gamma };
  const labels = new Int32Array(s.n).fill(-1);
  assignAll(s, model.centroids, model.modes, labels, new Float64Array(s.n));
  return labels;
}

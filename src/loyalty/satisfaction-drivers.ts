/**
 * `satisfactionDrivers`: which service attributes move the overall score — Johnson's relative
 * weights and exact Shapley-value regression, with bootstrap intervals, and the
 * importance × performance quadrant.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import type { Progress } from '../internal/model.js';
import { throwIfAborted } from '../internal/model.js';
import { defineOptions, described, int, longRun, oneOf, real, seed, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { quantileSorted } from '../internal/quantile.js';
import { createRng } from '../internal/rng.js';
import { checkDuplicates, checkRecords } from './check.js';
import { subsetR2, symmetricEigen } from './linear.js';

/** Most attributes of one driver analysis. @category Loyalty */
export const MAX_DRIVER_ATTRIBUTES = 100;
/** Most attributes exact Shapley-value regression takes (it fits all 2^p subsets). @category Loyalty */
export const MAX_SHAPLEY_ATTRIBUTES = 12;
/** Most bootstrap resamples. @category Loyalty */
export const MAX_BOOTSTRAP = 10_000;

/** Where an attribute sits on the importance × performance map. @category Loyalty */
export type DriverQuadrant = 'fix first' | 'keep up' | 'low priority' | 'possible overkill';

/** One attribute's importance and performance. @category Loyalty */
export interface DriverImportance {
  readonly attribute: string;
  /** Johnson's relative weight: its share of R², in R² units (the weights sum to R²); null when not computed. */
  readonly relativeWeight: number | null;
  /** Bootstrap percentile interval of `relativeWeight`; null without bootstrap. */
  readonly relativeWeightLower: number | null;
  readonly relativeWeightUpper: number | null;
  /** Shapley value of R² (the values sum to R²); null when not computed. */
  readonly shapley: number | null;
  readonly shapleyLower: number | null;
  readonly shapleyUpper: number | null;
  /** Importance used for ranking and the quadrant: relative weight (or Shapley value) / R², summing to 1. */
  readonly importance: number;
  /** 1 = most important. */
  readonly rank: number;
  /** Mean rating of the attribute (its performance), on the attribute's own scale. */
  readonly performance: number;
  /**
   * `'fix first'`: importance above average, performance below (act here first); `'keep up'`:
   * both above; `'low priority'`: both below; `'possible overkill'`: performance above, importance below.
   */
  readonly quadrant: DriverQuadrant;
}

/** Options of {@link satisfactionDrivers}. @category Loyalty */
export interface SatisfactionDriversOptions {
  /** Field of the overall score to explain. Default `'nps'`. */
  readonly target?: string;
  /** Fields of the attribute ratings (1 to 100 distinct names; at most 12 for Shapley). Required. */
  readonly attributes: readonly string[];
  /** `'both'` (default), `'relativeWeights'` or `'shapley'`. */
  readonly method?: 'both' | 'relativeWeights' | 'shapley';
  /** Bootstrap resamples for the intervals, 0 turns them off. Default 200, at most 10,000. */
  readonly bootstrap?: number;
  /** Seed of the bootstrap. Default 0. */
  readonly seed?: number;
  /** Intervals cover 1 − `alpha`. Default 0.05. */
  readonly alpha?: number;
  /** A response missing the target or an attribute: `'error'` (default) or `'drop'` (counted in `dropped`). */
  readonly missing?: 'error' | 'drop';
  readonly onProgress?: (p: Progress) => void;
  readonly signal?: AbortSignal;
}

/** What {@link satisfactionDrivers} returns. @category Loyalty */
export interface SatisfactionDrivers {
  /** Responses used. */
  readonly n: number;
  /** Responses dropped for a missing value (`missing: 'drop'`). */
  readonly dropped: number;
  /** R² of the linear regression of the target on all attributes. */
  readonly r2: number;
  /** One row per attribute, in the order of `attributes`. */
  readonly attributes: readonly DriverImportance[];
  /** Quadrant cut-offs: mean importance (1/p) and mean performance over the attributes. */
  readonly thresholds: { readonly importance: number; readonly performance: number };
  /** Bootstrap resamples used, and those skipped because an attribute was constant or collinear in them. */
  readonly bootstrap: { readonly resamples: number; readonly skipped: number };
}

const parseOptions = defineOptions('satisfactionDrivers', {
  target: str().default('nps'),
  attributes: described(o.array(o.string({ min: 1 }), { min: 1, max: MAX_DRIVER_ATTRIBUTES }), `an array of 1 to ${MAX_DRIVER_ATTRIBUTES} field names`),
  method: oneOf(['both', 'relativeWeights', 'shapley']).default('both'),
  bootstrap: int(0, MAX_BOOTSTRAP).default(200),
  seed: seed().default(0),
  alpha: real({ gt: 0, lt: 1 }).default(0.05),
  missing: oneOf(['error', 'drop']).default('error'),
  ...longRun(),
});

/** Correlation matrix of the attributes and their correlations with the target, from rows `rows` of X (n × p) and y. */
function correlations(x: Float64Array, y: Float64Array, p: number, rows: Int32Array | null, n: number): { r: Float64Array; ry: Float64Array; sd: Float64Array; sdy: number } {
  const q = p + 1;
  const mean = new Float64Array(q);
  const get = (i: number, j: number) => (j === p ? y[i]! : x[i * p + j]!);
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    for (let j = 0; j < q; j++) mean[j]! += get(i, j);
  }
  for (let j = 0; j < q; j++) mean[j]! /= n;
  const c = new Float64Array(q * q);
  const d = new Float64Array(q);
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    for (let j = 0; j < q; j++) d[j] = get(i, j) - mean[j]!;
    for (let a = 0; a < q; a++) {
      const da = d[a]!;
      for (let b = a; b < q; b++) c[a * q + b]! += da * d[b]!;
    }
  }
  const sd = new Float64Array(q);
  for (let j = 0; j < q; j++) sd[j] = Math.sqrt(c[j * q + j]!);
  const r = new Float64Array(p * p);
  const ry = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    r[a * p + a] = 1;
    for (let b = a + 1; b < p; b++) r[a * p + b] = r[b * p + a] = c[a * q + b]! / (sd[a]! * sd[b]!);
    ry[a] = c[a * q + p]! / (sd[a]! * sd[p]!);
  }
  return { r, ry, sd: sd.subarray(0, p), sdy: sd[p]! };
}

/**
 * Johnson's relative weights from a correlation matrix (Johnson 2000): with R = V Λ V′, the
 * orthogonal counterparts Z of the attributes load on them through Λ* = V Λ^½ V′; regressing the
 * target on Z gives β = V Λ^−½ V′ r_y, and ε_j = Σ_k (Λ*_jk)² β_k². Σ ε_j = r_y′ R⁻¹ r_y = R².
 * Null when R is singular (collinear attributes).
 */
export function relativeWeights(r: Float64Array, ry: Float64Array, p: number): Float64Array | null {
  const { values, vectors } = symmetricEigen(r, p);
  let max = 0;
  for (let k = 0; k < p; k++) max = Math.max(max, values[k]!);
  for (let k = 0; k < p; k++) if (!(values[k]! > 1e-10 * max)) return null;
  // u = V′ r_y; β = V Λ^−½ u
  const u = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += vectors[j * p + k]! * ry[j]!;
    u[k] = s / Math.sqrt(values[k]!);
  }
  const beta = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += vectors[j * p + k]! * u[k]!;
    beta[j] = s;
  }
  const eps = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) {
      // Λ*_jk = Σ_m V_jm √λ_m V_km
      let l = 0;
      for (let m = 0; m < p; m++) l += vectors[j * p + m]! * Math.sqrt(values[m]!) * vectors[k * p + m]!;
      s += l * l * beta[k]! * beta[k]!;
    }
    eps[j] = s;
  }
  return eps;
}

/**
 * Exact Shapley values of R² (Lipovetsky & Conklin 2001; "dominance analysis" general dominance,
 * Budescu 1993): φ_j = Σ_{S ∌ j} |S|! (p − |S| − 1)! / p! · (R²(S ∪ {j}) − R²(S)) over all 2^p
 * subsets. Null when a subset's correlation matrix is singular.
 */
export function shapleyR2(r: Float64Array, ry: Float64Array, p: number): Float64Array | null {
  const nSets = 1 << p;
  const r2 = new Float64Array(nSets);
  const idx = new Int32Array(p);
  const l = new Float64Array(p * p);
  const w = new Float64Array(p);
  for (let mask = 1; mask < nSets; mask++) {
    const v = subsetR2(r, ry, p, mask, idx, l, w);
    if (Number.isNaN(v)) return null;
    r2[mask] = v;
  }
  // weight of a subset of size s: s! (p − s − 1)! / p!
  const weight = new Float64Array(p);
  for (let s = 0; s < p; s++) {
    let lw = 0;
    for (let k = 2; k <= s; k++) lw += Math.log(k);
    for (let k = 2; k <= p - s - 1; k++) lw += Math.log(k);
    for (let k = 2; k <= p; k++) lw -= Math.log(k);
    weight[s] = Math.exp(lw);
  }
  const phi = new Float64Array(p);
  for (let mask = 0; mask < nSets; mask++) {
    let s = 0;
    for (let m = mask; m; m &= m - 1) s++;
    for (let j = 0; j < p; j++) {
      if (mask & (1 << j)) continue;
      phi[j]! += weight[s]! * (r2[mask | (1 << j)]! - r2[mask]!);
    }
  }
  return phi;
}

/**
 * What drives the overall score: the relative importance of each attribute rating for the target
 * (NPS, CSAT, …) by two methods that share R² out among correlated attributes, where regression
 * coefficients cannot:
 *
 * - **Johnson's relative weights** (Johnson 2000): with the attributes' correlation matrix
 *   R = V Λ V′ and the target correlations r_y, β = V Λ^−½ V′ r_y and
 *   ε_j = Σ_k (V Λ^½ V′)_jk² β_k²; the weights sum to R².
 * - **Shapley-value regression** (Lipovetsky & Conklin 2001), exact over all 2^p subsets of
 *   attributes (p ≤ 12): φ_j = Σ_{S ∌ j} |S|!(p−|S|−1)!/p! · (R²(S ∪ j) − R²(S)); they sum to R² too.
 *
 * Intervals are bootstrap percentiles (responses resampled with replacement, seeded). Each
 * attribute's importance (its share of R²) and performance (mean rating) place it in a quadrant,
 * cut at the average importance 1/p and the average performance: high importance with low
 * performance is `'fix first'`.
 *
 * @param responses - records with numbers in `target` and every attribute field
 * @param options - `attributes` (required), `target`, `method`, `bootstrap`, `seed`, `alpha`, `missing`, `onProgress`, `signal`
 * @returns `{ n, dropped, r2, attributes, thresholds, bootstrap }`, see {@link SatisfactionDrivers}
 * @throws DataError for a non-numeric or (with `missing: 'error'`) missing value naming the record
 *   and field; fewer responses than attributes + 2; a target or attribute with no variance
 *   (every respondent identical); collinear attributes; two responses of one subscriber on one date
 * @throws OptionsError for bad options: a repeated attribute, the target among the attributes, or
 *   more than 12 attributes with Shapley
 * @throws AbortError when `signal` fires
 * @example
 * const rows = [[9, 8, 6], [7, 6, 7], [3, 2, 5], [10, 9, 8], [6, 5, 3], [8, 8, 4], [4, 3, 6], [5, 6, 2]]
 *   .map(([nps, networkQuality, price], i) => ({ subscriberId: `S${i}`, date: '2024-05-01', nps, networkQuality, price }));
 * const d = satisfactionDrivers(rows, { attributes: ['networkQuality', 'price'], bootstrap: 0 });
 * d.attributes[0].rank // => 1
 * Math.abs(d.attributes[0].relativeWeight! + d.attributes[1].relativeWeight! - d.r2) < 1e-12 // => true
 * @category Loyalty
 */
export function satisfactionDrivers(responses: readonly object[], options: SatisfactionDriversOptions): SatisfactionDrivers {
  const fn = 'satisfactionDrivers';
  if (options === undefined) throw new OptionsError(`${fn}: options with \`attributes\` are required`, 'attributes');
  const o = parseOptions(options);
  const attrs = o.attributes;
  const p = attrs.length;
  const seen = new Set<string>();
  for (const a of attrs) {
    if (seen.has(a)) throw new OptionsError(`${fn}: option attributes names '${a}' twice`, 'attributes');
    if (a === o.target) throw new OptionsError(`${fn}: option attributes includes the target '${a}'`, 'attributes');
    seen.add(a);
  }
  const doRw = o.method !== 'shapley';
  const doSh = o.method !== 'relativeWeights';
  if (doSh && p > MAX_SHAPLEY_ATTRIBUTES) {
    throw new OptionsError(
      `${fn}: exact Shapley regression takes at most ${MAX_SHAPLEY_ATTRIBUTES} attributes, got ${p}; use method: 'relativeWeights'`,
      'attributes',
    );
  }
  const rows = checkRecords(fn, responses);
  checkDuplicates(fn, rows);
  const { keep, dropped } = completeResponses(fn, rows, [...attrs, o.target], o.missing);
  const n = keep.length;
  if (n < p + 2) {
    throw new DataError(`${fn}: ${n} responses${dropped ? ` (after dropping ${dropped})` : ''} for ${p} attributes; a regression needs at least attributes + 2 = ${p + 2}`);
  }
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows[keep[k]!]!;
    for (let j = 0; j < p; j++) x[k * p + j] = r[attrs[j]!] as number;
    y[k] = r[o.target] as number;
  }
  const full = correlations(x, y, p, null, n);
  if (!(full.sdy > 0)) throw new DataError(`${fn}: every response has the same ${o.target} (${y[0]}); there is no variance to explain`);
  for (let j = 0; j < p; j++) {
    if (!(full.sd[j]! > 0)) throw new DataError(`${fn}: attribute '${attrs[j]}' has no variance (every response rates it ${x[j]}); leave it out`);
  }
  const rw = doRw ? relativeWeights(full.r, full.ry, p) : null;
  const sh = doSh ? shapleyR2(full.r, full.ry, p) : null;
  if ((doRw && !rw) || (doSh && !sh)) {
    throw new DataError(`${fn}: the attributes are collinear (their correlation matrix is singular); leave out one of a redundant pair`);
  }
  let r2 = 0;
  const main = (rw ?? sh)!;
  for (let j = 0; j < p; j++) r2 += main[j]!;

  const B = o.bootstrap;
  const { bootRw, bootSh, skipped } = bootstrapWeights(fn, x, y, p, n, doRw, doSh, o);
  const interval = (vals: number[] | undefined): [number | null, number | null] => {
    if (!vals || vals.length === 0) return [null, null];
    const s = Float64Array.from(vals).sort();
    return [quantileSorted(s, o.alpha / 2), quantileSorted(s, 1 - o.alpha / 2)];
  };

  const perf = new Float64Array(p);
  for (let k = 0; k < n; k++) for (let j = 0; j < p; j++) perf[j]! += x[k * p + j]!;
  for (let j = 0; j < p; j++) perf[j]! /= n;
  const importance = Array.from(main, (v) => (r2 > 0 ? v / r2 : 1 / p));
  const order = Array.from({ length: p }, (_, j) => j).sort((a, b) => importance[b]! - importance[a]! || a - b);
  const rank = new Int32Array(p);
  order.forEach((j, k) => (rank[j] = k + 1));
  const impCut = 1 / p;
  let perfCut = 0;
  for (let j = 0; j < p; j++) perfCut += perf[j]!;
  perfCut /= p;
  const out: DriverImportance[] = attrs.map((attribute, j) => {
    const [rl, ru] = interval(bootRw?.[j]);
    const [sl, su] = interval(bootSh?.[j]);
    const hi = importance[j]! > impCut;
    const good = perf[j]! > perfCut;
    return {
      attribute,
      relativeWeight: rw ? rw[j]! : null,
      relativeWeightLower: rl,
      relativeWeightUpper: ru,
      shapley: sh ? sh[j]! : null,
      shapleyLower: sl,
      shapleyUpper: su,
      importance: importance[j]!,
      rank: rank[j]!,
      performance: perf[j]!,
      quadrant: hi ? (good ? 'keep up' : 'fix first') : good ? 'possible overkill' : 'low priority',
    };
  });
  return { n, dropped, r2, attributes: out, thresholds: { importance: impCut, performance: perfCut }, bootstrap: { resamples: B - skipped, skipped } };
}

type ResolvedOptions = ReturnType<typeof parseOptions>;

/**
 * The indices of the responses with every field present (the others are dropped, or with
 * `missing: 'error'` a DataError); a present value that is not a finite number is a DataError.
 */
function completeResponses(fn: string, rows: readonly Record<string, unknown>[], fields: readonly string[], missing: ResolvedOptions['missing']): { keep: number[]; dropped: number } {
  const keep: number[] = [];
  let dropped = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    let incomplete = false;
    for (const f of fields) {
      const v = Object.hasOwn(r, f) ? r[f] : undefined;
      if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) {
        if (missing === 'error') {
          throw new DataError(`${fn}: responses[${i}].${f} is missing; give every response a value, or pass missing: 'drop'`);
        }
        incomplete = true;
      } else if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DataError(`${fn}: responses[${i}].${f} is ${typeof v === 'number' ? v : typeof v}; expected a finite number`);
      }
    }
    if (incomplete) dropped++;
    else keep.push(i);
  }
  return { keep, dropped };
}

/**
 * `B` bootstrap resamples of the rows (seeded): per attribute the relative weights and/or Shapley
 * values of each resample; a resample with no variance or a singular correlation matrix is skipped.
 */
function bootstrapWeights(fn: string, x: Float64Array, y: Float64Array, p: number, n: number, doRw: boolean, doSh: boolean, o: ResolvedOptions): { bootRw: number[][] | null; bootSh: number[][] | null; skipped: number } {
  const B = o.bootstrap;
  const bootRw = doRw && B > 0 ? Array.from({ length: p }, () => [] as number[]) : null;
  const bootSh = doSh && B > 0 ? Array.from({ length: p }, () => [] as number[]) : null;
  let skipped = 0;
  if (B > 0) {
    const rng = createRng(o.seed);
    const sample = new Int32Array(n);
    const every = Math.max(1, Math.floor(B / 20));
    for (let b = 0; b < B; b++) {
      if (b % every === 0) {
        throwIfAborted(o.signal, fn);
        o.onProgress?.({ stage: 'bootstrap', done: b, total: B });
      }
      for (let k = 0; k < n; k++) sample[k] = rng.int(n);
      const c = correlations(x, y, p, sample, n);
      let ok = c.sdy > 0;
      for (let j = 0; j < p && ok; j++) ok = c.sd[j]! > 0;
      const a = ok && bootRw ? relativeWeights(c.r, c.ry, p) : null;
      const s = ok && bootSh ? shapleyR2(c.r, c.ry, p) : null;
      if (!ok || (bootRw && !a) || (bootSh && !s)) {
        skipped++;
        continue;
      }
      for (let j = 0; j < p; j++) {
        if (a) bootRw![j]!.push(a[j]!);
        if (s) bootSh![j]!.push(s[j]!);
      }
    }
    throwIfAborted(o.signal, fn);
    o.onProgress?.({ stage: 'bootstrap', done: B, total: B });
  }
  return { bootRw, bootSh, skipped };
}

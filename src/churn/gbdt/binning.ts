/**
 * Feature binning for the histogram GBDT (internal): quantile bin edges per feature and the
 * uint8 bin codes of every value, bin 255 reserved for missing (NaN).
 */
import type { Rng } from '../../internal/rng.js';

/** The bin code of a missing value. */
export const MISSING_BIN = 255;
/** Rows sampled to find the quantile edges (scikit-learn's `subsample=2e5`). */
const EDGE_SAMPLE = 200_000;

/** Midpoint of two distinct sorted values that lies in [a, b) (also for infinities and adjacent floats). */
function midpoint(a: number, b: number): number {
  const m = a / 2 + b / 2;
  return m >= a && m < b ? m : a;
}

/**
 * Bin upper edges of one feature from its sorted non-missing values: the midpoints between
 * distinct values when there are at most `maxBins` of them, otherwise the `maxBins`-quantiles
 * (numpy's `midpoint` percentile method, as scikit-learn), deduplicated.
 */
export function edgesFromSorted(sorted: Float64Array, maxBins: number): Float64Array<ArrayBuffer> {
  const m = sorted.length;
  if (m === 0) return new Float64Array(0);
  let distinct = 1;
  for (let i = 1; i < m && distinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const out: number[] = [];
  if (distinct <= maxBins) {
    for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) out.push(midpoint(sorted[i - 1]!, sorted[i]!));
  } else {
    for (let q = 1; q < maxBins; q++) {
      const pos = (q / maxBins) * (m - 1);
      const lo = sorted[Math.floor(pos)]!;
      const hi = sorted[Math.ceil(pos)]!;
      const e = lo === hi ? lo : midpoint(lo, hi);
      if (out.length === 0 || e > out[out.length - 1]!) out.push(e);
    }
  }
  return Float64Array.from(out);
}

/**
 * Bin edges of every feature, from the given training rows (a seeded sample of 200,000 of them
 * when there are more).
 */
export function fitBinEdges(values: Float64Array, p: number, rows: Int32Array, maxBins: number, rng: Rng): Float64Array<ArrayBuffer>[] {
  let sample = rows;
  if (rows.length > EDGE_SAMPLE) sample = sampleSorted(rows, EDGE_SAMPLE, rng);
  // one pass over the sampled rows, gathering every feature's non-missing values
  const m = sample.length;
  const cols = new Float64Array(p * m);
  const counts = new Int32Array(p);
  for (let k = 0; k < m; k++) {
    const base = sample[k]! * p;
    for (let f = 0; f < p; f++) {
      const v = values[base + f]!;
      if (v === v) {
        const c = counts[f]!;
        cols[f * m + c] = v;
        counts[f] = c + 1;
      }
    }
  }
  const edges: Float64Array<ArrayBuffer>[] = [];
  for (let f = 0; f < p; f++) edges.push(edgesFromSorted(cols.subarray(f * m, f * m + counts[f]!).sort(), maxBins));
  return edges;
}

/** `k` of the entries of `rows`, drawn without replacement, kept in their order (Knuth's algorithm S). */
export function sampleSorted(rows: Int32Array, k: number, rng: Rng): Int32Array {
  const n = rows.length;
  const out = new Int32Array(k);
  let need = k;
  for (let i = 0, o = 0; i < n && need > 0; i++) {
    if (rng.next() * (n - i) < need) {
      out[o++] = rows[i]!;
      need--;
    }
  }
  return out;
}

/** Packs per-feature edges into one array with offsets (feature f: `packed[off[f] … off[f+1])`). */
export function packEdges(edges: readonly Float64Array[]): { packed: Float64Array; off: Int32Array } {
  const off = new Int32Array(edges.length + 1);
  for (let f = 0; f < edges.length; f++) off[f + 1] = off[f]! + edges[f]!.length;
  const packed = new Float64Array(off[edges.length]!);
  for (let f = 0; f < edges.length; f++) packed.set(edges[f]!, off[f]!);
  return { packed, off };
}

/** Buckets of the uniform lookup grid that speeds up binning. */
const GRID = 2048;
/** Most edges a grid bucket may hold before the feature falls back to binary search. */
const GRID_MAX_SCAN = 6;

/**
 * Bin codes of the given rows (all rows when `rows` is null), row-major with `stride` bytes per
 * row: the number of edges strictly below the value (so `code <= b` exactly when
 * `value <= edges[b]`), 255 for NaN. A uniform grid over each feature's edge range gives a start
 * close to the answer, finished by a short scan (binary search where edges are too uneven).
 */
export function binRows(values: Float64Array, p: number, rows: Int32Array | null, stride: number, edges: readonly Float64Array[]): Uint8Array {
  const { packed, off } = packEdges(edges);
  const lo = new Float64Array(p);
  const scale = new Float64Array(p); // 0 = binary search
  const grid = new Int32Array(p * (GRID + 1));
  for (let f = 0; f < p; f++) {
    const e = edges[f]!;
    const k = e.length;
    if (k < 8 || !Number.isFinite(e[0]!) || !Number.isFinite(e[k - 1]!)) continue;
    const sc = GRID / (e[k - 1]! - e[0]!);
    if (!Number.isFinite(sc) || sc <= 0) continue;
    let c = 0;
    let worst = 0;
    for (let g = 0; g <= GRID; g++) {
      const start = e[0]! + g / sc;
      const prev = c;
      while (c < k && e[c]! < start) c++;
      grid[f * (GRID + 1) + g] = c;
      if (g > 0 && c - prev > worst) worst = c - prev;
    }
    if (worst > GRID_MAX_SCAN) continue;
    lo[f] = e[0]!;
    scale[f] = sc;
  }
  const n = rows ? rows.length : values.length / p;
  const bins = new Uint8Array(n * stride);
  for (let k = 0; k < n; k++) {
    const base = (rows ? rows[k]! : k) * p;
    const o = k * stride;
    for (let f = 0; f < p; f++) {
      const v = values[base + f]!;
      if (v !== v) {
        bins[o + f] = MISSING_BIN;
        continue;
      }
      const a = off[f]!;
      const z = off[f + 1]!;
      const sc = scale[f]!;
      let c: number;
      if (sc > 0) {
        const t = (v - lo[f]!) * sc;
        const g = t <= 0 ? 0 : t >= GRID ? GRID : Math.floor(t);
        c = a + grid[f * (GRID + 1) + g]!;
        while (c < z && packed[c]! < v) c++;
        while (c > a && packed[c - 1]! >= v) c--;
      } else {
        let l = a;
        let h = z;
        while (l < h) {
          const mid = (l + h) >>> 1;
          if (packed[mid]! < v) l = mid + 1;
          else h = mid;
        }
        c = l;
      }
      bins[o + f] = c - a;
    }
  }
  return bins;
}

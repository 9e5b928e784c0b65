/**
 * The feature-parallel and row-parallel parts of growing a histogram tree (internal; the churn
 * module's grow-tree.ts drives them). A histogram is split by FEATURES: each part adds the rows
 * `start…end` into its own features' bins, so every bin is still summed in position order and the
 * histogram is the same, bit for bit, for any number of parts. Gradients are row-parallel (each
 * row's own value; the caller sums them in position order).
 */
import { exp } from '../math.js';
import { partRange } from './pool.js';

/** Floats per feature in a histogram: 256 bins × (gradient, hessian, count). */
export const HIST_STRIDE = 768;

/**
 * Writes row `k`'s class-weighted log-loss gradient and hessian at `gh[2k]`, `gh[2k + 1]`, from its
 * raw score and its label (0 or 1): g = w·(p − y), h = w·p(1 − p), p = sigmoid(raw).
 */
export function writeGradient(gh: Float64Array, k: number, raw: number, yi: number, w0: number, w1: number): void {
  const pr = 1 / (1 + exp(-raw));
  const w = yi ? w1 : w0;
  gh[2 * k] = w * (pr - yi);
  gh[2 * k + 1] = w * pr * (1 - pr);
}

/**
 * Histogram of positions `start…end` over the 32-bit words `j0…j1` of bin codes (features
 * 4·j0…4·j1), reading the codes four at a time (little-endian: feature 4j in the low byte).
 * Padding bytes land in the padding features of the histogram, which are never read.
 */
export function buildHistWords(hist: Float64Array, bins32: Uint32Array, gh: Float64Array, start: number, end: number, W: number, j0: number, j1: number): void {
  for (let k = start; k < end; k++) {
    const g = gh[2 * k]!;
    const h = gh[2 * k + 1]!;
    const o = k * W;
    for (let j = j0, fo = j0 * 4 * HIST_STRIDE; j < j1; j++, fo += 4 * HIST_STRIDE) {
      const w = bins32[o + j]!;
      let a = fo + (w & 255) * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      hist[a + 2] = hist[a + 2]! + 1;
      a = fo + HIST_STRIDE + ((w >>> 8) & 255) * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      hist[a + 2] = hist[a + 2]! + 1;
      a = fo + 2 * HIST_STRIDE + ((w >>> 16) & 255) * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      hist[a + 2] = hist[a + 2]! + 1;
      a = fo + 3 * HIST_STRIDE + (w >>> 24) * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      hist[a + 2] = hist[a + 2]! + 1;
    }
  }
}

/** Histogram of positions `start…end` over the listed features `feats[f0…f1)`. */
export function buildHistFeats(
  hist: Float64Array,
  bins: Uint8Array,
  gh: Float64Array,
  start: number,
  end: number,
  stride: number,
  feats: Int32Array,
  f0: number,
  f1: number,
): void {
  for (let k = start; k < end; k++) {
    const g = gh[2 * k]!;
    const h = gh[2 * k + 1]!;
    const o = k * stride;
    for (let j = f0; j < f1; j++) {
      const f = feats[j]!;
      const a = f * HIST_STRIDE + bins[o + f]! * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      hist[a + 2] = hist[a + 2]! + 1;
    }
  }
}

/** A histogram job: positions `start…end`, all features (`feats` null) or the listed `nf`. */
export interface HistJob {
  readonly hist: Float64Array;
  readonly bins: Uint8Array;
  readonly gh: Float64Array;
  readonly start: number;
  readonly end: number;
  readonly stride: number;
  readonly feats: Int32Array | null;
  readonly nf: number;
}

/** One part's features of a histogram job (words of four features when all features are used). */
export function histPart(j: HistJob, part: number, parts: number): void {
  if (j.feats === null) {
    const W = j.stride / 4;
    const [w0, w1] = partRange(W, part, parts);
    const bins32 = new Uint32Array(j.bins.buffer, j.bins.byteOffset, j.bins.length >> 2);
    buildHistWords(j.hist, bins32, j.gh, j.start, j.end, W, w0, w1);
  } else {
    const [f0, f1] = partRange(j.nf, part, parts);
    buildHistFeats(j.hist, j.bins, j.gh, j.start, j.end, j.stride, j.feats, f0, f1);
  }
}

/** A gradient job: positions `0…n` from margins and labels (bit 0 of `ym`). */
export interface GradientJob {
  readonly gh: Float64Array;
  readonly raw: Float64Array;
  readonly ym: Uint8Array;
  readonly n: number;
  readonly w0: number;
  readonly w1: number;
}

/** One part's rows of the gradients and hessians. */
export function gradientPart(j: GradientJob, part: number, parts: number): void {
  const [r0, r1] = partRange(j.n, part, parts);
  const { gh, raw, ym, w0, w1 } = j;
  for (let k = r0; k < r1; k++) writeGradient(gh, k, raw[k]!, ym[k]! & 1, w0, w1);
}

/**
 * A row partition at a split, in parts (the same result as the one-thread partition in
 * src/churn/gbdt/grow-tree.ts: Hoare's pairing of the k-th row going right from the left end with
 * the k-th row going left from the right end). Steps: count the rows going left per part (→ mid);
 * count the misplaced rows per part on either side of mid; list them at the offsets the caller
 * computed; swap the listed pairs, each part its own range of pairs.
 */
export interface PartitionJob {
  readonly bins: Uint8Array;
  readonly gh: Float64Array;
  readonly raw: Float64Array;
  readonly ym: Uint8Array;
  readonly stride: number;
  readonly start: number;
  readonly end: number;
  /** The split feature. */
  readonly f: number;
  /** 1 where a bin code goes left (256 entries). */
  readonly goLeft: Uint8Array;
  /** First position of the right part (known from the second step on). */
  readonly mid: number;
  /** Per part: rows going left (step 1); misplaced rows left of mid, right of mid (step 2, at 2q and 2q + 1). */
  readonly counts: Int32Array;
  /** Per part: where its misplaced rows go in misA and misB (step 3, at 2q and 2q + 1). */
  readonly offsets: Int32Array;
  readonly misA: Int32Array;
  readonly misB: Int32Array;
  /** Number of pairs to swap (step 4). */
  readonly pairs: number;
}

/** Step 1: rows of the part's share of start…end going left, into counts[part]. */
export function partitionCountPart(j: PartitionJob, part: number, parts: number): void {
  const [a, b] = partRange(j.end - j.start, part, parts);
  const { bins, stride, goLeft } = j;
  let L = 0;
  for (let k = j.start + a, o = k * stride + j.f; k < j.start + b; k++, o += stride) L += goLeft[bins[o]!]!;
  j.counts[part] = L;
}

/** Step 2: the part's misplaced rows: going right in its share of start…mid, going left in its share of mid…end. */
export function partitionMisCountPart(j: PartitionJob, part: number, parts: number): void {
  const { bins, stride, goLeft, start, mid, end, f } = j;
  const [a0, a1] = partRange(mid - start, part, parts);
  let na = 0;
  for (let k = start + a0, o = k * stride + f; k < start + a1; k++, o += stride) na += 1 - goLeft[bins[o]!]!;
  const [b0, b1] = partRange(end - mid, part, parts);
  let nb = 0;
  for (let k = mid + b0, o = k * stride + f; k < mid + b1; k++, o += stride) nb += goLeft[bins[o]!]!;
  j.counts[2 * part] = na;
  j.counts[2 * part + 1] = nb;
}

/** Step 3: lists the part's misplaced rows (left of mid in increasing order, right of mid in decreasing order). */
export function partitionListPart(j: PartitionJob, part: number, parts: number): void {
  const { bins, stride, goLeft, start, mid, end, f, misA, misB } = j;
  const [a0, a1] = partRange(mid - start, part, parts);
  // (a branch, not the one-thread path's write-then-advance: that writes one slot past the part's
  // own entries, which here belong to the next part)
  let na = j.offsets[2 * part]!;
  for (let k = start + a0, o = k * stride + f; k < start + a1; k++, o += stride) if (goLeft[bins[o]!] === 0) misA[na++] = k;
  const [b0, b1] = partRange(end - mid, part, parts);
  let nb = j.offsets[2 * part + 1]!;
  for (let k = mid + b1 - 1, o = k * stride + f; k >= mid + b0; k--, o -= stride) if (goLeft[bins[o]!] === 1) misB[nb++] = k;
}

/**
 * Swaps the rows of the listed pairs `t0…t1` (misA[t] with misB[t]): their bin codes (`W` 32-bit
 * words a row), gradient and hessian, margin and label. The one-thread partition and step 4 below
 * run this same loop.
 */
export function swapPairs(
  bins32: Uint32Array,
  W: number,
  gh: Float64Array,
  raw: Float64Array,
  ym: Uint8Array,
  misA: Int32Array,
  misB: Int32Array,
  t0: number,
  t1: number,
): void {
  for (let t = t0; t < t1; t++) {
    const i = misA[t]!;
    const k = misB[t]!;
    const oi = i * W;
    const ok = k * W;
    for (let q = 0; q < W; q++) {
      const x = bins32[oi + q]!;
      bins32[oi + q] = bins32[ok + q]!;
      bins32[ok + q] = x;
    }
    let x = gh[2 * i]!;
    gh[2 * i] = gh[2 * k]!;
    gh[2 * k] = x;
    x = gh[2 * i + 1]!;
    gh[2 * i + 1] = gh[2 * k + 1]!;
    gh[2 * k + 1] = x;
    x = raw[i]!;
    raw[i] = raw[k]!;
    raw[k] = x;
    const c = ym[i]!;
    ym[i] = ym[k]!;
    ym[k] = c;
  }
}

/** Step 4: swaps the part's range of listed pairs (rows' bin codes, gradients, margins, labels). */
export function partitionSwapPart(j: PartitionJob, part: number, parts: number): void {
  const [t0, t1] = partRange(j.pairs, part, parts);
  const bins32 = new Uint32Array(j.bins.buffer, j.bins.byteOffset, j.bins.length >> 2);
  swapPairs(bins32, j.stride >> 2, j.gh, j.raw, j.ym, j.misA, j.misB, t0, t1);
}

/** The GBDT tasks a worker thread answers. */
export const GBDT_TASKS = {
  'gbdt/hist': histPart,
  'gbdt/grad': gradientPart,
  'gbdt/pcount': partitionCountPart,
  'gbdt/pmis': partitionMisCountPart,
  'gbdt/plist': partitionListPart,
  'gbdt/pswap': partitionSwapPart,
} as const;

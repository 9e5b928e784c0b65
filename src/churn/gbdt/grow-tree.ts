/**
 * Growing one histogram tree, leaf-wise (best-first), as LightGBM and scikit-learn's
 * HistGradientBoosting do (internal).
 *
 * Each leaf owns a contiguous range of positions (rows physically reordered by stable partitions) and a gradient/hessian/count histogram per feature (256 bins × 3 float64, bin 255 =
 * missing). Splitting a leaf builds the histogram of the smaller child only and derives the larger
 * child's by subtracting it from the parent's (the subtraction trick). A split maximises
 * `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` over features and bins, with missing values sent left
 * and right in turn (the learned default direction); a leaf's value is `−lr · G/(H+λ)`.
 */
import { MISSING_BIN } from './binning.js';
import {
  buildHistFeats,
  buildHistWords,
  gradientPart,
  HIST_STRIDE,
  histPart,
  partitionCountPart,
  partitionListPart,
  partitionMisCountPart,
  partitionSwapPart,
  swapPairs,
  writeGradient,
  type HistJob,
  type PartitionJob,
} from '../../internal/parallel/gbdt.js';
import { minParallelSize, type Pool } from '../../internal/parallel/pool.js';

export { HIST_STRIDE, writeGradient } from '../../internal/parallel/gbdt.js';

/** Fewest positions for which a histogram is built on the pool's threads (below it a message round trip costs more). */
const PARALLEL_MIN_POSITIONS = 8_192;
/** Fewest positions for which a split's partition runs in parts (four round trips to the threads). */
const PARALLEL_MIN_PARTITION = 32_768;

/** Tree-growing parameters (resolved options). */
export interface GrowParams {
  readonly maxLeaves: number;
  /** Depth limit of leaves (Infinity for none). */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minHessianLeaf: number;
  readonly l2: number;
  readonly learningRate: number;
}

/**
 * Reusable buffers for growing trees. The training rows are kept physically partitioned: row
 * data (bin codes, gradient/hessian, margin, label) live at *positions* that each split reorders
 * (stable), so every node owns a contiguous position range and histograms are built by
 * sequential scans.
 */
export interface GrowWorkspace {
  readonly p: number;
  /** Positions (training rows). */
  readonly n: number;
  /** Bytes per row of bin codes (p rounded up to a multiple of 4). */
  readonly stride: number;
  /** 32-bit words per row (`stride / 4`). */
  readonly words: number;
  /** n × stride bin codes by position. */
  readonly bins: Uint8Array;
  readonly bins32: Uint32Array;
  /** Non-missing bins per feature. */
  readonly nBins: Int32Array;
  /** Interleaved gradient and hessian by position: `gh[2k]`, `gh[2k+1]`. */
  readonly gh: Float64Array;
  /** Margin by position. */
  readonly raw: Float64Array;
  /** Label by position in bit 0; bit 1 marks the rows on which `trainLoss` is measured. */
  readonly ym: Uint8Array;
  readonly tBins32: Uint32Array;
  readonly tGh: Float64Array;
  readonly tRaw: Float64Array;
  readonly tYm: Uint8Array;
  readonly hists: Float64Array[];
  readonly freeSlots: number[];
  // per node (capacity 2 · maxLeaves − 1)
  readonly nodeStart: Int32Array;
  readonly nodeEnd: Int32Array;
  readonly nodeG: Float64Array;
  readonly nodeH: Float64Array;
  readonly nodeDepth: Int32Array;
  readonly nodeHist: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly bestGain: Float64Array;
  readonly bestFeat: Int32Array;
  readonly bestBin: Int32Array;
  readonly bestMissLeft: Uint8Array;
  readonly bestHasMissing: Uint8Array;
  readonly bestGL: Float64Array;
  readonly bestHL: Float64Array;
  readonly bestCL: Float64Array;
  /** Partition scratch: 1 where a bin code goes left (256 entries), and the misplaced positions on either side (at most n/2 each). */
  readonly goLeft: Uint8Array;
  readonly misA: Int32Array;
  readonly misB: Int32Array;
  /**
   * Bin counts of all `n` positions (`stride × 256`, feature-major), filled on first use: the root's
   * count histogram whenever a tree grows on every position, the same for every tree.
   */
  readonly allCounts: Float64Array;
  allCountsReady: boolean;
  /** The root's counts when a tree grows on a subsample (`stride × 256`). */
  readonly subCounts: Float64Array;
  /** Threads for histograms and gradients (undefined: this thread only; the same trees either way). */
  readonly pool: Pool | undefined;
  /** Function name for errors from worker threads. */
  readonly fn: string;
  /** Shared per-part counts and offsets of a partition in parts (with a pool). */
  readonly partScratch: { readonly counts: Int32Array; readonly offsets: Int32Array } | undefined;
}

/** One grown tree (node arrays of length `nNodes`, tree-local child indices). */
export interface GrownTree {
  readonly nNodes: number;
  readonly feature: Int32Array;
  readonly thresholdBin: Int32Array;
  readonly missingGoesLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  readonly gain: Float64Array;
}

/** Row stride in bytes for p features. */
export function binStride(p: number): number {
  return Math.max(4, Math.ceil(p / 4) * 4);
}

/**
 * A workspace over binned training rows (`bins`: n × binStride(p), taken over, not copied),
 * their margins and labels.
 */
export function createGrowWorkspace(
  bins: Uint8Array,
  raw: Float64Array,
  ym: Uint8Array,
  p: number,
  nBins: Int32Array,
  maxLeaves: number,
  pool?: Pool,
  fn = 'fitGbdt',
): GrowWorkspace {
  const n = raw.length;
  const stride = binStride(p);
  if (pool) {
    // the rows the threads read live in shared memory (the caller still reorders them in place)
    bins = shareCopy(bins, (m) => new Uint8Array(m));
    raw = shareCopy(raw, (m) => new Float64Array(m));
    ym = shareCopy(ym, (m) => new Uint8Array(m));
  }
  const words = stride / 4;
  const cap = 2 * maxLeaves - 1;
  return {
    p,
    n,
    stride,
    words,
    bins,
    bins32: new Uint32Array(bins.buffer, bins.byteOffset, n * words),
    nBins,
    gh: pool ? new Float64Array(new SharedArrayBuffer(16 * n)) : new Float64Array(2 * n),
    raw,
    ym,
    tBins32: new Uint32Array(n * words),
    tGh: new Float64Array(2 * n),
    tRaw: new Float64Array(n),
    tYm: new Uint8Array(n),
    hists: [],
    freeSlots: [],
    nodeStart: new Int32Array(cap),
    nodeEnd: new Int32Array(cap),
    nodeG: new Float64Array(cap),
    nodeH: new Float64Array(cap),
    nodeDepth: new Int32Array(cap),
    nodeHist: new Int32Array(cap),
    left: new Int32Array(cap),
    right: new Int32Array(cap),
    bestGain: new Float64Array(cap),
    bestFeat: new Int32Array(cap),
    bestBin: new Int32Array(cap),
    bestMissLeft: new Uint8Array(cap),
    bestHasMissing: new Uint8Array(cap),
    bestGL: new Float64Array(cap),
    bestHL: new Float64Array(cap),
    bestCL: new Float64Array(cap),
    goLeft: new Uint8Array(256),
    misA: pool ? new Int32Array(new SharedArrayBuffer(4 * ((n >> 1) + 1))) : new Int32Array((n >> 1) + 1),
    misB: pool ? new Int32Array(new SharedArrayBuffer(4 * ((n >> 1) + 1))) : new Int32Array((n >> 1) + 1),
    allCounts: new Float64Array(stride * 256),
    allCountsReady: false,
    subCounts: new Float64Array(stride * 256),
    pool,
    fn,
    partScratch: pool
      ? { counts: new Int32Array(new SharedArrayBuffer(8 * (pool.threads + 1))), offsets: new Int32Array(new SharedArrayBuffer(8 * (pool.threads + 1))) }
      : undefined,
  };
}

/** A copy of `a` over fresh shared memory. */
function shareCopy<T extends Uint8Array | Float64Array>(a: T, make: (m: SharedArrayBuffer) => T): T {
  const c = make(new SharedArrayBuffer(a.byteLength));
  c.set(a as never);
  return c;
}

function allocSlot(ws: GrowWorkspace): number {
  const s = ws.freeSlots.pop();
  if (s !== undefined) {
    ws.hists[s]!.fill(0);
    return s;
  }
  const size = ws.stride * HIST_STRIDE;
  ws.hists.push(ws.pool ? new Float64Array(new SharedArrayBuffer(8 * size)) : new Float64Array(size));
  return ws.hists.length - 1;
}

/**
 * Histogram of positions `start…end` over all features (`feats` null) or the listed `nf`: split by
 * features over the pool's threads when the range is large, else here (the same sums either way).
 */
function buildHist(ws: GrowWorkspace, hist: Float64Array, start: number, end: number, feats: Int32Array | null, nf: number): void {
  if (ws.pool && end - start >= minParallelSize(PARALLEL_MIN_POSITIONS)) {
    const job: HistJob = { hist, bins: ws.bins, gh: ws.gh, start, end, stride: ws.stride, feats, nf };
    ws.pool.run(ws.fn, 'gbdt/hist', histPart, job);
  } else if (feats === null) buildHistWords(hist, ws.bins32, ws.gh, start, end, ws.words, 0, ws.words);
  else buildHistFeats(hist, ws.bins, ws.gh, start, end, ws.stride, feats, 0, nf);
}

/** Bin counts of positions `0…n` per feature (`stride × 256`). */
function countBins(counts: Float64Array, bins: Uint8Array, n: number, stride: number): void {
  for (let k = 0, o = 0; k < n; k++, o += stride) {
    for (let f = 0, fo = 0; f < stride; f++, fo += 256) {
      const a = fo + bins[o + f]!;
      counts[a] = counts[a]! + 1;
    }
  }
}

/**
 * The class-weighted log-loss gradient `w(p − y)` and hessian `w·p(1 − p)` of positions `0…nRows`
 * written to `ws.gh`, their sums, and — in the same pass — the root's gradient and hessian
 * histogram over all features in a fresh slot (`slot`). When the tree grows on every position the
 * root's counts are copied from {@link GrowWorkspace.allCounts} (they do not change between
 * trees), so the pass adds two values per feature instead of three; otherwise the counts are
 * added too. Sums run in position order, the same as computing the gradients and then scanning.
 */
export function gradientsAndRootHistogram(ws: GrowWorkspace, nRows: number, w0: number, w1: number): { G: number; H: number; slot: number } {
  const { gh, raw, ym, bins32, words: W } = ws;
  const slot = allocSlot(ws);
  const hist = ws.hists[slot]!;
  const every = nRows === ws.n;
  let G = 0;
  let H = 0;
  if (ws.pool && nRows >= minParallelSize(PARALLEL_MIN_POSITIONS)) {
    // with threads: the gradients row-parallel, their sums here in position order, then the
    // histogram split by features (its counts are overwritten below with the same integers)
    ws.pool.run(ws.fn, 'gbdt/grad', gradientPart, { gh, raw, ym, n: nRows, w0, w1 });
    for (let k = 0; k < nRows; k++) {
      G += gh[2 * k]!;
      H += gh[2 * k + 1]!;
    }
    buildHist(ws, hist, 0, nRows, null, ws.p);
  } else for (let k = 0; k < nRows; k++) {
    writeGradient(gh, k, raw[k]!, ym[k]! & 1, w0, w1);
    const g = gh[2 * k]!;
    const h = gh[2 * k + 1]!;
    G += g;
    H += h;
    const o = k * W;
    for (let j = 0, fo = 0; j < W; j++, fo += 4 * HIST_STRIDE) {
      const v = bins32[o + j]!;
      let a = fo + (v & 255) * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      a = fo + HIST_STRIDE + ((v >>> 8) & 255) * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      a = fo + 2 * HIST_STRIDE + ((v >>> 16) & 255) * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
      a = fo + 3 * HIST_STRIDE + (v >>> 24) * 3;
      hist[a] = hist[a]! + g;
      hist[a + 1] = hist[a + 1]! + h;
    }
  }
  let counts = ws.allCounts;
  if (!every) {
    counts = ws.subCounts;
    counts.fill(0);
    countBins(counts, ws.bins, nRows, ws.stride);
  } else if (!ws.allCountsReady) {
    countBins(counts, ws.bins, nRows, ws.stride);
    ws.allCountsReady = true;
  }
  for (let c = 0, a = 2; c < counts.length; c++, a += 3) hist[a] = counts[c]!;
  return { G, H, slot };
}

/** Best split of a node from its histogram; fills the node's `best*` fields (`bestFeat = −1`: none). */
function findBestSplit(ws: GrowWorkspace, node: number, count: number, feats: Int32Array, nf: number, prm: GrowParams): void {
  const hist = ws.hists[ws.nodeHist[node]!]!;
  const G = ws.nodeG[node]!;
  const H = ws.nodeH[node]!;
  const l2 = prm.l2;
  const msl = prm.minSamplesLeaf;
  const minH = l2 > 0 ? prm.minHessianLeaf : Math.max(prm.minHessianLeaf, 1e-300);
  const parent = (G * G) / (H + l2);
  let best = 1e-10 * (1 + Math.abs(parent));
  let bf = -1;
  let bb = 0;
  let bml = 0;
  let bhm = 0;
  let bgl = 0;
  let bhl = 0;
  let bcl = 0;
  for (let j = 0; j < nf; j++) {
    const f = feats[j]!;
    const base = f * HIST_STRIDE;
    const nb = ws.nBins[f]!;
    const mo = base + MISSING_BIN * 3;
    const mc = hist[mo + 2]!;
    if (nb <= 1 && mc === 0) continue;
    // missing values (if any) go right: left = bins 0…b
    let gl = 0;
    let hl = 0;
    let cl = 0;
    const last = mc > 0 ? nb - 1 : nb - 2;
    for (let b = 0; b <= last; b++) {
      const o = base + b * 3;
      gl += hist[o]!;
      hl += hist[o + 1]!;
      cl += hist[o + 2]!;
      if (cl < msl || hl < minH) continue;
      const cr = count - cl;
      if (cr < msl) break;
      const hr = H - hl;
      if (hr < minH) continue;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parent;
      if (gain > best) {
        best = gain;
        bf = f;
        bb = b;
        bml = 0;
        bhm = mc > 0 ? 1 : 0;
        bgl = gl;
        bhl = hl;
        bcl = cl;
      }
    }
    if (mc > 0) {
      // missing values go left: right = bins b+1…nb−1
      let gr = 0;
      let hr = 0;
      let cr = 0;
      for (let b = nb - 2; b >= 0; b--) {
        const o = base + (b + 1) * 3;
        gr += hist[o]!;
        hr += hist[o + 1]!;
        cr += hist[o + 2]!;
        if (cr < msl || hr < minH) continue;
        const c2 = count - cr;
        if (c2 < msl) break;
        const h2 = H - hr;
        if (h2 < minH) continue;
        const g2 = G - gr;
        const gain = (g2 * g2) / (h2 + l2) + (gr * gr) / (hr + l2) - parent;
        if (gain > best) {
          best = gain;
          bf = f;
          bb = b;
          bml = 1;
          bhm = 1;
          bgl = g2;
          bhl = h2;
          bcl = c2;
        }
      }
    }
  }
  ws.bestFeat[node] = bf;
  ws.bestGain[node] = bf >= 0 ? best : 0;
  ws.bestBin[node] = bb;
  ws.bestMissLeft[node] = bml;
  ws.bestHasMissing[node] = bhm;
  ws.bestGL[node] = bgl;
  ws.bestHL[node] = bhl;
  ws.bestCL[node] = bcl;
}

/** Moves position `k` to `d` (d <= k) or, when `toTmp`, to the temporary slot `d`. */
function moveRow(ws: GrowWorkspace, k: number, d: number, toTmp: boolean): void {
  const W = ws.words;
  const src = ws.bins32;
  const dst = toTmp ? ws.tBins32 : ws.bins32;
  for (let j = 0; j < W; j++) dst[d * W + j] = src[k * W + j]!;
  const gh = ws.gh;
  const dgh = toTmp ? ws.tGh : gh;
  dgh[2 * d] = gh[2 * k]!;
  dgh[2 * d + 1] = gh[2 * k + 1]!;
  (toTmp ? ws.tRaw : ws.raw)[d] = ws.raw[k]!;
  (toTmp ? ws.tYm : ws.ym)[d] = ws.ym[k]!;
}

/** Copies `t` temporary rows back to positions `l…l+t`. */
function restoreTmp(ws: GrowWorkspace, l: number, t: number): void {
  const W = ws.words;
  ws.bins32.set(ws.tBins32.subarray(0, t * W), l * W);
  ws.gh.set(ws.tGh.subarray(0, 2 * t), 2 * l);
  ws.raw.set(ws.tRaw.subarray(0, t), l);
  ws.ym.set(ws.tYm.subarray(0, t), l);
}

/**
 * Partition of positions `start…end` by a split, in place; returns the first position of the right
 * part. The result is that of Hoare's scheme (the k-th row going right from the left end trades
 * places with the k-th row going left from the right end), computed without data-dependent
 * branches: one pass counts the rows going left (`L`), a second lists the misplaced rows on
 * either side of `start + L` (writing every candidate and advancing the list by the row's
 * direction), then the listed pairs swap. Only misplaced rows move.
 */
export function partition(ws: GrowWorkspace, start: number, end: number, f: number, thr: number, missLeft: boolean): number {
  const { bins, stride, words: W, bins32, gh, raw, ym, goLeft, misA, misB } = ws;
  for (let b = 0; b < MISSING_BIN; b++) goLeft[b] = b <= thr ? 1 : 0;
  goLeft[MISSING_BIN] = missLeft ? 1 : 0;
  if (ws.pool && end - start >= minParallelSize(PARALLEL_MIN_PARTITION)) return partitionInParts(ws, ws.pool, start, end, f);
  let L = 0;
  for (let k = start, o = start * stride + f; k < end; k++, o += stride) L += goLeft[bins[o]!]!;
  const mid = start + L;
  // rows going right before mid, in increasing order; rows going left from mid on, in decreasing order
  let na = 0;
  for (let k = start, o = start * stride + f; k < mid; k++, o += stride) {
    misA[na] = k;
    na += 1 - goLeft[bins[o]!]!;
  }
  let nb = 0;
  for (let k = end - 1, o = (end - 1) * stride + f; k >= mid; k--, o -= stride) {
    misB[nb] = k;
    nb += goLeft[bins[o]!]!;
  }
  swapPairs(bins32, W, gh, raw, ym, misA, misB, 0, na);
  return mid;
}

/** {@link partition} in parts on the pool's threads (the same rows end up in the same places). */
function partitionInParts(ws: GrowWorkspace, pool: Pool, start: number, end: number, f: number): number {
  const parts = pool.threads + 1;
  const { counts, offsets } = ws.partScratch!;
  const base = { bins: ws.bins, gh: ws.gh, raw: ws.raw, ym: ws.ym, stride: ws.stride, start, end, f, goLeft: ws.goLeft, counts, offsets, misA: ws.misA, misB: ws.misB };
  pool.run(ws.fn, 'gbdt/pcount', partitionCountPart, { ...base, mid: 0, pairs: 0 }, parts);
  let L = 0;
  for (let q = 0; q < parts; q++) L += counts[q]!;
  const mid = start + L;
  const job: PartitionJob = { ...base, mid, pairs: 0 };
  pool.run(ws.fn, 'gbdt/pmis', partitionMisCountPart, job, parts);
  // misA in increasing position order: parts in order; misB in decreasing order: parts in reverse
  let na = 0;
  for (let q = 0; q < parts; q++) {
    offsets[2 * q] = na;
    na += counts[2 * q]!;
  }
  let nb = 0;
  for (let q = parts - 1; q >= 0; q--) {
    offsets[2 * q + 1] = nb;
    nb += counts[2 * q + 1]!;
  }
  pool.run(ws.fn, 'gbdt/plist', partitionListPart, job, parts);
  pool.run(ws.fn, 'gbdt/pswap', partitionSwapPart, { ...job, pairs: na }, parts);
  return mid;
}

/** Stable partition of all positions: those with `mask[k] = 1` first; returns their count. */
export function partitionByMask(ws: GrowWorkspace, mask: Uint8Array): number {
  let l = 0;
  let t = 0;
  for (let k = 0; k < ws.n; k++) {
    if (mask[k]) {
      if (l !== k) moveRow(ws, k, l, false);
      l++;
    } else {
      moveRow(ws, k, t++, true);
    }
  }
  restoreTmp(ws, l, t);
  return l;
}

/**
 * Grows one tree on the positions `0…nRows` with gradients in `ws.gh` (summing to G and H), using the features
 * `feats[0…nf)` (all features when `nf === p`). `rootSlot` is the root's histogram slot when
 * {@link gradientsAndRootHistogram} built it (−1: the grower builds it). After the call, the
 * leaves' row ranges are in `ws.nodeStart`/`ws.nodeEnd`.
 */
export function growTree(ws: GrowWorkspace, nRows: number, G: number, H: number, feats: Int32Array, nf: number, prm: GrowParams, rootSlot = -1): GrownTree {
  const { left, right, nodeG, nodeH, nodeStart, nodeEnd, nodeDepth, nodeHist } = ws;
  const all = nf === ws.p;
  const msl = prm.minSamplesLeaf;
  nodeStart[0] = 0;
  nodeEnd[0] = nRows;
  nodeG[0] = G;
  nodeH[0] = H;
  nodeDepth[0] = 0;
  nodeHist[0] = -1;
  left[0] = -1;
  right[0] = -1;
  ws.bestFeat[0] = -1;
  let nNodes = 1;
  let nLeaves = 1;
  const open: number[] = [];
  const canSplit = (node: number): boolean =>
    nodeDepth[node]! < prm.maxDepth && nodeEnd[node]! - nodeStart[node]! >= 2 * msl && nodeH[node]! >= 2 * prm.minHessianLeaf;
  const build = (node: number): void => {
    buildHist(ws, ws.hists[nodeHist[node]!]!, nodeStart[node]!, nodeEnd[node]!, all ? null : feats, nf);
  };
  const evaluate = (node: number): void => {
    findBestSplit(ws, node, nodeEnd[node]! - nodeStart[node]!, feats, nf, prm);
    if (ws.bestFeat[node]! >= 0) open.push(node);
    else releaseHist(node);
  };
  const releaseHist = (node: number): void => {
    if (nodeHist[node]! >= 0) ws.freeSlots.push(nodeHist[node]!);
    nodeHist[node] = -1;
  };
  if (prm.maxLeaves >= 2 && canSplit(0)) {
    if (rootSlot >= 0) {
      nodeHist[0] = rootSlot;
    } else {
      nodeHist[0] = allocSlot(ws);
      build(0);
    }
    evaluate(0);
  } else if (rootSlot >= 0) {
    ws.freeSlots.push(rootSlot);
  }
  while (nLeaves < prm.maxLeaves && open.length > 0) {
    let pick = 0;
    for (let j = 1; j < open.length; j++) if (ws.bestGain[open[j]!]! > ws.bestGain[open[pick]!]!) pick = j;
    const nd = open[pick]!;
    open.splice(pick, 1);
    const s = nodeStart[nd]!;
    const e = nodeEnd[nd]!;
    const f = ws.bestFeat[nd]!;
    const mid = partition(ws, s, e, f, ws.bestBin[nd]!, ws.bestMissLeft[nd] === 1);
    if (ws.bestHasMissing[nd] === 0) {
      // no missing value reached this node in training: send missing values to the bigger child
      ws.bestMissLeft[nd] = mid - s >= e - mid ? 1 : 0;
    }
    const L = nNodes++;
    const R = nNodes++;
    left[nd] = L;
    right[nd] = R;
    for (const c of [L, R]) {
      left[c] = -1;
      right[c] = -1;
      nodeDepth[c] = nodeDepth[nd]! + 1;
      nodeHist[c] = -1;
      ws.bestFeat[c] = -1;
    }
    nodeStart[L] = s;
    nodeEnd[L] = mid;
    nodeStart[R] = mid;
    nodeEnd[R] = e;
    nodeG[L] = ws.bestGL[nd]!;
    nodeH[L] = ws.bestHL[nd]!;
    nodeG[R] = nodeG[nd]! - ws.bestGL[nd]!;
    nodeH[R] = nodeH[nd]! - ws.bestHL[nd]!;
    nLeaves++;
    const parentSlot = nodeHist[nd]!;
    nodeHist[nd] = -1;
    const canL = nLeaves < prm.maxLeaves && canSplit(L);
    const canR = nLeaves < prm.maxLeaves && canSplit(R);
    if (!canL && !canR) {
      ws.freeSlots.push(parentSlot);
      continue;
    }
    const small = mid - s <= e - mid ? L : R;
    const large = small === L ? R : L;
    nodeHist[small] = allocSlot(ws);
    build(small);
    const ph = ws.hists[parentSlot]!;
    const sh = ws.hists[nodeHist[small]!]!;
    for (let j = 0; j < nf; j++) {
      const base = feats[j]! * HIST_STRIDE;
      for (let a = base; a < base + HIST_STRIDE; a++) ph[a] = ph[a]! - sh[a]!;
    }
    nodeHist[large] = parentSlot;
    if (canL) evaluate(L);
    else releaseHist(L);
    if (canR) evaluate(R);
    else releaseHist(R);
  }
  for (const nd of open) releaseHist(nd);
  return finishTree(ws, nNodes, prm);
}

function finishTree(ws: GrowWorkspace, nNodes: number, prm: GrowParams): GrownTree {
  const t: GrownTree = {
    nNodes,
    feature: new Int32Array(nNodes),
    thresholdBin: new Int32Array(nNodes),
    missingGoesLeft: new Uint8Array(nNodes),
    left: ws.left.slice(0, nNodes),
    right: ws.right.slice(0, nNodes),
    value: new Float64Array(nNodes),
    cover: new Float64Array(nNodes),
    gain: new Float64Array(nNodes),
  };
  for (let i = 0; i < nNodes; i++) {
    const den = ws.nodeH[i]! + prm.l2;
    t.value[i] = den > 0 ? (-prm.learningRate * ws.nodeG[i]!) / den : 0;
    t.cover[i] = ws.nodeEnd[i]! - ws.nodeStart[i]!;
    if (ws.left[i]! >= 0) {
      t.feature[i] = ws.bestFeat[i]!;
      t.thresholdBin[i] = ws.bestBin[i]!;
      t.missingGoesLeft[i] = ws.bestMissLeft[i]!;
      t.gain[i] = ws.bestGain[i]!;
    } else {
      t.feature[i] = -1;
    }
  }
  return t;
}

/** Leaf reached by the binned row at offset `o` of `bins` (tree-local node index). */
export function leafOfBinnedRow(t: GrownTree, bins: Uint8Array, o: number): number {
  let nd = 0;
  while (t.left[nd]! >= 0) {
    const b = bins[o + t.feature[nd]!]!;
    const goLeft = b === MISSING_BIN ? t.missingGoesLeft[nd] === 1 : b <= t.thresholdBin[nd]!;
    nd = goLeft ? t.left[nd]! : t.right[nd]!;
  }
  return nd;
}

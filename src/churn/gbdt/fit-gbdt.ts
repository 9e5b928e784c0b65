/**
 * `fitGbdt`: histogram gradient-boosted trees for binary log loss.
 *
 * @module
 */
import { DataError } from '../../errors.js';
import { toFeatureMatrix } from '../../matrix/feature-matrix.js';
import type { MatrixInput } from '../../matrix/feature-matrix.js';
import { defineOptions, described, int, longRun, real, seed, workers } from '../../internal/options.js';
import { getPool, minParallelSize, resolveWorkers } from '../../internal/parallel/pool.js';
import { GBDT_WORKER_SOURCE } from '../../internal/parallel/worker-source.generated.js';
import * as o from '../../internal/option-kinds.js';
import { MAX_ITER, MAX_LEAVES, MAX_TREES } from '../../limits.js';
import { throwIfAborted } from '../../internal/model.js';
import { createRng } from '../../internal/rng.js';
import { permutation } from '../../internal/sample.js';
import { toBinaryLabels, type BinaryLabels } from '../../metrics/labels.js';
import type { Rng } from '../../internal/rng.js';
import { binRows, fitBinEdges, sampleSorted } from './binning.js';
import { binStride, createGrowWorkspace, gradientsAndRootHistogram, growTree, leafOfBinnedRow, partitionByMask, writeGradient } from './grow-tree.js';
import type { GrowParams, GrownTree, GrowWorkspace } from './grow-tree.js';
import type { GbdtModel, GbdtOptions, GbdtResolvedOptions } from './schema.js';
import { CHURN_MODEL_VERSIONS } from '../model-kinds.js';
import { exp, log, log1p } from '../../internal/math.js';

const FN = 'fitGbdt';
/** Training rows on which `trainLoss` is measured each round (scikit-learn's 10,000). */
const TRAIN_LOSS_ROWS = 10_000;


/** The declared options of {@link fitGbdt} (and of `fitChurnModel(m, y, { kind: 'gbdt', … })`). */
export const parseGbdtOptions = defineOptions(FN, {
  nTrees: int(1, MAX_TREES).default(100),
  learningRate: real({ gt: 0, max: 1 }).default(0.1),
  maxLeaves: int(2, MAX_LEAVES).optional(),
  maxDepth: described(o.union([int(1, 1_000), o.literal(null)]), 'an integer in [1, 1000] or null').default(null),
  minSamplesLeaf: int(1, Number.MAX_SAFE_INTEGER).default(20),
  minHessianLeaf: real({ min: 0 }).default(1e-3),
  l2: real({ min: 0 }).default(1),
  maxBins: int(2, 255).default(255),
  subsample: real({ gt: 0, max: 1 }).default(1),
  colsample: real({ gt: 0, max: 1 }).default(1),
  earlyStopping: described(o.union([o.literal('auto'), o.boolean()]), "'auto', true or false").default('auto'),
  validationFraction: real({ gt: 0, lt: 1 }).default(0.1),
  nIterNoChange: int(1, MAX_ITER).default(10),
  tol: real({ min: 0 }).default(1e-7),
  keepAllTrees: o.boolean().default(false),
  classWeight: described(
    o.union([o.literal('balanced'), o.strictObject({ 0: real({ gt: 0 }), 1: real({ gt: 0 }) }), o.literal(null)]),
    "'balanced', { 0: w0, 1: w1 } with positive weights, or null",
  ).default(null),
  seed: seed().default(0),
  workers: workers(),
  ...longRun(),
});

/** Fewest training rows for which `workers > 1` starts threads (smaller fits stay on the calling thread). */
const GBDT_PARALLEL_MIN_ROWS = 16_384;

/** `earlyStopping: 'auto'` turns early stopping on from this many rows (below it a 10 % split is too small to stop on). */
export const GBDT_AUTO_EARLY_STOPPING_ROWS = 1_000;

/**
 * The default leaf limit for `nFit` rows to grow trees on: `clamp(round(√nFit / 7.5), 4, 31)` —
 * 9 leaves for IBM Telco's 4,500 rows, 31 (LightGBM's and scikit-learn's default) from 54,000 rows
 * (internal).
 */
export function defaultMaxLeaves(nFit: number): number {
  return Math.min(31, Math.max(4, Math.round(Math.sqrt(nFit) / 7.5)));
}

/** Resolves and checks the options (internal; `n` decides `earlyStopping: 'auto'` and the default `maxLeaves`). */
export function resolveGbdtOptions(options: GbdtOptions | undefined, n: number, fn: string = FN): GbdtResolvedOptions {
  const { onProgress: _p, signal: _s, workers: _w, ...o } = parseGbdtOptions(options, fn);
  const earlyStopping = o.earlyStopping === 'auto' ? n >= GBDT_AUTO_EARLY_STOPPING_ROWS : o.earlyStopping;
  const nFit = earlyStopping ? Math.round((1 - o.validationFraction) * n) : n;
  // parseGbdtOptions checks every field with GbdtResolvedOptionsSchema's constraints or tighter (the
  // default maxLeaves is in [4, 31]), so the model loads without a second check by the zod schema
  // in the schema's key order, so a fitted model serialises as its parsed copy does
  const { nTrees, learningRate, maxDepth, minSamplesLeaf, minHessianLeaf, l2, maxBins, subsample, colsample, validationFraction, nIterNoChange, tol, keepAllTrees, classWeight, seed } = o;
  const maxLeaves = o.maxLeaves ?? defaultMaxLeaves(nFit);
  return { nTrees, learningRate, maxLeaves, maxDepth, minSamplesLeaf, minHessianLeaf, l2, maxBins, subsample, colsample, earlyStopping, validationFraction, nIterNoChange, tol, keepAllTrees, classWeight, seed };
}

/** Stratified split of `0…n−1` into sorted training and validation rows. */
function stratifiedSplit(y: Uint8Array, fraction: number, rng: Rng): { train: Int32Array; valid: Int32Array } {
  const n = y.length;
  const inValid = new Uint8Array(n);
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (y[i] === cls) rows.push(i);
    const perm = permutation(rows.length, rng);
    // keep at least one row of each class in training
    const k = Math.min(rows.length - 1, Math.round(fraction * rows.length));
    for (let j = 0; j < k; j++) inValid[rows[perm[j]!]!] = 1;
  }
  let nv = 0;
  for (let i = 0; i < n; i++) nv += inValid[i]!;
  const train = new Int32Array(n - nv);
  const valid = new Int32Array(nv);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (inValid[i]) valid[b++] = i;
    else train[a++] = i;
  }
  return { train, valid };
}

/** Class-weighted mean log loss of margins `raw` over the positions whose `ym` bit 1 is set (label in bit 0). */
function logLoss(raw: Float64Array, ym: Uint8Array, w0: number, w1: number): number {
  let s = 0;
  let sw = 0;
  for (let k = 0; k < raw.length; k++) {
    const c = ym[k]!;
    if ((c & 2) === 0) continue;
    const m = raw[k]!;
    const sp = m > 0 ? m + log1p(exp(-m)) : log1p(exp(m)); // log(1 + e^m)
    const yi = c & 1;
    const w = yi ? w1 : w0;
    s += w * (sp - (yi ? m : 0));
    sw += w;
  }
  return sw > 0 ? s / sw : 0;
}

/**
 * Fits histogram gradient-boosted trees to 0/1 labels by minimising the (class-weighted) binary
 * log loss, as LightGBM and scikit-learn's `HistGradientBoostingClassifier` do: each feature is cut
 * into at most `maxBins` quantile bins (NaN gets its own bin); each round computes the gradient
 * `g = w(p − y)` and hessian `h = w·p(1 − p)` of every row, grows a tree leaf-wise (best-first) on
 * gradient histograms, choosing the split that maximises
 * `G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)` and learning where missing values go, and adds
 * `−lr · G/(H+λ)` per leaf to the margin. References: Ke et al. (2017) *LightGBM*; Chen & Guestrin
 * (2016) *XGBoost*.
 *
 * @param matrix - n × p features (FeatureMatrix or `number[][]`); NaN = missing, handled natively
 * @param labels - n labels, each 0/1 or a boolean (1 or `true` = churned)
 * @param options - see {@link GbdtOptions}
 * @param options.onProgress - called after each tree with `{ stage: 'tree', done, total, metrics: { trainLoss, validLoss? } }`
 * @param options.signal - aborts between trees
 * @param options.workers - threads for the histograms and gradients (default 1; the same model for any value; docs/conventions.md)
 * @returns a plain-data `churn/gbdt` model
 * @throws DimensionError when the label count differs from the row count
 * @throws OptionsError for an unknown or invalid option (nTrees ≤ {@link MAX_TREES}, maxLeaves ≤ {@link MAX_LEAVES}, maxBins ≤ 255)
 * @throws DataError for labels that are not 0/1 or one class only
 * @throws AbortError when `options.signal` fires
 * @example
 * const m = fitGbdt([[1], [2], [3], [4]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
 * m.trees.threshold[0] // => 2.5
 * m.trees.value[1] // => -0.2
 * @category Churn
 */
export function fitGbdt(matrix: MatrixInput, labels: BinaryLabels, options?: GbdtOptions): GbdtModel {
  return fitGbdtAs(FN, matrix, labels, options);
}

/** {@link fitGbdt} with the public function's name for errors (`fitChurnModel` calls it). @internal */
export function fitGbdtAs(fn: string, matrix: MatrixInput, labels: BinaryLabels, options?: GbdtOptions): GbdtModel {
  const X = toFeatureMatrix(matrix, fn);
  const n = X.nRows;
  const p = X.nCols;
  if (n === 0) throw new DataError(`${fn}: the matrix has no rows`);
  if (p === 0) throw new DataError(`${fn}: the matrix has no columns; a tree needs at least one feature to split on`);
  const y = toBinaryLabels(labels, n, fn);
  const opt = resolveGbdtOptions(options, n, fn);
  const { onProgress, signal } = options ?? {};
  throwIfAborted(signal, fn);

  const rng = createRng(opt.seed);
  const { train: trainRows, valid: validRows } = splitRows(y, opt, rng);
  const binEdges = fitBinEdges(X.values, p, trainRows, opt.maxBins, rng);
  const nBins = Int32Array.from(binEdges, (e) => e.length + 1);
  const stride = binStride(p);
  const bins = binRows(X.values, p, opt.earlyStopping ? trainRows : null, stride, binEdges);
  const vbins = binRows(X.values, p, validRows, stride, binEdges);
  const weights = classWeights(y, trainRows, opt.classWeight);
  const { ym, vym } = lossMarks(y, trainRows, validRows, rng);
  // options were checked by resolveGbdtOptions; workers never changes the model, so it is not stored
  const pool = trainRows.length >= minParallelSize(GBDT_PARALLEL_MIN_ROWS) ? getPool(GBDT_WORKER_SOURCE, resolveWorkers(options?.workers ?? 1)) : undefined;
  const ws = createGrowWorkspace(bins, new Float64Array(trainRows.length).fill(weights.baseScore), ym, p, nBins, opt.maxLeaves, pool, fn);
  const { trees, bestIteration, trainLoss, validLoss } = boost(fn, ws, { vbins, vym, stride, weights, opt, rng, onProgress, signal });

  // an early-stopped model keeps its best iteration (at least one tree) unless keepAllTrees
  const kept = opt.earlyStopping && !opt.keepAllTrees ? trees.slice(0, Math.max(1, bestIteration)) : trees;
  return {
    kind: 'churn/gbdt',
    version: CHURN_MODEL_VERSIONS['churn/gbdt'],
    options: opt,
    featureNames: [...X.columns],
    binEdges,
    baseScore: weights.baseScore,
    nTrees: kept.length,
    bestIteration,
    trees: packTrees(kept, binEdges),
    trainLoss: Float64Array.from(trainLoss),
    validLoss: Float64Array.from(validLoss),
  };
}

/** Training and validation rows: a stratified split with early stopping, else every row for training. */
function splitRows(y: Uint8Array, opt: GbdtResolvedOptions, rng: Rng): { train: Int32Array; valid: Int32Array } {
  if (opt.earlyStopping) return stratifiedSplit(y, opt.validationFraction, rng);
  const n = y.length;
  const train = new Int32Array(n);
  for (let i = 0; i < n; i++) train[i] = i;
  return { train, valid: new Int32Array(0) };
}

/** Class weights and the weighted log-odds the margins start from. */
interface ClassWeights {
  readonly w0: number;
  readonly w1: number;
  readonly baseScore: number;
}

function classWeights(y: Uint8Array, trainRows: Int32Array, classWeight: GbdtResolvedOptions['classWeight']): ClassWeights {
  const nTrain = trainRows.length;
  let nPosTrain = 0;
  for (let k = 0; k < nTrain; k++) nPosTrain += y[trainRows[k]!]!;
  let w0 = 1;
  let w1 = 1;
  if (classWeight === 'balanced') {
    w0 = nTrain / (2 * (nTrain - nPosTrain));
    w1 = nTrain / (2 * nPosTrain);
  } else if (classWeight) {
    w0 = classWeight[0];
    w1 = classWeight[1];
  }
  return { w0, w1, baseScore: log((w1 * nPosTrain) / (w0 * (nTrain - nPosTrain))) };
}

/**
 * Labels by position in bit 0 (the grower reorders training rows); bit 1 marks the rows the loss is
 * measured on: a seeded sample of {@link TRAIN_LOSS_ROWS} training rows, every validation row.
 */
function lossMarks(y: Uint8Array, trainRows: Int32Array, validRows: Int32Array, rng: Rng): { ym: Uint8Array; vym: Uint8Array } {
  const nTrain = trainRows.length;
  const nValid = validRows.length;
  const ym = new Uint8Array(nTrain);
  for (let k = 0; k < nTrain; k++) ym[k] = y[trainRows[k]!]!;
  if (nTrain > TRAIN_LOSS_ROWS) {
    const all = new Int32Array(nTrain);
    for (let k = 0; k < nTrain; k++) all[k] = k;
    for (const k of sampleSorted(all, TRAIN_LOSS_ROWS, rng)) ym[k] = ym[k]! | 2;
  } else {
    for (let k = 0; k < nTrain; k++) ym[k] = ym[k]! | 2;
  }
  const vym = new Uint8Array(nValid);
  for (let k = 0; k < nValid; k++) vym[k] = y[validRows[k]!]! | 2;
  return { ym, vym };
}

/** What the boosting loop needs besides the grower's workspace. */
interface BoostContext {
  readonly vbins: Uint8Array;
  readonly vym: Uint8Array;
  readonly stride: number;
  readonly weights: ClassWeights;
  readonly opt: GbdtResolvedOptions;
  readonly rng: Rng;
  readonly onProgress: GbdtOptions['onProgress'];
  readonly signal: GbdtOptions['signal'];
}

/** The boosting rounds: grows up to `nTrees` trees, tracking the losses and the best iteration. */
function boost(fn: string, ws: GrowWorkspace, ctx: BoostContext): { trees: GrownTree[]; bestIteration: number; trainLoss: number[]; validLoss: number[] } {
  const { vbins, vym, stride, opt, rng, onProgress, signal } = ctx;
  const { w0, w1, baseScore } = ctx.weights;
  const p = ws.p;
  const nTrain = ws.n;
  const nValid = vym.length;
  const vraw = new Float64Array(nValid).fill(baseScore);
  const prm: GrowParams = {
    maxLeaves: opt.maxLeaves,
    maxDepth: opt.maxDepth ?? Infinity,
    minSamplesLeaf: opt.minSamplesLeaf,
    minHessianLeaf: opt.minHessianLeaf,
    l2: opt.l2,
    learningRate: opt.learningRate,
  };
  const { raw } = ws;
  const trainLoss: number[] = [logLoss(raw, ws.ym, w0, w1)];
  const validLoss: number[] = opt.earlyStopping ? [logLoss(vraw, vym, w0, w1)] : [];
  const nSub = opt.subsample < 1 ? Math.max(1, Math.round(opt.subsample * nTrain)) : nTrain;
  const nFeat = opt.colsample < 1 ? Math.max(1, Math.round(opt.colsample * p)) : p;
  const allFeats = new Int32Array(p);
  for (let f = 0; f < p; f++) allFeats[f] = f;
  const inBag = nSub < nTrain ? new Uint8Array(nTrain) : null;

  const trees: GrownTree[] = [];
  let bestIteration = 0;
  let bestValid = validLoss[0] ?? Infinity;
  for (let t = 0; t < opt.nTrees; t++) {
    throwIfAborted(signal, fn);
    if (inBag) drawBag(ws, inBag, nSub, rng);
    // features of this tree
    let feats = allFeats;
    if (nFeat < p) feats = permutation(p, rng).slice(0, nFeat).sort();
    let tree: GrownTree;
    if (nFeat === p) {
      // one pass: the gradients and the root's histogram
      const { G, H, slot } = gradientsAndRootHistogram(ws, nSub, w0, w1);
      tree = growTree(ws, nSub, G, H, feats, nFeat, prm, slot);
    } else {
      const { G, H } = setGradients(ws, nSub, w0, w1);
      tree = growTree(ws, nSub, G, H, feats, nFeat, prm);
    }
    trees.push(tree);
    addTree(ws, tree, nSub, vraw, vbins, stride);
    const tl = logLoss(raw, ws.ym, w0, w1);
    trainLoss.push(tl);
    let stop = false;
    if (opt.earlyStopping) {
      const vl = logLoss(vraw, vym, w0, w1);
      validLoss.push(vl);
      if (vl < bestValid) {
        bestValid = vl;
        bestIteration = t + 1;
      }
      stop = noRecentGain(validLoss, opt.nIterNoChange, opt.tol);
    } else {
      bestIteration = t + 1;
    }
    onProgress?.({
      stage: 'tree',
      done: t + 1,
      total: opt.nTrees,
      metrics: opt.earlyStopping ? { trainLoss: tl, validLoss: validLoss[validLoss.length - 1]! } : { trainLoss: tl },
    });
    if (stop) break;
  }
  return { trees, bestIteration, trainLoss, validLoss };
}

/** Rows of one tree: a seeded draw of `nSub` positions, moved to the front of the workspace. */
function drawBag(ws: GrowWorkspace, inBag: Uint8Array, nSub: number, rng: Rng): void {
  const nTrain = inBag.length;
  inBag.fill(0);
  let need = nSub;
  for (let k = 0; k < nTrain && need > 0; k++) {
    if (rng.next() * (nTrain - k) < need) {
      inBag[k] = 1;
      need--;
    }
  }
  partitionByMask(ws, inBag);
}

/** Writes the class-weighted log-loss gradient and hessian of the first `nSub` positions; returns their sums. */
function setGradients(ws: GrowWorkspace, nSub: number, w0: number, w1: number): { G: number; H: number } {
  const { gh, raw } = ws;
  const ymNow = ws.ym;
  let G = 0;
  let H = 0;
  for (let k = 0; k < nSub; k++) {
    writeGradient(gh, k, raw[k]!, ymNow[k]! & 1, w0, w1);
    G += gh[2 * k]!;
    H += gh[2 * k + 1]!;
  }
  return { G, H };
}

/** Adds a tree to the margins: in-bag rows by their leaf ranges, the others and validation rows by walking the binned tree. */
function addTree(ws: GrowWorkspace, tree: GrownTree, nSub: number, vraw: Float64Array, vbins: Uint8Array, stride: number): void {
  const { raw } = ws;
  const nTrain = ws.n;
  for (let nd = 0; nd < tree.nNodes; nd++) {
    if (tree.left[nd]! >= 0) continue;
    const v = tree.value[nd]!;
    for (let k = ws.nodeStart[nd]!, e = ws.nodeEnd[nd]!; k < e; k++) raw[k] = raw[k]! + v;
  }
  for (let k = nSub; k < nTrain; k++) raw[k] = raw[k]! + tree.value[leafOfBinnedRow(tree, ws.bins, k * stride)]!;
  for (let k = 0; k < vraw.length; k++) vraw[k] = vraw[k]! + tree.value[leafOfBinnedRow(tree, vbins, k * stride)]!;
}

/** scikit-learn's rule: stop when none of the last `nIterNoChange` losses beat the one before them by `tol`. */
function noRecentGain(validLoss: readonly number[], nIterNoChange: number, tol: number): boolean {
  const L = validLoss.length;
  if (L <= nIterNoChange) return false;
  const ref = validLoss[L - 1 - nIterNoChange]! - tol;
  for (let j = L - nIterNoChange; j < L; j++) if (validLoss[j]! < ref) return false;
  return true;
}

/** Concatenates grown trees into the model's flat arrays, turning bin thresholds into feature units. */
function packTrees(trees: readonly GrownTree[], edges: readonly Float64Array[]): GbdtModel['trees'] {
  const offsets = new Int32Array(trees.length + 1);
  for (let t = 0; t < trees.length; t++) offsets[t + 1] = offsets[t]! + trees[t]!.nNodes;
  const N = offsets[trees.length]!;
  const out: GbdtModel['trees'] = {
    offsets,
    feature: new Int32Array(N),
    threshold: new Float64Array(N),
    left: new Int32Array(N),
    right: new Int32Array(N),
    value: new Float64Array(N),
    missingGoesLeft: new Uint8Array(N),
    cover: new Float64Array(N),
    gain: new Float64Array(N),
  };
  for (let t = 0; t < trees.length; t++) {
    const tr = trees[t]!;
    const a = offsets[t]!;
    out.feature.set(tr.feature, a);
    out.left.set(tr.left, a);
    out.right.set(tr.right, a);
    out.value.set(tr.value, a);
    out.missingGoesLeft.set(tr.missingGoesLeft, a);
    out.cover.set(tr.cover, a);
    out.gain.set(tr.gain, a);
    for (let i = 0; i < tr.nNodes; i++) {
      const f = tr.feature[i]!;
      if (f < 0) continue;
      const e = edges[f]!;
      const b = tr.thresholdBin[i]!;
      // the last non-missing bin as threshold means "every non-missing value goes left"
      out.threshold[a + i] = b < e.length ? e[b]! : Infinity;
    }
  }
  return out;
}

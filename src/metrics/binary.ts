/**
 * Binary classification metrics: ROC-AUC (exact with ties), average precision, log loss, Brier,
 * KS, confusion counts at a threshold, lift and gains by decile, and a calibration table.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import type { BinaryLabels } from './labels.js';
import { orderDescending, scoresLength, toBinaryLabels, toScores } from './labels.js';
import { log } from '../internal/math.js';

/** Options of {@link evaluateBinary}. @category Metrics */
export interface EvaluateBinaryOptions {
  /** Scores ≥ threshold are predicted positive (default 0.5). */
  readonly threshold?: number;
  /** Equal-width bins on [0, 1] for the calibration table (default 10). */
  readonly bins?: number;
  /** Quantile groups for lift and gains (default 10: deciles; min(groups, n) when there are fewer rows, so each group holds a row). */
  readonly groups?: number;
  /**
   * What the scores are: `'probability'` (default) requires every score in [0, 1] and throws a
   * DataError naming the first one outside it (margins passed by mistake); `'any'` accepts any
   * finite score (margins, ranks) and reports the probability metrics (`logLoss`, `brier`, `ece`)
   * as NaN with an empty calibration table.
   */
  readonly scoreScale?: 'probability' | 'any';
}

/** Confusion counts at a threshold. @category Metrics */
export interface ConfusionCounts {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/** One quantile group of the lift table (group 1 = the highest scores). @category Metrics */
export interface LiftRow {
  readonly group: number;
  /** Rows in the group. */
  readonly count: number;
  /** Positives in the group. */
  readonly positives: number;
  /** positives / count. */
  readonly rate: number;
  /** rate / overall positive rate. */
  readonly lift: number;
  /** Share of all positives captured by groups 1..group. */
  readonly cumulativeGain: number;
  /** Positive rate of groups 1..group / overall positive rate. */
  readonly cumulativeLift: number;
}

/** One bin of the calibration table. @category Metrics */
export interface CalibrationRow {
  /** Bin bounds: [lower, upper) (the last bin includes 1). */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean score in the bin (NaN when empty). */
  readonly meanPredicted: number;
  /** Observed positive rate in the bin (NaN when empty). */
  readonly observedRate: number;
}

/** What {@link evaluateBinary} returns. @category Metrics */
export interface BinaryEvaluation {
  readonly n: number;
  readonly positives: number;
  /** Positive rate in the labels. */
  readonly baseRate: number;
  readonly rocAuc: number;
  /** Average precision (scikit-learn's `average_precision_score`). */
  readonly prAuc: number;
  /** Mean log loss (scores clipped to [1e-15, 1 − 1e-15]); NaN when scores leave [0, 1]. */
  readonly logLoss: number;
  /** Mean squared error of the probabilities; NaN when scores leave [0, 1]. */
  readonly brier: number;
  /** Kolmogorov–Smirnov statistic: max over thresholds of TPR − FPR. */
  readonly ks: number;
  /** Score at which the KS maximum is reached (rows with score ≥ it are called positive). */
  readonly ksThreshold: number;
  readonly threshold: number;
  readonly confusion: ConfusionCounts;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly accuracy: number;
  readonly specificity: number;
  /** Lift and cumulative gains by quantile group of the scores (highest first). */
  readonly lift: readonly LiftRow[];
  /** Lift of the top group (decile by default; with n < groups, of the top 1/n, i.e. the best-scored row). */
  readonly topDecileLift: number;
  /** Calibration table (empty when scores leave [0, 1]). */
  readonly calibration: readonly CalibrationRow[];
  /** Expected calibration error: Σ_bins (count/n)·|observedRate − meanPredicted| (NaN when scores leave [0, 1]). */
  readonly ece: number;
}

/** Average ranks (1-based) of `s` with ties sharing their midrank. */
function midranks(s: Float64Array): Float64Array {
  const n = s.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => s[a]! - s[b]!);
  const r = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && s[idx[j]!] === s[idx[i]!]) j++;
    const avg = (i + 1 + j) / 2; // mean of ranks i+1 .. j
    for (let k = i; k < j; k++) r[idx[k]!] = avg;
    i = j;
  }
  return r;
}

function aucOf(y: Uint8Array, s: Float64Array): number {
  const r = midranks(s);
  let n1 = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i]) {
      n1++;
      sum += r[i]!;
    }
  }
  const n0 = y.length - n1;
  return (sum - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

/**
 * Area under the ROC curve, exact with ties: the Mann–Whitney U statistic with midranks,
 * AUC = (R₊ − n₊(n₊+1)/2) / (n₊ n₋), where R₊ is the sum of the positives' ranks. Equals the
 * probability that a random positive scores above a random negative, ties counting one half.
 *
 * @param labels - n labels, 0/1 or booleans
 * @param scores - n finite scores (any scale; higher = more likely positive)
 * @returns AUC in [0, 1]
 * @throws DimensionError on a length mismatch; DataError for bad labels, one class only or non-finite scores
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // => 0.75
 * @category Metrics
 */
export function rocAuc(labels: BinaryLabels, scores: ArrayLike<number>): number {
  const y = toBinaryLabels(labels, scoresLength(scores, 'rocAuc'), 'rocAuc');
  return aucOf(y, toScores(scores, y.length, 'rocAuc'));
}

/** Walks the distinct thresholds from the highest score down (internal). */
function thresholdWalk(y: Uint8Array, s: Float64Array): { thr: Float64Array; tp: Float64Array; fp: Float64Array } {
  const order = orderDescending(s);
  const thr: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  let ctp = 0;
  let cfp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (y[i]) ctp++;
    else cfp++;
    const next = order[k + 1];
    if (next === undefined || s[next] !== s[i]) {
      thr.push(s[i]!);
      tp.push(ctp);
      fp.push(cfp);
    }
  }
  return { thr: Float64Array.from(thr), tp: Float64Array.from(tp), fp: Float64Array.from(fp) };
}

function apOf(y: Uint8Array, s: Float64Array, P: number): number {
  const { tp, fp } = thresholdWalk(y, s);
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < tp.length; k++) {
    const recall = tp[k]! / P;
    ap += (recall - prevRecall) * (tp[k]! / (tp[k]! + fp[k]!));
    prevRecall = recall;
  }
  return ap;
}

/**
 * Average precision, the area under the precision–recall curve as scikit-learn's
 * `average_precision_score` computes it: AP = Σₖ (Rₖ − Rₖ₋₁) Pₖ over the distinct score
 * thresholds from the highest down (tied scores enter together; no interpolation).
 *
 * @param labels - n labels, 0/1 or booleans
 * @param scores - n finite scores
 * @returns AP in [0, 1]
 * @throws DimensionError on a length mismatch; DataError for bad labels, one class only or non-finite scores
 * @example
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) // => 0.8333333333333333
 * @category Metrics
 */
export function averagePrecision(labels: BinaryLabels, scores: ArrayLike<number>): number {
  const y = toBinaryLabels(labels, scoresLength(scores, 'averagePrecision'), 'averagePrecision');
  const s = toScores(scores, y.length, 'averagePrecision');
  let P = 0;
  for (let i = 0; i < y.length; i++) P += y[i]!;
  return apOf(y, s, P);
}

/** A ROC curve: one point per distinct threshold, from (0, 0) at threshold +∞. @category Metrics */
export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  /** Rows with score ≥ thresholds[k] are called positive at point k. */
  readonly thresholds: Float64Array;
}

/**
 * The ROC curve: false- and true-positive rates at every distinct score threshold, highest
 * first, starting at (0, 0) with threshold +∞ and ending at (1, 1).
 *
 * @param labels - n labels, 0/1 or booleans
 * @param scores - n finite scores
 * @returns `{ fpr, tpr, thresholds }`, each of length (distinct scores + 1)
 * @throws DimensionError on a length mismatch; DataError for bad labels, one class only or non-finite scores
 * @example
 * Array.from(rocCurve([0, 1], [0.2, 0.9]).tpr) // => [0, 1, 1]
 * @category Metrics
 */
export function rocCurve(labels: BinaryLabels, scores: ArrayLike<number>): RocCurve {
  const y = toBinaryLabels(labels, scoresLength(scores, 'rocCurve'), 'rocCurve');
  const s = toScores(scores, y.length, 'rocCurve');
  const { thr, tp, fp } = thresholdWalk(y, s);
  const P = tp[tp.length - 1]!;
  const N = fp[fp.length - 1]!;
  const k = thr.length + 1;
  const fpr = new Float64Array(k);
  const tpr = new Float64Array(k);
  const thresholds = new Float64Array(k);
  thresholds[0] = Infinity;
  for (let t = 0; t < thr.length; t++) {
    fpr[t + 1] = fp[t]! / N;
    tpr[t + 1] = tp[t]! / P;
    thresholds[t + 1] = thr[t]!;
  }
  return { fpr, tpr, thresholds };
}

/** A precision–recall curve, one point per distinct threshold (highest first). @category Metrics */
export interface PrecisionRecallCurve {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly thresholds: Float64Array;
}

/**
 * Precision and recall at every distinct score threshold, from the highest score down (recall
 * non-decreasing). Calling rows with score ≥ thresholds[k] positive gives precision[k], recall[k].
 *
 * @param labels - n labels, 0/1 or booleans
 * @param scores - n finite scores
 * @returns `{ precision, recall, thresholds }`, one entry per distinct score
 * @throws DimensionError on a length mismatch; DataError for bad labels, one class only or non-finite scores
 * @example
 * Array.from(precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).precision) // => [1, 0.5, 0.6666666666666666, 0.5]
 * @category Metrics
 */
export function precisionRecallCurve(labels: BinaryLabels, scores: ArrayLike<number>): PrecisionRecallCurve {
  const y = toBinaryLabels(labels, scoresLength(scores, 'precisionRecallCurve'), 'precisionRecallCurve');
  const s = toScores(scores, y.length, 'precisionRecallCurve');
  const { thr, tp, fp } = thresholdWalk(y, s);
  const P = tp[tp.length - 1]!;
  const precision = new Float64Array(thr.length);
  const recall = new Float64Array(thr.length);
  for (let t = 0; t < thr.length; t++) {
    precision[t] = tp[t]! / (tp[t]! + fp[t]!);
    recall[t] = tp[t]! / P;
  }
  return { precision, recall, thresholds: thr };
}

/**
 * Everything a risk team reads off a binary scorer, in one pass over sorted scores:
 * - `rocAuc`: Mann–Whitney with midranks (exact with ties); `prAuc`: average precision;
 * - `logLoss` = −(1/n) Σ [y log p + (1−y) log(1−p)] with p clipped to [1e-15, 1−1e-15];
 *   `brier` = (1/n) Σ (p − y)²; both NaN when scores are not probabilities;
 * - `ks` = maxₜ (TPR(t) − FPR(t));
 * - confusion counts, precision, recall, F1, accuracy and specificity with score ≥ `threshold`
 *   predicted positive (precision is 0 when nothing is predicted positive; F1 likewise);
 * - `lift`: rows sorted by score (highest first, ties by row order) and cut into G = min(`groups`, n)
 *   groups at ⌊n·g/G⌋ boundaries (so no group is empty and `topDecileLift` is a number for small n):
 *   positive rate, lift over the base rate, cumulative gains and lift;
 * - `calibration`: `bins` equal-width bins on [0, 1] with mean score and observed rate, and the
 *   expected calibration error `ece`.
 *
 * @param labels - n labels, 0/1 or booleans
 * @param scores - n finite scores: probabilities in [0, 1] (or any finite scores with `scoreScale: 'any'`)
 * @param options - `threshold` (0.5), `bins` (10), `groups` (10), `scoreScale` (`'probability'`)
 * @returns a {@link BinaryEvaluation}
 * @throws DimensionError on a length mismatch; DataError for bad labels, one class only, non-finite scores
 *   or (by default) a score outside [0, 1]
 * @example
 * evaluateBinary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).rocAuc // => 0.75
 * evaluateBinary([0, 0, 1, 1], [0.25, 0.5, 0.5, 0.75]).brier // => 0.15625
 * evaluateBinary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).brier // => 0.15812500000000002
 * evaluateBinary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).topDecileLift // => 2
 * @category Metrics
 */
export function evaluateBinary(labels: BinaryLabels, scores: ArrayLike<number>, options: EvaluateBinaryOptions = {}): BinaryEvaluation {
  const fn = 'evaluateBinary';
  const y = toBinaryLabels(labels, scoresLength(scores, fn), fn);
  const s = toScores(scores, y.length, fn);
  const threshold = options.threshold ?? 0.5;
  const bins = options.bins ?? 10;
  const groups = options.groups ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new DataError(`${fn}: bins must be a positive integer, got ${bins}`);
  if (!Number.isInteger(groups) || groups < 1) throw new DataError(`${fn}: groups must be a positive integer, got ${groups}`);
  const scoreScale = options.scoreScale ?? 'probability';
  if (scoreScale !== 'probability' && scoreScale !== 'any') {
    throw new OptionsError(`${fn}: scoreScale must be 'probability' or 'any', got ${JSON.stringify(scoreScale)}`, 'scoreScale');
  }
  const n = y.length;
  let P = 0;
  let probs = true;
  for (let i = 0; i < n; i++) {
    P += y[i]!;
    if (s[i]! < 0 || s[i]! > 1) {
      if (scoreScale === 'probability') {
        throw new DataError(
          `${fn}: score ${s[i]} at index ${i} is outside [0, 1]; pass probabilities (predictChurn, not predictChurnMargin), or scoreScale: 'any' for margins and ranks`,
        );
      }
      probs = false;
    }
  }
  const N = n - P;
  const baseRate = P / n;

  const { logLoss, brier, ece, calibration } = probs ? probabilityScores(y, s, bins) : { logLoss: NaN, brier: NaN, ece: NaN, calibration: [] };

  // KS over distinct thresholds
  const walk = thresholdWalk(y, s);
  let ks = 0;
  let ksThreshold = walk.thr[0]!;
  for (let t = 0; t < walk.thr.length; t++) {
    const d = walk.tp[t]! / P - walk.fp[t]! / N;
    if (d > ks) {
      ks = d;
      ksThreshold = walk.thr[t]!;
    }
  }

  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    if (s[i]! >= threshold) {
      if (y[i]) tp++;
      else fp++;
    }
  }
  const fnC = P - tp;
  const tn = N - fp;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp / P;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;

  const lift = liftTable(y, s, groups, P, baseRate);

  return {
    n,
    positives: P,
    baseRate,
    rocAuc: aucOf(y, s),
    prAuc: apOf(y, s, P),
    logLoss,
    brier,
    ks,
    ksThreshold,
    threshold,
    confusion: { tp, fp, tn, fn: fnC },
    precision,
    recall,
    f1,
    accuracy: (tp + tn) / n,
    specificity: tn / N,
    lift,
    topDecileLift: lift[0]!.lift,
    calibration,
    ece,
  };
}

/**
 * Scores read as probabilities: log loss (clipped at 1e-15), Brier score, and the reliability
 * table over `bins` equal-width bins with its expected calibration error.
 */
function probabilityScores(y: Uint8Array, s: Float64Array, bins: number): { logLoss: number; brier: number; ece: number; calibration: CalibrationRow[] } {
  const n = y.length;
  const calibration: CalibrationRow[] = [];
  const eps = 1e-15;
  let ll = 0;
  let br = 0;
  const cnt = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - eps, Math.max(eps, s[i]!));
    ll -= y[i] ? log(p) : log(1 - p);
    br += (s[i]! - y[i]!) ** 2;
    const b = Math.min(bins - 1, Math.floor(s[i]! * bins));
    cnt[b]!++;
    sumP[b]! += s[i]!;
    sumY[b]! += y[i]!;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const c = cnt[b]!;
    const meanPredicted = c ? sumP[b]! / c : NaN;
    const observedRate = c ? sumY[b]! / c : NaN;
    if (c) ece += (c / n) * Math.abs(observedRate - meanPredicted);
    calibration.push({ lower: b / bins, upper: (b + 1) / bins, count: c, meanPredicted, observedRate });
  }
  return { logLoss: ll / n, brier: br / n, ece, calibration };
}

/** The lift table: rows ordered by descending score, cut into `min(groups, n)` groups of near-equal size. */
function liftTable(y: Uint8Array, s: Float64Array, groups: number, P: number, baseRate: number): LiftRow[] {
  const n = y.length;
  const order = orderDescending(s);
  const G = Math.min(groups, n); // fewer rows than groups: one row per group, none empty
  const lift: LiftRow[] = [];
  let cumPos = 0;
  let cumCount = 0;
  for (let g = 0; g < G; g++) {
    const lo = Math.floor((n * g) / G);
    const hi = Math.floor((n * (g + 1)) / G);
    let pos = 0;
    for (let k = lo; k < hi; k++) pos += y[order[k]!]!;
    const count = hi - lo;
    cumPos += pos;
    cumCount += count;
    const rate = count ? pos / count : NaN;
    lift.push({
      group: g + 1,
      count,
      positives: pos,
      rate,
      lift: rate / baseRate,
      cumulativeGain: cumPos / P,
      cumulativeLift: cumCount ? cumPos / cumCount / baseRate : NaN,
    });
  }

  return lift;
}

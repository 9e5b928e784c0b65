/**
 * `churnWatchlist`: the early-warning list — subscribers ranked by risk × value, with their top
 * reasons in words.
 *
 * @module
 */
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { MatrixInput } from '../matrix/feature-matrix.js';
import { checkWidth, margins, sigmoid } from './fit-churn-model.js';
import type { ChurnModel } from './fit-churn-model.js';
import { rowContributions } from './explain-churn.js';
import { applyCalibrator } from '../metrics/calibration.js';
import type { CalibratorModel } from '../metrics/calibration.js';

/**
 * How to say one feature in words. `above` is used when the subscriber's value is above `pivot`,
 * `below` otherwise. Placeholders: `{value}` the value, `{abs}` its absolute value, `{pct}`
 * round(100·|value|), `{mean}` the feature's mean over the scored rows, `{label}` the feature
 * name in words. Numbers are printed with at most 3 significant digits.
 * @category Churn
 */
export interface ChurnReasonPhrase {
  /** Reference value: a number, or `'mean'` (the mean over the scored rows, default). */
  readonly pivot?: number | 'mean';
  readonly above: string;
  readonly below: string;
}

/**
 * The phrases used for telcokit's subscriber features (the names of `subscriberFeatures`), e.g.
 * `dataDropRatio` = 1 − last month / mean of the prior months, so 0.62 reads "data use fell 62%
 * vs the prior months". Pass `describe` to {@link churnWatchlist} to add or override entries;
 * any other feature gets the generic "higher {label} than usual ({value} vs {mean})", and a one-hot
 * column `name=level` reads "name is level" / "name is not level".
 * @category Churn
 */
export const CHURN_REASON_PHRASES: Readonly<Record<string, ChurnReasonPhrase>> = {
  dataDropRatio: { pivot: 0, above: 'data use fell {pct}% vs the prior months', below: 'data use rose {pct}% vs the prior months' },
  voiceDropRatio: { pivot: 0, above: 'voice use fell {pct}% vs the prior months', below: 'voice use rose {pct}% vs the prior months' },
  complaintRate: { above: 'complaints: {value} a month (usual {mean})', below: 'few complaints ({value} a month)' },
  serviceCallRate: { above: 'calls to customer service: {value} a month (usual {mean})', below: 'few service calls ({value} a month)' },
  arpuTrend: { pivot: 0, above: 'bill rising by {abs} a month', below: 'bill falling by {abs} a month' },
  arpu: { above: 'high average bill ({value} vs usual {mean})', below: 'low average bill ({value} vs usual {mean})' },
  monthlyBill: { above: 'high bill this month ({value} vs usual {mean})', below: 'low bill this month ({value} vs usual {mean})' },
  billVolatility: { above: 'unsteady bills (varying by {pct}%)', below: 'steady bills' },
  dataMB: { above: 'heavy data use ({value} MB)', below: 'low data use ({value} MB vs usual {mean})' },
  voiceMinutes: { above: 'many voice minutes ({value})', below: 'few voice minutes ({value} vs usual {mean})' },
  tenureMonths: { above: 'long tenure ({value} months)', below: 'short tenure ({value} months vs usual {mean})' },
  tenureBucket: { above: 'long tenure', below: 'short tenure' },
  topUpRecencyMonths: { above: 'no top-up for {value} months', below: 'topped up recently' },
  topUpFrequency: { above: 'frequent top-ups ({value} a month)', below: 'rare top-ups ({value} a month vs usual {mean})' },
  deviceAgeMonths: { above: 'device is {value} months old', below: 'new device ({value} months old)' },
  device5GOn4GPlan: { pivot: 0.5, above: '5G device on a non-5G plan', below: 'plan matches the device' },
  deviceIs5G: { pivot: 0.5, above: 'has a 5G device', below: 'no 5G device' },
  secondaryCards: { above: '{value} secondary cards', below: 'few secondary cards ({value})' },
  vasIntensity: { above: 'many value-added services ({value} a month)', below: 'few value-added services ({value} a month)' },
  contactsPerMonth: { above: 'many contacts ({value} a month)', below: 'few contacts ({value} a month vs usual {mean})' },
  callsPerMonth: { above: 'many calls ({value} a month)', below: 'few calls ({value} a month vs usual {mean})' },
  nightDataShare: { above: '{pct}% of data at night', below: 'little night data ({pct}%)' },
  monthsObserved: { above: '{value} months of history', below: 'only {value} months of history' },
};

/** Options of {@link churnWatchlist}. @category Churn */
export interface ChurnWatchlistOptions {
  /** Rows to return at most (default 100). */
  readonly top?: number;
  /** Only rows with probability ≥ threshold (default 0). */
  readonly threshold?: number;
  /** Per-row value (e.g. ARPU): one number per row, or the name of a matrix column. Default 1 for all. */
  readonly value?: ArrayLike<number> | string;
  /** Reasons per row (default 3): the features pushing the score up most. */
  readonly reasons?: number;
  /** Extra or overriding phrases, by feature name (merged over {@link CHURN_REASON_PHRASES}). */
  readonly describe?: Readonly<Record<string, ChurnReasonPhrase>>;
  /**
   * Maps the model's probabilities to calibrated ones before ranking (fit it on out-of-fold
   * probabilities: `calibrateChurnModel` does). Taken from the first argument when that is a
   * `calibrateChurnModel` result; giving both is an error.
   */
  readonly calibrator?: CalibratorModel;
}

/** One subscriber on the watchlist. @category Churn */
export interface ChurnWatchlistEntry {
  /** Row id (subscriber id). */
  readonly id: string;
  /** Row index in the scored matrix. */
  readonly row: number;
  /** Churn probability: calibrated when a calibrator was given. */
  readonly probability: number;
  readonly value: number;
  /** probability × value (the expected value at risk). */
  readonly priority: number;
  /** Up to `reasons` phrases, strongest first. */
  readonly reasons: readonly string[];
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const r = Number(x.toPrecision(3));
  return Number.isInteger(r) ? String(r) : String(r);
}

function humanise(name: string): string {
  return name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** One reason in words (internal). */
export function reasonText(feature: string, value: number, mean: number, phrases: Readonly<Record<string, ChurnReasonPhrase>>): string {
  if (Number.isNaN(value)) return `${humanise(feature)} unknown`;
  const ph = phrases[feature];
  const eq = feature.indexOf('=');
  if (!ph && eq > 0) {
    const name = feature.slice(0, eq);
    const level = feature.slice(eq + 1);
    return value >= 0.5 ? `${name} is ${level}` : `${name} is not ${level}`;
  }
  const phrase: ChurnReasonPhrase = ph ?? { above: 'higher {label} than usual ({value} vs {mean})', below: 'lower {label} than usual ({value} vs {mean})' };
  const pivot = phrase.pivot === undefined || phrase.pivot === 'mean' ? mean : phrase.pivot;
  const template = value > pivot ? phrase.above : phrase.below;
  return template
    .replace(/\{value\}/g, fmt(value))
    .replace(/\{abs\}/g, fmt(Math.abs(value)))
    .replace(/\{pct\}/g, String(Math.round(100 * Math.abs(value))))
    .replace(/\{mean\}/g, fmt(mean))
    .replace(/\{label\}/g, humanise(feature));
}

/**
 * The early-warning list: scores every row, keeps those with probability ≥ `threshold`, ranks them
 * by priority = probability × value (ties: higher probability, then row order) and gives each of
 * the `top` rows its strongest reasons: the features with the largest positive contributions in
 * {@link explainChurn}'s decomposition, said in words with {@link CHURN_REASON_PHRASES}.
 *
 * Priority multiplies a probability by money, so it should be a calibrated probability: pass the
 * result of `calibrateChurnModel` (model and out-of-fold calibrator together) in place of the model, or a
 * `calibrator` option. Reasons always come from the model's own margin decomposition.
 *
 * @param modelOrCalibrated - a fitted churn model, or `{ model, calibrator }` from `calibrateChurnModel`
 * @param matrix - n × p features of the subscribers to rank (same columns as at fit time)
 * @param options - `top` (100), `threshold` (0), `value`, `reasons` (3), `describe`
 * @returns at most `top` entries, highest priority first
 * @throws DimensionError on a column-count or value-count mismatch; DataError for non-finite values
 * @example
 * const model = fitChurnModel([[0], [1], [2], [3]], [0, 0, 1, 1], { kind: 'logistic' });
 * churnWatchlist(model, [[3], [0]], { top: 1 })[0]!.id // => '0'
 * @category Churn
 */
export function churnWatchlist(
  modelOrCalibrated: ChurnModel | { readonly model: ChurnModel; readonly calibrator: CalibratorModel },
  matrix: MatrixInput,
  options: ChurnWatchlistOptions = {},
): ChurnWatchlistEntry[] {
  const fn = 'churnWatchlist';
  let model = modelOrCalibrated as ChurnModel;
  let calibrator = options?.calibrator;
  const bundle = modelOrCalibrated as { model?: unknown; calibrator?: unknown } | null;
  if (bundle !== null && typeof bundle === 'object' && !('kind' in bundle) && 'model' in bundle && 'calibrator' in bundle) {
    if (calibrator !== undefined) throw new OptionsError(`${fn}: a calibrator came with the model and in options.calibrator; give one`, 'calibrator');
    model = bundle.model as ChurnModel;
    calibrator = bundle.calibrator as CalibratorModel;
  }
  const m = toFeatureMatrix(matrix, fn);
  checkWidth(model, m, fn);
  const n = m.nRows;
  const p = m.nCols;
  const top = options.top ?? 100;
  const threshold = options.threshold ?? 0;
  const nReasons = options.reasons ?? 3;
  if (!Number.isInteger(top) || top < 0) throw new DataError(`${fn}: top must be an integer ≥ 0, got ${top}`);
  if (!Number.isInteger(nReasons) || nReasons < 0) throw new DataError(`${fn}: reasons must be an integer ≥ 0, got ${nReasons}`);
  if (Number.isNaN(threshold)) throw new DataError(`${fn}: threshold is NaN`);
  let value: Float64Array;
  if (options.value === undefined) value = new Float64Array(n).fill(1);
  else if (typeof options.value === 'string') {
    const j = m.columns.indexOf(options.value);
    if (j < 0) throw new DataError(`${fn}: options.value names column '${options.value}', which the matrix does not have`);
    value = new Float64Array(n);
    for (let i = 0; i < n; i++) value[i] = m.values[i * p + j]!;
  } else {
    if (options.value.length !== n) throw new DimensionError(`${fn}: ${options.value.length} values for ${n} rows`);
    value = Float64Array.from(options.value);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(value[i]!)) throw new DataError(`${fn}: value at row ${i} is ${value[i]}; values must be finite (use 0 for unknown)`);
  }
  const z = margins(model, m, fn);
  const prob = new Float64Array(n);
  for (let i = 0; i < n; i++) prob[i] = sigmoid(z[i]!);
  if (calibrator !== undefined) prob.set(applyCalibrator(calibrator, prob));
  const cand: number[] = [];
  for (let i = 0; i < n; i++) if (prob[i]! >= threshold) cand.push(i);
  cand.sort((a, b) => prob[b]! * value[b]! - prob[a]! * value[a]! || prob[b]! - prob[a]! || a - b);
  const chosen = cand.slice(0, top);
  // column means over the scored rows (NaN skipped), the "usual" in the phrases
  const mean = new Float64Array(p);
  const cnt = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = m.values[i * p + j]!;
      if (!Number.isNaN(v)) {
        mean[j]! += v;
        cnt[j]!++;
      }
    }
  }
  for (let j = 0; j < p; j++) mean[j] = cnt[j] ? mean[j]! / cnt[j]! : NaN;
  const phrases = options.describe ? { ...CHURN_REASON_PHRASES, ...options.describe } : CHURN_REASON_PHRASES;
  return chosen.map((i) => {
    const { phi } = rowContributions(model, m, i, fn);
    const order = Array.from({ length: p }, (_, j) => j)
      .filter((j) => phi[j]! > 0)
      .sort((a, b) => phi[b]! - phi[a]! || a - b)
      .slice(0, nReasons);
    return {
      id: m.rowIds[i]!,
      row: i,
      probability: prob[i]!,
      value: value[i]!,
      priority: prob[i]! * value[i]!,
      reasons: order.map((j) => reasonText(model.featureNames[j]!, m.values[i * p + j]!, mean[j]!, phrases)),
    };
  });
}

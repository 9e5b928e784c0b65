/**
 * `operatorReport`: the demo's analysis on any operator's tables — profiles, segments, churn
 * early warning, tags, drift and (when interactions are given) offer recommendations — with the
 * charts assembled into one report.
 * @module
 */
import { churnWatchlist, type ChurnWatchlistEntry } from '../churn/churn-watchlist.js';
import { explainChurn } from '../churn/explain-churn.js';
import { fitChurnModel, predictChurn, type ChurnModel } from '../churn/fit-churn-model.js';
import { DataError, OptionsError } from '../errors.js';
import type { CallEdgeColumns } from '../features/callgraph-features.js';
import { detectDrift } from '../features/drift.js';
import { createFeatureMatrix, selectRows, type FeatureMatrix } from '../matrix/feature-matrix.js';
import { fitApplyPipeline } from '../features/pipeline/index.js';
import type { PipelineModel } from '../features/pipeline/model.js';
import { buildProfiles } from '../features/profile-build.js';
import type { LongRunOptions } from '../internal/model.js';
import { throwIfAborted } from '../internal/model.js';
import { evaluateBinary, precisionRecallCurve, rocCurve } from '../metrics/binary.js';
import { stratifiedKFold } from '../metrics/cv.js';
import { profitCurve } from '../metrics/profit.js';
import * as plot from '../plot/index.js';
import type { ChartSpec } from '../plot/chart-spec.js';
import { evaluateRecommender } from '../recommend/evaluate.js';
import { fitRecommender } from '../recommend/fit-recommender.js';
import type { CallEdge } from '../schema/call-edge.js';
import type { Interaction } from '../schema/interaction.js';
import type { Offer } from '../schema/offer.js';
import type { Subscriber } from '../schema/subscriber.js';
import type { UsageMonth } from '../schema/usage-month.js';
import { chooseK } from '../segment/choose-k.js';
import { describeSegments } from '../segment/describe-segments.js';
import { assignSegments, fitKMeans, type KMeansModel } from '../segment/kmeans.js';
import { defaultTagCatalogue } from '../tags/default-catalogue.js';
import { applyTagCatalogue } from '../tags/evaluate-tags.js';
import { countAudience } from '../tags/query-audience.js';
import type { ReportSection } from './build-report.js';

/** An operator's tables, validated (e.g. by `validateRecords`). @category Report */
export interface OperatorData {
  readonly subscribers: readonly Subscriber[];
  readonly usage: readonly UsageMonth[];
  /** Call edges as records, or as columns (`CallEdgeColumns`, e.g. from `validateColumns(CallEdgeSchema, …)`), the form that needs no object per edge. */
  readonly callEdges?: readonly CallEdge[] | CallEdgeColumns;
  readonly interactions?: readonly Interaction[];
  readonly offers?: readonly Offer[];
}

/** Options of {@link operatorReport}. @category Report */
export interface OperatorReportOptions extends LongRunOptions {
  /** The month features are measured at, `YYYY-MM` (default: the second-to-last usage month). A later usage month must exist: it gives the churn labels. */
  readonly asOf?: string;
  /** Segments (default 6), an integer in [2, 20]. */
  readonly k?: number;
  /** Seed of every fit (default 0). */
  readonly seed?: number;
  /** Watchlist length (default 50), an integer in [1, 1000]. */
  readonly watchlistSize?: number;
}

/** A segment row of {@link OperatorReport}. @category Report */
export interface OperatorSegmentRow {
  readonly id: string;
  readonly segment: number;
  readonly label: string;
}

/** What {@link operatorReport} returns. @category Report */
export interface OperatorReport {
  /** The report's sections, for `buildReport`. */
  readonly sections: ReportSection[];
  /** Every chart by name, for notebooks and dashboards. */
  readonly charts: Readonly<Record<string, ChartSpec>>;
  /** The watchlist of subscribers active in `asOf`. */
  readonly watchlist: readonly ChurnWatchlistEntry[];
  /** Segment of every subscriber with usage in `asOf`. */
  readonly segments: readonly OperatorSegmentRow[];
  /** The fitted models (plain data, for `serializeModel`). */
  readonly models: { readonly pipeline: PipelineModel; readonly kmeans: KMeansModel; readonly churn: ChurnModel };
  /** The months used: features at `asOf`, churn labels from later months. */
  readonly asOf: string;
  /** Headline figures. */
  readonly summary: Readonly<Record<string, number | string>>;
}

const SEGMENT_FEATURES = ['arpu', 'dataMB', 'voiceMinutes', 'nightDataShare', 'awayWeekdayCallShare', 'secondaryCards', 'tenureMonths', 'vasIntensity', 'appShare_video', 'appShare_games', 'appShare_travel'];
const DRIFT_FIELDS = ['dataMB', 'nightDataMB', 'localVoiceMinutes', 'smsCount', 'callsOut', 'distinctContacts', 'billedAmount', 'monthlyFee', 'vasCount'] as const;
const STEPS = 7;

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/**
 * The telcokit workflow on one operator's tables, ending in report sections:
 * 1. profiles as of `asOf` (`buildProfiles` with usage up to that month);
 * 2. churn labels from the data itself: a subscriber with usage in `asOf` and none in any later
 *    month churned (1), one with later usage stayed (0);
 * 3. segments: the standardised behaviour columns, `chooseK` over 2…10 and k-means with `k`;
 * 4. churn early warning: gradient-boosted trees fitted on three quarters (stratified, `seed`),
 *    evaluated on the held-out quarter (ROC, PR, gains, lift, calibration; the profit curve with an
 *    offer costing half the mean monthly ARPU, 30% acceptance and 12 months of ARPU saved per
 *    churner kept), SHAP on up to 200 held-out rows, and a
 *    watchlist scored on everyone active in `asOf` by the model refitted on all of them;
 * 5. tags (the default catalogue) and overlaps of four audiences;
 * 6. drift of usage fields between the first month and `asOf` (PSI);
 * 7. with interactions and offers: the hybrid recommender against popularity (leave-last-out).
 *
 * @param data - validated subscribers and usage (call edges, interactions and offers optional)
 * @param options - `asOf`, `k` (6), `seed` (0), `watchlistSize` (50), `onProgress`, `signal`
 * @returns (a promise of) the report sections, charts, watchlist, segment table, models and summary; the work yields to the event loop between stages so `signal` can fire
 * @throws (rejects with) DataError when there is no later month to label churn, no churner or no stayer, or too few subscribers; OptionsError for bad options; AbortError when `signal` fires
 * @example
 * const op = generateOperator({ subscribers: 1500, months: 4, seed: 3 });
 * const r = await operatorReport(op, { k: 4, seed: 1 });
 * r.asOf // => '2024-03'
 * @category Report
 */
export async function operatorReport(data: OperatorData, options: OperatorReportOptions = {}): Promise<OperatorReport> {
  const fn = 'operatorReport';
  const { k, seed, top } = checkReportOptions(fn, options);
  const { onProgress, signal } = options;
  // between stages, yield to the event loop so an abort (Ctrl-C in the CLI) is seen
  const progress = async (done: number, stage: string) => {
    throwIfAborted(signal, fn);
    onProgress?.({ stage, done, total: STEPS });
    await new Promise((resolve) => setTimeout(resolve, 0));
    throwIfAborted(signal, fn);
  };

  // 1. months and labels --------------------------------------------------------------------
  const months = [...new Set(data.usage.map((u) => u.month))].sort();
  if (months.length < 2) throw new DataError(`${fn}: usage covers ${months.length} month(s); needs at least 2 (features at one month, churn seen in a later one)`);
  const asOf = options.asOf ?? months[months.length - 2]!;
  if (typeof asOf !== 'string' || !/^\d{4}-\d{2}$/.test(asOf)) throw new OptionsError(`${fn}: asOf must be a month YYYY-MM, got ${String(asOf)}`, 'asOf');
  if (!months.includes(asOf)) throw new DataError(`${fn}: no usage in asOf month ${asOf} (usage months: ${months[0]} … ${months.at(-1)})`);
  if (asOf === months.at(-1)) throw new DataError(`${fn}: asOf ${asOf} is the last usage month; churn labels need a later month`);
  const activeAt = new Set<string>();
  const later = new Set<string>();
  for (const u of data.usage) {
    if (u.month === asOf) activeAt.add(u.subscriberId);
    else if (u.month > asOf) later.add(u.subscriberId);
  }
  await progress(1, 'profiles');
  // the big intermediates (profile records, matrix) are released as soon as their last stage is
  // done: they would otherwise stay alive across the awaits until the recommender stage
  const big = activeProfiles(fn, data, asOf, activeAt);
  const rows = big.profiles.length;
  const y = big.M.rowIds.map((id) => (later.has(id) ? 0 : 1));
  const churners = y.reduce((s: number, v) => s + v, 0);
  if (churners === 0 || churners === y.length) {
    throw new DataError(`${fn}: ${churners === 0 ? 'nobody' : 'everybody'} active in ${asOf} left afterwards; churn cannot be modelled`);
  }

  // 2. segments -------------------------------------------------------------------------------
  await progress(2, 'segments');
  const present = SEGMENT_FEATURES.filter((f) => big.M.columns.includes(f));
  const { model: pipeline, matrix: X } = fitApplyPipeline(
    [
      { type: 'select', columns: { names: present } },
      { type: 'impute', strategy: 'median', columns: { type: 'numeric' } },
      { type: 'log1p', columns: { names: present.filter((f) => ['arpu', 'dataMB', 'voiceMinutes'].includes(f)) } },
      { type: 'standardize', columns: { type: 'numeric' } },
    ],
    big.profiles,
  );
  const ck = chooseK(X, { kMin: 2, kMax: 10, seed, sampleSize: Math.min(1000, X.nRows) });
  const kmeans = fitKMeans(X, { k, seed, nInit: 3 });
  const labels = assignSegments(kmeans, X);
  const desc = describeSegments(kmeans, X, { pipeline, top: present.length });
  const segLabel = new Map(desc.segments.map((s) => [s.segment, s.label]));
  const segments: OperatorSegmentRow[] = Array.from(big.M.rowIds, (id, r) => ({ id, segment: labels[r]!, label: segLabel.get(labels[r]!) ?? '' }));

  // 3. churn ---------------------------------------------------------------------------------
  await progress(3, 'churn');
  const fold = stratifiedKFold(y, { folds: 4, seed })[0]!;
  const gbdtOptions = { kind: 'gbdt', learningRate: 0.05, maxLeaves: 15, minSamplesLeaf: Math.max(5, Math.min(50, Math.floor(y.length / 100))), seed } as const;
  const heldOut = fitChurnModel(selectRows(big.M, fold.train), Array.from(fold.train, (i) => y[i]!), gbdtOptions);
  const test = selectRows(big.M, fold.test);
  const yTest = Array.from(fold.test, (i) => y[i]!);
  const pTest = predictChurn(heldOut, test);
  const ev = evaluateBinary(yTest, pTest);
  const arpuCol = big.M.columns.indexOf('arpu');
  const arpuOf = (m: typeof big.M, i: number) => {
    const v = arpuCol >= 0 ? m.values[i * m.nCols + arpuCol]! : NaN;
    return Number.isFinite(v) ? v : 0;
  };
  const meanArpu = Array.from({ length: test.nRows }, (_, i) => arpuOf(test, i)).reduce((a, b) => a + b, 0) / test.nRows;
  const offerCost = Math.max(1, Math.round(meanArpu * 0.5));
  const profit = profitCurve(yTest, pTest, { offerCost, acceptRate: 0.3, savedValue: Array.from({ length: test.nRows }, (_, i) => 12 * arpuOf(test, i)) });
  const nExplain = Math.min(200, test.nRows);
  const explanations = Array.from({ length: nExplain }, (_, j) => explainChurn(heldOut, test, Math.floor((j * test.nRows) / nExplain)));
  const churn = fitChurnModel(big.M, y, gbdtOptions);
  const watchlist = churnWatchlist(churn, big.M, { top, ...(arpuCol >= 0 ? { value: 'arpu' } : {}) });

  // 4. tags ------------------------------------------------------------------------------------
  await progress(4, 'tags');
  const pAll = predictChurn(churn, big.M);
  const { tagCounts, overlapNames, overlapCounts } = tagFigures(big.profiles, pAll);
  big.profiles = [];
  big.M = selectRows(big.M, []); // an empty matrix with the same columns

  // 5. drift -----------------------------------------------------------------------------------
  await progress(5, 'drift');
  const drift = detectDrift(usageFields(data.usage, months[0]!), usageFields(data.usage, asOf));

  // 6. recommendations -------------------------------------------------------------------------
  await progress(6, 'recommend');
  let recEval: ReturnType<typeof evaluateRecommender> | undefined;
  if (data.interactions && data.interactions.length > 0 && data.offers && data.offers.length > 0) {
    const recData = { interactions: data.interactions, subscribers: data.subscribers, offers: data.offers };
    // only the ranking is evaluated: components the blend leaves out need no refit (same lists)
    recEval = evaluateRecommender((d) => fitRecommender(d, { segmentField: 'planGroup', seed, refit: 'blended' }), recData, { k: 5 });
  }

  // 7. charts and sections ---------------------------------------------------------------------
  await progress(7, 'charts');
  const bySize = [...desc.segments].sort((a, b) => b.size - a.size);
  const charts: Record<string, ChartSpec> = {
    segmentSizes: plot.segmentSizesChart(bySize),
    segmentProfiles: plot.segmentProfileChart(desc.segments),
    chooseK: plot.chooseKChart(ck),
    roc: plot.rocChart(rocCurve(yTest, pTest), { subtitle: `Held-out quarter: ${yTest.length} subscribers; AUC ${ev.rocAuc.toFixed(3)}` }),
    pr: plot.prChart(precisionRecallCurve(yTest, pTest), { baseRate: ev.baseRate }),
    gains: plot.gainsChart(ev.lift),
    lift: plot.liftChart(ev.lift),
    calibration: plot.calibrationChart(ev.calibration),
    profit: plot.profitChart(profit),
    shap: plot.shapSummaryChart(explanations),
    watchlist: plot.watchlistChart(watchlist, { top: 15 }),
    tags: plot.tagCountsChart(tagCounts),
    overlaps: plot.audienceOverlapChart({ names: overlapNames, counts: overlapCounts }),
    drift: plot.driftChart(drift),
    ...(recEval ? { recommender: plot.recommenderMetricsChart(recEval) } : {}),
  };
  const summary = {
    subscribers: data.subscribers.length,
    activeAtAsOf: rows,
    churned: churners,
    churnRate: churners / rows,
    rocAuc: ev.rocAuc,
    prAuc: ev.prAuc,
    topDecileLift: ev.topDecileLift,
    segments: k,
    driftFlagged: drift.flagged.length,
  };
  const sections = reportSections({ data, months, asOf, active: rows, churners, k, nFeatures: present.length, seed, ck, ev, offerCost, charts, nWatchlist: watchlist.length, recEval });
  return { sections, charts, watchlist, segments, models: { pipeline, kmeans, churn }, asOf, summary };
}

/**
 * Profiles as of `asOf` (usage up to that month) of the subscribers active in it: the matrix rows
 * and the profile records, in the same order. Only these leave the function, not every profile.
 */
function activeProfiles(fn: string, data: OperatorData, asOf: string, activeAt: ReadonlySet<string>): { M: FeatureMatrix; profiles: ReturnType<typeof buildProfiles>['profiles'] } {
  const prof = buildProfiles(
    { subscribers: data.subscribers, usage: data.usage.filter((u) => u.month <= asOf), ...(data.callEdges ? { callEdges: data.callEdges } : {}) },
    { asOf },
  );
  const rows = prof.matrix.rowIds.map((id, i) => (activeAt.has(id) ? i : -1)).filter((i) => i >= 0);
  if (rows.length < 50) throw new DataError(`${fn}: only ${rows.length} subscribers have usage in ${asOf}; needs at least 50`);
  return { M: selectRows(prof.matrix, rows), profiles: rows.map((i) => prof.profiles[i]!) };
}

/** The checked options with their defaults: `k` (6), `seed` (0), `top` (`watchlistSize`, 50). */
function checkReportOptions(fn: string, options: OperatorReportOptions): { k: number; seed: number; top: number } {
  const known = ['asOf', 'k', 'seed', 'watchlistSize', 'onProgress', 'signal'];
  for (const key of Object.keys(options)) if (!known.includes(key)) throw new OptionsError(`${fn}: unknown option '${key}'`, key);
  const k = options.k ?? 6;
  if (!Number.isInteger(k) || k < 2 || k > 20) throw new OptionsError(`${fn}: k must be an integer in [2, 20], got ${String(k)}`, 'k');
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new OptionsError(`${fn}: seed must be an integer in [0, 2³²), got ${String(seed)}`, 'seed');
  const top = options.watchlistSize ?? 50;
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw new OptionsError(`${fn}: watchlistSize must be an integer in [1, 1000], got ${String(top)}`, 'watchlistSize');
  return { k, seed, top };
}

/** The drift stage's matrix: one row per usage record of `month`, one column per DRIFT_FIELDS entry (NaN when absent). */
function usageFields(usage: readonly UsageMonth[], month: string) {
  const us = usage.filter((u) => u.month === month);
  const v = new Float64Array(us.length * DRIFT_FIELDS.length);
  us.forEach((u, i) => DRIFT_FIELDS.forEach((f, j) => (v[i * DRIFT_FIELDS.length + j] = typeof u[f] === 'number' ? (u[f] as number) : NaN)));
  return createFeatureMatrix(v, DRIFT_FIELDS);
}

/** The figures the report's prose quotes. */
interface SectionFigures {
  readonly data: OperatorData;
  readonly months: readonly string[];
  readonly asOf: string;
  readonly active: number;
  readonly churners: number;
  readonly k: number;
  readonly nFeatures: number;
  readonly seed: number;
  readonly ck: ReturnType<typeof chooseK>;
  readonly ev: ReturnType<typeof evaluateBinary>;
  readonly offerCost: number;
  readonly charts: Record<string, ChartSpec>;
  readonly nWatchlist: number;
  readonly recEval: ReturnType<typeof evaluateRecommender> | undefined;
}

/** The report's sections: prose with the figures, and the charts each one shows. */
function reportSections({ data, months, asOf, active, churners, k, nFeatures, seed, ck, ev, offerCost, charts, nWatchlist, recEval }: SectionFigures): ReportSection[] {
  return [
    {
      title: 'Data',
      text: `${data.subscribers.length.toLocaleString('en-US')} subscribers and ${data.usage.length.toLocaleString('en-US')} usage months (${months[0]} to ${months.at(-1)}). Features are measured as of ${asOf}; ${active.toLocaleString('en-US')} subscribers had usage that month, and ${churners.toLocaleString('en-US')} of them (${pct(churners / active)}) have no usage afterwards: they are the churners the model learns to find.`,
    },
    {
      title: 'Segments',
      text: `k-means with k = ${k} on ${nFeatures} standardised behaviour features (seed ${seed}). The silhouette suggests k = ${ck.recommended.silhouette}, the elbow k = ${ck.recommended.elbow}.`,
      charts: [charts.segmentSizes!, charts.segmentProfiles!, charts.chooseK!],
    },
    {
      title: 'Churn early warning',
      text: `Gradient-boosted trees trained on three quarters of the active subscribers and scored on the held-out quarter: ROC-AUC ${ev.rocAuc.toFixed(3)}, PR-AUC ${ev.prAuc.toFixed(3)} (base rate ${pct(ev.baseRate)}), top-decile lift ${ev.topDecileLift.toFixed(2)}.\n\nThe profit curve assumes an offer costing ${offerCost} (half the mean monthly ARPU), accepted by 30% of the churners who get it, each saving 12 months of their ARPU.`,
      charts: [charts.roc!, charts.pr!, charts.gains!, charts.lift!, charts.calibration!, charts.profit!, charts.shap!],
    },
    {
      title: 'Watchlist',
      text: `The ${nWatchlist} subscribers with the highest churn probability × ARPU, scored by the model refitted on everyone active in ${asOf}, with the features that push each score up.`,
      charts: [charts.watchlist!],
    },
    { title: 'Tags and audiences', text: 'Subscribers per tag of the default catalogue, and how four audiences overlap.', charts: [charts.tags!, charts.overlaps!] },
    { title: 'Drift', text: `Population stability index of usage fields between ${months[0]} and ${asOf}.`, charts: [charts.drift!] },
    ...(recEval
      ? [{ title: 'Offer recommendations', text: `The hybrid recommender against recommending the most popular offers, leave-last-out, top ${recEval.k}; ${recEval.users} subscribers evaluated.`, charts: [charts.recommender!] }]
      : []),
  ];
}

/** The default catalogue applied to the profiles with their churn probability: counts of eight tags, and the overlaps of four audiences. */
function tagFigures(profiles: readonly object[], pAll: ArrayLike<number>): { tagCounts: Record<string, number>; overlapNames: string[]; overlapCounts: number[][] } {
  const tagged = profiles.map((p, i) => ({ ...(p as Record<string, unknown>), churnProbability: pAll[i]! }));
  const index = applyTagCatalogue(defaultTagCatalogue, tagged);
  const tagNames = ['high_consumption', 'heavy_data', 'night_entertainment', 'travel_enthusiast', 'business_traveller', 'family_user', 'upgrade_5g_candidate', 'churn_risk'];
  const tagCounts = Object.fromEntries(tagNames.map((t) => [t, countAudience(index, t)]));
  const overlapNames = ['high_consumption', 'travel_enthusiast', 'business_traveller', 'churn_risk'];
  const overlapCounts = overlapNames.map((a) => overlapNames.map((b) => (a === b ? countAudience(index, a) : countAudience(index, `${a} AND ${b}`))));
  return { tagCounts, overlapNames, overlapCounts };
}

/**
 * `recommenderMetricsChart`: a recommender's ranking metrics beside the popularity baseline.
 * @module
 */
import { DataError } from '../errors.js';
import type { ChartOptions, ChartRow, ChartSpec } from './chart-spec.js';
import { chartOptions, finiteField, makeSpec } from './chart-spec.js';

const METRICS = ['hitRate', 'ndcg', 'precision', 'recall', 'map', 'coverage'] as const;
const LABELS: Record<(typeof METRICS)[number], string> = {
  hitRate: 'Hit rate',
  ndcg: 'NDCG',
  precision: 'Precision',
  recall: 'Recall',
  map: 'MAP',
  coverage: 'Catalogue coverage',
};

type Metrics = { readonly [K in (typeof METRICS)[number]]: number };

/** What `evaluateRecommender` returns (only these fields are read). @category Plot */
export interface RecommenderMetricsChartInput {
  /** List length the metrics are measured at. */
  readonly k: number;
  readonly model: Metrics;
  readonly baseline: Metrics;
}

/**
 * Offer recommendation quality at k: hit rate, NDCG, precision, recall, MAP and catalogue
 * coverage (all shares in [0, 1]) of the model beside the popularity baseline on the same split.
 * Novelty (bits, another scale) is left out; it is in the evaluation itself.
 *
 * @param evaluation - e.g. `evaluateRecommender(data, fit, { k: 10 })`
 * @param options - `title`, `subtitle`, `width`, `height`
 * @returns a Vega-Lite v6 spec; rows `{ metric, recommender, value }`
 * @throws DataError for a missing or NaN/±Infinity metric
 * @example
 * const m = { hitRate: 0.5, ndcg: 0.3, precision: 0.1, recall: 0.4, map: 0.2, coverage: 0.9 };
 * recommenderMetricsChart({ k: 5, model: m, baseline: m }).data.values.length // => 12
 * @category Plot
 */
export function recommenderMetricsChart(evaluation: RecommenderMetricsChartInput, options: ChartOptions = {}): ChartSpec {
  const fn = 'recommenderMetricsChart';
  const o = chartOptions(fn, options, { title: 'Offer recommendations against popularity', width: 420, height: 260 });
  if (evaluation === null || typeof evaluation !== 'object') throw new DataError(`${fn}: expected evaluateRecommender's result { k, model, baseline }`);
  const k = finiteField(fn, 'evaluation', evaluation, 0, 'k');
  const rows: ChartRow[] = [];
  for (const [who, key] of [['model', 'model'], ['popularity', 'baseline']] as const) {
    const mm = evaluation[key];
    if (mm === null || typeof mm !== 'object') throw new DataError(`${fn}: evaluation.${key} is missing`);
    for (const metric of METRICS) rows.push({ metric: LABELS[metric], recommender: who, value: finiteField(fn, `evaluation.${key}`, mm, 0, metric) });
  }
  return makeSpec(
    'recommenderMetricsChart',
    { ...o, subtitle: o.subtitle ?? `Top-${k} lists; grey bars: recommend the most popular offers` },
    `Ranking metrics of the recommender and of the popularity baseline at k = ${k}.`,
    rows,
    [
      { field: 'metric', title: 'Metric' },
      { field: 'recommender', title: 'Recommender' },
      { field: 'value', title: `Value at k = ${k} (share)` },
    ],
    {
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'metric', type: 'nominal', title: 'Metric', sort: METRICS.map((m) => LABELS[m]), axis: { labelAngle: 0 } },
        xOffset: { field: 'recommender', type: 'nominal', sort: ['model', 'popularity'] },
        y: { field: 'value', type: 'quantitative', title: `Value at k = ${k} (share, 0 to 1)`, scale: { domain: [0, 1] } },
        color: { field: 'recommender', type: 'nominal', title: 'Recommender', scale: { domain: ['model', 'popularity'], range: ['#0072B2', '#999999'] } },
      },
    },
    ['novelty (bits) is not drawn: it is on another scale'],
  );
}

/**
 * Plot: telcokit results as Vega-Lite v6 specifications (plain JSON, no dependency). Render them
 * with `renderChart` from `telcokit/report`, embed them with vega-embed, or display them in a
 * Deno notebook.
 * @module plot
 */
export { VEGA_LITE_SCHEMA, CHART_PALETTE, MAX_CHART_SIZE } from './chart-spec.js';
export type { ChartSpec, ChartOptions, ChartRow, ChartColumn, JsonValue } from './chart-spec.js';
export { rocChart } from './roc-chart.js';
export type { RocChartCurve } from './roc-chart.js';
export { prChart } from './pr-chart.js';
export type { PrChartCurve, PrChartOptions } from './pr-chart.js';
export { gainsChart } from './gains-chart.js';
export type { GainsChartRow } from './gains-chart.js';
export { liftChart } from './lift-chart.js';
export type { LiftChartRow } from './lift-chart.js';
export { calibrationChart } from './calibration-chart.js';
export type { CalibrationChartRow } from './calibration-chart.js';
export { profitChart } from './profit-chart.js';
export type { ProfitChartCurve, ProfitChartOptions } from './profit-chart.js';
export { shapSummaryChart } from './shap-summary-chart.js';
export type { ShapChartExplanation, ShapSummaryChartOptions } from './shap-summary-chart.js';
export { watchlistChart } from './watchlist-chart.js';
export type { WatchlistChartEntry, WatchlistChartOptions } from './watchlist-chart.js';
export { segmentSizesChart } from './segment-sizes-chart.js';
export type { SegmentSizesChartSegment } from './segment-sizes-chart.js';
export { segmentProfileChart } from './segment-profile-chart.js';
export type { SegmentProfileChartSegment } from './segment-profile-chart.js';
export { chooseKChart } from './choose-k-chart.js';
export type { ChooseKChartInput } from './choose-k-chart.js';
export { driftChart } from './drift-chart.js';
export type { DriftChartInput, DriftChartOptions } from './drift-chart.js';
export { tagCountsChart } from './tag-counts-chart.js';
export { audienceOverlapChart } from './audience-overlap-chart.js';
export type { AudienceOverlapInput } from './audience-overlap-chart.js';
export { recommenderMetricsChart } from './recommender-metrics-chart.js';
export type { RecommenderMetricsChartInput } from './recommender-metrics-chart.js';
export { abTestChart } from './ab-test-chart.js';
export type { AbTestChartArm, AbTestChartOptions } from './ab-test-chart.js';
export { qiniChart } from './qini-chart.js';
export type { QiniChartCurve } from './qini-chart.js';
export { upliftByDecileChart } from './uplift-by-decile-chart.js';
export type { UpliftDecileBar } from './uplift-by-decile-chart.js';
export { npsTrendChart } from './nps-trend-chart.js';
export type { NpsTrendChartPoint } from './nps-trend-chart.js';
export { driverQuadrantChart } from './driver-quadrant-chart.js';
export type { DriverQuadrantChartRow, DriverQuadrantChartOptions } from './driver-quadrant-chart.js';

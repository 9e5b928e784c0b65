/**
 * Report: Vega-Lite specs rendered to SVG and assembled into one self-contained HTML page.
 * Needs the optional peer dependencies `vega` and `vega-lite` (`npm install vega vega-lite`);
 * importing this entry does not load them, the first render does.
 * @module report
 */
export { renderChart } from './render-chart.js';
export type { RenderChartOptions } from './render-chart.js';
export { buildReport } from './build-report.js';
export type { BuildReportOptions, ReportSection, ReportTable } from './build-report.js';
export { operatorReport } from './operator-report.js';
export type { OperatorData, OperatorReport, OperatorReportOptions, OperatorSegmentRow } from './operator-report.js';

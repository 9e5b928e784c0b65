/** One small, hand-made input per chart function, shared by the plot and report tests. */
import * as t from 'telcokit';

export const chartFixtures: Record<string, () => t.ChartSpec> = {
  rocChart: () => t.rocChart({ model: { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1] }, 'true hazard': { fpr: [0, 0.25, 1], tpr: [0, 0.75, 1] } }),
  prChart: () => t.prChart({ recall: [0.5, 0.5, 1], precision: [1, 0.5, 0.5] }, { baseRate: 0.5 }),
  gainsChart: () =>
    t.gainsChart([
      { group: 1, count: 2, cumulativeGain: 0.5 },
      { group: 2, count: 2, cumulativeGain: 0.75 },
      { group: 3, count: 4, cumulativeGain: 1 },
    ]),
  liftChart: () => t.liftChart([{ group: 1, lift: 2.5 }, { group: 2, lift: 1.2 }, { group: 3, lift: 0.3 }]),
  calibrationChart: () =>
    t.calibrationChart([
      { lower: 0, upper: 0.5, count: 6, meanPredicted: 0.2, observedRate: 0.25 },
      { lower: 0.5, upper: 1, count: 4, meanPredicted: 0.7, observedRate: 0.6 },
    ]),
  profitChart: () => t.profitChart({ targeted: [0, 1, 2, 3], profit: [0, 40, 30, -10], best: { targeted: 1, profit: 40 } }, { currency: 'CNY' }),
  shapSummaryChart: () =>
    t.shapSummaryChart([
      { contributions: [{ feature: 'tenureMonths', contribution: -0.4 }, { feature: 'complaints', contribution: 0.2 }] },
      { contributions: [{ feature: 'tenureMonths', contribution: 0.2 }, { feature: 'complaints', contribution: 0.6 }] },
    ]),
  watchlistChart: () =>
    t.watchlistChart([
      { id: 'S001', probability: 0.8, priority: 96, reasons: ['data use fell 60%', 'complained twice'] },
      { id: 'S002', probability: 0.6, priority: 30, reasons: ['contract ends next month'] },
    ]),
  segmentSizesChart: () => t.segmentSizesChart([{ segment: 0, size: 30, label: 'heavy data' }, { segment: 1, size: 10, label: 'voice only' }]),
  segmentProfileChart: () =>
    t.segmentProfileChart([
      { segment: 0, label: 'heavy data', distinguishing: [{ feature: 'dataMB', z: 1.5 }, { feature: 'voiceMinutes', z: -0.3 }] },
      { segment: 1, label: 'voice only', distinguishing: [{ feature: 'dataMB', z: -0.8 }, { feature: 'voiceMinutes', z: 1.1 }] },
    ]),
  chooseKChart: () =>
    t.chooseKChart({
      rows: [
        { k: 2, inertia: 10, silhouette: 0.4 },
        { k: 3, inertia: 4, silhouette: 0.6 },
        { k: 4, inertia: 3.5, silhouette: 0.5 },
      ],
      recommended: { elbow: 3, silhouette: 3 },
    }),
  driftChart: () =>
    t.driftChart({ features: [{ feature: 'arpu', psi: 0.3, level: 'alert' }, { feature: 'dataMB', psi: 0.12, level: 'warn' }, { feature: 'tenureMonths', psi: 0.01, level: 'stable' }] }),
  tagCountsChart: () => t.tagCountsChart({ heavy_data: 120, churn_risk: 35, family_user: 60 }),
  audienceOverlapChart: () => t.audienceOverlapChart({ names: ['travel', 'business', 'heavy_data'], counts: [[10, 5, 2], [5, 15, 0], [2, 0, 8]] }),
  recommenderMetricsChart: () =>
    t.recommenderMetricsChart({
      k: 10,
      model: { hitRate: 0.5, ndcg: 0.3, precision: 0.1, recall: 0.4, map: 0.2, coverage: 0.9 },
      baseline: { hitRate: 0.3, ndcg: 0.2, precision: 0.05, recall: 0.25, map: 0.1, coverage: 0.1 },
    }),
  abTestChart: () =>
    t.abTestChart([
      { arm: 'offer A vs control', estimate: 0.02, lower: 0.005, upper: 0.035 },
      { arm: 'offer B vs control', estimate: 0.004, lower: -0.01, upper: 0.018 },
    ]),
  qiniChart: () => t.qiniChart({ targeted: [0.25, 0.5, 0.75, 1], incremental: [30, 45, 50, 40] }),
  upliftByDecileChart: () =>
    t.upliftByDecileChart([
      { decile: 1, uplift: 0.05, lower: 0.02, upper: 0.08 },
      { decile: 2, uplift: 0.01, lower: -0.02, upper: 0.04 },
      { decile: 3, uplift: -0.01, lower: -0.04, upper: 0.02 },
    ]),
  npsTrendChart: () =>
    t.npsTrendChart([
      { period: '2024-01', nps: 12.5, lower: 4.1, upper: 20.9, n: 400 },
      { period: '2024-02', nps: 18, lower: 9.8, upper: 26.2, n: 380 },
      { period: '2024-03', nps: -2, lower: -10.5, upper: 6.5, n: 410 },
    ]),
  driverQuadrantChart: () =>
    t.driverQuadrantChart([
      { attribute: 'networkQuality', importance: 0.37, performance: 6.9 },
      { attribute: 'price', importance: 0.23, performance: 5.6 },
      { attribute: 'customerService', importance: 0.16, performance: 6.5 },
      { attribute: 'coverage', importance: 0.12, performance: 7.4 },
    ]),
};

/**
 * Churn early warning in a few lines: fit, evaluate out of fold, calibrate, pick the cut-off by
 * profit, and list who to call with reasons in words. Run: `npx tsx examples/churn.ts`.
 */
import {
  applyCalibrator,
  churnWatchlist,
  createFeatureMatrix,
  crossValidate,
  evaluateBinary,
  explainChurn,
  fitCalibrator,
  fitChurnModel,
  predictChurn,
  profitCurve,
} from 'telcokit';

// A small synthetic book of 2,000 subscribers with telcokit's feature names (seeded LCG).
let state = 12345;
const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const names = ['dataDropRatio', 'complaintRate', 'tenureMonths', 'arpu'];
const n = 2000;
const values = new Float64Array(n * names.length);
const labels: number[] = [];
for (let i = 0; i < n; i++) {
  const drop = rand() * 1.2 - 0.4;
  const complaints = Math.floor(rand() * rand() * 4);
  const tenure = Math.floor(rand() * 72);
  const arpu = 20 + rand() * 80;
  values.set([drop, complaints, tenure, arpu], i * names.length);
  const z = -1.5 + 2.5 * drop + 0.6 * complaints - 0.04 * tenure;
  labels.push(rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
}
const m = createFeatureMatrix(values, names, Array.from({ length: n }, (_, i) => `S${String(i).padStart(5, '0')}`));

// 1. honest evaluation: 5-fold stratified CV
const cv = crossValidate((train, y, info) => {
  const model = fitChurnModel(train, y, { kind: 'gbdt', learningRate: 0.05, maxLeaves: 8, minSamplesLeaf: 50, seed: info.seed });
  return (test) => predictChurn(model, test);
}, m, labels, { folds: 5, seed: 1 });
console.log(`gbdt, 5-fold CV: ROC-AUC ${cv.mean.rocAuc.toFixed(3)} ± ${cv.sd.rocAuc.toFixed(3)}, top-decile lift ${cv.mean.topDecileLift.toFixed(2)}`);

// 2. calibrate on the out-of-fold scores, then choose the cut-off by expected profit
const calibrator = fitCalibrator(labels, cv.oof, { method: 'isotonic' });
const curve = profitCurve(labels, cv.oof, { offerCost: 5, acceptRate: 0.3, savedValue: 240 });
console.log(`best cut-off ${curve.best.threshold.toFixed(3)}: call ${curve.best.targeted} subscribers, expected profit ${curve.best.profit.toFixed(0)}`);
// (in production, fit the calibrator on one period's scores and apply it to the next)
console.log(`ECE before / after isotonic calibration: ${evaluateBinary(labels, cv.oof).ece.toFixed(4)} / ${evaluateBinary(labels, applyCalibrator(calibrator, cv.oof)).ece.toFixed(4)}`);

// 3. the final model, one explanation and the watchlist (risk × ARPU, reasons in words)
const model = fitChurnModel(m, labels, { kind: 'logistic' });
const e = explainChurn(model, m, 0);
console.log(`${e.id}: p = ${e.probability.toFixed(3)}, base ${e.baseValue.toFixed(3)} + contributions → margin ${e.margin.toFixed(3)}`);
for (const row of churnWatchlist(model, m, { top: 5, value: 'arpu', threshold: curve.best.threshold })) {
  console.log(`${row.id}  p=${row.probability.toFixed(2)}  priority=${row.priority.toFixed(1)}  ${row.reasons.join('; ')}`);
}

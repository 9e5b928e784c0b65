import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { IBM_TELCO_CSV, loadIbmTelco, runIbmTelco, runIbmTelcoCalibration, runIbmTelcoTuned } from '../../examples/churn-ibm-telco.js';

// The targets (issue 16): with DEFAULT options, gbdt ≥ logistic and ≥ 0.848 mean 5-fold
// stratified ROC-AUC, the pipeline fitted inside each fold (scikit-learn 1.2 reaches 0.8455 with
// LogisticRegression on one-hot + scaling). Measured with seed 42: logistic 0.8455, gbdt 0.8495
// (0.8416 before the adaptive defaults). The pins allow 5e-4 for floating-point reordering in the
// histogram kernels; the bars are the issue's.
describe('IBM Telco Customer Churn (examples/churn-ibm-telco.ts)', () => {
  const text = readFileSync(IBM_TELCO_CSV, 'utf8');
  test('loads 7,043 customers with 1,869 churners', () => {
    const { records, labels } = loadIbmTelco(text);
    expect(records.length).toBe(7043);
    expect(labels.reduce((a, b) => a + b, 0)).toBe(1869);
  });
  test('5-fold stratified CV with default options: gbdt 0.8495 ≥ 0.848 and ≥ logistic 0.8455', () => {
    const rows = runIbmTelco(text, 42);
    const by = Object.fromEntries(rows.map((r) => [r.learner, r]));
    expect(by.logistic!.rocAuc).toBeCloseTo(0.8455, 3);
    expect(Math.abs(by.logistic!.rocAuc - 0.845524)).toBeLessThan(5e-4);
    expect(Math.abs(by.gbdt!.rocAuc - 0.849474)).toBeLessThan(5e-4);
    expect(by.gbdt!.rocAuc).toBeGreaterThanOrEqual(0.848);
    expect(by.gbdt!.rocAuc).toBeGreaterThanOrEqual(by.logistic!.rocAuc);
    // sanity: above 0.86 would suggest leakage (data README)
    expect(by.gbdt!.rocAuc).toBeLessThan(0.86);
    for (const r of rows) {
      expect(r.topDecileLift).toBeGreaterThan(2.5);
      expect(r.brier).toBeLessThan(0.145);
    }
  });
  test('isotonic calibration fitted out of fold lowers the logistic ECE on the test folds (0.0244 → 0.0226)', () => {
    const c = runIbmTelcoCalibration(text, 42, { kind: 'logistic' });
    expect(c.eceBefore).toBeCloseTo(0.02439, 4);
    expect(c.eceAfter).toBeCloseTo(0.02261, 4);
  });
  // about 20 s and 4 min on an idle 2-core machine: TELCOKIT_SLOW=1 to include them
  test.skipIf(!process.env.TELCOKIT_SLOW)('gbdt ECE before / after calibration: 0.0247 → 0.0233 (slow)', () => {
    const c = runIbmTelcoCalibration(text, 42);
    expect(c.eceBefore).toBeCloseTo(0.02475, 4);
    expect(c.eceAfter).toBeCloseTo(0.02329, 4);
  }, 300_000);
  test.skipIf(!process.env.TELCOKIT_SLOW)('tuned gbdt, nested 5-fold CV: 0.8478, below its optimistic inner best (slow)', () => {
    const t = runIbmTelcoTuned(text, 42);
    expect(Math.abs(t.nested - 0.8478)).toBeLessThan(1e-3);
    expect(t.innerBest).not.toBe(t.nested);
  }, 900_000);
});

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { IBM_TELCO_CSV, loadIbmTelco, runIbmTelco } from '../../examples/churn-ibm-telco.js';

// The target: mean 5-fold stratified ROC-AUC ≥ 0.845 for both learners (scikit-learn 1.2
// reaches 0.8455 with LogisticRegression on one-hot + scaling). Measured with seed 42:
// logistic 0.8455, gbdt 0.8497.
describe('IBM Telco Customer Churn (examples/churn-ibm-telco.ts)', () => {
  const text = readFileSync(IBM_TELCO_CSV, 'utf8');
  test('loads 7,043 customers with 1,869 churners', () => {
    const { records, labels } = loadIbmTelco(text);
    expect(records.length).toBe(7043);
    expect(labels.reduce((a, b) => a + b, 0)).toBe(1869);
  });
  test('5-fold stratified CV: mean ROC-AUC ≥ 0.845 for logistic and gbdt', () => {
    const rows = runIbmTelco(text, 42);
    const by = Object.fromEntries(rows.map((r) => [r.learner, r]));
    expect(by.logistic!.rocAuc).toBeGreaterThanOrEqual(0.845);
    expect(by.gbdt!.rocAuc).toBeGreaterThanOrEqual(0.845);
    // sanity: above 0.86 would suggest leakage (data README)
    expect(by.logistic!.rocAuc).toBeLessThan(0.86);
    expect(by.gbdt!.rocAuc).toBeLessThan(0.86);
    for (const r of rows) {
      expect(r.topDecileLift).toBeGreaterThan(2.5);
      expect(r.brier).toBeLessThan(0.145);
    }
  });
});

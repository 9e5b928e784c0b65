import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { fitGbdt, gbdtExpectedValue, parseModel, predictGbdt, predictGbdtMargin, serializeModel, explainGbdt } from 'telcokit';

/** Small data sets with ties, NaN and ±Infinity, and both classes present. */
const dataArb = fc
  .record({
    p: fc.integer({ min: 1, max: 4 }),
    n: fc.integer({ min: 6, max: 60 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .chain(({ p, n, seed }) =>
    fc.record({
      rows: fc.array(
        fc.array(fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, 0, 1, 2), fc.double({ min: -100, max: 100, noNaN: true })), {
          minLength: p,
          maxLength: p,
        }),
        { minLength: n, maxLength: n },
      ),
      labels: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
      seed: fc.constant(seed),
    }),
  )
  .map(({ rows, labels, seed }) => {
    const y = [...labels];
    y[0] = 0;
    y[1] = 1;
    return { rows, y, seed };
  });

describe('fitGbdt properties', () => {
  test('probabilities in [0, 1]; block scoring = row by row; SHAP additive; JSON round trip', () => {
    fc.assert(
      fc.property(dataArb, ({ rows, y, seed }) => {
        const m = fitGbdt(rows, y, { nTrees: 4, minSamplesLeaf: 2, maxLeaves: 6, subsample: 0.9, colsample: 0.8, seed });
        const pr = predictGbdt(m, rows);
        expect(pr.every((v) => v >= 0 && v <= 1)).toBe(true);
        const all = predictGbdtMargin(m, rows);
        const ev = gbdtExpectedValue(m);
        rows.forEach((row, i) => {
          expect(predictGbdtMargin(m, [row])[0]).toBe(all[i]);
          const total = explainGbdt(m, row).reduce((a, b) => a + b, ev);
          expect(Math.abs(total - all[i]!)).toBeLessThan(1e-9);
        });
        const text = serializeModel(m);
        expect(serializeModel(parseModel(text, 'churn/gbdt'))).toBe(text);
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});

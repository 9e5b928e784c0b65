/**
 * The shared estimator conformance suite. Each module calls `describeConformance` once per
 * fit/predict pair; the suite checks what every telcokit model promises:
 * JSON round trip (bit for bit, same predictions), purity on frozen inputs, same seed → same
 * model, output shape, and a DimensionError on a wrong column count.
 */
import { describe, expect, test } from 'vitest';
import { DimensionError, parseModel, serializeModel } from 'telcokit';
import type { FeatureMatrix } from 'telcokit';

export interface ConformanceCase<M extends { kind: string; version: number }, O> {
  /** Estimator name for the test titles, e.g. `'churn/gbdt'`. */
  name: string;
  /** Training matrix. */
  train: FeatureMatrix;
  /** Fits with the given seed (must only read `train` and whatever it closes over). */
  fit: (train: FeatureMatrix, seed: number) => M;
  /** Predicts on a matrix. */
  predict: (model: M, m: FeatureMatrix) => O;
  /** Number of output rows/items expected for a matrix of n rows (default n). */
  outputLength?: (o: O) => number;
  /** Skip the wrong-column-count check (estimators that take no matrix at predict time). */
  skipDimensionCheck?: boolean;
}

function snapshot(m: FeatureMatrix): unknown {
  return { rowIds: [...m.rowIds], columns: [...m.columns], values: Array.from(m.values) };
}

/** A copy of `m` with one column dropped. */
function dropLastColumn(m: FeatureMatrix): FeatureMatrix {
  const q = m.nCols - 1;
  const values = new Float64Array(m.nRows * q);
  for (let i = 0; i < m.nRows; i++) for (let j = 0; j < q; j++) values[i * q + j] = m.values[i * m.nCols + j]!;
  return { rowIds: m.rowIds, columns: m.columns.slice(0, q), values, nRows: m.nRows, nCols: q };
}

function length(o: unknown): number {
  if (ArrayBuffer.isView(o)) return (o as Float64Array).length;
  if (Array.isArray(o)) return o.length;
  throw new Error('conformance: give outputLength for this output type');
}

export function describeConformance<M extends { kind: string; version: number }, O>(c: ConformanceCase<M, O>): void {
  describe(`conformance: ${c.name}`, () => {
    test('fit → serializeModel → parseModel round-trips bit for bit and predicts the same', () => {
      const model = c.fit(c.train, 7);
      const text = serializeModel(model);
      const back = parseModel(text) as unknown as M;
      expect(serializeModel(back)).toBe(text);
      expect(back.kind).toBe(model.kind);
      expect(c.predict(back, c.train)).toEqual(c.predict(model, c.train));
    });
    test('same seed → same model; fit and predict do not mutate their inputs', () => {
      const before = snapshot(c.train);
      const a = c.fit(c.train, 11);
      const b = c.fit(c.train, 11);
      expect(serializeModel(a)).toBe(serializeModel(b));
      const modelText = serializeModel(a);
      c.predict(a, c.train);
      expect(snapshot(c.train)).toEqual(before);
      expect(serializeModel(a)).toBe(modelText);
    });
    test('predict returns one output per row', () => {
      const model = c.fit(c.train, 3);
      const out = c.predict(model, c.train);
      expect((c.outputLength ?? length)(out)).toBe(c.train.nRows);
    });
    if (!c.skipDimensionCheck) {
      test('predict on a matrix with a wrong column count throws DimensionError', () => {
        const model = c.fit(c.train, 3);
        expect(() => c.predict(model, dropLastColumn(c.train))).toThrow(DimensionError);
      });
    }
  });
}

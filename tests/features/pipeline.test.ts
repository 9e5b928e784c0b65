import { describe, expect, test } from 'vitest';
import {
  DataError,
  DimensionError,
  ModelError,
  ValidationError,
  applyPipeline,
  featureNames,
  fitApplyPipeline,
  fitPipeline,
  getColumn,
  inverseTransform,
  parsePipeline,
  matrixFromRows,
  parseModel,
  serializeModel,
} from 'telcokit';
import type { FeatureMatrix, PipelineModel, PipelineStep } from 'telcokit';
import { describeConformance } from '../conformance/harness.js';

const col = (m: FeatureMatrix, c: string): number[] => Array.from(getColumn(m, c));
const rec = (values: Record<string, unknown[]>): Record<string, unknown>[] => {
  const keys = Object.keys(values);
  const n = values[keys[0]!]!.length;
  return Array.from({ length: n }, (_, i) => Object.fromEntries([['id', `r${i}`], ...keys.map((k) => [k, values[k]![i]])]));
};
const fitApply = (steps: PipelineStep[], records: Record<string, unknown>[], options = {}): FeatureMatrix =>
  applyPipeline(fitPipeline(steps, records, options), records);

describe('numeric steps: exact values', () => {
  test('standardize uses the population sd (ddof 0): [1,2,3,4] → ±1.3416, ±0.4472', () => {
    const m = fitApply([{ type: 'standardize' }], rec({ x: [1, 2, 3, 4] }));
    const s = Math.sqrt(1.25);
    expect(col(m, 'x')).toEqual([-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]);
  });
  test('standardize on a constant column gives 0 (scale 1), not NaN', () => {
    const model = fitPipeline([{ type: 'standardize' }], rec({ x: [7, 7, 7] }));
    expect(model.steps[0]).toMatchObject({ mean: [7], scale: [1] });
    expect(col(applyPipeline(model, rec({ x: [7, 7, 7] })), 'x')).toEqual([0, 0, 0]);
  });
  test('standardize withMean/withStd false', () => {
    const m = fitApply([{ type: 'standardize', withMean: false }], rec({ x: [1, 3] }));
    expect(col(m, 'x')).toEqual([1, 3]);
  });
  test('minmax maps [2,4,6] to [0,0.5,1]; range [-1,1]; new data is not clipped', () => {
    const recs = rec({ x: [2, 4, 6] });
    expect(col(fitApply([{ type: 'minmax' }], recs), 'x')).toEqual([0, 0.5, 1]);
    const model = fitPipeline([{ type: 'minmax', range: [-1, 1] }], recs);
    expect(col(applyPipeline(model, recs), 'x')).toEqual([-1, 0, 1]);
    expect(col(applyPipeline(model, rec({ x: [8] })), 'x')).toEqual([2]);
  });
  test('robust: median 3, IQR 4 − 2 (numpy linear quantiles) on [1,2,3,4,100]', () => {
    const m = fitApply([{ type: 'robust' }], rec({ x: [1, 2, 3, 4, 100] }));
    expect(col(m, 'x')).toEqual([-1, -0.5, 0, 0.5, 48.5]);
  });
  test('log1p names its output <name>_log1p and rejects values ≤ −1 naming row and column', () => {
    const m = fitApply([{ type: 'log1p' }], rec({ dataMB: [0, Math.E - 1] }));
    expect(m.columns).toEqual(['dataMB_log1p']);
    expect(col(m, 'dataMB_log1p')).toEqual([0, 1]);
    const model = fitPipeline([{ type: 'log1p' }], rec({ dataMB: [0, 1] }));
    expect(() => applyPipeline(model, rec({ dataMB: [0, -1] }))).toThrow(/row 1 \(id 'r1'\), column 'dataMB'/);
  });
  test('winsorize clips at the learned 5 % / 95 % quantiles (5.95, 95.05 on 1..100)', () => {
    const x = Array.from({ length: 100 }, (_, i) => i + 1);
    const model = fitPipeline([{ type: 'winsorize', lower: 0.05, upper: 0.95 }], rec({ x }));
    expect(model.steps[0]).toMatchObject({ lower: [5.95], upper: [95.05] });
    const out = col(applyPipeline(model, rec({ x: [-10, 50, 1000, NaN] })), 'x');
    expect(out[0]).toBeCloseTo(5.95, 12);
    expect(out[1]).toBe(50);
    expect(out[2]).toBeCloseTo(95.05, 12);
    expect(out[3]).toBeNaN();
  });
  test('quantileBin: quartile cut points 2.75, 4.5, 6.25 on 1..8', () => {
    const recs = rec({ x: [1, 2, 3, 4, 5, 6, 7, 8] });
    const model = fitPipeline([{ type: 'quantileBin' }], recs);
    expect(model.steps[0]).toMatchObject({ edges: [[2.75, 4.5, 6.25]] });
    expect(col(applyPipeline(model, recs), 'x_bin')).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

describe('impute', () => {
  test('mean, median, most_frequent (ties → smaller), constant', () => {
    expect(col(fitApply([{ type: 'impute' }], rec({ x: [1, null, 3] })), 'x')).toEqual([1, 2, 3]);
    expect(col(fitApply([{ type: 'impute', strategy: 'median' }], rec({ x: [1, undefined, 3, 10] })), 'x')).toEqual([1, 3, 3, 10]);
    expect(col(fitApply([{ type: 'impute', strategy: 'most_frequent' }], rec({ x: [2, 2, 1, 1, NaN] })), 'x')).toEqual([2, 2, 1, 1, 1]);
    expect(col(fitApply([{ type: 'impute', strategy: 'constant', value: -1 }], rec({ x: [null, 5] })), 'x')).toEqual([-1, 5]);
  });
  test('indicator adds <name>_missing right after the column', () => {
    const m = fitApply([{ type: 'impute', indicator: true }], rec({ dataMB: [1, null, 3], v: [1, 2, 3] }));
    expect(m.columns).toEqual(['dataMB', 'dataMB_missing', 'v', 'v_missing']);
    expect(col(m, 'dataMB_missing')).toEqual([0, 1, 0]);
  });
  test('categorical most_frequent then oneHot', () => {
    const m = fitApply(
      [
        { type: 'impute', columns: ['plan'], strategy: 'most_frequent' },
        { type: 'oneHot', handleUnknown: 'error' },
      ],
      rec({ plan: ['b', 'a', 'b', null] }),
    );
    expect(m.columns).toEqual(['plan=a', 'plan=b']);
    expect(col(m, 'plan=b')).toEqual([1, 0, 1, 1]);
  });
  test('all-missing column: mean is a DataError, constant works', () => {
    expect(() => fitPipeline([{ type: 'impute' }], rec({ x: [null, null] }))).toThrow(/column 'x' has no values/);
    expect(col(fitApply([{ type: 'impute', strategy: 'constant' }], rec({ x: [null, null] })), 'x')).toEqual([0, 0]);
  });
  test('mean on a categorical column is a DataError', () => {
    expect(() => fitPipeline([{ type: 'impute', columns: ['plan'] }], rec({ plan: ['a', null] }))).toThrow(DataError);
  });
});

describe('categorical encoders', () => {
  const regions = rec({ region: ['GD', 'BJ', 'GD', 'SH', 'GD', null] });
  test('oneHot: sorted categories, __missing__ as a category, __unknown__ bucket for unseen', () => {
    const model = fitPipeline([{ type: 'oneHot' }], regions);
    expect(featureNames(model)).toEqual(['region=BJ', 'region=GD', 'region=SH', 'region=__missing__', 'region=__unknown__']);
    const m = applyPipeline(model, rec({ region: ['SH', 'XX'] }));
    expect(Array.from(m.values)).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
  });
  test("oneHot handleUnknown 'error' names row, column and value", () => {
    const model = fitPipeline([{ type: 'oneHot', handleUnknown: 'error' }], regions);
    expect(() => applyPipeline(model, rec({ region: ['GD', 'XX'] }))).toThrow(/row 1 \(id 'r1'\), column 'region': category "XX" was not seen/);
  });
  test('oneHot minFrequency groups rare categories into __other__; dropFirst drops the first kept', () => {
    const model = fitPipeline([{ type: 'oneHot', minFrequency: 2, dropFirst: true, handleUnknown: 'error' }], regions);
    expect(featureNames(model)).toEqual(['region=__other__']);
    expect(col(applyPipeline(model, regions), 'region=__other__')).toEqual([0, 1, 0, 1, 0, 1]);
    const share = fitPipeline([{ type: 'oneHot', minFrequency: 0.3 }], regions);
    expect(featureNames(share)).toEqual(['region=GD', 'region=__other__', 'region=__unknown__']);
  });
  test('oneHot refuses an id-like column over maxCategories', () => {
    const recs = rec({ msisdn: Array.from({ length: 50 }, (_, i) => `m${i}`) });
    expect(() => fitPipeline([{ type: 'oneHot', maxCategories: 10 }], recs)).toThrow(/50 categories \(maxCategories 10\)/);
  });
  test('a step after oneHot reads the 0/1 columns (standardize: mean 1/3 → ±)', () => {
    const m = fitApply([{ type: 'oneHot', handleUnknown: 'error' }, { type: 'standardize' }], rec({ r: ['a', 'b', 'b'] }));
    const s = Math.sqrt(2 / 9);
    expect(col(m, 'r=a')).toEqual([(1 - 1 / 3) / s, -1 / 3 / s, -1 / 3 / s]);
    expect(col(m, 'r=b')).toEqual([-2 / 3 / s, (1 - 2 / 3) / s, (1 - 2 / 3) / s]);
  });
  test('oneHot on a numeric column encodes its values as labels', () => {
    expect(featureNames(fitPipeline([{ type: 'oneHot', columns: ['k'] }], rec({ k: [1, 2, 1] })))).toEqual(['k=1', 'k=2', 'k=__unknown__']);
  });
  test('ordinal: given order, missing stays missing, unseen → error or missing', () => {
    const recs = rec({ tier: ['low', 'high', 'mid', null] });
    const model = fitPipeline([{ type: 'ordinal', order: { tier: ['low', 'mid', 'high'] } }], recs);
    expect(col(applyPipeline(model, recs), 'tier')).toEqual([0, 2, 1, NaN]);
    expect(() => applyPipeline(model, rec({ tier: ['vip'] }))).toThrow(/category "vip" was not seen/);
    const lenient = fitPipeline([{ type: 'ordinal', handleUnknown: 'missing' }], recs);
    expect(col(applyPipeline(lenient, rec({ tier: ['vip', 'mid'] })), 'tier')).toEqual([NaN, 2]);
    expect(() => fitPipeline([{ type: 'ordinal', order: { tier: ['low'] } }], recs)).toThrow(/missing from its order/);
  });
  test('frequencyEncode: share of fit rows, unseen → 0', () => {
    const model = fitPipeline([{ type: 'frequencyEncode' }], rec({ dev: ['a', 'a', 'b', null] }));
    expect(col(applyPipeline(model, rec({ dev: ['a', 'b', null, 'z'] })), 'dev_freq')).toEqual([0.5, 0.25, 0.25, 0]);
  });
  test('targetEncode: full-data m-estimate at apply, prior for unseen categories', () => {
    const recs = rec({ dev: ['a', 'a', 'a', 'b'], churned: [true, false, true, false] });
    const model = fitPipeline([{ type: 'targetEncode', smoothing: 1 }], recs, { target: 'churned' });
    // prior 0.5; a: (2 + 0.5) / (3 + 1) = 0.625; b: (0 + 0.5) / (1 + 1) = 0.25
    expect(model.steps[0]).toMatchObject({ prior: 0.5, categories: [['a', 'b']], encoding: [[0.625, 0.25]] });
    expect(featureNames(model)).toEqual(['dev_te']);
    expect(col(applyPipeline(model, rec({ dev: ['b', 'zz'] })), 'dev_te')).toEqual([0.25, 0.5]);
  });
  test('targetEncode out of fold by hand: 2 folds, each row encoded from the other fold', () => {
    const recs = rec({ dev: ['a', 'a', 'a', 'a'] });
    const y = [1, 0, 1, 1];
    const { matrix } = fitApplyPipeline([{ type: 'targetEncode', folds: 4, smoothing: 0 }], recs, { target: y });
    // leave-one-out with 4 folds of 1 row: mean of the other three labels
    expect(col(matrix, 'dev_te')).toEqual([2 / 3, 1, 2 / 3, 2 / 3]);
  });
  test('targetEncode without labels is a DataError; a missing label names the row', () => {
    expect(() => fitPipeline([{ type: 'targetEncode' }], rec({ dev: ['a', 'b'] }))).toThrow(/needs labels/);
    expect(() => fitPipeline([{ type: 'targetEncode' }], rec({ dev: ['a', 'b'], y: [1, null] }), { target: 'y' })).toThrow(/row 1 \(id 'r1'\)/);
    expect(() => fitPipeline([{ type: 'targetEncode' }], rec({ dev: ['a', 'b'] }), { target: [1] })).toThrow(DimensionError);
  });
});

describe('targetEncode does not leak the label', () => {
  // pure noise: 400 categories, labels independent of them
  let s = 12345;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const n = 4000;
  const recs = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, device: `d${Math.floor(rand() * 400)}` }));
  const y = Array.from({ length: n }, () => (rand() < 0.3 ? 1 : 0));
  const corr = (a: number[], b: number[]): number => {
    const ma = a.reduce((x, v) => x + v, 0) / a.length;
    const mb = b.reduce((x, v) => x + v, 0) / b.length;
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = 0; i < a.length; i++) {
      sab += (a[i]! - ma) * (b[i]! - mb);
      saa += (a[i]! - ma) ** 2;
      sbb += (b[i]! - mb) ** 2;
    }
    return sab / Math.sqrt(saa * sbb);
  };
  test('out-of-fold encoding of a noise column is uncorrelated with the label (|r| < 0.05)', () => {
    const { model, matrix } = fitApplyPipeline([{ type: 'targetEncode', smoothing: 1 }], recs, { target: y, seed: 3 });
    expect(Math.abs(corr(col(matrix, 'device_te'), y))).toBeLessThan(0.05);
    // while the in-sample (full-data) encoding of the same rows is the leak it avoids
    expect(corr(col(applyPipeline(model, recs), 'device_te'), y)).toBeGreaterThan(0.2);
  });
  test('later steps are fitted on the out-of-fold values', () => {
    const { model, matrix } = fitApplyPipeline([{ type: 'targetEncode' }, { type: 'standardize' }], recs, { target: y });
    const z = col(matrix, 'device_te');
    expect(z.reduce((a, v) => a + v, 0) / n).toBeCloseTo(0, 10);
    expect(model.steps[1]!.type).toBe('standardize');
  });
  test('the fold split follows the seed', () => {
    const a = fitApplyPipeline([{ type: 'targetEncode' }], recs, { target: y, seed: 1 }).matrix;
    const b = fitApplyPipeline([{ type: 'targetEncode' }], recs, { target: y, seed: 1 }).matrix;
    const c = fitApplyPipeline([{ type: 'targetEncode' }], recs, { target: y, seed: 2 }).matrix;
    expect(a.values).toEqual(b.values);
    expect(a.values).not.toEqual(c.values);
  });
});

describe('select and selectors', () => {
  const recs = rec({ dataMB: [1, 2], voiceMin: [3, 4], region: ['a', 'b'], nightDataMB: [0, 1] });
  test('by names (in that order), by type, by pattern, with exclude', () => {
    expect(featureNames(fitPipeline([{ type: 'select', columns: ['voiceMin', 'dataMB'] }], recs))).toEqual(['voiceMin', 'dataMB']);
    expect(featureNames(fitPipeline([{ type: 'select', columns: { type: 'numeric' } }], recs))).toEqual(['dataMB', 'voiceMin', 'nightDataMB']);
    expect(featureNames(fitPipeline([{ type: 'select', columns: { pattern: 'MB$' } }], recs))).toEqual(['dataMB', 'nightDataMB']);
    expect(featureNames(fitPipeline([{ type: 'select', columns: { type: 'numeric', exclude: ['voiceMin'] } }], recs))).toEqual(['dataMB', 'nightDataMB']);
  });
  test('the id field is never a column; the pipeline only requires the fields it reads', () => {
    const model = fitPipeline([{ type: 'select', columns: ['dataMB'] }, { type: 'standardize' }], recs);
    expect(model.inputs).toEqual([{ name: 'dataMB', type: 'numeric' }]);
    expect(applyPipeline(model, [{ id: 'x', dataMB: 1.5 }]).rowIds).toEqual(['x']);
  });
  test('an unknown name, a bad pattern, an empty selection', () => {
    expect(() => fitPipeline([{ type: 'standardize', columns: ['nope'] }], recs)).toThrow(/step 1 \(standardize\): no column 'nope'/);
    expect(() => fitPipeline([{ type: 'select', columns: { pattern: '(' } }], recs)).toThrow(ValidationError);
    expect(() => fitPipeline([{ type: 'select', columns: { pattern: '^zzz' } }], recs)).toThrow(/matches no column/);
  });
  test('a categorical column left at the end is a DataError', () => {
    expect(() => fitPipeline([{ type: 'standardize' }], recs)).toThrow(/'region' is still categorical/);
  });
  test('a numeric step on a categorical column is a DataError', () => {
    expect(() => fitPipeline([{ type: 'standardize', columns: ['region'] }], recs)).toThrow(/'region' is categorical/);
  });
  test('an output name that already exists is a DataError', () => {
    const clash = [{ id: 'a', region: 'GD', 'region=GD': 1 }];
    expect(() => fitPipeline([{ type: 'oneHot' }], clash)).toThrow(/makes column 'region=GD', which already exists/);
  });
  test('a malformed step is a ValidationError naming step and path', () => {
    expect(() => fitPipeline([{ type: 'standardize', withMean: 'yes' } as unknown as PipelineStep], recs)).toThrow(/step 1 \(standardize\) is invalid at withMean/);
    expect(() => fitPipeline([{ type: 'nope' } as unknown as PipelineStep], recs)).toThrow(ValidationError);
  });
});

describe('derive and custom', () => {
  const recs = rec({ nightDataMB: [10, 0, 5, null], dataMB: [100, 0, 50, 10], plan: ['5G', '4G', '4G', null] });
  test('derive from builder trees and text; ratio gives 0 for a zero denominator; strings compare with categories', () => {
    const model = fitPipeline(
      [
        { type: 'derive', outputs: { nightShare: 'ratio(nightDataMB, dataMB)', is4G: 'plan == "4G"', heavy: 'if(dataMB >= 50, 1, 0)' } },
        { type: 'select', columns: ['nightShare', 'is4G', 'heavy'] },
      ],
      recs,
    );
    const m = applyPipeline(model, recs);
    expect(col(m, 'nightShare')).toEqual([0.1, 0, 0.1, NaN]);
    expect(col(m, 'is4G')).toEqual([0, 1, 1, NaN]);
    expect(col(m, 'heavy')).toEqual([1, 0, 1, 0]);
    expect(model.inputs.map((c) => c.name)).toEqual(['nightDataMB', 'dataMB', 'plan']);
  });
  test('derive referring to a missing column or misusing a category is a DataError', () => {
    expect(() => fitPipeline([{ type: 'derive', outputs: { y: 'nope + 1' } }], recs)).toThrow(/output 'y': expression refers to column 'nope'/);
    expect(() => fitPipeline([{ type: 'derive', outputs: { y: 'plan + 1' } }], recs)).toThrow(/'plan' is categorical/);
  });
  test('custom runs the function registered under its name, and the model saves and loads', () => {
    const customSteps = { double: (c: Readonly<Record<string, Float64Array>>) => ({ dataMB2: c.dataMB!.map((v) => v * 2) }) };
    const model = fitPipeline(
      [
        { type: 'custom', name: 'twice', columns: ['dataMB'], outputs: ['dataMB2'], fn: 'double' },
        { type: 'select', columns: ['dataMB2'] },
      ],
      recs,
      { customSteps },
    );
    expect(model.steps[0]).toEqual({ type: 'custom', name: 'twice', columns: ['dataMB'], outputs: ['dataMB2'], fn: 'double' });
    expect(col(applyPipeline(model, recs, { customSteps }), 'dataMB2')).toEqual([200, 0, 100, 20]);
    const back = parsePipeline(serializeModel(model));
    expect(serializeModel(back)).toBe(serializeModel(model));
    expect(col(applyPipeline(back, recs, { customSteps }), 'dataMB2')).toEqual([200, 0, 100, 20]);
  });
  test('custom returning the wrong length is a DataError', () => {
    const steps: PipelineStep[] = [{ type: 'custom', name: 'bad', columns: ['dataMB'], outputs: ['y'], fn: 'bad' }];
    expect(() => fitPipeline(steps, recs, { customSteps: { bad: () => ({ y: [1] }) } })).toThrow(/output 'y' has 1 values for 4 rows/);
  });
});

describe('bad input', () => {
  test('empty input → DataError', () => {
    expect(() => fitPipeline([{ type: 'standardize' }], [])).toThrow(DataError);
  });
  test('not an array → ValidationError', () => {
    expect(() => fitPipeline([], 'x' as never)).toThrow(ValidationError);
  });
  test('NaN and null are missing; ±Infinity is a DataError naming row and column', () => {
    const m = fitApply([{ type: 'standardize' }], rec({ x: [1, NaN, 3, null] }));
    expect(col(m, 'x')).toEqual([-1, NaN, 1, NaN]);
    expect(() => fitPipeline([{ type: 'standardize' }], rec({ x: [1, Infinity] }))).toThrow(/row 1 \(id 'r1'\), column 'x': value Infinity is not finite/);
    const model = fitPipeline([{ type: 'standardize' }], rec({ x: [1, 2] }));
    expect(() => applyPipeline(model, rec({ x: [-Infinity] }))).toThrow(DataError);
  });
  test('a column mixing numbers and strings at fit is a DataError', () => {
    expect(() => fitPipeline([{ type: 'standardize' }], rec({ x: [1, 'two'] }))).toThrow(/row 1 \(id 'r1'\), column 'x': expected a number/);
  });
  test('a wrong type at apply names row and column', () => {
    const model = fitPipeline([{ type: 'standardize' }], rec({ x: [1, 2] }));
    expect(() => applyPipeline(model, [{ id: 'a', x: 1 }, { id: 'b', x: '3' }])).toThrow(/row 1 \(id 'b'\), column 'x': expected a number.*got string "3"/);
    const cat = fitPipeline([{ type: 'oneHot' }], rec({ r: ['a', 'b'] }));
    expect(() => applyPipeline(cat, [{ r: 5 }])).toThrow(/column 'r': expected a string/);
  });
  test('a column absent at apply → DimensionError, or all missing with allowMissingColumns', () => {
    const model = fitPipeline([{ type: 'impute', indicator: true }], rec({ x: [1, 3], y: [1, 1] }));
    expect(() => applyPipeline(model, [{ id: 'a', y: 2 }])).toThrow(DimensionError);
    expect(() => applyPipeline(model, [{ id: 'a', y: 2 }])).toThrow(/column 'x' is absent from every record/);
    const m = applyPipeline(model, [{ id: 'a', y: 2 }], { allowMissingColumns: true });
    expect(Array.from(m.values)).toEqual([2, 1, 2, 0]);
  });
  test('fields holding objects are not columns; naming one says why', () => {
    const recs = [
      { id: 'a', dataMB: 1, device: { brand: 'X' } },
      { id: 'b', dataMB: 2, device: null },
    ];
    expect(featureNames(fitPipeline([{ type: 'standardize' }], recs))).toEqual(['dataMB']);
    expect(() => fitPipeline([{ type: 'select', columns: ['device'] }], recs)).toThrow(/field 'device' holds objects or arrays/);
  });
  test('booleans are 0/1', () => {
    expect(col(fitApply([{ type: 'select', columns: ['flag'] }], rec({ flag: [true, false] })), 'flag')).toEqual([1, 0]);
  });
});

describe('serialisation', () => {
  const recs = rec({ dataMB: [1, null, 300, 40], region: ['GD', 'BJ', null, 'GD'], y: [1, 0, 1, 0] });
  const steps: PipelineStep[] = [
    { type: 'derive', outputs: { big: 'dataMB > 100' } },
    { type: 'impute', columns: ['dataMB'], strategy: 'median', indicator: true },
    { type: 'log1p', columns: ['dataMB'] },
    { type: 'standardize', columns: ['dataMB_log1p'] },
    { type: 'oneHot', columns: ['region'] },
  ];
  const model = fitPipeline(steps, recs);
  test('serializeModel → parsePipeline / parseModel gives the same model and identical output', () => {
    const text = serializeModel(model);
    const back = parsePipeline(text);
    expect(serializeModel(back)).toBe(text);
    expect(applyPipeline(back, recs)).toEqual(applyPipeline(model, recs));
    expect(serializeModel(parseModel(text, 'features/pipeline'))).toBe(text);
    // plain JSON.stringify works too (no NaN in this model)
    expect(applyPipeline(parsePipeline(JSON.stringify(model)), recs)).toEqual(applyPipeline(model, recs));
  });
  const tamper = (edit: (m: Record<string, unknown>) => void): string => {
    const m = JSON.parse(serializeModel(model)) as Record<string, unknown>;
    edit(m);
    return JSON.stringify(m);
  };
  test('a newer version is rejected with a clear ModelError', () => {
    expect(() => parsePipeline(tamper((m) => (m.version = 2)))).toThrow(/version 2, newer than this telcokit supports \(1\)/);
    expect(() => parseModel(tamper((m) => (m.version = 2)))).toThrow(ModelError);
  });
  test('tampered models are rejected', () => {
    const cases: ((m: Record<string, unknown>) => void)[] = [
      (m) => ((m.featureNames as string[])[0] = 'x'),
      (m) => ((m.steps as { mean?: number[] }[])[3]!.mean = []),
      (m) => ((m.steps as { type: string }[])[0]!.type = 'eval'),
      (m) => ((m.steps as { columns?: string[] }[])[3]!.columns = ['nope']),
      (m) => (m.kind = 'churn/gbdt'),
      (m) => delete m.inputs,
      (m) => ((m.steps as unknown[]).splice(2, 1)),
      (m) => ((m.steps as { outputs?: unknown[] }[])[0]!.outputs = [{ name: 'big', expr: { kind: 'op', op: 'log', args: [] } }]),
      (m) => (m.extra = 1),
    ];
    for (const edit of cases) {
      expect(() => parsePipeline(tamper(edit))).toThrow(ModelError);
    }
    expect(() => parsePipeline('{not json')).toThrow(/parsePipeline: not valid model JSON/);
    expect(() => parsePipeline(tamper((m) => ((m.featureNames as string[])[0] = 'x')))).toThrow(/featureNames/);
  });
  test('applyPipeline rejects something that is not a pipeline', () => {
    expect(() => applyPipeline({ kind: 'churn/gbdt' } as unknown as PipelineModel, recs)).toThrow(ModelError);
  });
});

describe('inverseTransform', () => {
  test('undoes standardize, log1p (renaming back), minmax and robust; leaves one-hot as is', () => {
    const recs = rec({ dataMB: [0, 9, 99], v: [1, 2, 4], w: [5, 6, 9], region: ['a', 'b', 'a'] });
    const model = fitPipeline(
      [
        { type: 'log1p', columns: ['dataMB'] },
        { type: 'standardize', columns: ['dataMB_log1p'] },
        { type: 'minmax', columns: ['v'] },
        { type: 'robust', columns: ['w'] },
        { type: 'oneHot', columns: ['region'] },
      ],
      recs,
    );
    const m = applyPipeline(model, recs);
    const back = inverseTransform(model, m);
    expect(back.columns).toEqual(['dataMB', 'v', 'w', 'region=a', 'region=b', 'region=__unknown__']);
    const rows = [0, 1, 2].map((i) => Array.from(back.values.subarray(i * 6, i * 6 + 6)));
    const expected = [
      [0, 1, 5, 1, 0, 0],
      [9, 2, 6, 0, 1, 0],
      [99, 4, 9, 1, 0, 0],
    ];
    rows.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 10)));
  });
  test('accepts number[][] with the full width (centroids) and checks it', () => {
    const model = fitPipeline([{ type: 'standardize' }], rec({ x: [1, 3] }));
    expect(Array.from(inverseTransform(model, [[0], [2]]).values)).toEqual([2, 4]);
    expect(() => inverseTransform(model, [[0, 1]])).toThrow(DimensionError);
    expect(() => inverseTransform(model, matrixFromRows([[0]], { columns: ['zz'] }))).toThrow(DimensionError);
  });
});

describe('FeatureMatrix input', () => {
  const m = matrixFromRows(
    [
      [1, 10, 0],
      [2, NaN, 1],
      [3, 30, 0],
    ],
    { columns: ['a', 'b', 'c'], rowIds: ['x', 'y', 'z'] },
  );
  test('fit and apply on a numeric matrix keep row ids', () => {
    const model = fitPipeline([{ type: 'impute' }, { type: 'standardize', columns: ['a'] }], m);
    const out = applyPipeline(model, m);
    expect(out.rowIds).toEqual(['x', 'y', 'z']);
    expect(col(out, 'b')).toEqual([10, 20, 30]);
  });
  test('a matrix for a pipeline fitted on categorical records → DataError, not silent unknowns', () => {
    const model = fitPipeline([{ type: 'oneHot' }], rec({ region: ['GD', 'BJ'] }));
    expect(() => applyPipeline(model, matrixFromRows([[1]], { columns: ['region'] }))).toThrow(/'region' was categorical at fit time/);
  });
  test('a matrix missing a column the pipeline reads → DimensionError', () => {
    const model = fitPipeline([{ type: 'standardize' }], m);
    expect(() => applyPipeline(model, matrixFromRows([[1, 2]], { columns: ['a', 'b'] }))).toThrow(DimensionError);
  });
});

describe('progress and abort', () => {
  test('onProgress reports each step; an aborted signal stops the fit', () => {
    const seen: number[] = [];
    fitPipeline([{ type: 'impute' }, { type: 'standardize' }], rec({ x: [1, 2] }), { onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([1, 2]);
    const ac = new AbortController();
    ac.abort();
    expect(() => fitPipeline([{ type: 'standardize' }], rec({ x: [1, 2] }), { signal: ac.signal })).toThrow(/aborted/);
  });
});

describeConformance({
  name: 'features/pipeline',
  train: matrixFromRows(
    Array.from({ length: 40 }, (_, i) => [i % 7, Math.sin(i) * 10, i % 3 === 0 ? NaN : i]),
    { columns: ['a', 'b', 'c'] },
  ),
  fit: (train, seed) =>
    fitPipeline(
      [
        { type: 'impute', strategy: 'median', indicator: true },
        { type: 'winsorize', columns: ['b'], lower: 0.1, upper: 0.9 },
        { type: 'targetEncode', columns: ['a'] },
        { type: 'standardize' },
      ],
      train,
      { seed, target: Array.from({ length: 40 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0) },
    ),
  predict: (model, m) => applyPipeline(model, m),
  outputLength: (o) => o.nRows,
});

describe('oneHot with dropFirst when every category is rare', () => {
  test('rare rows land in the __other__ column, not nowhere', async () => {
    const { fitApplyPipeline } = await import('telcokit');
    const recs = [{ id: 'a', r: 'x' }, { id: 'b', r: 'y' }, { id: 'c', r: 'z' }];
    const { matrix } = fitApplyPipeline([{ type: 'oneHot', columns: { names: ['r'] }, minFrequency: 2, dropFirst: true }], recs);
    const other = matrix.columns.indexOf('r=__other__');
    expect(other).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < 3; i++) expect(matrix.values[i * matrix.nCols + other]).toBe(1);
  });
});

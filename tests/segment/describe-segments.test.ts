import { describe, expect, test } from 'vitest';
import { DimensionError, describeSegments, fitApplyPipeline, fitKMeans, matrixFromRows } from 'telcokit';
import { featurePhrase } from '../../src/segment/describe-segments.js';

const cols = ['dataGB', 'nightShare'];
const rows = [
  [10, 0.1],
  [12, 0.2],
  [1, 0.8],
  [2, 0.9],
];

describe('describeSegments', () => {
  const m = matrixFromRows(rows, { columns: cols });
  const model = fitKMeans(m, { k: 2, seed: 0 });
  test('describeSegments(model, m) gives sizes, shares, z-scores and labels (hand-computed)', () => {
    const d = describeSegments(model, m);
    expect(d.centroidUnits).toBe('model');
    const heavy = d.segments.find((s) => s.centroid.dataGB === 11)!;
    expect(heavy.size).toBe(2);
    expect(heavy.share).toBe(0.5);
    expect(heavy.centroid).toEqual({ dataGB: 11, nightShare: expect.closeTo(0.15, 12) });
    // dataGB: population mean 6.25, SD = sqrt((3.75² + 5.75² + 5.25² + 4.25²) / 4) = sqrt(92.75 / 4)
    const zData = (11 - 6.25) / Math.sqrt(92.75 / 4);
    const fData = heavy.distinguishing.find((f) => f.feature === 'dataGB')!;
    expect(fData.z).toBeCloseTo(zData, 12);
    expect(fData.populationMean).toBe(6.25);
    expect(heavy.label).toBe('night-light · high data');
    const light = d.segments.find((s) => s !== heavy)!;
    expect(light.label).toBe('night-heavy · low data');
  });

  test('with original rows, centroids are segment means in original units', () => {
    const original = matrixFromRows(
      rows.map((r) => [r[0]! * 1024, r[1]! * 100]),
      { columns: ['dataMB', 'nightPct'] },
    );
    const d = describeSegments(model, m, { original });
    expect(d.centroidUnits).toBe('original');
    const heavy = d.segments.find((s) => s.centroid.dataMB === 11 * 1024)!;
    expect(heavy.centroid.nightPct).toBeCloseTo(15, 10);
    expect(() => describeSegments(model, m, { original: [[1, 2]] })).toThrow(DimensionError);
  });

  test('with the feature pipeline, centroids are mapped back by inverseTransform', () => {
    const records = rows.map((r, i) => ({ id: `s${i}`, dataMB: r[0]! * 1000, tenureMonths: r[1]! * 100 }));
    const { model: pipe, matrix } = fitApplyPipeline(
      [
        { type: 'log1p', columns: ['dataMB'] },
        { type: 'standardize' },
      ],
      records,
    );
    const km = fitKMeans(matrix, { k: 2, seed: 0 });
    const d = describeSegments(km, matrix, { pipeline: pipe });
    expect(d.centroidUnits).toBe('pipeline');
    const big = d.segments.find((s) => s.centroid.dataMB! > 5000)!;
    // mean of log1p(10000), log1p(12000) mapped back: geometric-like mean of 1 + x, minus 1
    expect(big.centroid.dataMB).toBeCloseTo(Math.expm1((Math.log1p(10000) + Math.log1p(12000)) / 2), 6);
    expect(big.centroid.tenureMonths).toBeCloseTo(15, 8);
    expect(big.label).toBe("young tenure · high data");
  });

  test('identical labels are numbered; nothing standing out is "typical"', () => {
    const flat = matrixFromRows([[0], [0.01], [0.02], [5]], { columns: ['x'] });
    const km = fitKMeans(flat, { k: 2, seed: 0 });
    const d = describeSegments(km, flat, { labelThreshold: 10 });
    expect(d.segments.map((s) => s.label)).toEqual(['typical', 'typical (2)']);
  });

  test('featurePhrase turns column names into words', () => {
    expect(featurePhrase('dataMB_log1p', 1)).toBe('high data');
    expect(featurePhrase('voiceMinutes', -1)).toBe('low voice minutes');
    expect(featurePhrase('nightDataShare', 1)).toBe('night data-heavy');
    expect(featurePhrase('tenureMonths', -2)).toBe('young tenure');
    expect(featurePhrase('region=GD', 1)).toBe('GD');
    expect(featurePhrase('plan=prepaid', -1)).toBe('not prepaid');
  });

  test('a matrix with the wrong column count → DimensionError', () => {
    expect(() => describeSegments(model, [[1, 2, 3]])).toThrow(DimensionError);
  });
});

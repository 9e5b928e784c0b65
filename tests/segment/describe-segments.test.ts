import { describe, expect, test } from 'vitest';
import {
  DimensionError,
  adjustedRandIndex,
  assignSegments,
  describeSegments,
  fitApplyPipeline,
  fitKMeans,
  generateOperator,
  matrixFromRows,
  purityByClass,
  selectColumns,
  subscriberFeatures,
} from 'telcokit';
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
    // the pipeline model as the third argument (issue 4's form) is read as { pipeline }
    expect(describeSegments(km, matrix, pipe)).toEqual(d);
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
    expect(featurePhrase('appShare_games', 1)).toBe('games app-heavy');
    expect(featurePhrase('region=GD', 1)).toBe('GD');
    expect(featurePhrase('plan=prepaid', -1)).toBe('not prepaid');
  });

  test('a matrix with the wrong column count → DimensionError', () => {
    expect(() => describeSegments(model, [[1, 2, 3]])).toThrow(DimensionError);
  });
});

describe('segments on the synthetic operator recover the latent personas', () => {
  // Measured (seed 1, 5,000 subscribers, 6 months, the 16 usage features below, log1p + standardise,
  // k = 8, nInit 4): ARI 0.497; per-persona purity 0.58–0.85. The personas overlap in usage by
  // design (they differ partly in subscriber-level traits: tenure, devices, secondary cards, which
  // these usage features leave out), so the floors are set a little under the measured figures.
  test('k = 8 on usage features: ARI ≥ 0.45 and every persona ≥ 50 % in one segment', () => {
    const op = generateOperator({ subscribers: 5000, months: 6, seed: 1, pingsPerSubscriber: 0, callEdges: false, impressionsPerSubscriber: 0 });
    const all = subscriberFeatures(op.usage);
    const cols = ['arpu', 'dataMB', 'voiceMinutes', 'nightDataShare', 'vasIntensity', 'callsPerMonth', 'awayWeekdayCallShare', 'appShare_video', 'appShare_social', 'appShare_games', 'appShare_travel', 'appShare_shopping', 'appShare_news', 'appShare_music', 'topUpFrequency'];
    const raw = selectColumns(all, cols);
    const { model: pipe, matrix } = fitApplyPipeline(
      [{ type: 'impute', strategy: 'median' }, { type: 'log1p', columns: ['arpu', 'dataMB', 'voiceMinutes', 'callsPerMonth'] }, { type: 'standardize' }],
      raw,
    );
    const index = new Map(op.subscribers.map((s, i) => [s.id, i]));
    const persona = raw.rowIds.map((id) => op.truth.persona[index.get(id)!]!);
    const km = fitKMeans(matrix, { k: 8, seed: 0, nInit: 4 });
    const lab = assignSegments(km, matrix);
    expect(adjustedRandIndex(lab, persona)).toBeGreaterThanOrEqual(0.45);
    for (const p of purityByClass(lab, persona)) expect(p.share).toBeGreaterThanOrEqual(0.5);
    const d = describeSegments(km, matrix, { pipeline: pipe });
    expect(d.segments.reduce((s, x) => s + x.size, 0)).toBe(matrix.nRows);
    expect(d.segments.every((s) => Number.isFinite(s.centroid.dataMB!))).toBe(true);
  });
});

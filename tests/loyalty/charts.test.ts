import { describe, expect, test } from 'vitest';
import { DataError, driverQuadrantChart, npsScore, npsTrendChart, OptionsError } from 'telcokit';

describe('loyalty charts', () => {
  test('npsTrendChart(npsScore(…).periods) keeps the periods in order with their bounds', () => {
    const rows = ['2024-01-03', '2024-01-09', '2024-02-02', '2024-02-05', '2024-03-01'].map((date, i) => ({ subscriberId: `S${i}`, date, nps: [10, 3, 9, 8, 0][i]! }));
    const spec = npsTrendChart(npsScore(rows, { period: 'month' }).periods);
    expect(spec.data.values.map((r) => [r.period, r.nps, r.n])).toEqual([
      ['2024-01', 0, 2],
      ['2024-02', 50, 2],
      ['2024-03', -100, 1],
    ]);
  });
  test('npsTrendChart refuses bounds around the wrong side, values outside ±100 and repeated periods', () => {
    expect(() => npsTrendChart([{ period: 'a', nps: 10, lower: 12, upper: 20 }])).toThrow(/lower ≤ nps ≤ upper/);
    expect(() => npsTrendChart([{ period: 'a', nps: 120, lower: 100, upper: 130 }])).toThrow(DataError);
    expect(() => npsTrendChart([{ period: 'a', nps: 1, lower: 0, upper: 2 }, { period: 'a', nps: 1, lower: 0, upper: 2 }])).toThrow(/repeats/);
  });
  test('driverQuadrantChart puts each attribute in its quadrant around the cuts', () => {
    const rows = [
      { attribute: 'price', importance: 0.4, performance: 5 },
      { attribute: 'network', importance: 0.35, performance: 8 },
      { attribute: 'billing', importance: 0.15, performance: 7.5 },
      { attribute: 'app', importance: 0.1, performance: 4 },
    ];
    const spec = driverQuadrantChart(rows);
    expect(spec.data.values.map((r) => r.quadrant)).toEqual(['fix first', 'keep up', 'possible overkill', 'low priority']);
    const moved = driverQuadrantChart(rows, { importanceCut: 0.38, performanceCut: 6 });
    expect(moved.data.values.map((r) => r.quadrant)).toEqual(['fix first', 'possible overkill', 'possible overkill', 'low priority']);
    expect(() => driverQuadrantChart(rows, { importanceCut: NaN })).toThrow(OptionsError);
    expect(() => driverQuadrantChart([{ attribute: 'x', importance: 1.5, performance: 1 }])).toThrow(DataError);
  });
});

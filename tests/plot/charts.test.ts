import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as t from 'telcokit';
import { DataError, OptionsError } from 'telcokit';
import { chartFixtures } from './fixtures';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const schema = JSON.parse(readFileSync(join(repo, 'node_modules/vega-lite/build/vega-lite-schema.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, logger: false });
const validate = ajv.compile(schema);

/** Every title (chart, axis, legend) in a spec. */
function axisTitles(spec: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if ((k === 'x' || k === 'y') && v && typeof v === 'object' && 'field' in v && 'title' in v) out.push(String((v as { title: unknown }).title));
        walk(v);
      }
    }
  };
  walk(spec);
  return out;
}

const PLOT_FUNCTIONS = [
  'rocChart', 'prChart', 'gainsChart', 'liftChart', 'calibrationChart', 'profitChart', 'shapSummaryChart', 'watchlistChart',
  'segmentSizesChart', 'segmentProfileChart', 'chooseKChart', 'driftChart', 'tagCountsChart', 'audienceOverlapChart',
  'recommenderMetricsChart', 'abTestChart', 'qiniChart', 'upliftByDecileChart', 'npsTrendChart', 'driverQuadrantChart',
];

describe('every chart function', () => {
  test('has a fixture and is exported from telcokit', () => {
    expect(Object.keys(chartFixtures).sort()).toEqual([...PLOT_FUNCTIONS].sort());
    for (const name of PLOT_FUNCTIONS) expect(typeof (t as Record<string, unknown>)[name]).toBe('function');
  });

  test.each(PLOT_FUNCTIONS)('%s(fixture) validates against the Vega-Lite v6 JSON schema', (name) => {
    const spec = chartFixtures[name]!();
    const ok = validate(spec);
    expect(ok ? [] : validate.errors?.slice(0, 3)).toEqual([]);
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
  });

  test('the schema check can fail: a spec with an unknown mark type is rejected', () => {
    expect(validate({ ...chartFixtures.tagCountsChart!(), mark: { type: 'pie-slice' } })).toBe(false);
  });

  test.each(PLOT_FUNCTIONS)('%s(fixture) carries a title, a description, data rows, table columns and axis titles', (name) => {
    const spec = chartFixtures[name]!();
    expect(spec.title.text.length).toBeGreaterThan(0);
    expect(spec.description.length).toBeGreaterThan(0);
    expect(spec.data.values.length).toBeGreaterThan(0);
    expect(spec.usermeta.telcokit.chart).toBe(name);
    for (const c of spec.usermeta.telcokit.columns) expect(Object.keys(spec.data.values[0]!)).toContain(c.field);
    const titles = axisTitles(spec);
    expect(titles.length).toBeGreaterThan(0);
    // units or scale are stated in parentheses or in words on every positional axis title
    for (const title of titles) expect(title).toMatch(/\(|count|share|Segment|Feature|Tag|Audience|Subscriber|Arm|Metric/);
  });

  test.each(PLOT_FUNCTIONS)('%s(fixture) is plain JSON: a JSON round trip gives the same spec', (name) => {
    const spec = chartFixtures[name]!();
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  test('the categorical palette is Okabe–Ito in every spec', () => {
    for (const name of PLOT_FUNCTIONS) {
      const spec = chartFixtures[name]!() as unknown as { config: { range: { category: string[] } } };
      expect(spec.config.range.category).toEqual([...t.CHART_PALETTE]);
    }
  });
});

describe('exact values', () => {
  test('rocChart gives each series its trapezoid AUC in the subtitle', () => {
    // model: (0,0) (0,.5) (.5,1) (1,1): area = 0 + .5·.75 + .5·1 = 0.875; hazard: .25·.375 + .75·.875 = 0.75
    expect(chartFixtures.rocChart!().title).toEqual({ text: 'ROC curve', subtitle: 'AUC model 0.875, true hazard 0.750' });
  });

  test('rocChart(rocCurve(…)) reproduces rocAuc in its subtitle', () => {
    const labels = [0, 1, 0, 1, 1, 0, 0, 1, 0, 0];
    const scores = [0.1, 0.9, 0.35, 0.6, 0.35, 0.2, 0.7, 0.8, 0.05, 0.3];
    const auc = t.rocAuc(labels, scores);
    expect(t.rocChart(t.rocCurve(labels, scores)).title.subtitle).toBe(`AUC model ${auc.toFixed(3)}`);
  });

  test('gainsChart turns group counts into targeted shares from (0, 0)', () => {
    expect(chartFixtures.gainsChart!().data.values).toEqual([
      { group: 0, targeted: 0, gain: 0 },
      { group: 1, targeted: 0.25, gain: 0.5 },
      { group: 2, targeted: 0.5, gain: 0.75 },
      { group: 3, targeted: 1, gain: 1 },
    ]);
  });

  test('gainsChart(evaluateBinary(…).lift) ends at (1, 1)', () => {
    const ev = t.evaluateBinary([0, 1, 0, 1, 1, 0, 0, 1, 0, 0], [0.1, 0.9, 0.35, 0.6, 0.35, 0.2, 0.7, 0.8, 0.05, 0.3]);
    const last = t.gainsChart(ev.lift).data.values.at(-1)!;
    expect([last.targeted, last.gain]).toEqual([1, 1]);
  });

  test('shapSummaryChart averages |φ| and φ per feature, largest first', () => {
    expect(chartFixtures.shapSummaryChart!().data.values).toEqual([
      { feature: 'complaints', meanAbs: 0.4, mean: 0.4, direction: 'towards churn' },
      { feature: 'tenureMonths', meanAbs: 0.30000000000000004, mean: -0.1, direction: 'away from churn' },
    ]);
  });

  test('audienceOverlapChart computes Jaccard = both / (a + b − both)', () => {
    const rows = chartFixtures.audienceOverlapChart!().data.values;
    expect(rows.find((r) => r.a === 'travel' && r.b === 'heavy_data')).toEqual({ a: 'travel', b: 'heavy_data', both: 2, jaccard: 2 / 16 });
    expect(rows.find((r) => r.a === 'business' && r.b === 'heavy_data')!.jaccard).toBe(0);
    expect(rows.filter((r) => r.a === r.b).every((r) => r.jaccard === 1)).toBe(true);
  });

  test('abTestChart marks an interval clear of 0 as significant', () => {
    expect(chartFixtures.abTestChart!().data.values.map((r) => r.significant)).toEqual([true, false]);
  });

  test('qiniChart prepends (0, 0) and draws random targeting to the last point', () => {
    const spec = chartFixtures.qiniChart!() as t.ChartSpec & { layer: { data?: { values: unknown[] } }[] };
    expect(spec.data.values[0]).toEqual({ series: 'model', step: 0, targeted: 0, incremental: 0 });
    expect(spec.layer[0]!.data!.values).toEqual([{ targeted: 0, incremental: 0 }, { targeted: 1, incremental: 40 }]);
  });

  test('segmentProfileChart leaves a cell blank when a segment does not list a feature, and says so', () => {
    const spec = t.segmentProfileChart([
      { segment: 0, distinguishing: [{ feature: 'a', z: 1 }, { feature: 'b', z: 0.2 }] },
      { segment: 1, distinguishing: [{ feature: 'a', z: -1 }] },
    ]);
    expect(spec.data.values).toHaveLength(3);
    expect(spec.usermeta.telcokit.notes).toEqual(['1 blank cell: feature not listed for that segment']);
  });

  test('driftChart fills a missing level from the thresholds', () => {
    expect(t.driftChart({ features: [{ feature: 'x', psi: 0.2 }, { feature: 'y', psi: 0.3 }, { feature: 'z', psi: 0 }] }).data.values.map((r) => r.level)).toEqual(['warn', 'alert', 'stable']);
  });

  test('watchlistChart shows the first `top` entries and notes the rest', () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ id: `S${i}`, probability: 0.5, priority: 20 - i, reasons: [] }));
    const spec = t.watchlistChart(entries, { top: 5 });
    expect(spec.data.values.map((r) => r.id)).toEqual(['S0', 'S1', 'S2', 'S3', 'S4']);
    expect(spec.usermeta.telcokit.notes).toEqual(['15 further entries not shown']);
  });

  test('options set the title, subtitle and size', () => {
    const spec = t.liftChart([{ group: 1, lift: 2 }], { title: 'Lift', subtitle: 'held-out quarter', width: 500, height: 200 });
    expect([spec.title, spec.width, spec.height]).toEqual([{ text: 'Lift', subtitle: 'held-out quarter' }, 500, 200]);
  });
});

describe('bad input', () => {
  const empty: [string, () => unknown][] = [
    ['rocChart', () => t.rocChart({ fpr: [], tpr: [] })],
    ['prChart', () => t.prChart({ recall: [], precision: [] })],
    ['gainsChart', () => t.gainsChart([])],
    ['liftChart', () => t.liftChart([])],
    ['calibrationChart', () => t.calibrationChart([])],
    ['profitChart', () => t.profitChart({ targeted: [], profit: [] })],
    ['shapSummaryChart', () => t.shapSummaryChart([])],
    ['watchlistChart', () => t.watchlistChart([])],
    ['segmentSizesChart', () => t.segmentSizesChart([])],
    ['segmentProfileChart', () => t.segmentProfileChart([])],
    ['chooseKChart', () => t.chooseKChart({ rows: [] })],
    ['driftChart', () => t.driftChart({ features: [] })],
    ['tagCountsChart', () => t.tagCountsChart({})],
    ['audienceOverlapChart', () => t.audienceOverlapChart({ names: [], counts: [] })],
    ['abTestChart', () => t.abTestChart([])],
    ['npsTrendChart', () => t.npsTrendChart([])],
    ['driverQuadrantChart', () => t.driverQuadrantChart([])],
    ['qiniChart', () => t.qiniChart({ targeted: [], incremental: [] })],
    ['upliftByDecileChart', () => t.upliftByDecileChart([])],
  ];
  test.each(empty)('%s(empty) throws a DataError saying there is nothing to draw', (name, f) => {
    expect(f).toThrow(DataError);
    expect(f).toThrow(new RegExp(`^${name}: no .*nothing to draw`));
  });

  test('recommenderMetricsChart without a metric throws a DataError naming it', () => {
    expect(() => t.recommenderMetricsChart({ k: 5, model: {} as never, baseline: {} as never })).toThrow(/recommenderMetricsChart: evaluation\.model.*hitRate is undefined/);
  });

  test('NaN in a curve point is a DataError naming the series, field and index', () => {
    expect(() => t.rocChart({ fpr: [0, NaN, 1], tpr: [0, 0.5, 1] })).toThrow(new DataError('rocChart: model.fpr[1] is NaN; expected a finite number'));
    expect(() => t.prChart({ recall: [0.5, 1], precision: [1, Infinity] })).toThrow(/prChart: model\.precision\[1\] is Infinity/);
    expect(() => t.liftChart([{ group: 1, lift: NaN }])).toThrow(/liftChart: lift\[0\]\.lift is NaN/);
    expect(() => t.qiniChart({ targeted: [0.5, 1], incremental: [1, NaN] })).toThrow(/qiniChart: model\.incremental\[1\] is NaN/);
    expect(() => t.abTestChart([{ arm: 'a', estimate: NaN, lower: 0, upper: 1 }])).toThrow(DataError);
  });

  test('calibrationChart drops empty bins (NaN by definition) but rejects NaN in a non-empty bin', () => {
    expect(() => t.calibrationChart([{ lower: 0, upper: 1, count: 3, meanPredicted: NaN, observedRate: 0.2 }])).toThrow(/calibration\[0\]\.meanPredicted is NaN/);
    expect(() => t.calibrationChart([{ lower: 0, upper: 1, count: 0, meanPredicted: NaN, observedRate: NaN }])).toThrow(/no non-empty bins/);
  });

  test('strings are not read as numbers', () => {
    expect(() => t.liftChart([{ group: 1, lift: '2' as unknown as number }])).toThrow(/lift\[0\]\.lift is string/);
    expect(() => t.tagCountsChart({ a: '3' as unknown as number })).toThrow(DataError);
  });

  test('shape errors: different lengths, non-square overlaps, intervals out of order', () => {
    expect(() => t.rocChart({ fpr: [0, 1], tpr: [0] })).toThrow(/model\.fpr has 2 values, model\.tpr has 1/);
    expect(() => t.audienceOverlapChart({ names: ['a', 'b'], counts: [[1, 0]] })).toThrow(/2 × 2 matrix/);
    expect(() => t.audienceOverlapChart({ names: ['a', 'b'], counts: [[1, 1], [0, 1]] })).toThrow(/not symmetric/);
    expect(() => t.audienceOverlapChart({ names: ['a', 'b'], counts: [[1, 2], [2, 3]] })).toThrow(/exceeds/);
    expect(() => t.abTestChart([{ arm: 'a', estimate: 0.5, lower: 0.6, upper: 1 }])).toThrow(/lower ≤ estimate ≤ upper/);
    expect(() => t.upliftByDecileChart([{ decile: 1, uplift: 0.1, lower: 0 }])).toThrow(/only one end/);
    expect(() => t.qiniChart({ targeted: [0.5, 0.4], incremental: [1, 2] })).toThrow(/non-decreasing/);
    expect(() => t.gainsChart([{ group: 2, count: 1, cumulativeGain: 1 }])).toThrow(/groups 1, 2, … in order/);
  });

  test('bad options are OptionsErrors naming the option', () => {
    const bad: [() => unknown, string][] = [
      [() => t.liftChart([{ group: 1, lift: 1 }], { width: 5000 }), 'width'],
      [() => t.liftChart([{ group: 1, lift: 1 }], { height: 10.5 }), 'height'],
      [() => t.liftChart([{ group: 1, lift: 1 }], { title: '' }), 'title'],
      [() => t.liftChart([{ group: 1, lift: 1 }], { colour: 'red' } as never), 'colour'],
      [() => t.prChart({ recall: [1], precision: [1] }, { baseRate: 2 }), 'baseRate'],
      [() => t.shapSummaryChart([{ contributions: [] }], { top: 0 }), 'top'],
      [() => t.watchlistChart([], { top: 1000 }), 'top'],
      [() => t.driftChart({ features: [] }, { psiWarn: 0.3, psiAlert: 0.2 }), 'psiAlert'],
      [() => t.abTestChart([], { level: 95 }), 'level'],
    ];
    for (const [f, option] of bad) {
      expect(f).toThrow(OptionsError);
      try {
        f();
      } catch (e) {
        expect((e as OptionsError).option).toBe(option);
      }
    }
  });

  test('more series than colours is a DataError', () => {
    const many = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`m${i}`, { fpr: [0, 1], tpr: [0, 1] }]));
    expect(() => t.rocChart(many)).toThrow(/at most 8/);
  });
});

describe('purity and properties', () => {
  test('chart functions do not mutate frozen inputs', () => {
    const curve = Object.freeze({ fpr: Object.freeze([0, 0.5, 1]), tpr: Object.freeze([0, 1, 1]) });
    expect(() => t.rocChart(curve)).not.toThrow();
    const rows = Object.freeze([Object.freeze({ group: 1, count: 2, cumulativeGain: 1 })]);
    expect(() => t.gainsChart(rows)).not.toThrow();
    const typed = new Float64Array([0, 0.5, 1]);
    const copy = typed.slice();
    t.rocChart({ fpr: typed, tpr: typed });
    expect(typed).toEqual(copy);
  });

  test('rocChart on any valid curve validates against the schema and keeps every point (fast-check, seed 12)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 2, maxLength: 40 }), (pts) => {
        const sorted = [...pts].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const spec = t.rocChart({ fpr: sorted.map((p) => p[0]), tpr: sorted.map((p) => p[1]) });
        return validate(spec) && spec.data.values.length === pts.length;
      }),
      { seed: 12, numRuns: 50 },
    );
  });

  test('segmentSizesChart shares sum to 1 for any positive sizes (fast-check, seed 12)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 30 }), (sizes) => {
        const spec = t.segmentSizesChart(sizes.map((size, segment) => ({ segment, size })));
        const sum = spec.data.values.reduce((s, r) => s + (r.share as number), 0);
        return Math.abs(sum - 1) < 1e-9;
      }),
      { seed: 12, numRuns: 50 },
    );
  });
});

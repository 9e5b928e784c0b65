import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { applyPipeline, expr, fitPipeline, formatExpr, getColumn, inverseTransform, parsePipeline, parseExpr, serializeModel } from 'telcokit';
import type { Expr, PipelineStep } from 'telcokit';

const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, NaN) },
);
const record = fc.record({
  id: fc.string({ maxLength: 4 }),
  x: value,
  // whole numbers: ratio(x, y) with a subnormal y would overflow to missing in every row
  y: fc.integer({ min: 0, max: 100_000 }),
  region: fc.oneof(fc.constantFrom('GD', 'BJ', 'SH', 'ZJ'), fc.constant(null)),
});
const records = fc.array(record, { minLength: 3, maxLength: 40 });

function freeze<T extends object>(rows: T[]): readonly Readonly<T>[] {
  return Object.freeze(rows.map((r) => Object.freeze({ ...r })));
}

const steps: PipelineStep[] = [
  { type: 'derive', outputs: { share: 'ratio(x, y)', big: 'y > 100' } },
  { type: 'impute', columns: ['x', 'share', 'big'], strategy: 'median', indicator: true },
  { type: 'log1p', columns: ['y'] },
  { type: 'winsorize', columns: ['x'] },
  { type: 'standardize', columns: { type: 'numeric', pattern: '^(x|y_log1p|share)$' } },
  { type: 'oneHot', columns: ['region'], minFrequency: 2 },
];
const hasValue = (rs: readonly { x: unknown }[]): boolean => rs.some((r) => typeof r.x === 'number' && !Number.isNaN(r.x));

describe('pipeline properties', () => {
  test('apply(fit(x), x) is deterministic and does not mutate frozen input', () => {
    fc.assert(
      fc.property(records, (rows) => {
        fc.pre(hasValue(rows));
        const input = freeze(rows);
        const before = JSON.stringify(input);
        const m1 = fitPipeline(steps, input);
        const m2 = fitPipeline(steps, input);
        expect(serializeModel(m1)).toBe(serializeModel(m2));
        const a = applyPipeline(m1, input);
        const b = applyPipeline(m1, input);
        expect(a).toEqual(b);
        expect(JSON.stringify(input)).toBe(before);
      }),
      { numRuns: 60 },
    );
  });
  test('JSON round trip gives identical output (NaN included)', () => {
    fc.assert(
      fc.property(records, (rows) => {
        fc.pre(hasValue(rows));
        const model = fitPipeline(steps, rows);
        const back = parsePipeline(serializeModel(model));
        expect(serializeModel(back)).toBe(serializeModel(model));
        expect(applyPipeline(back, rows)).toEqual(applyPipeline(model, rows));
      }),
      { numRuns: 60 },
    );
  });
  test('standardize output has mean 0 and sd 1 on the fit data (non-constant columns)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }), (xs) => {
        fc.pre(Math.max(...xs) - Math.min(...xs) > 1e-3);
        const rows = xs.map((x) => ({ x }));
        const z = Array.from(getColumn(applyPipeline(fitPipeline([{ type: 'standardize' }], rows), rows), 'x'));
        const mean = z.reduce((s, v) => s + v, 0) / z.length;
        const sd = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length);
        expect(mean).toBeCloseTo(0, 8);
        expect(sd).toBeCloseTo(1, 8);
      }),
      { numRuns: 100 },
    );
  });
  test('inverseTransform(apply(x)) ≈ x for the scalers', () => {
    const scalers: PipelineStep[] = [
      { type: 'log1p', columns: ['y'] },
      { type: 'standardize', columns: ['y_log1p'] },
      { type: 'robust', columns: ['a'] },
      { type: 'minmax', columns: ['b'], range: [-1, 1] },
      { type: 'standardize', columns: ['b'] },
    ];
    const num = fc.double({ min: -1e4, max: 1e4, noNaN: true });
    const row = fc.record({ y: fc.double({ min: 0, max: 1e5, noNaN: true }), a: num, b: num });
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 40 }), (rows) => {
        const model = fitPipeline(scalers, rows);
        const back = inverseTransform(model, applyPipeline(model, rows));
        expect(back.columns).toEqual(['y', 'a', 'b']);
        rows.forEach((r, i) => {
          const got = back.values.subarray(i * 3, i * 3 + 3);
          [r.y, r.a, r.b].forEach((v, j) => expect(Math.abs(got[j]! - v)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(v))));
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('expression properties', () => {
  const field = fc.constantFrom('a', 'b', 'dataMB', 'region=GD', 'x y');
  const leaf: fc.Arbitrary<Expr> = fc.oneof(field.map(expr.field), fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }).map(expr.num));
  const tree = fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom('add', 'sub', 'mul', 'div', 'lt', 'ge', 'eq', 'ne') as fc.Arbitrary<'add'>, tie('e'), tie('e')).map(([o, a, b]) => expr[o](a, b)),
      fc.tuple(fc.constantFrom('neg', 'log1p', 'abs', 'not', 'isMissing') as fc.Arbitrary<'neg'>, tie('e')).map(([o, a]) => expr[o](a)),
      fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => expr.ifElse(a, b, c)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => expr.and(a, b)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => expr.or(a, b)),
      fc.tuple(tie('e'), tie('e')).map(([a, b]) => expr.max(a, b)),
    ),
  }));
  test('parseExpr(formatExpr(e)) returns e', () => {
    fc.assert(
      fc.property(tree.e, (e) => {
        expect(parseExpr(formatExpr(e))).toEqual(e);
      }),
      { numRuns: 300 },
    );
  });
});

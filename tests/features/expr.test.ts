import { describe, expect, test } from 'vitest';
import { ExprSchema, ValidationError, applyPipeline, expr, exprFields, fitPipeline, formatExpr, getColumn, parseExpr } from 'telcokit';
import type { Expr } from 'telcokit';

/** Evaluates `e` over records with fields a, b, c (numeric) and plan (categorical) through a derive step. */
function evaluate(e: Expr | string, records: Record<string, unknown>[]): number[] {
  const model = fitPipeline(
    [
      { type: 'derive', outputs: { out: e } },
      { type: 'select', columns: ['out'] },
    ],
    records,
  );
  return Array.from(getColumn(applyPipeline(model, records), 'out'));
}
// the second record keeps every column's type known when the first one has a null
const one = (e: Expr | string, r: Record<string, unknown> = {}): number =>
  evaluate(e, [{ a: 2, b: 0, c: null, plan: '4G', ...r }, { a: 1, b: 1, c: 1, plan: '5G' }])[0]!;

describe('expr builder', () => {
  test('builds plain JSON trees, numbers wrapped', () => {
    expect(expr.ratio(expr.field('nightDataMB'), expr.field('dataMB'))).toEqual({
      kind: 'op',
      op: 'ratio',
      args: [
        { kind: 'field', name: 'nightDataMB' },
        { kind: 'field', name: 'dataMB' },
      ],
    });
    expect(expr.add(expr.field('a'), 1)).toEqual({ kind: 'op', op: 'add', args: [{ kind: 'field', name: 'a' }, { kind: 'num', value: 1 }] });
    expect(exprFields(expr.add(expr.field('a'), expr.mul(expr.field('b'), expr.field('a'))))).toEqual(['a', 'b']);
  });
  test('ExprSchema checks arity', () => {
    expect(ExprSchema.safeParse({ kind: 'op', op: 'log', args: [] }).success).toBe(false);
    expect(ExprSchema.safeParse(expr.clip(expr.field('x'), 0, 1)).success).toBe(true);
  });
});

describe('parseExpr / formatExpr', () => {
  test('precedence: * before +, comparisons before and/or', () => {
    expect(parseExpr('a + b * 2')).toEqual(expr.add(expr.field('a'), expr.mul(expr.field('b'), 2)));
    expect(parseExpr('a > 1 and not b < 2 or c == 3')).toEqual(
      expr.or(expr.and(expr.gt(expr.field('a'), 1), expr.not(expr.lt(expr.field('b'), 2))), expr.eq(expr.field('c'), 3)),
    );
    expect(parseExpr('a - b - c')).toEqual(expr.sub(expr.sub(expr.field('a'), expr.field('b')), expr.field('c')));
  });
  test('functions, strings, backtick names, negative numbers', () => {
    expect(parseExpr('ratio(x, y, -1)')).toEqual(expr.ratio(expr.field('x'), expr.field('y'), -1));
    expect(parseExpr("plan == '4G'")).toEqual(expr.eq(expr.field('plan'), expr.str('4G')));
    expect(parseExpr('`region=GD` * 2')).toEqual(expr.mul(expr.field('region=GD'), 2));
    expect(parseExpr('-(x)')).toEqual(expr.neg(expr.field('x')));
    expect(parseExpr('1.5e3')).toEqual(expr.num(1500));
  });
  test('syntax errors are ValidationErrors with a position', () => {
    expect(() => parseExpr('a +')).toThrow(ValidationError);
    expect(() => parseExpr('a + )')).toThrow(/position 4/);
    expect(() => parseExpr('foo(a)')).toThrow(/unknown function 'foo'/);
    expect(() => parseExpr('log(a, b)')).toThrow(/log\(\) takes 1 arguments/);
    expect(() => parseExpr('a # b')).toThrow(/unexpected character/);
    expect(() => parseExpr('"abc')).toThrow(/unterminated/);
  });
  test('formatExpr prints what parseExpr reads back', () => {
    const cases = ['a - (b - c)', '(a + b) * c', 'not (a and b)', 'ratio(nightDataMB, dataMB)', '`x y` / 2', 'a * -(b)', 'if(a > 1, (-2), 3)'];
    for (const s of cases) expect(parseExpr(formatExpr(parseExpr(s)))).toEqual(parseExpr(s));
    expect(formatExpr(expr.sub(expr.field('a'), expr.sub(expr.field('b'), expr.field('c'))))).toBe('a - (b - c)');
  });
});

describe('evaluation semantics (column-wise, NaN = missing)', () => {
  test('arithmetic and functions', () => {
    expect(one('a * 3 + 1')).toBe(7);
    expect(one('log1p(a)')).toBeCloseTo(Math.log(3), 15);
    expect(one('sqrt(a) * sqrt(a)')).toBeCloseTo(2, 14);
    expect(one('abs(b - a)')).toBe(2);
    expect(one('exp(b)')).toBe(1);
    expect(one('min(a, 5, 1)')).toBe(1);
    expect(one('max(a, 5, 1)')).toBe(5);
    expect(one('clip(a, 0, 1)')).toBe(1);
  });
  test('division by zero is missing; ratio gives its zero value; non-finite results are missing', () => {
    expect(one('a / b')).toBeNaN();
    expect(one('ratio(a, b)')).toBe(0);
    expect(one('ratio(a, b, -1)')).toBe(-1);
    expect(one('ratio(c, b)')).toBeNaN();
    expect(one('log(b)')).toBeNaN();
    expect(one('sqrt(-a)')).toBeNaN();
    expect(one('exp(a * 1000)')).toBeNaN();
  });
  test('missing propagates through arithmetic, comparisons, min/max; isMissing and coalesce see it', () => {
    expect(one('c + 1')).toBeNaN();
    expect(one('c > 1')).toBeNaN();
    expect(one('max(a, c)')).toBeNaN();
    expect(one('isMissing(c)')).toBe(1);
    expect(one('isMissing(a)')).toBe(0);
    expect(one('coalesce(c, a)')).toBe(2);
  });
  test('three-valued and/or; if with a missing condition is missing', () => {
    expect(one('b > 1 and c > 1')).toBe(0);
    expect(one('a > 1 or c > 1')).toBe(1);
    expect(one('a > 1 and c > 1')).toBeNaN();
    expect(one('not (c > 1)')).toBeNaN();
    expect(one('if(c > 1, 1, 2)')).toBeNaN();
    expect(one('if(a > 1, 10, 20)')).toBe(10);
    expect(one('if(a < 1, 10, 20)')).toBe(20);
  });
  test('categorical fields compare with strings; a missing category gives missing', () => {
    expect(one('plan == "4G"')).toBe(1);
    expect(one('plan != "4G"')).toBe(0);
    expect(one('plan == "5G"', { plan: null })).toBeNaN();
    expect(() => one('plan == 4')).toThrow(/compare a categorical column with a string/);
    expect(() => one('"x" + 1')).toThrow(/can only be compared/);
  });
  test('a derive output may use an earlier output of the same step, and may replace a column', () => {
    const model = fitPipeline(
      [
        { type: 'derive', outputs: { d: 'a * 2', e: 'd + 1', a: 'a + 100' } },
        { type: 'select', columns: ['a', 'd', 'e'] },
      ],
      [{ a: 1 }],
    );
    expect(Array.from(applyPipeline(model, [{ a: 1 }]).values)).toEqual([101, 2, 3]);
  });
});

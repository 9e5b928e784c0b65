import { describe, expect, test } from 'vitest';
import { LiteralSyntaxError, parseLiteral } from './literal';

describe('parseLiteral (the // => side of doc examples)', () => {
  test('parseLiteral(number) reads signs, decimals, exponents, separators, NaN and Infinity', () => {
    expect(parseLiteral('0.8333333333333333')).toBe(0.8333333333333333);
    expect(parseLiteral('-0.2')).toBe(-0.2);
    expect(parseLiteral('1e-12')).toBe(1e-12);
    expect(parseLiteral('50_000')).toBe(50000);
    expect(parseLiteral('.5')).toBe(0.5);
    expect(parseLiteral('NaN')).toBeNaN();
    expect(parseLiteral('-Infinity')).toBe(-Infinity);
    expect(parseLiteral('Infinity')).toBe(Infinity);
  });

  test('parseLiteral(string) reads single and double quotes with escapes', () => {
    expect(parseLiteral("'young_data'")).toBe('young_data');
    expect(parseLiteral('"a\\"b"')).toBe('a"b');
    expect(parseLiteral("'it\\'s \\u00e9\\n'")).toBe("it's é\n");
  });

  test('parseLiteral reads nested arrays and objects with bare, unicode and quoted keys', () => {
    expect(parseLiteral("{ 用户ID: 'subscriberId', 'a-b': [1, [2, 3],], c: { d: null }, }")).toEqual({
      用户ID: 'subscriberId',
      'a-b': [1, [2, 3]],
      c: { d: null },
    });
    expect(parseLiteral('[true, false, null, undefined]')).toEqual([true, false, null, undefined]);
    expect(parseLiteral('[]')).toEqual([]);
  });

  test('parseLiteral reads typed arrays as Node prints them', () => {
    const v = parseLiteral('Int32Array [0, 2]');
    expect(v).toBeInstanceOf(Int32Array);
    expect(Array.from(v as Int32Array)).toEqual([0, 2]);
  });

  test('parseLiteral rejects code, trailing text and unterminated input', () => {
    for (const bad of ["expr.mul(expr.field('x'), 2)", 'foo', '1 + 1', '[1, 2', "'abc", '{ a 1 }', '1 2', '', 'Int32Array [1, "x"]']) {
      expect(() => parseLiteral(bad), bad).toThrow(LiteralSyntaxError);
    }
  });
});

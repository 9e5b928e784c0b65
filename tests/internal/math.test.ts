import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cos, exp, expInto, expm1, log, logInto, log1p, pow, sigmoid, sin } from '../../src/internal/math.js';

/** Distance in units in the last place between two doubles (0 when both are the same bits). */
function ulps(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  const ord = (v: bigint) => (v < 0n ? -(v & 0x7fffffffffffffffn) : v);
  const d = ord(i[0]!) - ord(i[1]!);
  return Number(d < 0n ? -d : d);
}

// Reference values, correctly rounded, from Python's decimal module at 50 digits:
//   from decimal import Decimal, getcontext; getcontext().prec = 50
//   float(Decimal(x).exp()), float(Decimal(x).ln())
const EXP_REF: [number, number][] = [
  [1, 2.718281828459045],
  [-1, 0.36787944117144233],
  [10, 22026.465794806718],
  [0.5, 1.6487212707001282],
  [-700, 9.85967654375977e-305],
  [709, 8.218407461554972e307],
  [1e-10, 1.0000000001],
];
const LOG_REF: [number, number][] = [
  [2, 0.6931471805599453],
  [10, 2.302585092994046],
  [0.1, -2.3025850929940455],
  [1.5, 0.4054651081081644],
  [1e300, 690.7755278982137],
  [5e-324, -744.4400719213812],
];

describe('deterministic elementary functions', () => {
  test('exp and log match correctly rounded references within 1 ulp', () => {
    for (const [x, y] of EXP_REF) expect(ulps(exp(x), y), `exp(${x})`).toBeLessThanOrEqual(1);
    for (const [x, y] of LOG_REF) expect(ulps(log(x), y), `log(${x})`).toBeLessThanOrEqual(1);
  });

  test('exp stays within 2 ulp of Math.exp over its range', () => {
    fc.assert(
      fc.property(fc.double({ min: -745, max: 709.7, noNaN: true }), (x) => {
        expect(ulps(exp(x), Math.exp(x))).toBeLessThanOrEqual(2);
      }),
      { seed: 1, numRuns: 20000 },
    );
  });

  test('log stays within 2 ulp of Math.log, subnormals included', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }), (x) => {
        expect(ulps(log(x), Math.log(x))).toBeLessThanOrEqual(2);
      }),
      { seed: 2, numRuns: 20000 },
    );
  });

  test('log1p and expm1 keep relative accuracy near 0', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.9, max: 10, noNaN: true }), (x) => {
        expect(ulps(log1p(x), Math.log1p(x))).toBeLessThanOrEqual(4);
        expect(ulps(expm1(x), Math.expm1(x))).toBeLessThanOrEqual(4);
      }),
      { seed: 3, numRuns: 20000 },
    );
    expect(log1p(1e-20)).toBe(1e-20);
    expect(expm1(1e-20)).toBe(1e-20);
  });

  test('sin and cos stay within 2e-16 of Math.sin/cos on |x| ≤ 1000', () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), (x) => {
        expect(Math.abs(sin(x) - Math.sin(x))).toBeLessThanOrEqual(2.5e-16);
        expect(Math.abs(cos(x) - Math.cos(x))).toBeLessThanOrEqual(2.5e-16);
      }),
      { seed: 4, numRuns: 20000 },
    );
  });

  test('special values', () => {
    expect(exp(NaN)).toBeNaN();
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(710)).toBe(Infinity);
    expect(exp(0)).toBe(1);
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(1)).toBe(0);
    expect(sin(Infinity)).toBeNaN();
    expect(pow(2, 10)).toBeCloseTo(1024, 12);
    expect(pow(0, 2)).toBe(0);
    expect(pow(-1, 0.5)).toBeNaN();
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(ulps(sigmoid(-30), 1 / (1 + Math.exp(30)))).toBeLessThanOrEqual(3);
  });
});

describe('expInto and logInto (the block forms used by the logistic loss)', () => {
  // the fast paths copy exp()/log() operation by operation; any divergence shows as a bit difference
  const edges = [0, -0, 1, -1, 2, -708, -708.0000001, 709, 709.0000001, -745.2, 710, 1e-300, -1e-300, Infinity, -Infinity, NaN, Math.SQRT2, 2 * 0.7071067811865476, 1.0000000000000002, 1.9999999999999998, 0.9999999999999999, 2.0000000000000004, 5e-324];
  test('expInto gives the bits of exp for every element, inside and outside the fast range', () => {
    const check = (xs: number[]) => {
      const x = Float64Array.from(xs);
      const out = new Float64Array(x.length);
      expInto(x, out, x.length);
      xs.forEach((v, t) => expect(Object.is(out[t], exp(v)), `exp(${v})`).toBe(true));
      // in place, as the logistic pass calls it
      expInto(x, x, x.length);
      xs.forEach((v, t) => expect(Object.is(x[t], exp(v))).toBe(true));
    };
    check(edges);
    fc.assert(fc.property(fc.array(fc.oneof(fc.double({ min: -800, max: 800, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double())), check), { numRuns: 300 });
  });
  test('logInto gives the bits of log for every element, inside and outside [1, 2]', () => {
    const check = (xs: number[]) => {
      const x = Float64Array.from(xs);
      const out = new Float64Array(x.length);
      logInto(x, out, x.length);
      xs.forEach((v, t) => expect(Object.is(out[t], log(v)), `log(${v})`).toBe(true));
    };
    check(edges);
    fc.assert(fc.property(fc.array(fc.oneof(fc.double({ min: 1, max: 2, noNaN: true }), fc.double({ min: 0, max: 4, noNaN: true }), fc.double())), check), { numRuns: 300 });
  });
  test('only the first n elements are written', () => {
    const out = new Float64Array([7, 7, 7]);
    expInto(new Float64Array([0, 0, 0]), out, 2);
    logInto(new Float64Array([1, 1, 1]), out, 1);
    expect(Array.from(out)).toEqual([0, 1, 7]);
  });
});

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeJSON, encodeJSON } from '../../src/internal/codec.js';

describe('encodeJSON/decodeJSON', () => {
  test('round-trips typed arrays and the numbers JSON cannot hold, bit for bit', () => {
    const value = {
      f64: new Float64Array([1.5, NaN, -0, Infinity, -Infinity, 1e-310]),
      f32: new Float32Array([0.1, -2]),
      i32: new Int32Array([-1, 2 ** 31 - 1]),
      u8: new Uint8Array([0, 255]),
      plain: [NaN, -0, 3, Infinity],
      nested: { x: -Infinity, s: 'NaN' },
    };
    const back = decodeJSON(encodeJSON(value)) as typeof value;
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect(Array.from(back.f64)).toEqual(Array.from(value.f64));
    expect(Object.is(back.f64[2], -0)).toBe(true);
    expect(back.f32).toEqual(value.f32);
    expect(back.i32).toEqual(value.i32);
    expect(back.u8).toEqual(value.u8);
    expect(back.plain).toEqual([NaN, -0, 3, Infinity]);
    expect(Object.is(back.plain[1], -0)).toBe(true);
    expect(back.nested).toEqual({ x: -Infinity, s: 'NaN' });
  });

  test('a subarray view serialises only its own elements', () => {
    const base = new Float64Array([1, 2, 3, 4]);
    const back = decodeJSON(encodeJSON({ v: base.subarray(1, 3) })) as { v: Float64Array };
    expect(Array.from(back.v)).toEqual([2, 3]);
  });

  test('property: any double array round-trips exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (xs) => {
        const t = new Float64Array(xs);
        const back = decodeJSON(encodeJSON({ t, xs })) as { t: Float64Array; xs: number[] };
        for (let i = 0; i < xs.length; i++) {
          if (!Object.is(back.t[i], t[i]) || !Object.is(back.xs[i], xs[i])) return false;
        }
        return back.t.length === t.length;
      }),
    );
  });
});

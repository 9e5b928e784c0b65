import * as fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { OptionsError } from '../../src/errors.js';
import * as o from '../../src/internal/option-kinds.js';
import { checkOption, defineOptions, described, func, int, real } from '../../src/internal/options.js';

/** Values of every JSON-ish type, plus the non-finite numbers, typed arrays and functions. */
const junk = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 2 ** 53, 1.5, 0, 1, -1, 100, 101, '', 'ab', 'x'.repeat(5), [], [1], [1, 2, 3], {}, () => 1, new Float64Array(2)),
);

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionsError);
    return (e as Error).message;
  }
  throw new Error('expected an OptionsError');
}

describe('option kinds accept exactly what the zod schemas they replace accept', () => {
  // each pair: the option kind and the zod schema the option declarations used before (zod is the reference)
  const pairs: [string, o.Kind<unknown, boolean>, z.ZodType][] = [
    ['number', o.number(), z.number()],
    ['int in [1, 100]', o.number({ int: true, min: 1, max: 100 }), z.number().int().min(1).max(100)],
    ['number in (0, 1)', o.number({ gt: 0, lt: 1 }), z.number().gt(0).lt(1)],
    ['string', o.string(), z.string()],
    ['non-empty string', o.string({ min: 1 }), z.string().min(1)],
    ['HH:MM', o.string({ regex: /^([01]\d|2[0-3]):[0-5]\d$/ }), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)],
    ['boolean', o.boolean(), z.boolean()],
    ['literal', o.literal('auto'), z.literal('auto')],
    ['enum', o.oneOfValues(['a', 'b']), z.enum(['a', 'b'])],
    ['array of 1 to 2 numbers', o.array(o.number(), { min: 1, max: 2 }), z.array(z.number()).min(1).max(2)],
    ['record of strings', o.record(o.string()), z.record(z.string(), z.string())],
    ['union', o.union([o.literal(0), o.number({ int: true, min: 2, max: 9 }), o.literal(null)]), z.union([z.literal(0), z.number().int().min(2).max(9), z.null()])],
    [
      'strict object',
      o.strictObject({ a: o.number({ min: 0 }), b: o.string().optional(), c: o.boolean().default(true) }),
      z.strictObject({ a: z.number().min(0), b: z.string().optional(), c: z.boolean().default(true) }),
    ],
  ];
  for (const [name, kind, schema] of pairs) {
    test(`${name}: same verdict and same output on any value (property)`, () => {
      fc.assert(
        fc.property(fc.oneof(junk, fc.record({ a: junk, b: junk, c: junk }, { requiredKeys: [] }), fc.array(junk, { maxLength: 3 }), fc.dictionary(fc.string(), fc.string())), (v) => {
          const mine = kind.run(v);
          const ref = schema.safeParse(v);
          expect(mine.ok).toBe(ref.success);
          if (mine.ok && ref.success) expect(mine.value).toStrictEqual(ref.data);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('Kind methods', () => {
  test('.default(v) hands out a fresh copy each time; a function default is called', () => {
    const parse = defineOptions('f', { list: o.array(o.string()).default(['a']), now: func<() => number>().default(() => Date.now) });
    const first = parse({});
    first.list.push('b');
    expect(parse({}).list).toEqual(['a']);
    expect(parse({}).now).toBe(Date.now);
  });

  test('.readonly() freezes the checked value; arrays, objects and records come back as copies', () => {
    const input = ['x', 'y'];
    const out = o.array(o.string()).readonly().run(input);
    expect(out.ok && Object.isFrozen(out.value)).toBe(true);
    expect(out.ok && out.value).not.toBe(input);
    expect(Object.isFrozen(input)).toBe(false);
  });

  test('a key without .optional() or .default() must be present, even when its kind accepts undefined', () => {
    const parse = defineOptions('f', { value: o.custom<number>() });
    expect(message(() => parse({}))).toBe('f: option value must be a valid value, got undefined');
    expect(parse({ value: undefined })).toEqual({ value: undefined });
  });

  test('parsed option types are inferred: defaults required, optional keys optional', () => {
    const parse = defineOptions('f', { k: int(1, 9).default(3), l2: real().optional(), mode: o.union([o.literal('a'), o.literal(false)]).default('a') });
    expectTypeOf(parse({})).toEqualTypeOf<{ k: number; mode: 'a' | false; l2?: number | undefined }>();
  });
});

describe('messages of nested declarations', () => {
  const parse = defineOptions('fitThing', {
    blend: described(o.union([o.literal('learned'), o.strictObject({ als: real({ min: 0 }).optional(), knn: real({ min: 0 }).optional() })]), "'learned' or { als?, knn? }").default('learned'),
    caps: o.array(o.strictObject({ max: int(0, 10), days: real({ gt: 0 }) })).default([]),
    named: described(o.array(o.string({ min: 1 })), 'an array of names').optional(),
    group: o.strictObject({ rho: real({ gt: 0 }), bound: real({ gt: 0 }).default(1) }).optional(),
  });

  test('a typo inside an object branch of a union names the branch keys', () => {
    expect(message(() => parse({ blend: { als: 1, knw: 2 } }))).toBe("fitThing: unknown option 'blend.knw'; did you mean 'knn'?");
  });

  test('a bad value inside a union is reported by the union (its description, the value)', () => {
    expect(message(() => parse({ blend: { als: -1 } }))).toBe("fitThing: option blend must be 'learned' or { als?, knn? }, got an object");
    expect(message(() => parse({ blend: 'fixed' }))).toBe('fitThing: option blend must be \'learned\' or { als?, knn? }, got "fixed"');
  });

  test('an undescribed array lets its elements speak, with the index in the dotted name', () => {
    expect(message(() => parse({ caps: [{ max: 1, days: 1 }, { max: 11, days: 1 }] }))).toBe('fitThing: option caps.1.max must be an integer in [0, 10], got 11');
    expect(message(() => parse({ caps: [{ max: 1, days: 1, dayz: 1 }] }))).toBe("fitThing: unknown option 'caps.0.dayz'; did you mean 'days'?");
  });

  test('a described array answers for its elements', () => {
    expect(message(() => parse({ named: ['a', ''] }))).toBe('fitThing: option named must be an array of names, got an array of length 2');
  });

  test('a nested group: missing, wrong and unknown fields are named with the group prefix', () => {
    expect(message(() => parse({ group: {} }))).toBe('fitThing: option group.rho must be a finite number > 0, got undefined');
    expect(message(() => parse({ group: { rho: 0 } }))).toBe('fitThing: option group.rho must be a finite number > 0, got 0');
    expect(message(() => parse({ group: { rho: 1, bnd: 2 } }))).toBe("fitThing: unknown option 'group.bnd'; did you mean 'bound'?");
    expect(parse({ group: { rho: 2 } }).group).toEqual({ rho: 2, bound: 1 });
  });

  test('a parser called with a prefix puts it in front of every option name', () => {
    expect(message(() => parse({ group: { rho: -1 } }, 'planThing', 'outer.'))).toBe('planThing: option outer.group.rho must be a finite number > 0, got -1');
  });

  test('checkOption names an argument checked with a declared kind', () => {
    const history = described(o.union([o.array(o.string()), o.record(o.number({ min: 0 }))]), 'an array of ids or an object of strengths ≥ 0');
    expect(checkOption(history, { a: 1 }, 'recommendThing', 'history')).toEqual({ a: 1 });
    expect(message(() => checkOption(history, { a: -1 }, 'recommendThing', 'history'))).toBe('recommendThing: option history must be an array of ids or an object of strengths ≥ 0, got an object');
  });

  test('any value gives a checked object or an OptionsError naming the function (property)', () => {
    fc.assert(
      fc.property(fc.record({ blend: junk, caps: junk, named: junk, group: junk }, { requiredKeys: [] }), (v) => {
        try {
          const out = parse(v);
          expect(out.blend === 'learned' || typeof out.blend === 'object').toBe(true);
          expect(Array.isArray(out.caps)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(OptionsError);
          expect((e as Error).message).toMatch(/^fitThing: (option|unknown option)/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

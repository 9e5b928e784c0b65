import * as fc from 'fast-check';
import * as o from '../../src/internal/option-kinds.js';
import { describe, expect, test } from 'vitest';
import { OptionsError } from '../../src/errors.js';
import { levenshtein, nearestName } from '../../src/internal/fuzzy.js';
import { bool, defineOptions, int, longRun, oneOf, real, seed } from '../../src/internal/options.js';

const parse = defineOptions(
  'fitThing',
  {
    k: int(1, 100).default(8),
    maxIter: int(1, 1000).default(300),
    l2: real({ min: 0 }).optional(),
    C: real({ gt: 0 }).optional(),
    seed: seed().default(0),
    algorithm: oneOf(['lloyd', 'hamerly']).default('hamerly'),
    verbose: bool().default(false),
    blend: o.strictObject({ als: real({ min: 0 }).default(1), knn: real({ min: 0 }).default(1) }).optional(),
    ...longRun(),
  },
  { aliases: { maxIterations: 'maxIter', lambda: 'l2' }, conflicts: [['C', 'l2', 'C maps to l2 = 1/(C·n)']] },
);

function err(f: () => unknown): OptionsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionsError);
    return e as OptionsError;
  }
  throw new Error('expected an OptionsError');
}

describe('defineOptions(fn, shape, spec)', () => {
  test('undefined and {} give every default', () => {
    const all = { k: 8, maxIter: 300, seed: 0, algorithm: 'hamerly', verbose: false };
    expect(parse(undefined)).toEqual(all);
    expect(parse({})).toEqual(all);
    expect(parse({ k: undefined })).toMatchObject(all);
  });

  test('null, arrays, strings and numbers are refused as options', () => {
    for (const bad of [null, [], 'k=3', 3, true]) {
      const e = err(() => parse(bad));
      expect(e.option).toBe('(options)');
      expect(e.message).toMatch(/^fitThing: options must be an object or undefined, got /);
    }
  });

  test('an unknown key names the nearest known option', () => {
    const e = err(() => parse({ maxiter: 5 }));
    expect(e.message).toBe("fitThing: unknown option 'maxiter'; did you mean 'maxIter'?");
    expect(e.option).toBe('maxiter');
    const far = err(() => parse({ zzzzzzzzzz: 1 }));
    expect(far.message).toMatch(/^fitThing: unknown option 'zzzzzzzzzz'; known options: k, maxIter/);
  });

  test('prototype-named keys are unknown options, not lookups', () => {
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const o = JSON.parse(`{"${key}": 1}`);
      expect(err(() => parse(o)).option).toBe(key);
    }
  });

  test('out-of-range and wrong-type values name the option, the range and the value', () => {
    expect(err(() => parse({ k: 0 })).message).toBe('fitThing: option k must be an integer in [1, 100], got 0');
    expect(err(() => parse({ k: '3' })).message).toBe('fitThing: option k must be an integer in [1, 100], got "3"');
    expect(err(() => parse({ l2: -1 })).message).toBe('fitThing: option l2 must be a finite number ≥ 0, got -1');
    expect(err(() => parse({ C: 0 })).message).toBe('fitThing: option C must be a finite number > 0, got 0');
    expect(err(() => parse({ algorithm: 'elkan' })).message).toBe("fitThing: option algorithm must be 'lloyd' or 'hamerly', got \"elkan\"");
    expect(err(() => parse({ verbose: 1 })).message).toBe('fitThing: option verbose must be true or false, got 1');
    expect(err(() => parse({ onProgress: 1 })).message).toBe('fitThing: option onProgress must be a function, got 1');
    expect(err(() => parse({ signal: {} })).message).toBe('fitThing: option signal must be an AbortSignal, got an object');
  });

  test('seeds 1.5, -1, 2**32, NaN are refused; 0 and 2**32 - 1 are kept exactly', () => {
    for (const s of [1.5, -1, 2 ** 32, Number.NaN, Infinity]) {
      expect(err(() => parse({ seed: s })).message).toBe(`fitThing: option seed must be an integer in [0, 2³²), got ${s}`);
    }
    expect(parse({ seed: 2 ** 32 - 1 }).seed).toBe(2 ** 32 - 1);
  });

  test('nested groups name the dotted option and refuse unknown nested keys', () => {
    expect(parse({ blend: { als: 2 } }).blend).toEqual({ als: 2, knn: 1 });
    const e = err(() => parse({ blend: { als: -1 } }));
    expect(e.option).toBe('blend.als');
    expect(e.message).toBe('fitThing: option blend.als must be a finite number ≥ 0, got -1');
    const u = err(() => parse({ blend: { itemKNN: 1 } }));
    expect(u.option).toBe('blend.itemKNN');
    expect(u.message).toMatch(/unknown option 'blend.itemKNN'/);
  });

  test('a deprecated alias maps to its canonical name; alias and canonical together is refused', () => {
    expect(parse({ maxIterations: 7 }).maxIter).toBe(7);
    expect(parse({ lambda: 0.5 }).l2).toBe(0.5);
  });

  test('contradictory options are refused, whichever spelling is used', () => {
    const e = err(() => parse({ C: 1, l2: 1 }));
    expect(e.message).toBe("fitThing: options 'C' and 'l2' contradict each other; give one (C maps to l2 = 1/(C·n))");
    expect(err(() => parse({ C: 1, lambda: 1 })).message).toMatch(/options 'C' and 'lambda' contradict/);
    expect(err(() => parse({ maxIterations: 1, maxIter: 2 })).message).toBe(
      "fitThing: options 'maxIterations' (deprecated) and 'maxIter' both given; use 'maxIter' only",
    );
  });

  test('the fn argument overrides the name in messages', () => {
    expect(err(() => parse({ k: 0 }, 'fitOther')).message).toMatch(/^fitOther: option k/);
  });

  test('the caller’s object is never mutated (frozen input)', () => {
    const o = Object.freeze({ maxIterations: 3, blend: Object.freeze({ als: 1 }) });
    expect(parse(o)).toMatchObject({ maxIter: 3 });
    expect(o).toEqual({ maxIterations: 3, blend: { als: 1 } });
  });

  test('property: any random options object gives an OptionsError or a valid resolved object', () => {
    const value = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.integer(), { maxLength: 3 }));
    const key = fc.oneof(fc.constantFrom(...parse.keys, 'blend'), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 4 }), (o) => {
        try {
          const r = parse(o);
          expect(Number.isInteger(r.k) && r.k >= 1 && r.k <= 100).toBe(true);
          expect(Number.isInteger(r.seed) && r.seed >= 0 && r.seed < 2 ** 32).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(OptionsError);
        }
      }),
      { seed: 20261206, numRuns: 500 },
    );
  });
});

describe('nearestName', () => {
  test('suggests within the typo distance, case-insensitively, and nothing beyond it', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(nearestName('MaxIter', ['maxIter', 'tol'])).toBe('maxIter');
    expect(nearestName('tolerance', ['maxIter', 'tol'])).toBeUndefined();
  });
});

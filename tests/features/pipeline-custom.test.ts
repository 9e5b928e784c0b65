/**
 * Custom pipeline steps by registered name (issue 9): the step stores `fn: 'name'`, the function
 * comes as the `customSteps` option at fit and at apply, so a pipeline with custom steps is plain
 * data that round-trips bit for bit. Missing functions, wrong outputs, junk registries, hostile
 * names and the refused closure form all fail with named errors.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  DataError,
  ModelError,
  OptionsError,
  ValidationError,
  applyPipeline,
  defineCustomSteps,
  fitApplyPipeline,
  fitPipeline,
  getColumn,
  inverseTransform,
  isTelcoError,
  parseModel,
  parsePipeline,
  serializeModel,
} from 'telcokit';
import type { CustomStepFn, FeatureMatrix, PipelineStep } from 'telcokit';

const col = (m: FeatureMatrix, c: string): number[] => Array.from(getColumn(m, c));

/** Records with a missing value (null) and a zero denominator. */
const recs = Object.freeze(
  [
    { id: 'a', nightDataMB: 10, dataMB: 100, fee: 30 },
    { id: 'b', nightDataMB: 0, dataMB: 0, fee: 50 },
    { id: 'c', nightDataMB: 5, dataMB: 50, fee: null },
    { id: 'd', nightDataMB: 30, dataMB: 40, fee: 80 },
  ].map((r) => Object.freeze(r)),
);

/** night share (0 when there is no data, as derive's ratio) and fee per GB; NaN stays missing. */
const usageShape: CustomStepFn = (c, n) => {
  const share = new Float64Array(n);
  const perGb = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const data = c.dataMB![i]!;
    share[i] = data === 0 ? 0 : c.nightDataMB![i]! / data;
    perGb[i] = (c.fee![i]! * 1024) / Math.max(data, 1);
  }
  return { nightShare: share, feePerGb: perGb };
};

const STEPS: PipelineStep[] = [
  { type: 'custom', name: 'usage shape', columns: ['nightDataMB', 'dataMB', 'fee'], outputs: ['nightShare', 'feePerGb'], fn: 'usageShape' },
  { type: 'impute', columns: ['feePerGb'], strategy: 'median' },
  { type: 'standardize', columns: ['dataMB', 'feePerGb'] },
  { type: 'select', columns: ['dataMB', 'nightShare', 'feePerGb'] },
];

/** Every value equal as Object.is (NaN = NaN, −0 ≠ 0). */
function sameBits(a: FeatureMatrix, b: FeatureMatrix): boolean {
  if (a.values.length !== b.values.length || a.columns.join('\u0000') !== b.columns.join('\u0000')) return false;
  for (let i = 0; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) return false;
  return true;
}

function caught(f: () => unknown): Error & { option?: string } {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
}

describe('custom steps by registered name', () => {
  const customSteps = { usageShape };

  test('fitPipeline stores the name, not the function; the values are the hand-computed ones', () => {
    const model = fitPipeline(STEPS, recs, { customSteps });
    expect(model.steps[0]).toEqual({
      type: 'custom',
      name: 'usage shape',
      columns: ['nightDataMB', 'dataMB', 'fee'],
      outputs: ['nightShare', 'feePerGb'],
      fn: 'usageShape',
    });
    const m = applyPipeline(model, recs, { customSteps });
    expect(col(m, 'nightShare')).toEqual([0.1, 0, 0.1, 0.75]);
    // feePerGb before scaling: 307.2, 51200, NaN → median 2048 (of 307.2, 51200, 2048), 2048
    const raw = [307.2, 51200, 2048, 2048];
    const mean = raw.reduce((s, x) => s + x, 0) / 4;
    const sd = Math.sqrt(raw.reduce((s, x) => s + (x - mean) ** 2, 0) / 4);
    col(m, 'feePerGb').forEach((v, i) => expect(v).toBeCloseTo((raw[i]! - mean) / sd, 12));
  });

  test('serializeModel → parseModel / parsePipeline round-trips bit for bit and applies the same', () => {
    const model = fitPipeline(STEPS, recs, { customSteps });
    const text = serializeModel(model);
    for (const back of [parseModel(text, 'features/pipeline'), parsePipeline(text)]) {
      expect(serializeModel(back)).toBe(text);
      expect(sameBits(applyPipeline(back, recs, { customSteps }), applyPipeline(model, recs, { customSteps }))).toBe(true);
    }
    expect(JSON.parse(text).steps[0].fn).toBe('usageShape');
  });

  test('apply equals the 0.1 closure result and the same computation written as derive', () => {
    // the 0.1 test of the closure form: fn: (c) => ({ dataMB2: c.dataMB.map((v) => v * 2) }) gave [200, 0, 100, 20]
    const rows = [{ id: 'a', dataMB: 100 }, { id: 'b', dataMB: 0 }, { id: 'c', dataMB: 50 }, { id: 'd', dataMB: 10 }];
    const twice = fitPipeline([{ type: 'custom', name: 'double', columns: ['dataMB'], outputs: ['dataMB2'], fn: 'double' }, { type: 'select', columns: ['dataMB2'] }], rows, {
      customSteps: { double: (c) => ({ dataMB2: c.dataMB!.map((v) => v * 2) }) },
    });
    const viaCustom = applyPipeline(twice, rows, { customSteps: { double: (c) => ({ dataMB2: c.dataMB!.map((v) => v * 2) }) } });
    expect(col(viaCustom, 'dataMB2')).toEqual([200, 0, 100, 20]);
    const viaDerive = applyPipeline(fitPipeline([{ type: 'derive', outputs: { dataMB2: 'dataMB * 2' } }, { type: 'select', columns: ['dataMB2'] }], rows), rows);
    expect(sameBits(viaCustom, viaDerive)).toBe(true);
  });

  test('fitApplyPipeline gives what applyPipeline gives; a registry from defineCustomSteps works the same', () => {
    const { model, matrix } = fitApplyPipeline(STEPS, recs, { customSteps: defineCustomSteps(customSteps) });
    expect(sameBits(matrix, applyPipeline(model, recs, { customSteps }))).toBe(true);
  });

  test('functions not used by the pipeline are ignored; one registry serves many pipelines', () => {
    const model = fitPipeline(STEPS, recs, { customSteps: { ...customSteps, other: () => ({}) } });
    expect(col(applyPipeline(model, recs, { customSteps: { other: () => ({}), usageShape } }), 'nightShare')).toEqual([0.1, 0, 0.1, 0.75]);
  });

  test('the function gets copies: writing into its inputs changes neither the records nor the result', () => {
    const model = fitPipeline(STEPS, recs, { customSteps });
    const vandal: CustomStepFn = (c, n) => {
      const out = usageShape(c, n);
      c.dataMB!.fill(-1);
      c.fee!.fill(0);
      return out;
    };
    expect(sameBits(applyPipeline(model, recs, { customSteps: { usageShape: vandal } }), applyPipeline(model, recs, { customSteps }))).toBe(true);
    expect(recs[0]!.dataMB).toBe(100);
  });

  test('inverseTransform undoes the scalers and leaves custom outputs in the units the function gave', () => {
    const model = fitPipeline(
      [
        { type: 'custom', name: 'plus one', columns: ['dataMB'], outputs: ['y'], fn: 'plusOne' },
        { type: 'standardize', columns: ['dataMB'] },
        { type: 'select', columns: ['dataMB', 'y'] },
      ],
      recs,
      { customSteps: { plusOne: (c) => ({ y: c.dataMB!.map((v) => v + 1) }) } },
    );
    const m = applyPipeline(model, recs, { customSteps: { plusOne: (c) => ({ y: c.dataMB!.map((v) => v + 1) }) } });
    const back = inverseTransform(model, m);
    col(back, 'dataMB').forEach((v, i) => expect(v).toBeCloseTo([100, 0, 50, 40][i]!, 10));
    expect(col(back, 'y')).toEqual([101, 1, 51, 41]);
  });
});

describe('custom steps: the function is missing', () => {
  const model = fitPipeline(STEPS, recs, { customSteps: { usageShape } });

  test('applyPipeline without customSteps is an OptionsError naming the step, the name and the option', () => {
    const e = caught(() => applyPipeline(model, recs));
    expect(e).toBeInstanceOf(OptionsError);
    expect(e.option).toBe('customSteps');
    expect(e.message).toBe(
      "applyPipeline: step 1 (custom) 'usage shape' needs the function registered as 'usageShape', which option customSteps does not have (none were given); pass { customSteps: { 'usageShape': fn } }",
    );
  });

  test('a registry without that name lists what it has; a loaded model fails the same way', () => {
    const loaded = parsePipeline(serializeModel(model));
    const e = caught(() => applyPipeline(loaded, recs, { customSteps: { usageshape: usageShape, other: usageShape } }));
    expect(e).toBeInstanceOf(OptionsError);
    expect(e.message).toMatch(/step 1 \(custom\) 'usage shape' needs the function registered as 'usageShape'.*it has 'usageshape', 'other'/);
  });

  test('fitPipeline without the function fails before reading any column', () => {
    const e = caught(() => fitPipeline(STEPS, recs));
    expect(e).toBeInstanceOf(OptionsError);
    expect(e.message).toMatch(/^fitPipeline: step 1 \(custom\) 'usage shape' needs the function registered as 'usageShape'/);
  });
});

describe('custom steps: what the function returns is checked', () => {
  const one: PipelineStep[] = [{ type: 'custom', name: 'f', columns: ['dataMB'], outputs: ['y', 'z'], fn: 'f' }];
  const fitWith = (f: (c: Readonly<Record<string, Float64Array>>, n: number) => unknown): (() => unknown) => () =>
    fitPipeline(one, recs, { customSteps: { f: f as CustomStepFn } });
  const good = (n: number): Record<string, number[]> => ({ y: new Array<number>(n).fill(1), z: new Array<number>(n).fill(2) });

  test('too few or too many outputs: a DataError naming the step, the count and the output', () => {
    const few = caught(fitWith((_, n) => ({ y: good(n).y })));
    expect(few).toBeInstanceOf(DataError);
    expect(few.message).toBe("fitPipeline: step 1 (custom) 'f' (function 'f') returned 1 output, declared 2 (y, z): output 'z' is missing");
    const many = caught(fitWith((_, n) => ({ ...good(n), w: good(n).y })));
    expect(many).toBeInstanceOf(DataError);
    expect(many.message).toMatch(/returned 3 outputs, declared 2 \(y, z\): output 'w' is not declared/);
  });

  test('not an object, an array, or a Promise: a DataError naming the step', () => {
    for (const bad of [null, undefined, 5, 'y', [1, 2, 3, 4]]) {
      const e = caught(fitWith(() => bad));
      expect(e).toBeInstanceOf(DataError);
      expect(e.message).toMatch(/^fitPipeline: step 1 \(custom\) 'f' \(function 'f'\) must return an object with one array per output \(y, z\)/);
    }
    expect(caught(fitWith(async (_, n) => good(n))).message).toMatch(/a Promise: the function must be synchronous/);
  });

  test('a non-number or ±Infinity is a DataError naming the step, the output and the row (with its id)', () => {
    const at = (v: unknown) =>
      caught(fitWith((_, n) => {
        const out: Record<string, unknown[]> = good(n);
        out['z']![2] = v;
        return out;
      }));
    for (const v of ['5', null, undefined, true, 1n, {}]) {
      const e = at(v);
      expect(e).toBeInstanceOf(DataError);
      expect(e.message).toMatch(/^fitPipeline: step 1 \(custom\) 'f' \(function 'f'\): output 'z' at row 2 \(id 'c'\) is not a number/);
    }
    expect(at(-Infinity).message).toMatch(/output 'z' at row 2 \(id 'c'\) is -Infinity; use NaN for missing/);
    // NaN is the spelling of missing and passes
    const withNaN = fitWith((_, n) => ({ y: good(n).y, z: [1, NaN, 3, 4] }));
    expect(withNaN).not.toThrow();
  });

  test('a wrong length or a value that is not an array is a DataError at apply too', () => {
    const model = fitPipeline(one, recs, { customSteps: { f: (_, n) => good(n) } });
    const short = caught(() => applyPipeline(model, recs, { customSteps: { f: () => ({ y: [1], z: [2] }) } }));
    expect(short).toBeInstanceOf(DataError);
    expect(short.message).toBe("applyPipeline: step 1 (custom) 'f' (function 'f'): output 'y' has 1 values for 4 rows");
    const notArray = caught(() => applyPipeline(model, recs, { customSteps: { f: (_, n) => ({ y: good(n).y, z: 'abcd' }) as never } }));
    expect(notArray.message).toMatch(/output 'z' must be an array or typed array of numbers, got "abcd"/);
    // typed arrays of any numeric kind are fine
    const ok = applyPipeline(model, recs, { customSteps: { f: (_, n) => ({ y: new Int32Array(n), z: new Float32Array(n).fill(0.5) }) } });
    expect(col(ok, 'z')).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  test("an exception thrown by the user's function reaches the caller unchanged", () => {
    const boom = new RangeError('mine');
    expect(caught(fitWith(() => { throw boom; }))).toBe(boom);
  });
});

describe('custom steps: junk registries, hostile names, the closure form', () => {
  test('customSteps that is not a plain object of functions is an OptionsError naming the option', () => {
    const cases: [unknown, string][] = [
      [null, 'customSteps'],
      [[usageShape], 'customSteps'],
      ['usageShape', 'customSteps'],
      [new Map([['usageShape', usageShape]]), 'customSteps'],
      [{ usageShape: 'usageShape' }, 'customSteps.usageShape'],
      [{ usageShape, other: 5 }, 'customSteps.other'],
      [{ '': usageShape }, 'customSteps'],
    ];
    for (const [value, option] of cases) {
      for (const f of [() => fitPipeline(STEPS, recs, { customSteps: value as never }), () => applyPipeline(fitPipeline([], recs), recs, { customSteps: value as never })]) {
        const e = caught(f);
        expect(e, String(value)).toBeInstanceOf(OptionsError);
        expect(e.option).toBe(option);
      }
    }
    expect(caught(() => defineCustomSteps({ a: 1 } as never)).option).toBe('functions.a');
    expect(caught(() => applyPipeline(fitPipeline([], recs), recs, { customStep: {} } as never)).message).toMatch(/unknown option 'customStep'; did you mean 'customSteps'\?/);
  });

  test('names of Object.prototype are not functions: constructor, toString, __proto__, hasOwnProperty', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const steps: PipelineStep[] = [{ type: 'custom', name, columns: ['dataMB'], outputs: ['y'], fn: name }];
      const e = caught(() => fitPipeline(steps, recs, { customSteps: {} }));
      expect(e, name).toBeInstanceOf(OptionsError);
      expect(e.message).toContain(`registered as '${name}'`);
      // registered as an own property, each works and round-trips
      const own = Object.defineProperty({}, name, { value: ((c) => ({ y: c.dataMB! })) as CustomStepFn, enumerable: true });
      const model = fitPipeline(steps, recs, { customSteps: own });
      const back = parsePipeline(serializeModel(model));
      expect(serializeModel(back)).toBe(serializeModel(model));
      expect(col(applyPipeline(back, recs, { customSteps: own }), 'y')).toEqual([100, 0, 50, 40]);
    }
  });

  test('names with quotes, newlines, NUL and emoji round-trip; past 200 characters they are refused', () => {
    const name = `it's "odd"\n\u0000🙂`;
    const steps: PipelineStep[] = [{ type: 'custom', name, columns: ['dataMB'], outputs: ['y'], fn: name }];
    const customSteps = { [name]: ((c) => ({ y: c.dataMB! })) as CustomStepFn };
    const text = serializeModel(fitPipeline(steps, recs, { customSteps }));
    expect(serializeModel(parsePipeline(text))).toBe(text);
    const long = 'n'.repeat(201);
    expect(() => fitPipeline([{ ...steps[0]!, fn: long } as PipelineStep], recs, { customSteps })).toThrow(ValidationError);
    expect(caught(() => defineCustomSteps({ [long]: (c) => ({ y: c.x! }) })).message).toMatch(/1 to 200/);
    const tampered = JSON.parse(text) as { steps: { fn: string }[] };
    tampered.steps[0]!.fn = long;
    expect(() => parsePipeline(JSON.stringify(tampered))).toThrow(ModelError);
    tampered.steps[0]!.fn = '';
    expect(() => parseModel(JSON.stringify(tampered))).toThrow(/steps\.0\.fn/);
  });

  test('duplicate output names are refused at fit and at load', () => {
    const steps = [{ type: 'custom', name: 'f', columns: ['dataMB'], outputs: ['y', 'y'], fn: 'f' }] as PipelineStep[];
    expect(() => fitPipeline(steps, recs, { customSteps: { f: (c) => ({ y: c.dataMB! }) } })).toThrow(/step 1 \(custom\) is invalid at outputs: output names must be distinct/);
  });

  test('the 0.1 closure form is refused with the migration in the message', () => {
    const closure = { type: 'custom', name: 'double', columns: ['dataMB'], outputs: ['y'], fn: (c: Record<string, Float64Array>) => ({ y: c.dataMB! }) };
    const e = caught(() => fitPipeline([closure as unknown as PipelineStep], recs));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/^fitPipeline: step 1 \(custom\) is invalid at fn: a function is no longer accepted here \(since 0\.2\).*fn: 'thatName'.*customSteps: \{ thatName: fn \}/);
  });

  test('property: any registered name and any finite affine function round-trip bit for bit and apply as computed', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(null)), { minLength: 1, maxLength: 20 }),
        (name, a, b, xs) => {
          const rows = xs.map((x, i) => ({ id: `r${i}`, x }));
          const f: CustomStepFn = (c) => ({ y: c.x!.map((v) => a * v + b) });
          const customSteps = Object.defineProperty({}, name, { value: f, enumerable: true }) as Record<string, CustomStepFn>;
          let model;
          try {
            model = fitPipeline([{ type: 'custom', name: 'affine', columns: ['x'], outputs: ['y'], fn: name }], rows, { customSteps });
          } catch (e) {
            // an all-missing column is a DataError, never anything else
            expect(isTelcoError(e)).toBe(true);
            return;
          }
          const text = serializeModel(model);
          const back = parsePipeline(text);
          expect(serializeModel(back)).toBe(text);
          const m = applyPipeline(back, rows, { customSteps });
          const y = col(m, 'y');
          xs.forEach((x, i) => expect(Object.is(y[i], x === null ? NaN : a * x + b)).toBe(true));
        },
      ),
      { numRuns: 200 },
    );
  });
});

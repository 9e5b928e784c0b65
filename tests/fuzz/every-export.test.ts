/**
 * Every public runtime function of the root entry, called with `undefined`, `null`, `{}`, `[]` and
 * a frozen input (in every argument position up to three), either returns or throws a TelcoError:
 * never a raw TypeError or RangeError from deep inside.
 */
import { describe, expect, test } from 'vitest';
import * as telcokit from 'telcokit';

const JUNK: readonly unknown[] = [undefined, null, {}, [], Object.freeze([Object.freeze({ x: 1 })])];

/** Valid on junk and slow: `generateOperator({})` generates the full default dataset (about 100 s here). */
const SKIP: ReadonlySet<string> = new Set(['generateOperator']);

/**
 * Functions that still crash raw on some junk call. Empty since issue 20's last batch: every public
 * function now checks its arguments at the entry. A function added here must be a known, dated
 * exception; the test fails when one stops crashing, so the list can only shrink.
 */
const KNOWN: ReadonlySet<string> = new Set<string>([]);

const fns = Object.entries(telcokit)
  .filter(([, v]) => typeof v === 'function' && !/^[A-Z]/.test((v as { name: string }).name ?? ''))
  .filter(([name]) => !/Error$/.test(name) && name !== 'isTelcoError' && !SKIP.has(name))
  .sort(([a], [b]) => a.localeCompare(b));

/** Runs f; returns the raw (non-Telco) error, or undefined. Async results are awaited. */
async function rawError(f: () => unknown): Promise<unknown> {
  try {
    const r = f();
    if (r && typeof (r as Promise<unknown>).then === 'function') await r;
    else if (r && typeof (r as AsyncIterator<unknown>).next === 'function' && typeof (r as AsyncGenerator)[Symbol.asyncIterator] === 'function') {
      await (r as AsyncGenerator).next();
    }
    return undefined;
  } catch (e) {
    return telcokit.isTelcoError(e) ? undefined : e;
  }
}

describe('every public function on junk input', () => {
  test('there are functions to check', () => {
    expect(fns.length).toBeGreaterThan(100);
  });
  for (const [name, fn] of fns.filter(([n]) => !process.env.ONLY || process.env.ONLY.split(',').includes(n))) {
    test(`${name}(junk…) returns or throws a TelcoError`, async () => {
      const f = fn as (...a: unknown[]) => unknown;
      const raw: string[] = [];
      for (const a of JUNK) {
        for (const args of [[a], [a, a], [a, a, a], [[[1, 2], [3, 4]], a], [[[1, 2], [3, 4]], [0, 1], a]]) {
          const e = await rawError(() => f(...args));
          if (e !== undefined) raw.push(`${name}(${args.map((x) => JSON.stringify(x) ?? 'undefined').join(', ')}): ${(e as Error).name}: ${(e as Error).message}`);
        }
      }
      if (KNOWN.has(name)) expect(raw.length, `${name} no longer crashes raw: remove it from KNOWN`).toBeGreaterThan(0);
      else expect(raw).toEqual([]);
    });
  }
});

/**
 * The pipeline's custom steps (issue 9): junk as the `customSteps` registry, junk returned by a
 * registered function, and junk rows through a pipeline holding a custom step all end in a
 * TelcoError (or the user's own exception, passed through untouched), never a raw TypeError.
 */
describe('custom pipeline steps on junk', () => {
  const JUNK_VALUES: readonly unknown[] = [...JUNK, 0, 'x', NaN, () => undefined, new Map(), Object.create(null), Promise.resolve({}), { y: null }, { y: {} }, { y: 'abc' }];
  const rows = [{ id: 'a', x: 1 }, { id: 'b', x: 2 }];
  const step = { type: 'custom' as const, name: 'junk', columns: ['x'], outputs: ['y'], fn: 'f' };
  const model = telcokit.fitPipeline([step], rows, { customSteps: { f: (c) => ({ y: c.x! }) } });
  test('junk registries, junk returned values and junk rows throw TelcoErrors', async () => {
    const raw: string[] = [];
    const note = async (what: string, f: () => unknown): Promise<void> => {
      const e = await rawError(f);
      if (e !== undefined) raw.push(`${what}: ${(e as Error).name}: ${(e as Error).message}`);
    };
    for (const j of JUNK_VALUES) {
      const shown = typeof j === 'function' ? 'a function' : (JSON.stringify(j) ?? String(j));
      await note(`registry ${shown} (fit)`, () => telcokit.fitPipeline([step], rows, { customSteps: j as never }));
      await note(`registry ${shown} (apply)`, () => telcokit.applyPipeline(model, rows, { customSteps: j as never }));
      await note(`registry { f: ${shown} }`, () => telcokit.applyPipeline(model, rows, { customSteps: { f: j } as never }));
      await note(`returned ${shown}`, () => telcokit.applyPipeline(model, rows, { customSteps: { f: () => j } as never }));
      await note(`rows ${shown}`, () => telcokit.applyPipeline(model, j as never, { customSteps: { f: (c) => ({ y: c.x! }) } }));
      await note(`fn name ${shown}`, () => telcokit.fitPipeline([{ ...step, fn: j } as never], rows, { customSteps: { f: (c) => ({ y: c.x! }) } }));
      await note(`defineCustomSteps(${shown})`, () => telcokit.defineCustomSteps(j as never));
    }
    expect(raw).toEqual([]);
  });
});

/**
 * Fuzzing the loader: a valid model of every kind is mutated (a number made NaN, ±huge or
 * negative; an array or typed array shortened; an index pushed out of range; a key removed or
 * added; `kind` replaced by a prototype name) and parseModel must either refuse it with a
 * ModelError or return a model whose predictions are well-formed: the same shape as the original's
 * and finite wherever the original's are. A mutation that lands on data the model tolerates
 * (a finite coefficient changed) may change the predictions; it may not make them NaN or crash.
 * Fixed seed and bounded runs; `FUZZ_RUNS=5000 npx vitest run tests/model` runs longer.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isTelcoError, ModelError, parseModel, serializeModel } from 'telcokit';
import { CASES } from '../conformance/cases.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);

type Mutation =
  | { op: 'number'; value: number }
  | { op: 'shorten' }
  | { op: 'remove' }
  | { op: 'add'; key: string }
  | { op: 'index'; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('number' as const), value: fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1, -1e9, 0, 0.5, 2 ** 31) }),
  fc.record({ op: fc.constant('shorten' as const) }),
  fc.record({ op: fc.constant('remove' as const) }),
  fc.record({ op: fc.constant('add' as const), key: fc.constantFrom('__proto__', 'constructor', 'extra', 'toString') }),
  fc.record({ op: fc.constant('index' as const), value: fc.constantFrom(-2, 1e6, 2 ** 31 - 1) }),
);

/** Every container path in a model (objects, arrays, typed arrays), root first. */
function paths(x: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (ArrayBuffer.isView(x) || x === null || typeof x !== 'object') return out;
  const entries = Array.isArray(x) ? x.map((v, i) => [i, v] as const).slice(0, 4) : Object.entries(x);
  for (const [k, v] of entries) if (v !== null && typeof v === 'object') paths(v, [...path, k], out);
  return out;
}

function at(x: unknown, path: readonly (string | number)[]): unknown {
  let v = x;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}

/** Applies a mutation to the container at `path` (in place on a structured clone). */
function mutate(model: unknown, path: readonly (string | number)[], m: Mutation, pick: number): void {
  const c = at(model, path) as Record<string | number, unknown> | unknown[] | Float64Array;
  if (ArrayBuffer.isView(c)) {
    const a = c as unknown as Float64Array;
    if (a.length === 0) return;
    const i = pick % a.length;
    if (m.op === 'number' || m.op === 'index') a[i] = m.value;
    else if (m.op === 'shorten' && path.length > 0) (at(model, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]!] = a.slice(0, a.length - 1);
    return;
  }
  if (Array.isArray(c)) {
    if (m.op === 'shorten' || m.op === 'remove') c.length = Math.max(0, c.length - 1);
    else if (c.length > 0 && typeof c[pick % c.length] === 'number') c[pick % c.length] = m.op === 'add' ? m.key : m.value;
    return;
  }
  const keys = Object.keys(c);
  if (keys.length === 0) return;
  const key = keys[pick % keys.length]!;
  const obj = c as Record<string, unknown>;
  if (m.op === 'remove') delete obj[key];
  else if (m.op === 'add') Object.defineProperty(obj, m.key, { value: 1, enumerable: true, configurable: true, writable: true });
  else if (typeof obj[key] === 'number' && m.op !== 'shorten') obj[key] = m.value;
  else if (key === 'kind') obj[key] = ['constructor', '__proto__', 'toString'][pick % 3];
}

/** The numbers in a prediction, flattened (typed arrays, arrays, records of numbers, recommendation lists). */
function numbers(o: unknown, out: number[] = []): number[] {
  if (typeof o === 'number') out.push(o);
  else if (ArrayBuffer.isView(o)) out.push(...Array.from(o as unknown as ArrayLike<number>));
  else if (Array.isArray(o)) for (const v of o) numbers(v, out);
  else if (o !== null && typeof o === 'object') for (const v of Object.values(o)) numbers(v, out);
  return out;
}

describe('fuzz: mutated model JSON is refused with a ModelError or predicts well-formed output', () => {
  for (const [kind, c] of Object.entries(CASES)) {
    test(`${kind}`, () => {
      const model = c.fit(5);
      const expected = numbers(c.predict(model, c.input));
      const all = paths(model);
      fc.assert(
        fc.property(fc.nat(all.length - 1), mutation, fc.nat(1000), (p, m, pick) => {
          const copy = structuredClone(model) as unknown;
          mutate(copy, all[p]!, m, pick);
          let loaded: unknown;
          try {
            loaded = parseModel(serializeModel(copy as never));
          } catch (e) {
            expect(e).toBeInstanceOf(ModelError);
            return;
          }
          let got: number[];
          try {
            got = numbers(c.predict(loaded, c.input));
          } catch (e) {
            // a loaded model may still be refused by predict for a stated reason, never a raw crash
            expect(isTelcoError(e)).toBe(true);
            return;
          }
          expect(got.length).toBe(expected.length);
          got.forEach((v, i) => {
            if (Number.isFinite(expected[i]!)) expect(Number.isNaN(v)).toBe(false);
          });
        }),
        { numRuns: RUNS, seed: 20 },
      );
    });
  }
});

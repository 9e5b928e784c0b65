/**
 * The conformance suite, run over every model kind (see cases.ts, typed so a kind without a case
 * does not compile): JSON round trip bit for bit with the same predictions, purity on frozen
 * inputs, same seed → same model, output shape, wrong width → DimensionError, bad options →
 * OptionsError.
 */
import { describe, expect, test } from 'vitest';
import { DimensionError, modelKinds, OptionsError, parseModel, serializeModel } from 'telcokit';
import { CASES } from './cases.js';

/** A JSON-comparable copy of anything (typed arrays as arrays, NaN kept by encoding). */
function snapshot(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v)) return [v.constructor.name, ...Array.from(v as unknown as ArrayLike<number>, String)];
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    return v;
  });
}

/** Freezes plain objects and arrays all the way down (typed arrays cannot be frozen: snapshot them). */
function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !ArrayBuffer.isView(x) && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

test('every kind parseModel knows has a conformance case, and no case names an unknown kind', () => {
  expect(Object.keys(CASES).sort()).toEqual(Object.keys(modelKinds()).sort());
});

for (const [kind, c] of Object.entries(CASES)) {
  describe(`conformance: ${kind}`, () => {
    const input = deepFreeze(c.input);
    test('fit gives a model of this kind; serializeModel → parseModel round-trips bit for bit and predicts the same', () => {
      const model = c.fit(7);
      expect(model.kind).toBe(kind);
      expect(model.version).toBe(modelKinds()[kind]);
      const text = serializeModel(model);
      const back = parseModel(text, kind as never);
      expect(serializeModel(back)).toBe(text);
      expect(snapshot(c.predict(back, input))).toBe(snapshot(c.predict(model, input)));
    });
    test('the model is plain data with top-level resolved options', () => {
      const model = c.fit(7);
      expect(Object.getPrototypeOf(model)).toBe(Object.prototype);
      expect(typeof model.options).toBe('object');
    });
    test('same seed → same model; fit and predict do not mutate their inputs (frozen)', () => {
      const before = snapshot(input);
      const a = c.fit(11);
      const b = c.fit(11);
      expect(serializeModel(a)).toBe(serializeModel(b));
      const modelText = serializeModel(a);
      const frozenModel = deepFreeze(parseModel(modelText, kind as never));
      c.predict(frozenModel, input);
      expect(snapshot(input)).toBe(before);
      expect(serializeModel(frozenModel)).toBe(modelText);
    });
    test('predict returns one output per input row (or the learned block of the documented size)', () => {
      const model = c.fit(3);
      expect(c.outputLength(c.predict(model, input))).toBe(c.expectedLength(model));
    });
    if (c.wrongWidth !== undefined) {
      const wrong = deepFreeze(c.wrongWidth);
      test('predict on an input with one column too few throws DimensionError', () => {
        const model = c.fit(3);
        expect(() => c.predict(model, wrong)).toThrow(DimensionError);
      });
    }
    const bad = c.badOptions;
    if (typeof bad === 'function') {
      test('fit with an invalid option throws OptionsError', () => {
        expect(bad).toThrow(OptionsError);
      });
    } else {
      test.skip(`bad options: ${bad.none}`, () => {});
    }
  });
}

import { describe, expect, test } from 'vitest';
import { ageHierarchy, anonymize, createPrivacyBudget, dateHierarchy, maskHierarchy, dpCount, fitFederatedLogistic, dpHistogram, dpMean, dpQuantile, dpSum, kAnonymity, OptionsError, pseudonymize, rotatePseudonyms } from 'telcokit';

/** The OptionsError `f` throws (fails the test when it throws nothing or something else). */
function optionsError(f: () => unknown): OptionsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OptionsError);
    return e as OptionsError;
  }
  throw new Error('expected an OptionsError');
}

describe('privacy options are declared once (defineOptions): the message names the option, the value and the range', () => {
  const key = new Uint8Array(32).fill(7);
  test('DP queries', () => {
    let e = optionsError(() => dpCount(5, { epsilon: 0 }));
    expect(e.option).toBe('epsilon');
    expect(e.message).toBe('dpCount: option epsilon must be a finite number ≥ 2^-40 (> 0), got 0');
    e = optionsError(() => dpCount(5, { epsilon: 1, delta: 1 }));
    expect(e.message).toBe('dpCount: option delta must be a number in (0, 1), got 1');
    e = optionsError(() => dpCount(5, { epsilon: 1, mechanism: 'exponential' as never }));
    expect(e.message).toBe(`dpCount: option mechanism must be 'laplace' or 'gaussian', got "exponential"`);
    e = optionsError(() => dpCount(5, { epsilon: 1, epsilom: 2 } as never));
    expect(e.message).toMatch(/^dpCount: unknown option 'epsilom'; did you mean 'epsilon'\?/);
    e = optionsError(() => dpMean([1], { epsilon: 1, lower: 0, upper: Infinity }));
    expect([e.option, e.message]).toEqual(['upper', 'dpMean: option upper must be a finite number fixed in advance (clamping bounds must not come from the data), got Infinity']);
    e = optionsError(() => dpSum([1], { epsilon: 1, lower: 2, upper: 1 }));
    expect(e.message).toBe('dpSum: lower (2) must not exceed upper (1)');
    e = optionsError(() => dpHistogram(['a'], { epsilon: 1, categories: [] }));
    expect(e.message).toBe('dpHistogram: option categories must be an array of 1 to 1,000,000 strings, fixed in advance, got an array of length 0');
    e = optionsError(() => dpCount(5, { epsilon: 1, budget: {} as never }));
    expect(e.option).toBe('budget');
    e = optionsError(() => createPrivacyBudget({ epsilon: 1, delta: 1 }));
    expect(e.message).toBe('createPrivacyBudget: option delta must be a number in [0, 1), got 1');
    e = optionsError(() => dpQuantile([1], { epsilon: 1, lower: 0, upper: 1, q: 2 }));
    expect(e.message).toBe('dpQuantile: option q must be a number in [0, 1], got 2');
    e = optionsError(() => dpQuantile([1], { epsilon: 1, lower: 0, upper: 1, q: 0.5, label: 7 as never }));
    expect(e.message).toBe('dpQuantile: option label must be a string, got 7');
  });
  test('pseudonymize and rotatePseudonyms: a string key is refused without echoing it; short keys are counted in bytes', () => {
    const secret = 'correct horse battery staple correct horse battery staple';
    let e = optionsError(() => pseudonymize(['a'], { key: secret as never, keyId: 'k' }));
    expect(e.option).toBe('key');
    expect(e.message).not.toContain('horse');
    e = optionsError(() => pseudonymize(['a'], { key: new Uint8Array(31), keyId: 'k' }));
    expect(e.message).toBe('pseudonymize: option key has 31 bytes, at least 32 are required');
    e = optionsError(() => pseudonymize(['a'], { key, keyId: 'a:b' }));
    expect(e.message).toBe('pseudonymize: option keyId must be a string matching [A-Za-z0-9_-]{1,32}, got "a:b"');
    e = optionsError(() => rotatePseudonyms(['a'], { from: { key, keyId: 'k1' }, to: { key: secret as never, keyId: 'k2' } }));
    expect(e.option).toBe('to.key');
    expect(e.message).not.toContain('horse');
    e = optionsError(() => rotatePseudonyms(['a'], { from: { key, keyId: 'k1' }, to: { key, keyId: 'k2', normalise: 'phone' } as never }));
    expect(e.message).toMatch(/^rotatePseudonyms: unknown option 'to.normalise'; did you mean 'normalize'\?/);
  });
  test('hierarchy builders', () => {
    let e = optionsError(() => maskHierarchy({ length: 65, steps: [1] }));
    expect(e.message).toBe('maskHierarchy: option length must be an integer in [1, 64], got 65');
    e = optionsError(() => dateHierarchy({ levels: ['month', 'week' as never] }));
    expect(e.message).toBe("dateHierarchy: unknown level 'week' (month, quarter, year)");
    e = optionsError(() => ageHierarchy({ widths: 5 as never }));
    expect([e.option, e.message]).toEqual(['widths', 'ageHierarchy: option widths must be an array of 1 to 30 band widths, got 5']);
  });
  test('fitFederatedLogistic', () => {
    const parties = [
      { matrix: [[0], [1]], labels: [0, 1] },
      { matrix: [[1], [0]], labels: [1, 0] },
    ];
    let e = optionsError(() => fitFederatedLogistic(parties, { maxIter: 0 }));
    expect(e.message).toBe('fitFederatedLogistic: option maxIter must be an integer in [1, 1000], got 0');
    e = optionsError(() => fitFederatedLogistic(parties, { tol: -1 }));
    expect(e.message).toBe('fitFederatedLogistic: option tol must be a finite number ≥ 0, got -1');
    e = optionsError(() => fitFederatedLogistic(parties, { maxIters: 5 } as never));
    expect(e.message).toMatch(/^fitFederatedLogistic: unknown option 'maxIters'; did you mean 'maxIter'\?/);
  });
  test("fitFederatedLogistic's dp group: dotted names, the value and the range", () => {
    const parties = [
      { matrix: [[0], [1]], labels: [0, 1] },
      { matrix: [[1], [0]], labels: [1, 0] },
    ];
    let e = optionsError(() => fitFederatedLogistic(parties, { dp: { rho: 0, featureBound: 1 } }));
    expect([e.option, e.message]).toEqual(['dp.rho', 'fitFederatedLogistic: option dp.rho must be a finite number > 0, got 0']);
    e = optionsError(() => fitFederatedLogistic(parties, { dp: { rho: 1, featureBound: 1, clipNorm: Infinity } }));
    expect([e.option, e.message]).toEqual(['dp.clipNorm', 'fitFederatedLogistic: option dp.clipNorm must be a finite number > 0, got Infinity']);
    e = optionsError(() => fitFederatedLogistic(parties, { dp: { rho: 1, featureBound: [1, -2] } }));
    expect([e.option, e.message]).toEqual(['dp.featureBound', 'fitFederatedLogistic: option dp.featureBound must be a finite number > 0, or an array of them (one per feature), got an array of length 2']);
    e = optionsError(() => fitFederatedLogistic(parties, { dp: { rho: 1, featureBound: 1, clip: 2 } as never }));
    expect([e.option, e.message]).toEqual(['dp.clip', "fitFederatedLogistic: unknown option 'dp.clip'; known options: rho, featureBound, clipNorm, learningRate"]);
    e = optionsError(() => fitFederatedLogistic(parties, { dp: 'on' as never }));
    expect([e.option, e.message]).toEqual(['dp', 'fitFederatedLogistic: option dp must be an object, got "on"']);
    e = optionsError(() => fitFederatedLogistic(parties, { dp: { rho: 1, featureBound: [1, 2] } }));
    expect([e.option, e.message]).toEqual(['dp.featureBound', 'fitFederatedLogistic: option dp.featureBound has 2 bounds for 1 features']);
  });
  test('anonymize and kAnonymity', () => {
    const rows = [{ age: 1 }, { age: 2 }];
    const age = { name: 'age', levels: 1, generalize: (v: unknown) => String(v) };
    let e = optionsError(() => anonymize(rows, { quasiIdentifiers: ['age'], hierarchies: { age }, k: 0 }));
    expect(e.message).toBe('anonymize: option k must be a positive integer, got 0');
    e = optionsError(() => anonymize(rows, { quasiIdentifiers: ['age'], hierarchies: { age }, k: 1, maxSuppression: 1 }));
    expect([e.option, e.message]).toEqual(['maxSuppression', 'anonymize: option maxSuppression must be a share of rows in [0, 1), got 1']);
    e = optionsError(() => anonymize(rows, { quasiIdentifiers: ['age'], hierarchies: { age }, k: 1, lDiversity: 'recursive' as never }));
    expect(e.option).toBe('lDiversity');
    e = optionsError(() => kAnonymity(rows, ['age'], { threshold: 0 }));
    expect(e.message).toBe('kAnonymity: option threshold must be a number in (0, 1], got 0');
    e = optionsError(() => kAnonymity(rows, ['age'], { population: {} as never }));
    expect([e.option, e.message]).toEqual(['population', 'kAnonymity: option population must be an array of rows, got an object']);
  });
});

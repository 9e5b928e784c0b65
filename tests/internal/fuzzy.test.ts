import { describe, expect, test } from 'vitest';
import * as fc from 'fast-check';
import { didYouMean, levenshtein, nearestName } from '../../src/internal/fuzzy.js';

describe('levenshtein', () => {
  test('levenshtein(a, b) matches hand-counted edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3); // k→s, e→i, +g
    expect(levenshtein('flaw', 'lawn')).toBe(2); // -f, +n
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('abc', '')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
    expect(levenshtein('maxIter', 'maxIters')).toBe(1);
  });

  test('levenshtein is a metric: symmetric, zero iff equal, triangle inequality', () => {
    const s = fc.string({ maxLength: 8 });
    fc.assert(
      fc.property(s, s, s, (a, b, c) => {
        const ab = levenshtein(a, b);
        expect(levenshtein(b, a)).toBe(ab);
        expect(ab === 0).toBe(a === b);
        expect(levenshtein(a, c)).toBeLessThanOrEqual(ab + levenshtein(b, c));
        expect(ab).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(ab).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
      { seed: 9, numRuns: 300 },
    );
  });
});

describe('nearestName', () => {
  test('nearestName(name, known) finds a typo case-insensitively', () => {
    expect(nearestName('maxiter', ['maxIter', 'tol', 'seed'])).toBe('maxIter');
    expect(nearestName('sead', ['maxIter', 'tol', 'seed'])).toBe('seed');
  });

  test('nearestName returns undefined when nothing is near enough', () => {
    // 'completelyDifferent' (19 chars) allows max(2, 7) = 7 edits; 'tol' is 17 away
    expect(nearestName('completelyDifferent', ['tol', 'seed'])).toBeUndefined();
    expect(nearestName('x', [])).toBeUndefined();
  });

  test('nearestName breaks ties by code-unit order whatever the iteration order', () => {
    expect(nearestName('ab', ['ac', 'aa'])).toBe('aa');
    expect(nearestName('ab', ['aa', 'ac'])).toBe('aa');
  });

  test('didYouMean formats the hint or gives the empty string', () => {
    expect(didYouMean('sed', ['seed'])).toBe("; did you mean 'seed'?");
    expect(didYouMean('zzzzzzzz', ['seed'])).toBe('');
  });
});

import { describe, expect, test } from 'vitest';
import { DataError, DimensionError, ModelError, OptionsError, TelcoError, ValidationError, isTelcoError } from '../../src/errors.js';

// A second copy of the library (the CJS build beside the ESM one) has its own classes; what it
// shares with this copy is the Symbol.for brand. This builds such a foreign error by hand.
function foreign(code: string, name: string): Error {
  const e = new Error('from another copy');
  e.name = name;
  Object.defineProperty(e, 'code', { value: code });
  Object.defineProperty(e, Symbol.for('telcokit.error'), { value: true });
  return e;
}

describe('error identity across copies', () => {
  test('isTelcoError and instanceof recognise a branded error from another copy', () => {
    const e = foreign('DATA', 'DataError');
    expect(isTelcoError(e)).toBe(true);
    expect(e instanceof TelcoError).toBe(true);
    expect(e instanceof DataError).toBe(true);
    expect(e instanceof ModelError).toBe(false);
  });
  test('a plain Error with a code is not a TelcoError', () => {
    const e = Object.assign(new Error('x'), { code: 'DATA', name: 'DataError' });
    expect(isTelcoError(e)).toBe(false);
    expect(e instanceof DataError).toBe(false);
  });
  test('own errors keep their subclass identity', () => {
    expect(new OptionsError('f: bad k', 'k') instanceof OptionsError).toBe(true);
    expect(new OptionsError('f: bad k', 'k') instanceof TelcoError).toBe(true);
    expect(new OptionsError('f: bad k', 'k') instanceof DataError).toBe(false);
    expect(new ValidationError('v') instanceof ValidationError).toBe(true);
    expect(new DimensionError('d') instanceof DimensionError).toBe(true);
    expect(new OptionsError('f: bad k', 'k').option).toBe('k');
    expect(isTelcoError(null)).toBe(false);
    expect(isTelcoError('DataError')).toBe(false);
  });
});

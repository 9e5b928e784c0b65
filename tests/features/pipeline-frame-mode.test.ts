import { describe, expect, test } from 'vitest';
import { DimensionError } from 'telcokit';
import { Frame } from '../../src/features/pipeline/frame.js';

describe('pipeline Frame mode', () => {
  const records = Object.freeze([Object.freeze({ id: 'a', b: 1 }), Object.freeze({ id: 'b', b: 2 })]);
  const inputs = [
    { name: 'b', type: 'numeric' as const },
    { name: 'gone', type: 'numeric' as const },
  ];

  test("an 'apply' frame rejects an input absent from every record, whatever the function name", () => {
    // before the explicit mode, a frame named 'fitPipeline' skipped this check
    for (const fn of ['applyPipeline', 'fitPipeline']) {
      const f = new Frame(fn, 'apply', records, 'id', inputs, []);
      expect(() => f.num('gone', 'step 1')).toThrow(DimensionError);
      expect(() => f.num('gone', 'step 1')).toThrow(new RegExp(`^${fn}: column 'gone' is absent from every record`));
    }
  });

  test("an 'apply' frame with allowMissingColumns reads the absent input as all missing", () => {
    const f = new Frame('applyPipeline', 'apply', records, 'id', inputs, [], true);
    expect(Array.from(f.num('gone', 'step 1'))).toEqual([NaN, NaN]);
    expect(Array.from(f.num('b', 'step 1'))).toEqual([1, 2]);
  });
});

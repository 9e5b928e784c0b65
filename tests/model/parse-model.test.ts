import { describe, expect, test } from 'vitest';
import { ModelError, parseModel, serializeModel } from 'telcokit';

describe('parseModel', () => {
  test('rejects text that is not JSON, not an object, or has no kind', () => {
    expect(() => parseModel('{')).toThrow(ModelError);
    expect(() => parseModel('[1]')).toThrow(/JSON object/);
    expect(() => parseModel('{"version":1}')).toThrow(/no string `kind`/);
  });
  test('rejects an unknown kind, naming it', () => {
    expect(() => parseModel(serializeModel({ kind: 'nope/x', version: 1 }))).toThrow(/unknown model kind 'nope\/x'/);
  });
});

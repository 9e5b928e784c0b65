/** toSql's bad-input behaviour: each failure is a TelcoError subclass whose message names the problem. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DataError, fitChurnModel, fitKMeans, fitPipeline, ModelError, OptionsError, toSql } from '../../src/index.js';
import type { SqlModel } from '../../src/index.js';
import { openDuck } from './duck.js';
import type { Duck } from './duck.js';

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck();
});
afterAll(() => duck.close());

const pipeline = fitPipeline([{ type: 'standardize' }], [{ x: 1 }, { x: 3 }]);

describe('toSql bad input', () => {
  test('a model kind with no emitter is a ModelError naming the kind', () => {
    const calibrator = { kind: 'metrics/calibrator', version: 1 } as unknown as SqlModel;
    expect(() => toSql(calibrator, { dialect: 'duckdb', input: 't' })).toThrow(ModelError);
    expect(() => toSql(calibrator, { dialect: 'duckdb', input: 't' })).toThrow(/kind 'metrics\/calibrator' has no SQL emitter/);
    expect(() => toSql(null as unknown as SqlModel, { dialect: 'duckdb', input: 't' })).toThrow(ModelError);
  });
  test('a custom step is a ModelError naming the step and the dialect', () => {
    const customSteps = { double: (c: Readonly<Record<string, Float64Array>>) => ({ x2: c.x!.map((v) => 2 * v) }) };
    const m = fitPipeline([{ type: 'custom', name: 'twice', columns: ['x'], outputs: ['x2'], fn: 'double' }], [{ x: 1 }], { customSteps });
    for (const dialect of ['duckdb', 'clickhouse', 'spark', 'trino'] as const) {
      expect(() => toSql(m, { dialect, input: 't' })).toThrow(ModelError);
      expect(() => toSql(m, { dialect, input: 't' })).toThrow(new RegExp(`step 1 \\(custom\\) 'twice' runs the JavaScript function registered as 'double', .* dialect '${dialect}'`));
    }
  });
  test('unknown dialect or option, and a missing quantile threshold, are OptionsErrors naming the option', () => {
    const grab = (f: () => unknown): OptionsError => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(OptionsError);
        return e as OptionsError;
      }
      throw new Error('did not throw');
    };
    expect(grab(() => toSql(pipeline, { dialect: 'mysql' as never, input: 't' })).option).toBe('dialect');
    expect(grab(() => toSql(pipeline, { dialect: 'duckdb', input: 't', limit: 3 } as never)).option).toBe('limit');
    expect(grab(() => toSql(pipeline, { dialect: 'duckdb', input: '__telcokit_0' })).option).toBe('input');
    const cat = { tags: [{ id: 'top', label: 'Top', level: 1, rule: { field: 'x', op: '>=' as const, quantile: 0.9 } }] };
    const e = grab(() => toSql(cat, { dialect: 'duckdb', input: 't' }));
    expect(e.option).toBe('thresholds');
    expect(e.message).toMatch(/top#rule/);
    expect(grab(() => toSql(pipeline, { dialect: 'duckdb', input: 't', audiences: { a: 'x' } })).option).toBe('audiences');
  });
  test('a model reading a column the pipeline consumed is a DataError saying how to provide it', () => {
    const p = fitPipeline([{ type: 'oneHot', columns: ['region'] }], [{ region: 'GD' }, { region: 'BJ' }]);
    const cat = { tags: [{ id: 'gd', label: 'GD', level: 1, rule: { field: 'region', op: '==' as const, value: 'GD' } }] };
    expect(() => toSql([p, cat], { dialect: 'duckdb', input: 't' })).toThrow(DataError);
    expect(() => toSql([p, cat], { dialect: 'duckdb', input: 't' })).toThrow(/tag 'gd' reads column 'region'.*`keep`/);
    expect(() => toSql([p, cat], { dialect: 'duckdb', input: 't', keep: ['region'] })).toThrow(OptionsError);
    const km = fitKMeans([[0], [1], [5], [6]], { k: 2, seed: 1 });
    expect(() => toSql([km, pipeline], { dialect: 'duckdb', input: 't' })).toThrow(/pipeline must come first/);
  });
  test('NULL where a model expects numbers gives NULL probability and segment, never a silent 0', async () => {
    const churn = fitChurnModel([[0, 1], [1, 0], [2, 2], [3, 1]], [0, 0, 1, 1], { kind: 'logistic' });
    const km = fitKMeans([[0, 0], [0, 1], [9, 9], [9, 8]], { k: 2, seed: 1 });
    const named = { ...churn, featureNames: ['a', 'b'] };
    const kmNamed = { ...km, featureNames: ['a', 'b'] };
    await duck.table('t', [{ id: 'p', a: 1, b: 2 }, { id: 'q', a: null, b: 2 }, { id: 'r', a: Number.NaN, b: 1 }]);
    const rows = await duck.rows(`${toSql([named, kmNamed], { dialect: 'duckdb', input: 't', keep: ['id'] })} ORDER BY id`);
    expect(rows.map((r) => r.churnProbability === null)).toEqual([false, true, true]);
    expect(rows.map((r) => r.segment)).toEqual([0, null, null].map((v, i) => (i === 0 ? rows[0]!.segment : v)));
    expect(typeof rows[0]!.segment).toBe('number');
  });
  test('a missing input column or a text column where numbers are expected fails in the engine', async () => {
    await duck.table('u', [{ id: 'p', y: 1 }, { id: 'q', x: 'abc' }]);
    await expect(duck.rows(toSql(pipeline, { dialect: 'duckdb', input: 'u', columns: { x: 'nope' } }))).rejects.toThrow(/nope/);
    await expect(duck.rows(toSql(pipeline, { dialect: 'duckdb', input: 'u' }))).rejects.toThrow(/abc|DOUBLE/);
  });
});

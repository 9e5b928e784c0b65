/**
 * subscriberFeaturesSql in DuckDB against subscriberFeatures on a synthetic operator's usage:
 * every column within 1e-9 relative (SQL sums in its own order; measured max printed), same rows,
 * NULL exactly where the in-process value is NaN; and golden-shape checks for the other dialects.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateOperator, OptionsError, SQL_DIALECTS, subscriberFeatures, subscriberFeaturesSql } from '../../src/index.js';
import { openDuck } from './duck.js';
import type { Duck } from './duck.js';

let duck: Duck;
let usage: ReturnType<typeof generateOperator>['usage'];
beforeAll(async () => {
  duck = await openDuck();
  usage = generateOperator({ subscribers: 1500, months: 8, seed: 5, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 0 }).usage;
  // some gaps and a late record, so missing months and optional fields are exercised
  usage = usage.map((u, i) => (i % 97 === 0 ? { ...u, dataMB: undefined as never, billedAmount: undefined as never } : i % 89 === 0 ? { ...u, awayWeekdayCalls: undefined } : u));
  await duck.table('usage', usage as never);
}, 120_000);
afterAll(() => duck.close());

async function compare(asOf: string | undefined, windowMonths: number) {
  const want = subscriberFeatures(usage, { asOf, windowMonths });
  const rows = await duck.rows(`${subscriberFeaturesSql({ dialect: 'duckdb', input: 'usage', asOf, windowMonths })} ORDER BY "subscriberId"`);
  expect(rows.map((r) => r.subscriberId)).toEqual(want.rowIds);
  let worst = 0;
  let nulls = 0;
  rows.forEach((r, i) => {
    want.columns.forEach((c, j) => {
      const w = want.values[i * want.nCols + j]!;
      const g = r[c] as number | null;
      if (Number.isNaN(w)) {
        expect(g, `${c} row ${i}`).toBeNull();
        nulls++;
      } else {
        expect(g, `${c} row ${i}`).not.toBeNull();
        worst = Math.max(worst, Math.abs(g! - w) / Math.max(1, Math.abs(w)));
      }
    });
  });
  console.log(`subscriberFeaturesSql(asOf ${asOf ?? 'latest'}, window ${windowMonths}): max relative difference ${worst.toExponential(2)} over ${rows.length} × ${want.nCols}; ${nulls} NULLs`);
  expect(worst).toBeLessThanOrEqual(1e-9);
  expect(Object.keys(rows[0]!)).toEqual(['subscriberId', ...want.columns]);
}

describe('subscriberFeaturesSql in DuckDB equals subscriberFeatures', () => {
  test('latest month, 3-month window', () => compare(undefined, 3), 60_000);
  test('an earlier asOf (later records ignored), 6-month window', () => compare('2024-05', 6), 60_000);
  test('every dialect writes it; bad options are OptionsErrors', () => {
    for (const dialect of SQL_DIALECTS) expect(subscriberFeaturesSql({ dialect, input: ['db', 'usage'], asOf: '2024-06' })).toMatch(/GROUP BY/);
    expect(() => subscriberFeaturesSql({ dialect: 'duckdb', input: 'u', asOf: '2024-6' })).toThrow(OptionsError);
    expect(() => subscriberFeaturesSql({ dialect: 'duckdb', input: 'u', windowMonths: 0 })).toThrow(OptionsError);
  });
});
